#!/bin/sh
# A schedule that changes after its talks were published.  Re-importing a
# revision with one talk moved, one re-roomed, one dropped and one new
# marks the moved ones Status: moved (keeping where they were) and the
# dropped one Status: cancelled, and writes one "Schedule update" entry;
# readers see it and the marked entries under their old ids, calendars the
# same UIDs with a higher SEQUENCE.  Importing the same revision again
# changes nothing; a talk that comes back is confirmed again; a talk
# cancelled by hand stays cancelled; Schedule-Changes: no turns the
# update entry off; with Limit its links lead to the month pages; --prune
# still removes records.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

FOSDEM=tests/schedules/fosdem-2018-pentabarf.xml
src=$tmp/fosdem
d=$src/schedule
mkdir -p "$src"
printf '%s\n' 'Title: FOSDEM 2018 talks' 'Id: tag:example.org,2018:fosdem' \
	'Link: https://example.org/' 'Base: https://example.org/feeds/fosdem/' \
	'Author: Example Project' 'Timezone: Europe/Brussels' >"$src/feed.conf"

listing() {
	(cd "$1" && find . -type f -exec cksum {} + | sort)
}
# import NOW SCHEDULE [SOURCE]
import() {
	run $CRIER import-schedule --now "$1" --timezone Europe/Brussels \
		-s "${3:-$src}" "$2"
	expect_status 0
	expect_no_stderr
}
# build NOW OUT
build() {
	run $CRIER build --now "$1" -o "$tmp/$2" "$src"
	expect_status 0
	expect_no_stderr
}

import 2018-01-10T00:00:00Z $FOSDEM
ls "$d"/changes-* >/dev/null 2>&1 && fail "a first import wrote an update"
build 2018-01-11T00:00:00Z before
cp -r "$src" "$tmp/first"

