#!/bin/sh
# Independent judges on every document crier writes (tests/tools/judges.py:
# feedparser, the RFC 4287 RELAX NG schema, python3-icalendar, html5lib),
# for: the bundled example; the FOSDEM 2018 and pretalx schedules (ours
# and the shared ones) imported whole and by one track or room; a source
# with media; a source that uses every feature (Limit with archives,
# every facet, cancelled and moved talks, media enclosures, a tombstone
# after a deletion, Stylesheet); and hostile sources, one record per
# conformance defect and one per way to break a feed.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

later=2030-01-01T00:00:00Z
S=tests/schedules

build() {
	run $CRIER build --now "$1" -o "$tmp/out" "$2"
	expect_status 0
	[ -s "$tmp/stderr" ] && fail "build $2 says something"
}

# The bundled example, before and after its talks.
run $CRIER build --now 2017-02-01T00:00:00Z -o "$tmp/before" feeds/xen-fosdem-2017
expect_status 0
build $later feeds/xen-fosdem-2017

# Schedules, whole and by one track or room.
new_source() {
	mkdir -p "$1"
	printf 'Title: Imported\nId: tag:example.org,2024:%s\nLink: https://example.org/\nBase: https://example.org/feeds/%s/\nAuthor: Example\nStylesheet: yes\n' \
		"${1##*/}" "${1##*/}" >"$1/feed.conf"
}
import() {
	new_source "$tmp/$1"
	shift
	name=$1
	shift
	run $CRIER import-schedule --now 2018-01-01T00:00:00Z "$@" \
		-s "$tmp/$name"
	expect_status 0
	build $later "$tmp/$name"
}
import fosdem fosdem --timezone Europe/Brussels $S/fosdem-2018-pentabarf.xml
import fosdem-track fosdem-track --timezone Europe/Brussels \
	--track 'Legal and Policy Issues' $S/fosdem-2018-pentabarf.xml
import pretalx pretalx $S/pretalx-sample.xml
import pretalx-room pretalx-room --room 'Great Auditorium' $S/pretalx-sample.xml
shared=../shared/examples/schedules
if [ -d "$shared" ]; then
	import shared-fosdem shared-fosdem --timezone Europe/Brussels \
		"$shared/fosdem-2018-pentabarf.xml"
	import shared-fosdem-track shared-fosdem-track \
		--timezone Europe/Brussels --track 'Legal and Policy Issues' \
		"$shared/fosdem-2018-pentabarf.xml"
	import shared-fosdem-room shared-fosdem-room \
		--timezone Europe/Brussels --room K.4.201 \
		"$shared/fosdem-2018-pentabarf.xml"
	import shared-pretalx shared-pretalx "$shared/pretalx-sample.xml"
	import shared-pretalx-room shared-pretalx-room \
		--room 'Great Auditorium' "$shared/pretalx-sample.xml"
	import shared-pretalx-json shared-pretalx-json \
		"$shared/pretalx-democon.json"
else
	echo "judges: $shared is missing: the shared schedules are not judged"
fi

# Media: slides, videos and recordings on talks and announcements.
build $later tests/media/good

# Every feature: Limit (archives), every facet, cancelled and moved
# talks, media enclosures, a tombstone after a deletion, the stylesheet.
all=$tmp/all
cp -r feeds/xen-fosdem-2017 "$all"
printf 'Limit: 2\nFacets: track room speaker category\nStylesheet: yes\nHub: https://hub.example.org/\n' \
	>>"$all/feed.conf"
sed -i -e '/^Announcement:/a Status: cancelled\nUpdated: 2017-02-02 10:00' \
	"$all/talks/live-patching.md"
sed -i -e '/^Announcement:/a Status: moved\nUpdated: 2017-02-02 11:00' \
	"$all/talks/hvm-like-dom0.md"
sed -i -e '/^Announcement:/a Slides: https://example.org/media/u.pdf application/pdf 1048576 "Slides"\nRecording: https://cdn.example.org/u.mp4 video/mp4 734003200 "Recording" lang=en' \
	"$all/talks/unikernel-clouds.md"
build $later "$all"
rm "$all/talks/mixed-license.md"
build $later "$all"
cat "$tmp/out/all"/*.rss | grep -q '<enclosure url="https://cdn.example.org/u.mp4"' ||
	fail "no enclosure"
grep -q 'at:deleted-entry' "$tmp/out/all/feed.atom" ||
	fail "no tombstone after the deletion"
ls "$tmp/out/all" | grep -q 'archive\|-[0-9]' ||
	ls "$tmp/out/all"/*/ >/dev/null 2>&1 || fail "no archive pages"

# Hostile sources.
$PYTHON tests/tools/conform_source.py "$tmp/conform"
build $later "$tmp/conform"
$PYTHON tests/tools/hostile_source.py "$tmp/hostile"
build $later "$tmp/hostile"

$PYTHON tests/tools/judges.py "$tmp/before" "$tmp/out" >"$tmp/verdict" ||
	{ cat "$tmp/verdict" >&2; fail "a judge refuses a document"; }
grep -q '^judged [0-9][0-9]* documents, 0 problems$' "$tmp/verdict" ||
	fail "judges: $(tail -1 "$tmp/verdict")"
pass
