#!/bin/sh
# crier build: talks.ics, the calendar of the talks (golden bytes and
# determinism: build.sh).  What python3-icalendar reads (the right
# instant for every talk, across changes of summer time and in zones off
# the hour), hostile text that must read back unchanged, and the checker
# catching a wrong calendar.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
later=2030-01-01T00:00:00Z
ics=xen-fosdem-2017/talks.ics

# The bundled example (its golden bytes and determinism: build.sh).
run $CRIER build --now $now -o "$tmp/out" feeds/xen-fosdem-2017
expect_status 0
expect_no_stderr

# Talks in awkward zones, and hostile text in every field a calendar shows.
$PYTHON tests/tools/talk_source.py zones "$tmp/zones"
$PYTHON tests/tools/hostile_source.py "$tmp/hostile"
$PYTHON tests/tools/talk_source.py hostile "$tmp/hostile"
run $CRIER build --now $later -o "$tmp/out" "$tmp/zones" "$tmp/hostile"
expect_status 0
expect_no_stderr
for s in xen-fosdem-2017:feeds/xen-fosdem-2017 zones:"$tmp/zones" \
    hostile:"$tmp/hostile"; do
	$PYTHON tests/tools/check_ics.py "$tmp/out/${s%%:*}/talks.ics" \
		"${s#*:}" || fail "calendar readers disagree with ${s%%:*}"
done

# The instants, spelled out: one real hour across the spring change, three
# and a half across the autumn one, and zones 30 and 45 minutes off.
$PYTHON - "$tmp/out/zones/talks.ics" <<'EOF' || fail "wrong instants"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
got = {str(e["UID"]).rsplit("/", 1)[1]:
       (e.decoded("DTSTART").isoformat(), e.decoded("DTEND").isoformat())
       for e in cal.walk("VEVENT")}
want = {
    "dst-start": ("2017-03-26T00:30:00+00:00", "2017-03-26T01:30:00+00:00"),
    "dst-end": ("2017-10-28T23:30:00+00:00", "2017-10-29T03:00:00+00:00"),
    "kolkata": ("2017-06-10T03:45:00+00:00", "2017-06-10T04:30:00+00:00"),
    "kathmandu": ("2017-06-11T17:45:00+00:00", "2017-06-11T19:15:00+00:00"),
    "rfc3339": ("2017-07-01T19:30:00+00:00", "2017-07-01T20:30:00+00:00"),
    "adelaide": ("2017-01-15T07:30:00+00:00", "2017-01-15T08:30:00+00:00"),
    "lonely": ("2017-05-05T15:00:00+00:00", "2017-05-05T15:20:00+00:00"),
}
bad = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
for k, (g, w) in bad.items():
    print("%s: %s, expected %s" % (k, g, w))
sys.exit(1 if bad else 0)
EOF

# Markdown becomes plain text, and text values are escaped as RFC 5545
# 3.3.11 says: a reader gets back exactly the characters of the record.
$PYTHON - "$tmp/out/zones/talks.ics" "$tmp/out/hostile/talks.ics" <<'EOF' ||
import sys, icalendar
def events(path):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    return {str(e["UID"]).rsplit("/", 1)[1]: e for e in cal.walk("VEVENT")}
zones, hostile = events(sys.argv[1]), events(sys.argv[2])
checks = [
    (str(zones["kolkata"]["DESCRIPTION"]),
     "A link <https://example.org/kolkata> and code.\n\n1. one\n2. two\n\n"
     "- a\n  - nested"),
    (str(zones["dst-start"]["DESCRIPTION"]), "By Ana Early.\n\nOne hour, not two."),
    (str(zones["lonely"]["LOCATION"]), "Hall, east; upstairs"),
    (str(hostile["hostile-talk-0"]["SUMMARY"]), "Back\\slash; semi, comma"),
    (str(hostile["hostile-talk-0"]["DESCRIPTION"]),
     "By Zoë \"Z\" Müller and 山田 太郎.\n\nAbstract of Back\\slash; semi, "
     "comma\n\nSecond paragraph; with, marks \\ and raw & more."),
    (str(hostile["hostile-talk-3"]["SUMMARY"]), "<script>alert('x')</script>"),
    (str(hostile["hostile-event"]["LOCATION"]), "Room; 1, \\ <here>"),
    (str(hostile["hostile-event"]["DESCRIPTION"]),
     "Commas, semicolons; backslashes \\ and <tags>."),
]
bad = [(g, w) for g, w in checks if g != w]
for g, w in bad:
    print("read %r, expected %r" % (g, w))
sys.exit(1 if bad else 0)
EOF
	fail "text changed on its way through the calendar"

# An announcement's event from midnight to midnight is whole days.
grep -q '^DTSTART;VALUE=DATE:20170204' "$tmp/out/$ics" ||
	fail "the conference is not a whole-day event"

# A feed without events still writes a valid calendar (one VTIMEZONE).
mkdir "$tmp/none"
printf 'Title: None\nId: tag:example.org,2020:none\nLink: https://example.org/\nBase: https://example.org/\nAuthor: N\n' \
	>"$tmp/none/feed.conf"
printf 'Title: News\nPublished: 2020-01-01T00:00:00Z\n\nNo event.\n' \
	>"$tmp/none/news.md"
run $CRIER build --now $later -o "$tmp/out" "$tmp/none"
expect_status 0
$PYTHON tests/tools/check_ics.py "$tmp/out/none/talks.ics" "$tmp/none" ||
	fail "the empty calendar does not read"

# Outputs without ics write no calendar.
printf 'Outputs: atom\n' >>"$tmp/none/feed.conf"
run $CRIER build --now $later -o "$tmp/only-atom" "$tmp/none"
expect_status 0
[ ! -e "$tmp/only-atom/none/talks.ics" ] || fail "ics written though not asked"

# The checker catches a calendar that is wrong: a moved talk, a long line.
sed 's/^DTSTART:20170204T103000Z/DTSTART:20170204T113000Z/' \
	"$tmp/out/$ics" >"$tmp/moved.ics"
$PYTHON tests/tools/check_ics.py "$tmp/moved.ics" feeds/xen-fosdem-2017 \
	>"$tmp/moved.out" && fail "check_ics.py missed a moved talk"
grep -q 'live-patching: 2017-02-04 11:30:00+00:00' "$tmp/moved.out" ||
	fail "check_ics.py: $(cat "$tmp/moved.out")"
tr -d '\r' <"$tmp/out/$ics" | sed 's/$/\r/' | awk '
	/^ / { sub(/\r$/, "", prev); prev = prev substr($0, 2); next }
	NR > 1 { print prev } { prev = $0 } END { print prev }' >"$tmp/long.ics"
$PYTHON tests/tools/check_ics.py "$tmp/long.ics" feeds/xen-fosdem-2017 \
	>"$tmp/long.out" && fail "check_ics.py missed unfolded lines"
grep -q 'octets long' "$tmp/long.out" ||
	fail "check_ics.py: $(cat "$tmp/long.out")"

pass
