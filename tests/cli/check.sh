#!/bin/sh
# shellcheck disable=SC2086
# crier check: quiet success on the bundled example, the command line's
# exit statuses, writing nothing, every planted mistake reported in one run
# at its exact position, and records held back until --now or
# SOURCE_DATE_EPOCH reaches their Published time.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
# CRIER may be a command with arguments (make leakcheck puts valgrind
# in front), so it is expanded unquoted on purpose (SC2086).
CRIER=${CRIER:-$root/build/crier}
example=feeds/xen-fosdem-2017
# The announcement's Published, 2017-01-27 10:00 in Brussels.
live_s=1485507600
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crier-check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# Only --now and SOURCE_DATE_EPOCH given below may set the time.
unset SOURCE_DATE_EPOCH

fail() {
	echo "FAIL check: $*" >&2
	if [ -s "$tmp/stderr" ]; then
		sed 's/^/  stderr: /' "$tmp/stderr" >&2
	fi
	exit 1
}

# run CMD...: runs it, keeping stdout, stderr and the exit status.
run() {
	"$@" >"$tmp/stdout" 2>"$tmp/stderr"
	status=$?
}

expect_status() {
	[ "$status" = "$1" ] || fail "$2: exit status $status, expected $1"
}

expect_quiet() {
	[ ! -s "$tmp/stderr" ] || fail "$1: unexpected output on stderr"
}

# expect_not_yet WHAT: before the first record goes live, the one line on
# stderr is the warning that says when.
expect_not_yet() {
	[ "$(cat "$tmp/stderr")" = "$example/feed.conf: warning: nothing is published yet: every record is held back; the first goes live at 2017-01-27T09:00:00Z" ] ||
		fail "$1: not the one 'nothing is published yet' warning"
}

# expect_stdout WHAT: stdout is exactly what is on this function's stdin.
expect_stdout() {
	cat >"$tmp/expected"
	diff -u "$tmp/expected" "$tmp/stdout" >&2 ||
		fail "$1: stdout differs (- expected, + printed)"
}

# The example is clean: exit 0, nothing on stderr, nothing held today.
run $CRIER check $example
expect_status 0 "check $example"
expect_quiet "check $example"
expect_stdout "check $example" </dev/null
run $CRIER check $example/
expect_status 0 "check $example/"
expect_quiet "check $example/"

# --version, --help and every command's --help succeed and say something.
run $CRIER --version
expect_status 0 "--version"
grep -q '^crier [0-9][0-9.]*' "$tmp/stdout" || fail "--version: no version"
for opt in --help -h; do
	run $CRIER $opt
	expect_status 0 "$opt"
	grep -q '^usage: crier' "$tmp/stdout" || fail "$opt: no usage"
done
for opt in --help -h; do
	run $CRIER check $opt
	expect_status 0 "check $opt"
	grep -q '^usage: crier check' "$tmp/stdout" || fail "check $opt: no usage"
done

# A bad command line is exit status 2, with a message on stderr.
run $CRIER frobnicate $example
expect_status 2 "unknown command"
grep -q "unknown command 'frobnicate'" "$tmp/stderr" ||
	fail "unknown command: no message naming it"
run $CRIER
expect_status 2 "no command"
run $CRIER check
expect_status 2 "check without SOURCE"
[ -s "$tmp/stderr" ] || fail "check without SOURCE: no message"
run $CRIER check --bogus $example
expect_status 2 "check --bogus"
run $CRIER check --now yesterday $example
expect_status 2 "check --now yesterday"
run env SOURCE_DATE_EPOCH=soon $CRIER check $example
expect_status 2 "SOURCE_DATE_EPOCH=soon"

# check writes nothing: not in the source, not in the current directory,
# whether the records are clean, held back or broken.
mkdir "$tmp/work" "$tmp/work/cwd"
cp -R $example "$tmp/work/src"
cp -R $example "$tmp/work/broken"
printf 'Type: talk\nTitle: Broken\nStarts: soon\n' >"$tmp/work/broken/broken.md"
snapshot() {
	(cd "$tmp/work" && find . -exec ls -ldn {} + | LC_ALL=C sort &&
		find . -type f -exec cksum {} + | LC_ALL=C sort)
}
snapshot >"$tmp/before"
cd "$tmp/work/cwd" || exit 1
run $CRIER check ../src
expect_status 0 "check of a copy"
run $CRIER check --now 2017-01-01T00:00:00Z ../src
expect_status 0 "check of a copy, held"
[ -s "$tmp/stdout" ] || fail "check of a copy, held: nothing listed"
run $CRIER check ../broken ../src
expect_status 1 "check of a broken copy"
cd "$root" || exit 1
snapshot >"$tmp/after"
diff -u "$tmp/before" "$tmp/after" >&2 || fail "check changed files"

