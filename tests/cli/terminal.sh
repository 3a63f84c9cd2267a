#!/bin/sh
# shellcheck disable=SC2086
# A terminal that helps: diagnostics in colour on a terminal only (a
# pseudo-terminal from script(1)), never in a pipe or with NO_COLOR;
# a progress line on a terminal only, never in a pipe or a file (as under
# cron); crier help; "did you mean" for commands and options; a file://
# hint for --to PATH.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
# CRIER may be a command with arguments (valgrind in front): unquoted.
CRIER=${CRIER:-$root/build/crier}
. tests/cli/lib.sh
command -v script >/dev/null || skip "script(1) is missing (util-linux)"
esc=$(printf '\033')

# A source with one error and one warning.
mkdir "$tmp/bad"
printf 'Title: x\n' >"$tmp/bad/feed.conf"

# tty CMD: runs CMD under a pseudo-terminal, its output in $tmp/tty.
tty() {
	script -qec "$1" /dev/null >"$tmp/tty" 2>&1 </dev/null
}

unset NO_COLOR
export TERM=xterm
tty "$CRIER check $tmp/bad"
grep -q "${esc}\[1;31merror:" "$tmp/tty" || fail "no red error: on a terminal"
grep -q "${esc}\[1;35mwarning:" "$tmp/tty" ||
	fail "no magenta warning: on a terminal"
grep -q "${esc}\[1m$tmp/bad/feed.conf:1:1:" "$tmp/tty" ||
	fail "no bold location on a terminal"

# Colour or not, a file name's control characters are shown escaped: a
# record's name must not drive the terminal.
mkdir "$tmp/evil"
printf 'Title: x\n' >"$tmp/evil/feed.conf"
printf 'Title: t\n\nbody\n' >"$tmp/evil/$(printf 'a\033]0;owned\007b').md"
tty "$CRIER check $tmp/evil"
grep -q "${esc}]0;owned" "$tmp/tty" && fail "a file name drove the terminal"
grep -q 'a\\x1B\]0;owned\\x07b.md' "$tmp/tty" ||
	fail "the file name is not shown escaped on a terminal"

# NO_COLOR set (to anything but empty) and TERM=dumb turn it off.
NO_COLOR=1 tty "$CRIER check $tmp/bad"
grep -q "$esc" "$tmp/tty" && fail "colour despite NO_COLOR=1"
grep -q "feed.conf:1:1: error: required field 'Id'" "$tmp/tty" ||
	fail "NO_COLOR: the plain diagnostic is missing"
NO_COLOR= tty "$CRIER check $tmp/bad"
grep -q "$esc" "$tmp/tty" || fail "an empty NO_COLOR turned colour off"
TERM=dumb tty "$CRIER check $tmp/bad"
grep -q "$esc" "$tmp/tty" && fail "colour with TERM=dumb"

# In a pipe or a file: never.
$CRIER check "$tmp/bad" 2>&1 | cat >"$tmp/piped"
grep -q "$esc" "$tmp/piped" && fail "colour in a pipe"
grep -q "feed.conf:1:1: error: required field 'Id'" "$tmp/piped" ||
	fail "pipe: the diagnostic is missing"

# Progress: 3000 records, and CRIER_PROGRESS_MS=0 so that the line shows
# at once rather than after a second.
big="$tmp/big"
mkdir "$big"
printf 'Title: Big\nId: tag:example.org,2026:big\nLink: https://example.org/\nBase: https://example.org/big/\nAuthor: A\nTimezone: UTC\n' \
	>"$big/feed.conf"
i=0
while [ $i -lt 3000 ]; do
	printf 'Title: Record %d\nPublished: 2026-01-01T00:00:00Z\n\nText %d.\n' \
		$i $i >"$big/r$i.md"
	i=$((i + 1))
done
export CRIER_PROGRESS_MS=0
tty "$CRIER build --now 2026-12-01T00:00:00Z -o $tmp/o1 $big"
grep -q 'crier: \(reading records\|writing entries\): [0-9]* of 3000' \
	"$tmp/tty" || fail "no progress line on a terminal: $(cat -v "$tmp/tty")"
# The line is erased at the end: nothing visible stays after it.
[ "$(tail -c 4 "$tmp/tty" | od -An -c | tr -d ' ')" = '\r033[K' ] ||
	fail "the progress line is not erased: $(tail -c 40 "$tmp/tty" | cat -v)"
$CRIER build --now 2026-12-01T00:00:00Z -o "$tmp/o2" "$big" 2>&1 | cat >"$tmp/piped"
[ -s "$tmp/piped" ] && fail "build printed in a pipe: $(cat -v "$tmp/piped")"
$CRIER build --now 2026-12-01T00:00:00Z -o "$tmp/o3" "$big" 2>"$tmp/file" </dev/null
[ -s "$tmp/file" ] && fail "build printed to a file: $(cat -v "$tmp/file")"
unset CRIER_PROGRESS_MS

# crier help, and crier help COMMAND: the --help texts.
run $CRIER help
expect_status 0
grep -q '^  help \[COMMAND\]' "$tmp/stdout" || fail "help lacks itself"
$CRIER --help >"$tmp/expected"
cmp -s "$tmp/stdout" "$tmp/expected" || fail "help differs from --help"
run $CRIER help build
expect_status 0
$CRIER build --help >"$tmp/expected"
cmp -s "$tmp/stdout" "$tmp/expected" || fail "help build differs"
run $CRIER help bulid
expect_status 2
expect_stderr "crier help: unknown command 'bulid'; did you mean 'build'?"

# Did you mean: commands and options; nothing when nothing is close.
run $CRIER biuld feeds/xen-fosdem-2017
expect_status 2
expect_stderr "crier: unknown command 'biuld'; did you mean 'build'?"
run $CRIER frobnicate
expect_status 2
expect_stderr "crier: unknown command 'frobnicate'"
grep -q 'did you mean' "$tmp/stderr" && fail "a hint for frobnicate"
run $CRIER build --ouput "$tmp/out" feeds/xen-fosdem-2017
expect_status 2
expect_stderr "crier build: unknown option '--ouput'; did you mean '--output'?"
run $CRIER publish --dryrun=1 feeds/xen-fosdem-2017
expect_status 2
expect_stderr "crier publish: unknown option '--dryrun=1'; did you mean '--dry-run'?"
[ -e "$tmp/out" ] && fail "a refused command line wrote something"

# --to PATH: the file URL it meant.
run $CRIER publish --to /srv/www feeds/xen-fosdem-2017
expect_status 2
expect_stderr "crier publish: --to: '/srv/www' is a path, not a URL; did you mean 'file:///srv/www'?"
run $CRIER publish --to www feeds/xen-fosdem-2017
expect_status 2
expect_stderr "--to: 'www' is not a URL; for a directory, write an absolute file URL such as file:///srv/www"
pass
