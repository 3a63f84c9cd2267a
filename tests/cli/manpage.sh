#!/bin/sh
# The documentation says what crier does: crier(1) DIAGNOSTICS lists every
# message of the table in src/base/diag.c (and no other), with the right
# severity; crier-records(5) lists every field; --help names what build
# writes; options go anywhere among the operands, as crier(1) says; -v
# counts the files written and those left alone, feed.xsl included.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

run $PYTHON tests/tools/check_manpages.py .
[ "$status" = 0 ] || {
	sed 's/^/  /' "$tmp/stdout" >&2
	fail "the man pages and the code disagree (above: what to fix where)"
}

# The check itself notices a message that is not documented.
mkdir -p "$tmp/root/src/base" "$tmp/root/src/record" "$tmp/root/man"
cp man/crier.1 man/crier-records.5 "$tmp/root/man/"
cp src/record/fields.c "$tmp/root/src/record/"
sed 's/"unknown status /"unknown state /' src/base/diag.c >"$tmp/root/src/base/diag.c"
run $PYTHON tests/tools/check_manpages.py "$tmp/root"
expect_status 1
grep -q "MSG_BAD_STATUS \"unknown state '%s'.*\" is missing from man/crier.1" \
	"$tmp/stdout" || fail "an undocumented message went unnoticed"
grep -q "documents \"unknown status 'VALUE'" "$tmp/stdout" ||
	fail "a documented message that no longer exists went unnoticed"

# build --help names the outputs, not just feed.atom.
run $CRIER build --help
expect_status 0
grep -q 'feed.rss' "$tmp/stdout" || fail "build --help names only feed.atom"

# Options after the operand, also with POSIXLY_CORRECT; -- ends them.
src=feeds/xen-fosdem-2017
run env POSIXLY_CORRECT=1 $CRIER build "$src" --now 2017-02-05T00:00:00Z \
	-o "$tmp/after"
expect_status 0
[ -f "$tmp/after/xen-fosdem-2017/feed.atom" ] ||
	fail "-o after the SOURCE was not obeyed"
run $CRIER check -- -o
expect_status 1
expect_stderr "-o: error: not a feed source directory"

# -v: what was written, then that nothing changed; feed.xsl counts.
cp -R "$src" "$tmp/src"
echo "Stylesheet: yes" >>"$tmp/src/feed.conf"
run $CRIER build -v --now 2017-02-05T00:00:00Z -o "$tmp/v" "$tmp/src"
expect_status 0
n=$(ls "$tmp/v/src" | wc -l)
[ "$n" = 10 ] || fail "expected 10 output files, found $n"
grep -Eq "^$tmp/src: 5 entries, 10 written, 0 unchanged, [0-9.]+ s" \
	"$tmp/stderr" || fail "-v, first build: $(cat "$tmp/stderr")"
run $CRIER build -v --now 2017-02-05T00:00:00Z -o "$tmp/v" "$tmp/src"
expect_status 0
grep -Eq "^$tmp/src: 5 entries, 0 written, 10 unchanged \(nothing changed since the last build\), [0-9.]+ s" \
	"$tmp/stderr" || fail "-v, nothing changed: $(cat "$tmp/stderr")"

pass
