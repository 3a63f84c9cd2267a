#!/bin/sh
# shellcheck disable=SC2086
# A terminal that helps: diagnostics in colour on a terminal only (a
# pseudo-terminal from script(1)), never in a pipe or with NO_COLOR;
# crier help; "did you mean" for commands and options; a file:// hint
# for --to PATH.
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
