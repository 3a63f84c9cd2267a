#!/bin/sh
# crier import-schedule reads schedule.json (c3voc, frab, pretalx), known
# by its content: every event at the instants the JSON gives (checked
# against the JSON by a Python reading of its own, in the records and in
# talks.ics), with the traps of real exports (an "end" without a
# duration, no persons, a start past the day change without a date, a
# date without a time, a duration of 6944:11:40); importing again
# changes no byte; JSON that is not a schedule, or not JSON, is refused
# at its position and nothing is written.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

S=tests/schedules
MINI=$S/minicon.json

new_source() {
	mkdir -p "$1"
	cat >"$1/feed.conf" <<EOF2
Title: Imported talks
Id: tag:example.org,2024:imported
Link: https://example.org/
Base: https://example.org/feeds/imported/
Author: Example Project
EOF2
}

listing() {
	(cd "$1" && find . -type f -exec cksum {} + | sort)
}

new_source "$tmp/mini"
run $CRIER import-schedule --now 2024-10-01T00:00:00Z -s "$tmp/mini" $MINI
expect_status 0
expect_stderr "$MINI:92: warning: event 105 skipped: its duration 6944:11:40 is not hours:minutes"
[ "$(grep -c '^new ' "$tmp/stdout")" = 5 ] || fail "not 5 new records"
run $CRIER check --now 2024-10-20T00:00:00Z "$tmp/mini"
expect_status 0
expect_no_stderr
run $CRIER build --now 2024-10-20T00:00:00Z -o "$tmp/out" "$tmp/mini"
expect_status 0
$PYTHON tests/tools/check_schedule_json.py $MINI "$tmp/mini" \
	"$tmp/out/mini/talks.ics" --skipped 105 || fail "talks at the wrong times"
r=$tmp/mini/schedule
grep -qx 'Speaker: Grace Hopper' $r/minicon2024-101-opening.md ||
	fail "pretalx's person name was lost"
grep -q 'Who we are, and \*why\* we meet' $r/minicon2024-101-opening.md ||
	fail "the abstract was lost"
grep -q "$(printf '\007')" $r/minicon2024-101-opening.md &&
	fail "a control character reached a record"
grep -qx 'Ends: 2024-10-26T12:30:00+02:00' $r/minicon2024-102-no-duration.md ||
	fail "an event with an end and no duration"
grep -qx 'Starts: 2024-10-27T01:30:00+02:00' $r/minicon2024-103-night.md ||
	fail "an event past the day change is not on the next day"
grep -qx 'Starts: 2024-10-26T14:00:00+02:00' $r/minicon2024-104-date-only.md ||
	fail "a date without a time"

# Again: no byte changes.
before=$(listing "$tmp/mini")
run $CRIER import-schedule --now 2024-10-02T00:00:00Z -s "$tmp/mini" $MINI
expect_status 0
[ ! -s "$tmp/stdout" ] || fail "a second import reported changes"
[ "$before" = "$(listing "$tmp/mini")" ] || fail "a second import changed files"

# JSON that is not a schedule, and JSON that is not JSON.
new_source "$tmp/other"
run $CRIER import-schedule --now 2024-10-01T00:00:00Z -s "$tmp/other" \
	$S/not-a-schedule.json
expect_status 1
expect_stderr "$S/not-a-schedule.json:1:1: error: not a schedule: a schedule.json holds schedule.conference.days"
run $CRIER import-schedule --now 2024-10-01T00:00:00Z -s "$tmp/other" \
	$S/malformed.json
expect_status 1
expect_stderr "$S/malformed.json:4:16: error: malformed JSON: "
[ ! -e "$tmp/other/schedule" ] || fail "a refused import wrote records"
pass