# Mistakes planted in a copy of the example are all reported, in one run,
# at their exact positions, sorted by file, line and column.
mkdir "$tmp/planted"
cp -R $example "$tmp/planted/"
p=$tmp/planted/xen-fosdem-2017
bel=$(printf '\007')
sed 's/^Language: en$/Language: english/' $example/feed.conf >"$p/feed.conf"
sed 's/^Published: 2017-01-27 10:00$/Published: 2017-01-27 25:00/' \
	$example/fosdem-2017.md >"$p/fosdem-2017.md"
sed "s/Dom0 for Xen/Dom0$bel for Xen/" \
	$example/talks/hvm-like-dom0.md >"$p/talks/hvm-like-dom0.md"
sed 's/^Ends: 2017-02-04 11:55$/Ends: 2017-02-04 11:25/' \
	$example/talks/live-patching.md >"$p/talks/live-patching.md"
sed 's/^Announcement: fosdem-2017$/Announcement: fosdem-2071/' \
	$example/talks/mixed-license.md >"$p/talks/mixed-license.md"
sed '2a\
Speakr: Ann Example
' $example/talks/unikernel-clouds.md >"$p/talks/unikernel-clouds.md"
cd "$tmp/planted" || exit 1
run $CRIER check --now 2017-02-01T00:00:00Z xen-fosdem-2017
cd "$root" || exit 1
expect_status 1 "check with planted errors"
[ ! -s "$tmp/stdout" ] || fail "check with planted errors: output on stdout"
cat >"$tmp/expected" <<'END'
xen-fosdem-2017/feed.conf:10:11: error: 'english' is not a language tag like en or en-GB
xen-fosdem-2017/fosdem-2017.md:5:23: error: '2017-01-27 25:00' is not a valid date and time
xen-fosdem-2017/talks/hvm-like-dom0.md:2:31: error: control character U+0007 is not allowed
xen-fosdem-2017/talks/live-patching.md:5:7: error: ends (2017-02-04T11:25:00+01:00) no later than it starts (2017-02-04T11:30:00+01:00)
xen-fosdem-2017/talks/mixed-license.md:3:15: error: no announcement has the id 'fosdem-2071'; did you mean 'fosdem-2017'?
xen-fosdem-2017/talks/unikernel-clouds.md:3:1: error: unknown field 'Speakr'; did you mean 'Speaker'?
END
diff -u "$tmp/expected" "$tmp/stderr" >&2 ||
	fail "planted errors: diagnostics differ (- expected, + printed)"

# Before the announcement's Published time every record is scheduled and
# listed on stdout; from that second on, none is.
cat >"$tmp/scheduled" <<END
$example/fosdem-2017.md: scheduled, goes live at 2017-01-27T09:00:00Z
$example/talks/hvm-like-dom0.md: scheduled, goes live at 2017-01-27T09:00:00Z
$example/talks/live-patching.md: scheduled, goes live at 2017-01-27T09:00:00Z
$example/talks/mixed-license.md: scheduled, goes live at 2017-01-27T09:00:00Z
$example/talks/unikernel-clouds.md: scheduled, goes live at 2017-01-27T09:00:00Z
END
for now in 2017-01-27T09:59:59+01:00 2017-01-27T08:59:59Z @$((live_s - 1)); do
	run $CRIER check --now $now $example
	expect_status 0 "check --now $now"
	expect_not_yet "check --now $now"
	expect_stdout "check --now $now" <"$tmp/scheduled"
done
run $CRIER check --now 2017-01-27T10:00:00+01:00 $example
expect_status 0 "check --now at Published"
expect_stdout "check --now at Published" </dev/null

# SOURCE_DATE_EPOCH works the same, and --now wins over it.
run env SOURCE_DATE_EPOCH=$((live_s - 1)) $CRIER check $example
expect_status 0 "SOURCE_DATE_EPOCH before Published"
expect_not_yet "SOURCE_DATE_EPOCH before Published"
expect_stdout "SOURCE_DATE_EPOCH before Published" <"$tmp/scheduled"
run env SOURCE_DATE_EPOCH=$live_s $CRIER check $example
expect_status 0 "SOURCE_DATE_EPOCH at Published"
expect_stdout "SOURCE_DATE_EPOCH at Published" </dev/null
run env SOURCE_DATE_EPOCH=$live_s $CRIER check --now @$((live_s - 1)) $example
expect_status 0 "--now with SOURCE_DATE_EPOCH"
expect_stdout "--now with SOURCE_DATE_EPOCH" <"$tmp/scheduled"

# A source that is not a directory is an error naming it; a source with a
# feed.conf and no records only earns a warning.
run $CRIER check $example/feed.conf
expect_status 1 "check of a file"
grep -q "^$example/feed.conf: error: not a feed source directory" \
	"$tmp/stderr" || fail "check of a file: no message naming it"
mkdir "$tmp/empty"
cp $example/feed.conf "$tmp/empty/"
run $CRIER check "$tmp/empty"
expect_status 0 "check of a source without records"
grep -q "^$tmp/empty: warning: no \*.md records" "$tmp/stderr" ||
	fail "check of a source without records: no warning"

echo "ok check"