# The revision: 6611 an hour later, 6934 in K.3.201, 6508 dropped, 99001 new.
$PYTHON tests/tools/revise_schedule.py $FOSDEM "$tmp/rev.xml" 6611 6934 6508
import 2018-01-20T00:00:00Z "$tmp/rev.xml"
[ "$(cat "$tmp/stdout")" = "new       $d/changes-20180120T000000Z.md
cancelled $d/debugging_tools_gdb_tools.md
moved     $d/debugging_tools_memcheck.md
moved     $d/debugging_tools_valgrind_regalloc.md
new       $d/late_addition.md" ] || fail "import reported: $(cat "$tmp/stdout")"
grep -qx 'Status: moved' "$d/debugging_tools_valgrind_regalloc.md" &&
grep -qx 'Previous-Starts: 2018-02-03T11:00:00+01:00' \
	"$d/debugging_tools_valgrind_regalloc.md" || fail "moved: no Status"
grep -qx 'Previous-Room: AW1.121' "$d/debugging_tools_memcheck.md" ||
	fail "re-roomed: no Previous-Room"
grep -qx 'Status: cancelled' "$d/debugging_tools_gdb_tools.md" &&
grep -qx 'Updated: 2018-01-20T00:00:00Z' "$d/debugging_tools_gdb_tools.md" ||
	fail "dropped: not cancelled"
build 2018-01-21T00:00:00Z after
$PYTHON tests/tools/check_changes.py "$tmp/before/fosdem" "$tmp/after/fosdem" \
	schedule/debugging_tools_valgrind_regalloc \
	schedule/debugging_tools_memcheck schedule/debugging_tools_gdb_tools \
	schedule/late_addition >"$tmp/seen" || fail "readers or calendars"
for t in debugging_tools_valgrind_regalloc:moved \
    debugging_tools_gdb_tools:cancelled; do
	$PYTHON tests/tools/check_status.py "$tmp/before/fosdem" \
		"$tmp/after/fosdem" "schedule/${t%:*}" "${t#*:}" >"$tmp/seen" ||
		fail "check_status ${t%:*}"
done

# The same revision again, even later: not one byte changes.
before=$(listing "$src")
import 2018-01-22T00:00:00Z "$tmp/rev.xml"
[ ! -s "$tmp/stdout" ] || fail "re-import reported: $(cat "$tmp/stdout")"
[ "$before" = "$(listing "$src")" ] || fail "re-import changed files"

# The dropped talk comes back: confirmed again, with a later Updated.
import 2018-01-25T00:00:00Z $FOSDEM
grep -qx "restored  $d/debugging_tools_gdb_tools.md" "$tmp/stdout" ||
	fail "not restored: $(cat "$tmp/stdout")"
grep -qx 'Status: confirmed' "$d/debugging_tools_gdb_tools.md" ||
	fail "restored talk not confirmed"
grep -q '^Schedule-Gone' "$d/debugging_tools_gdb_tools.md" &&
	fail "restored talk still marked gone"
grep -qx 'Title: Schedule update: 2 talks moved, 1 cancelled, 1 back' \
	"$d/changes-20180125T000000Z.md" ||
	fail "update: $(grep ^Title "$d"/changes-20180125T000000Z.md)"
build 2018-01-26T00:00:00Z back
$PYTHON - "$tmp/back/fosdem/talks.ics" <<'EOF' ||
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
st = {str(e["UID"]).rsplit("/", 1)[1]: str(e.get("STATUS", "")) for e in
      cal.walk("VEVENT")}
sys.exit(st["debugging_tools_gdb_tools"] != "" or
         st["late_addition"] != "CANCELLED")
EOF
	fail "in the calendar, the talk back is cancelled, or the new one not"

# A talk cancelled by hand stays cancelled while the schedule keeps it.
rust=$d/debugging_tools_rust.md
sed -i '/^Schedule-Id:/i Updated: 2018-01-26T00:00:00Z\nStatus: cancelled' "$rust"
import 2018-01-27T00:00:00Z $FOSDEM
[ ! -s "$tmp/stdout" ] || fail "hand edit re-imported: $(cat "$tmp/stdout")"
grep -qx 'Status: cancelled' "$rust" || fail "a hand cancellation was undone"

# Schedule-Changes: off (no, false, 0, as every boolean field): the talks
# change, no update entry is written.
echo 'Schedule-Changes: off' >>"$src/feed.conf"
n=$(ls "$d"/changes-* | wc -l)
import 2018-01-28T00:00:00Z "$tmp/rev.xml"
grep -q '^moved' "$tmp/stdout" || fail "Schedule-Changes: off: nothing moved"
[ "$(ls "$d"/changes-* | wc -l)" = "$n" ] ||
	fail "Schedule-Changes: off wrote an update"
run $CRIER check --now 2018-01-29T00:00:00Z "$src"
expect_status 0

# With Limit, the update links each talk to its month's page, where it is.
lim=$tmp/limited
mkdir -p "$lim"
sed '/^Schedule-Changes:/d' "$src/feed.conf" >"$lim/feed.conf"
echo 'Limit: 5' >>"$lim/feed.conf"
import 2018-01-10T00:00:00Z $FOSDEM "$lim"
import 2018-01-20T00:00:00Z "$tmp/rev.xml" "$lim"
run $CRIER build --now 2018-01-21T00:00:00Z -o "$tmp/lim-out" "$lim"
expect_status 0
links=$(grep -o 'https://example.org/feeds/fosdem/[^>]*' \
	"$lim"/schedule/changes-*.md)
[ "$(echo "$links" | wc -l)" = 3 ] || fail "Limit: update links: $links"
for l in $links; do
	page=${l#https://example.org/feeds/fosdem/}
	grep -q "id=\"${page#*#}\"" "$tmp/lim-out/limited/${page%%#*}" ||
		fail "Limit: $l leads nowhere"
done

# --prune removes the records of events that left.
run $CRIER import-schedule --prune --now 2018-01-29T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/first" "$tmp/rev.xml"
expect_status 0
grep -qx "removed   $tmp/first/schedule/debugging_tools_gdb_tools.md" \
	"$tmp/stdout" || fail "--prune: $(cat "$tmp/stdout")"
[ ! -e "$tmp/first/schedule/debugging_tools_gdb_tools.md" ] ||
	fail "--prune kept the record"
pass
