#!/bin/sh
# import-schedule refuses what it would get wrong without a word: a
# schedule in a dialect it cannot read, filters that match nothing (with
# the value meant), a target that is not a feed source.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

S=tests/schedules
X=$S/pretalx-sample.xml
FOSDEM=$S/fosdem-2018-pentabarf.xml
now=2019-09-01T00:00:00Z

mkdir -p "$tmp/src"
cat >"$tmp/src/feed.conf" <<'CONF'
Title: Imported talks
Id: tag:example.org,2024:imported
Link: https://example.org/
Base: https://example.org/feeds/imported/
Author: Example Project
CONF
before=$(cd "$tmp/src" && find . | sort)
unchanged() {
	[ "$(cd "$tmp/src" && find . | sort)" = "$before" ] ||
		fail "a refused import wrote something"
}

# Another dialect's <schedule>: refused, saying what was expected.
run $CRIER import-schedule --now $now -s "$tmp/src" $S/not-pentabarf.xml
expect_status 1
expect_stderr "$S/not-pentabarf.xml:2: error: not a Pentabarf, frab or pretalx schedule: <schedule> holds no <conference>"
unchanged
sed 's|<schedule>|<schedule><conference><title>X</title></conference>|' \
	$S/not-pentabarf.xml >"$tmp/entries.xml"
run $CRIER import-schedule --now $now -s "$tmp/src" "$tmp/entries.xml"
expect_status 1
expect_stderr "$tmp/entries.xml:4: error: not a Pentabarf, frab or pretalx schedule: <day> holds <entry>, where <room> or <event> was expected"
unchanged
printf '<?xml version="1.0"?>\n<feed/>\n' >"$tmp/feed.xml"
run $CRIER import-schedule --now $now -s "$tmp/src" "$tmp/feed.xml"
expect_status 1
expect_stderr "$tmp/feed.xml:2: error: not a schedule: the root element is <feed>, not the <schedule> of Pentabarf, frab or pretalx"

# A filter that matches nothing is an error naming the closest value.
run $CRIER import-schedule --now $now --room 'great auditoriun' \
	-s "$tmp/src" $X
expect_status 1
expect_stderr "--room: error: 'great auditoriun' matches no event of the schedule; did you mean 'Great Auditorium'?"
unchanged
run $CRIER import-schedule --now 2018-01-01T00:00:00Z \
	--timezone Europe/Brussels --track 'Debugging tool' -s "$tmp/src" \
	$FOSDEM
expect_status 1
expect_stderr "--track: error: 'Debugging tool' matches no event of the schedule; did you mean 'Debugging tools'?"
run $CRIER import-schedule --now 2018-01-01T00:00:00Z \
	--timezone Europe/Brussels --track Rustt -s "$tmp/src" $FOSDEM
expect_status 1
expect_stderr "--track: error: 'Rustt' matches no event of the schedule"
run $CRIER import-schedule --now $now --speaker Nobody-At-All \
	--match 'zzz+' -s "$tmp/src" $X
expect_status 1
expect_stderr "--speaker: error: 'Nobody-At-All' matches no event"
expect_stderr "--match: error: 'zzz+' matches no event"
unchanged
# Each filter matches something, but no event matches both.
run $CRIER import-schedule --now $now --room 'Another Room' \
	--match 'opening' -s "$tmp/src" $X
expect_status 1
expect_stderr "$X: error: no event matches all the filters given"
unchanged
# A matching filter imports as before.
run $CRIER import-schedule --now $now --room 'great auditorium' \
	-s "$tmp/src" $X
expect_status 0
expect_no_stderr

# A zone name with a typo: the one meant is named.
run $CRIER import-schedule --now $now --timezone Europe/Brusels \
	-s "$tmp/src" $X
expect_status 2
expect_stderr "crier import-schedule: --timezone: 'Europe/Brusels' is not a time zone; did you mean 'Europe/Brussels'"

# Importing into a directory that is not a feed source.
mkdir "$tmp/bare"
run $CRIER import-schedule --now $now -s "$tmp/bare" $X
expect_status 1
expect_stderr "$tmp/bare/feed.conf: error: missing: every feed source needs a feed.conf"
[ ! -e "$tmp/bare/schedule" ] || fail "records were imported into a non-source"
run $CRIER import-schedule --now $now -s "$tmp/nowhere" $X
expect_status 1
expect_stderr "$tmp/nowhere: error: not a feed source directory"
[ ! -e "$tmp/nowhere" ] || fail "import created a source directory"

pass
