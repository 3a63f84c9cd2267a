#!/bin/sh
# crier import-schedule: each dialect (Pentabarf without offsets, frab with
# offsets and a time zone, pretalx) imports into records that check clean
# and build into feeds with the right instants; importing again changes no
# byte; a moved talk changes one record and one entry; hand edits survive;
# --prune, --dry-run, the filters; broken and hostile schedules fail with
# FILE:LINE:COL, write nothing and reach for no file or network.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

S=tests/schedules
FOSDEM=$S/fosdem-2018-pentabarf.xml
now=2018-01-10T00:00:00Z

new_source() {
	mkdir -p "$1"
	cat >"$1/feed.conf" <<EOF
Title: Imported talks
Id: tag:example.org,2024:imported
Link: https://example.org/
Base: https://example.org/feeds/imported/
Author: Example Project
Schedule-Changes: no
EOF
}

# Every file below DIR with its checksum: "no byte changed" is equality.
listing() {
	(cd "$1" && find . -type f -exec cksum {} + | sort)
}

# expect_stdout_lines N: stdout has exactly N lines.
expect_stdout_lines() {
	[ "$(wc -l <"$tmp/stdout")" -eq "$1" ] ||
		fail "$(wc -l <"$tmp/stdout") lines on stdout, expected $1"
}

# check_and_build SOURCE NOW: crier check is silent, crier build succeeds.
check_and_build() {
	run $CRIER check --now "$2" "$1"
	expect_status 0
	expect_no_stderr
	run $CRIER build --now "$2" -o "$tmp/out" "$1"
	expect_status 0
	expect_no_stderr
}

# --- Pentabarf (FOSDEM): no offsets, no time zone ------------------------
new_source "$tmp/fosdem"
run $CRIER import-schedule --now $now -s "$tmp/fosdem" $FOSDEM
expect_status 1
expect_stderr "$FOSDEM:42: error: times without a UTC offset, and the schedule names no time zone: give one with --timezone ZONE"
[ ! -e "$tmp/fosdem/schedule" ] || fail "a failed import wrote records"

run $CRIER import-schedule --now $now --timezone Europe/Brussels \
	-s "$tmp/fosdem" $FOSDEM
expect_status 0
expect_no_stderr
expect_stdout_lines 102
[ "$(grep -c '^new ' "$tmp/stdout")" = 102 ] || fail "not 102 new records"
check_and_build "$tmp/fosdem" $now
$PYTHON tests/tools/check_import.py $FOSDEM "$tmp/out/fosdem" \
	--zone Europe/Brussels || fail "FOSDEM talks at the wrong times"

# Importing the same file again changes no byte and says nothing.
before=$(listing "$tmp/fosdem")
run $CRIER import-schedule --now 2018-01-11T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/fosdem" $FOSDEM
expect_status 0
expect_no_stderr
expect_stdout_lines 0
[ "$before" = "$(listing "$tmp/fosdem")" ] || fail "a second import changed files"

