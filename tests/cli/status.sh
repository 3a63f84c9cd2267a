#!/bin/sh
# Status: cancelled and moved talks after publication.  Readers see the
# same entry with a later updated time and a marked title; calendar apps
# the same UID with a higher SEQUENCE (and STATUS:CANCELLED), so they
# update the event instead of adding a second one.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

ex=xen-fosdem-2017
src="$tmp/$ex"
cp -r feeds/$ex "$src"

run $CRIER build --now 2017-02-01T00:00:00Z -o "$tmp/before" "$src"
expect_status 0

# set_status FILE STATUS UPDATED [STARTS ENDS]
set_status() {
	f=$1
	sed -i -e "/^Announcement:/a Status: $2\\nUpdated: $3" "$f"
	if [ $# = 5 ]; then
		sed -i -e "s/^Starts: .*/Starts: $4/" -e "s/^Ends: .*/Ends: $5/" "$f"
	fi
}

set_status "$src/talks/live-patching.md" cancelled '2017-02-02 10:00'
run $CRIER build --now 2017-02-03T00:00:00Z -o "$tmp/cancelled" "$src"
expect_status 0
expect_no_stderr
$PYTHON tests/tools/check_status.py "$tmp/before/$ex" "$tmp/cancelled/$ex" \
	live-patching cancelled >"$tmp/seen" || fail "the cancelled talk"
grep -q '<tr id="talks/live-patching" class="cancelled"><td data-label="Time"><span class="badge">Cancelled</span>' \
	"$tmp/cancelled/$ex/index.html" ||
	fail "the page does not mark the cancelled talk"

# Calendar-Cancelled-Prefix: the SUMMARY of the cancelled event, in
# every calendar, starts with it, as a parser reads it; "no" leaves the
# bare title; the feeds' titles keep "Cancelled:".
# summaries VALUE: "FILE|SUMMARY|STATUS" of live-patching in each .ics.
summaries() {
	rm -rf "$tmp/prefixed" "$tmp/pre"
	cp -r "$src" "$tmp/prefixed"
	printf 'Calendar-Cancelled-Prefix: %s\n' "$1" >>"$tmp/prefixed/feed.conf"
	run $CRIER build --now 2017-02-03T00:00:00Z -o "$tmp/pre" "$tmp/prefixed"
	expect_status 0
	expect_no_stderr
	$PYTHON - "$tmp/pre/prefixed" >"$tmp/summaries" <<'EOF' ||
import glob, sys, icalendar
for path in sorted(glob.glob(sys.argv[1] + "/*.ics")):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    for e in cal.walk("VEVENT"):
        if str(e["UID"]).endswith("/live-patching"):
            print("%s|%s|%s" % (path.rsplit("/", 1)[1], e["SUMMARY"],
                                e.get("STATUS")))
EOF
		fail "the calendars do not parse"
}
summaries '[CANCELLED]'
grep -q '^talks.ics|\[CANCELLED\] Live patching.*|CANCELLED$' "$tmp/summaries" &&
grep -q '^talk-.*live-patching.ics|\[CANCELLED\] Live patching.*|CANCELLED$' \
	"$tmp/summaries" || fail "the prefix: $(cat "$tmp/summaries")"
grep -v '|\[CANCELLED\] Live patching' "$tmp/summaries" &&
	fail "a calendar without the prefix"
grep -q '<title>Cancelled: Live patching' \
	"$tmp/pre/prefixed/feed.atom" || fail "the feed's title changed"
summaries no
grep -q '^talks.ics|Live patching.*|CANCELLED$' "$tmp/summaries" ||
	fail "Calendar-Cancelled-Prefix: no: $(cat "$tmp/summaries")"

# Moved a day later: new times, a higher SEQUENCE again.
set_status "$src/talks/mixed-license.md" moved '2017-02-02 11:00' \
	'2017-02-05 10:00' '2017-02-05 10:25'
run $CRIER build --now 2017-02-03T00:00:00Z -o "$tmp/moved" "$src"
expect_status 0
expect_no_stderr
$PYTHON tests/tools/check_status.py "$tmp/before/$ex" "$tmp/moved/$ex" \
	mixed-license moved >"$tmp/seen" || fail "the moved talk"
grep -q 'DTSTART:20170205T090000Z' "$tmp/moved/$ex/talks.ics" ||
	fail "the moved talk keeps its old time"

# Cancelled again later: SEQUENCE grows past the first cancellation's.
sed -i 's/^Updated: .*/Updated: 2017-02-02 18:00/' \
	"$src/talks/live-patching.md"
run $CRIER build --now 2017-02-03T00:00:00Z -o "$tmp/later" "$src"
expect_status 0
$PYTHON - "$tmp/cancelled/$ex/talks.ics" "$tmp/later/$ex/talks.ics" <<'EOF' ||
import sys, icalendar
def seq(path):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    return [int(e.get("SEQUENCE", 0)) for e in cal.walk("VEVENT")
            if str(e["UID"]).endswith("/live-patching")][0]
sys.exit(0 if seq(sys.argv[2]) > seq(sys.argv[1]) else 1)
EOF
	fail "SEQUENCE did not grow with Updated"

# A change without the time it was made, and an unknown status: errors
# at their place, nothing written.
printf 'Type: talk\nTitle: T\nAnnouncement: fosdem-2017\nStatus: cancelled\nStarts: 2017-02-04 16:00\nDuration: 20m\n\nX\n' \
	>"$src/talks/no-updated.md"
printf 'Type: talk\nTitle: U\nAnnouncement: fosdem-2017\nStatus: postponed\nStarts: 2017-02-04 17:00\nDuration: 20m\n\nX\n' \
	>"$src/talks/unknown.md"
run $CRIER build --now 2017-02-03T00:00:00Z -o "$tmp/bad" "$src"
expect_status 1
expect_stderr "$src/talks/no-updated.md:4:9: error: Status: cancelled needs Updated"
expect_stderr "$src/talks/unknown.md:4:9: error: unknown status 'postponed'"
[ -e "$tmp/bad" ] && fail "a build with errors wrote files"
pass
