#!/bin/sh
# shellcheck disable=SC2086
# Hostile file names and arguments: what crier prints escapes control
# characters (\n, \t, \xNN), C1 and bidirectional controls (\uNNNN) and
# bytes that are not UTF-8 (\xNN), so that no name can forge a line of
# its own or drive the terminal (crier(1), DIAGNOSTICS).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
src=$tmp/src
feed_source "$src" Names
n=0
bad_record() {
	n=$((n + 1))
	printf 'Title: Bad\nId: bad-%s\nPublished: 2017-01-27 10:00\nColour: red\n\nBody.\n' $n >"$src/$1"
}

# Finding: a newline in a file name forged whole "FILE: error:" lines.
bad_record "$(printf 'x.md: error: forged\ny.md')"
# ESC and BEL reached the terminal and the cron mail.
bad_record "$(printf 'bell\a\033[31mred')".md
# Neither invalid UTF-8 nor a bidirectional override gets through raw.
bad_record "$(printf 'latin\377')".md
bad_record "$(printf 'rtl\342\200\256dm')".md
run $CRIER check --now $now "$src"
expect_status 1
expect_stderr 'x.md: error: forged\ny.md:4:1: error: unknown field'
expect_stderr 'bell\x07\x1B[31mred.md:4:1: error: unknown field'
expect_stderr 'latin\xFF.md:4:1: error: unknown field'
expect_stderr 'rtl\u202Edm.md:4:1: error: unknown field'
! grep -q '^x.md: error: forged' "$tmp/stderr" || fail "a line was forged"
! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177\377]')" "$tmp/stderr" ||
	fail "a control character or a byte not UTF-8 was printed raw"
[ "$(wc -l <"$tmp/stderr")" = 4 ] || fail "expected 4 lines of errors"

# Arguments echoed in usage errors are escaped the same way.
run $CRIER check --now "$(printf '\033]0;title\a')" "$src"
expect_status 2
expect_stderr "--now: '\\x1B]0;title\\x07' is not a time"

pass