# --- A moved talk: one record, one entry ---------------------------------
cp "$tmp/out/fosdem/feed.atom" "$tmp/before.atom"
$PYTHON - $FOSDEM "$tmp/moved.xml" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index('<event id="6611">')
j = s.index("<start>11:00</start>", i)
s = s[:j] + "<start>18:45</start>" + s[j + 20:]
s = s.replace("<schedule>\n", "<schedule>\n  <version>2018-01-20 12:00</version>\n", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
regalloc=$tmp/fosdem/schedule/debugging_tools_valgrind_regalloc.md
run $CRIER import-schedule --now 2018-01-25T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/fosdem" "$tmp/moved.xml"
expect_status 0
expect_no_stderr
[ "$(cat "$tmp/stdout")" = "moved     $regalloc" ] ||
	fail "expected one moved record, got: $(cat "$tmp/stdout")"
after=$(listing "$tmp/fosdem")
[ "$(printf '%s\n%s\n' "$before" "$after" | sort | uniq -u |
	awk '{print $3}' | sort -u)" = "./schedule/debugging_tools_valgrind_regalloc.md" ] ||
	fail "not exactly the moved talk's record changed"
grep -q '^Starts: 2018-02-03T18:45:00+01:00$' "$regalloc" || fail "Starts not moved"
grep -q '^Ends: 2018-02-03T19:10:00+01:00$' "$regalloc" || fail "Ends not moved"
grep -q '^Updated: 2018-01-20T12:00:00+01:00$' "$regalloc" ||
	fail "Updated is not the schedule's <version>"
check_and_build "$tmp/fosdem" 2018-01-25T00:00:00Z
$PYTHON tests/tools/check_import.py "$tmp/moved.xml" "$tmp/out/fosdem" \
	--zone Europe/Brussels || fail "moved talk at the wrong time"
# The feed model spreads entries that share an updated time a second
# apart, so neighbours may shift by a second or two; only the moved talk
# gets a new time of its own.
$PYTHON - "$tmp/before.atom" "$tmp/out/fosdem/feed.atom" <<'EOF' ||
import datetime as dt, sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
def updated(path):
    return {e.findtext(A + "id"): dt.datetime.fromisoformat(
        e.findtext(A + "updated").replace("Z", "+00:00"))
        for e in ET.parse(path).getroot().iter(A + "entry")}
old, new = updated(sys.argv[1]), updated(sys.argv[2])
assert old.keys() == new.keys(), "entries differ"
moved = [k for k in old if abs((new[k] - old[k]).total_seconds()) > 60]
assert moved == ["tag:example.org,2024:imported/schedule/"
                 "debugging_tools_valgrind_regalloc"], moved
assert new[moved[0]].isoformat() == "2018-01-20T12:00:00+01:00", new[moved[0]]
EOF
	fail "not exactly one entry's updated moved"

# --- Hand edits survive --------------------------------------------------
$PYTHON - "$regalloc" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("Type: talk\n", "Type: talk\n# Our speaker!\n"
              "Summary: Ivo explains the new allocator.\n", 1)
s = s.replace("Finally there", "Finally (see you there) there", 1)
open(p, "w", encoding="utf-8").write(s)
EOF
sed -e 's/<title>Valgrind register allocator overhaul</<title>Valgrind register allocator v3</' \
	-e 's/<version>.*</<version>second draft</' "$tmp/moved.xml" >"$tmp/retitled.xml"
run $CRIER import-schedule --now 2018-01-26T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/fosdem" "$tmp/retitled.xml"
expect_status 0
[ "$(cat "$tmp/stdout")" = "changed   $regalloc" ] || fail "retitle: $(cat "$tmp/stdout")"
grep -q '^Title: Valgrind register allocator v3$' "$regalloc" || fail "Title not updated"
grep -q '^Summary: Ivo explains the new allocator.$' "$regalloc" || fail "Summary lost"
grep -q '^# Our speaker!$' "$regalloc" || fail "comment lost"
grep -q 'Finally (see you there) there' "$regalloc" ||
	fail "body edit lost though the abstract did not change"
grep -q '^Updated: 2018-01-26T00:00:00Z$' "$regalloc" ||
	fail "Updated is not --now when <version> is not a time"
# When the schedule's text changes, the body follows it; the rest stays.
sed 's/Finally there will be some time/Finally there will be plenty of time/' \
	"$tmp/retitled.xml" >"$tmp/reworded.xml"
run $CRIER import-schedule --now 2018-01-27T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/fosdem" "$tmp/reworded.xml"
expect_status 0
grep -q 'Finally there will be plenty of time' "$regalloc" || fail "body not updated"
grep -q '^Summary: Ivo explains the new allocator.$' "$regalloc" || fail "Summary lost"
run $CRIER check --now 2018-01-27T00:00:00Z "$tmp/fosdem"
expect_status 0
expect_no_stderr

# --- Gone events, --dry-run and --prune ----------------------------------
$PYTHON - "$tmp/reworded.xml" "$tmp/fewer.xml" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
a = s.index('      <event id="6934">')
b = s.index("</event>", a) + len("</event>\n")
s = s[:a] + s[b:]
s = s.replace("<start>10:30</start>", "<start>10:35</start>", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
memcheck=$tmp/fosdem/schedule/debugging_tools_memcheck.md
before=$(listing "$tmp/fosdem")
run $CRIER import-schedule --dry-run --now 2018-01-28T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/fosdem" "$tmp/fewer.xml"
expect_status 0
expect_no_stderr
[ "$before" = "$(listing "$tmp/fosdem")" ] || fail "--dry-run wrote files"
expect_stdout_lines 102
grep -qx "cancelled $memcheck" "$tmp/stdout" || fail "dry run: gone not listed"
grep -qx "moved     $tmp/fosdem/schedule/debugging_tools_cachegrind.md" \
	"$tmp/stdout" || fail "dry run: changed not listed"
[ "$(grep -c '^unchanged ' "$tmp/stdout")" = 100 ] || fail "dry run: unchanged"
run $CRIER import-schedule --dry-run --prune --now 2018-01-28T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/fosdem" "$tmp/fewer.xml"
grep -qx "removed   $memcheck" "$tmp/stdout" || fail "dry run: removed not listed"
[ -e "$memcheck" ] || fail "--dry-run --prune removed a record"

run $CRIER import-schedule --now 2018-01-28T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/fosdem" "$tmp/fewer.xml"
expect_status 0
expect_stdout_lines 2
grep -qx "cancelled $memcheck" "$tmp/stdout" || fail "gone not reported"
[ -e "$memcheck" ] || fail "a gone record was removed without --prune"
grep -qx "Status: cancelled" "$memcheck" || fail "a gone record is not cancelled"
run $CRIER import-schedule --prune --now 2018-01-28T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/fosdem" "$tmp/fewer.xml"
expect_status 0
[ "$(cat "$tmp/stdout")" = "removed   $memcheck" ] || fail "--prune: $(cat "$tmp/stdout")"
[ ! -e "$memcheck" ] || fail "--prune kept the record"
check_and_build "$tmp/fosdem" 2018-01-28T00:00:00Z

# --- Pentabarf across a DST change, past midnight, HTML, shared slugs ----
P=$S/pentabarf-dst.xml
new_source "$tmp/spring"
run $CRIER import-schedule --now 2025-01-01T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/spring" $P
expect_status 0
expect_stderr "$P:84: warning: event 104: local time 2025-03-30 02:30:00 does not exist in Europe/Brussels; taken as 2025-03-30T03:30:00+02:00"
expect_stdout_lines 6
for f in opening-101 opening-201 late_night past_midnight in_the_gap \
    workshop_rust; do
	[ -f "$tmp/spring/schedule/$f.md" ] || fail "no record $f.md"
done
check_and_build "$tmp/spring" 2025-01-01T00:00:00Z
$PYTHON tests/tools/check_import.py $P "$tmp/out/spring" \
	--zone Europe/Brussels || fail "DST schedule at the wrong times"
grep -q '^Speaker: 山田 太郎$' "$tmp/spring/schedule/opening-101.md" ||
	fail "non-ASCII speaker"
# HTML became Markdown: nested list, link, code, entities, escapes.
$PYTHON - "$tmp/spring/schedule/opening-101.md" <<'EOF' || fail "HTML abstract"
import sys
body = open(sys.argv[1], encoding="utf-8").read().split("\n\n", 1)[1]
for want in ["Welcome to *Spring Forward* & friends \u2014 a weekend of "
             "**talks** about `a < b`.",
             "- Saturday: talks\n  - morning: [keynote]"
             "(https://spring.example/keynote)\n  - evening: socials\n"
             "- Sunday: workshops",
             "\\# not a heading, 1. not a list, \\*not emphasis\\*",
             "- [Opening slides](https://spring.example/opening)"]:
    assert want in body, want
assert "<" not in body.replace("`a < b`", ""), body
EOF
grep -q 'Escaped \*\*twice\*\*: & stays one ampersand.' \
	"$tmp/spring/schedule/late_night.md" || fail "HTML escaped twice"
grep -q '<script\|javascript:' "$tmp"/spring/schedule/*.md &&
	fail "raw HTML or a javascript: link reached a record"

# Filters: one value of each filter given.  The records of events
# filtered out count as gone, and are cancelled: the source follows the
# selection.
run $CRIER import-schedule --dry-run --timezone Europe/Brussels \
	--track Other -s "$tmp/spring" $P
[ "$(grep -v '^cancelled' "$tmp/stdout" | awk '{print $2}' | xargs -n1 basename |
	tr '\n' ' ')" = "in_the_gap.md workshop_rust.md " ] ||
	fail "--track: $(cat "$tmp/stdout")"
[ "$(grep -c '^cancelled' "$tmp/stdout")" = 4 ] || fail "--track: gone"
run $CRIER import-schedule --dry-run --timezone Europe/Brussels \
	--room 'main hall' --speaker 'Zoë Łukasiewicz' --match '^open' \
	--event 101 --event 201 --event 102 --type talk -s "$tmp/spring" $P
[ "$(grep -c '^unchanged ' "$tmp/stdout")" = 2 ] ||
	fail "combined filters: $(cat "$tmp/stdout")"
grep -q 'opening-101.md' "$tmp/stdout" && grep -q 'opening-201.md' \
	"$tmp/stdout" || fail "combined filters: $(cat "$tmp/stdout")"

# --- frab: offsets in <date>, <time_zone_name>, guids ---------------------
F=$S/frab-dst.xml
new_source "$tmp/fall"
printf 'Title: Fall Con 2024\nId: fallcon\nPublished: 2024-09-01T00:00:00Z\n' \
	>"$tmp/fall/fallcon.md"
run $CRIER import-schedule --now 2024-10-01T00:00:00Z --announcement fallcon \
	-s "$tmp/fall" $F
expect_status 0
expect_no_stderr
expect_stdout_lines 4
grep -q '^Published' "$tmp"/fall/schedule/*.md &&
	fail "talks of an announcement got a Published of their own"
grep -q '^Announcement: fallcon$' \
	"$tmp/fall/schedule/fallcon24-2001-soldering.md" || fail "no Announcement"
check_and_build "$tmp/fall" 2024-10-01T00:00:00Z
$PYTHON tests/tools/check_import.py $F "$tmp/out/fall" \
	--zone Europe/Berlin || fail "frab schedule at the wrong times"
grep -q '^Ends: 2024-10-27T02:30:00+01:00$' \
	"$tmp/fall/schedule/fallcon24-1002-night-session.md" ||
	fail "a talk across the DST change ends at the wrong offset"
grep -q 'Raw HTML is not passed on: \\<script>alert(1)\\</script>' \
	"$tmp/fall/schedule/fallcon24-1001-keynote-falling-back.md" ||
	fail "raw HTML in Markdown not escaped"

# --- pretalx: offsets, no time zone, single-quoted attributes -------------
X=$S/pretalx-sample.xml
new_source "$tmp/pretalx"
run $CRIER import-schedule --now 2019-09-01T00:00:00Z -s "$tmp/pretalx" $X
expect_status 0
expect_no_stderr
expect_stdout_lines 4
check_and_build "$tmp/pretalx" 2019-09-01T00:00:00Z
$PYTHON tests/tools/check_import.py $X "$tmp/out/pretalx" ||
	fail "pretalx schedule at the wrong times"
grep -q '^Link: https://test.dev/talk/77YFDG$' \
	"$tmp/pretalx/schedule/eu2019-55-opening-session.md" || fail "no Link"

# --- Big schedules: thousands of events, each one right -----------------
# tests/tools/big_schedule.py writes 2000 events over three days, across
# the end of daylight saving time, with HTML abstracts and non-ASCII
# names; every talk must reach the feed and the calendar at its time.
# (How fast is scripts/bench-import's business, not this test's.)
big_source() {
	new_source "$1"
	echo "Outputs: atom ics" >>"$1/feed.conf"
}
big=$tmp/big.xml
$PYTHON tests/tools/big_schedule.py 2000 "$big" || fail "big_schedule.py"
big_source "$tmp/big"
run $CRIER import-schedule --now 2025-10-01T00:00:00Z -s "$tmp/big" "$big"
expect_status 0
expect_no_stderr
expect_stdout_lines 2000
[ "$(grep -c '^new ' "$tmp/stdout")" = 2000 ] || fail "big: not 2000 new records"
[ "$(ls -A "$tmp/big/schedule" | grep -c '\.md$')" = 2000 ] ||
	fail "big: not 2000 record files"
ls -A "$tmp/big/schedule" | grep -qv '\.md$' && fail "big: other files left"
check_and_build "$tmp/big" 2025-10-01T00:00:00Z
$PYTHON tests/tools/check_import.py "$big" "$tmp/out/big" \
	--zone Europe/Brussels || fail "big schedule: talks at the wrong times"
before=$(listing "$tmp/big")
run $CRIER import-schedule --now 2025-10-02T00:00:00Z -s "$tmp/big" "$big"
expect_status 0
expect_no_stderr
expect_stdout_lines 0
[ "$before" = "$(listing "$tmp/big")" ] || fail "big: a second import changed files"
# One event moved and retitled: one record changes, and only it.
$PYTHON tests/tools/big_schedule.py 2000 "$tmp/big-moved.xml" --change 1000 ||
	fail "big_schedule.py --change"
run $CRIER import-schedule --now 2025-10-03T00:00:00Z -s "$tmp/big" \
	"$tmp/big-moved.xml"
expect_status 0
expect_no_stderr
expect_stdout_lines 1
moved=$(sed -n "s/^moved     //p" "$tmp/stdout")
[ -n "$moved" ] && grep -q '^Title: .* (moved)$' "$moved" ||
	fail "big: the moved event's record: $(cat "$tmp/stdout")"
[ "$(printf '%s\n%s\n' "$before" "$(listing "$tmp/big")" | sort | uniq -u |
	awk '{print $3}' | sort -u)" = "./schedule/$(basename "$moved")" ] ||
	fail "big: not exactly the moved event's record changed"
check_and_build "$tmp/big" 2025-10-03T00:00:00Z
# Pentabarf's dialect: no offsets, the days' dates and <day_change>.
$PYTHON tests/tools/big_schedule.py 2000 "$tmp/big-pb.xml" --style pentabarf ||
	fail "big_schedule.py --style pentabarf"
big_source "$tmp/bigpb"
run $CRIER import-schedule --now 2025-10-01T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/bigpb" "$tmp/big-pb.xml"
expect_status 0
expect_no_stderr
expect_stdout_lines 2000
check_and_build "$tmp/bigpb" 2025-10-01T00:00:00Z
$PYTHON tests/tools/check_import.py "$tmp/big-pb.xml" "$tmp/out/bigpb" \
	--zone Europe/Brussels || fail "big Pentabarf schedule: wrong times"

# --- Broken and hostile schedules: an error, and nothing written ---------
new_source "$tmp/hostile"
before=$(listing "$tmp/hostile")
run $CRIER import-schedule -s "$tmp/hostile" $S/malformed.xml
expect_status 1
expect_stderr "$S/malformed.xml:6:48: error: malformed XML: Opening and ending tag mismatch: title line 6 and event"
run $CRIER import-schedule -s "$tmp/hostile" $S/billion-laughs.xml
expect_status 1
expect_stderr "$S/billion-laughs.xml:3:3: error: the schedule declares entities; crier never expands them and refuses the file"
# An external entity names a file and a server listening on loopback:
# neither is read, and nobody connects.
$PYTHON - "$tmp/port" "$tmp/connections" <<'EOF' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
s.settimeout(300)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
n = 0
try:
    while True:
        c, _ = s.accept()
        n += 1
        open(sys.argv[2], "w").write(str(n))
        c.close()
except OSError:
    pass
EOF
listener=$!
until [ -s "$tmp/port" ]; do
	kill -0 $listener 2>/dev/null || fail "the listener did not start"
	sleep 0.05
done
sed "s/PORT/$(cat "$tmp/port")/" $S/xxe.xml >"$tmp/xxe.xml"
run $CRIER import-schedule -s "$tmp/hostile" "$tmp/xxe.xml"
kill $listener 2>/dev/null
wait $listener 2>/dev/null
expect_status 1
expect_stderr "$tmp/xxe.xml:3:3: error: the schedule declares entities"
[ ! -e "$tmp/connections" ] || fail "an external entity made crier connect"
grep -rq 'root:' "$tmp/hostile" "$tmp/stderr" "$tmp/stdout" &&
	fail "/etc/passwd reached the output"
[ "$before" = "$(listing "$tmp/hostile")" ] || fail "a failed import wrote files"

# A record with the same Schedule-Id twice: an error, nothing written.
cp "$tmp/pretalx/schedule/eu2019-55-opening-session.md" "$tmp/pretalx/copy.md"
before=$(listing "$tmp/pretalx")
run $CRIER import-schedule --now 2019-09-02T00:00:00Z -s "$tmp/pretalx" \
	$S/fosdem-2018-pentabarf.xml --timezone Europe/Brussels
expect_status 1
expect_stderr "$tmp/pretalx/schedule/eu2019-55-opening-session.md:15: error: Schedule-Id 'eu2019/ed6568d5-48ed-5b18-90fc-a3bd52c7e543' is also used by $tmp/pretalx/copy.md:15"
[ "$before" = "$(listing "$tmp/pretalx")" ] || fail "wrote despite an error"

# --- Usage errors --------------------------------------------------------
run $CRIER import-schedule $X
expect_status 2
expect_stderr "crier import-schedule: no feed source: give -s SOURCE"
run $CRIER import-schedule -s "$tmp/pretalx"
expect_status 2
expect_stderr "crier import-schedule: no SCHEDULE.xml given"
run $CRIER import-schedule --timezone Mars/Olympus -s "$tmp/pretalx" $X
expect_status 2
expect_stderr "--timezone: 'Mars/Olympus' is not a time zone"
run $CRIER import-schedule --match '(' -s "$tmp/pretalx" $X
expect_status 2
expect_stderr "--match: '(' is not a regular expression"
run $CRIER check --prune "$tmp/pretalx"
expect_status 2
expect_stderr "crier check: unknown option '--prune'"
run $CRIER build --track Main -s "$tmp/pretalx" "$tmp/pretalx"
expect_status 2
expect_stderr "crier build: unknown option '--track'"
run $CRIER import-schedule --help
expect_status 0
grep -q '^usage: crier import-schedule' "$tmp/stdout" || fail "--help"

pass
