#!/bin/sh
# Outputs: ... schedule writes schedule.xml: the published talks, frab
# dialect, with a guid and an id per talk that stay the same across
# builds; the page links it for discovery; and importing it into an
# empty source gives the same talks (titles, people, tracks, instants),
# for the bundled example, a schedule.json and a Pentabarf schedule.
# (Validation against the c3voc XSD: schedule_out_shared.sh.)
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

empty_source() {
	mkdir -p "$1"
	printf 'Title: Re-imported\nId: tag:example.org,2024:%s\nLink: https://example.org/\nBase: https://example.org/%s/\nAuthor: Nobody\n' \
		"${1##*/}" "${1##*/}" >"$1/feed.conf"
}

# round_trip SOURCE NOW: build SOURCE with schedule.xml, import that into
# an empty source, build it, compare the talks.
round_trip() {
	name=${1##*/}
	run $CRIER build --now "$2" -o "$tmp/out" "$1"
	expect_status 0
	[ -s "$tmp/out/$name/schedule.xml" ] || fail "$name: no schedule.xml"
	empty_source "$tmp/back-$name"
	run $CRIER import-schedule --now 2000-01-01T00:00:00Z \
		-s "$tmp/back-$name" "$tmp/out/$name/schedule.xml"
	expect_status 0
	run $CRIER build --now "$2" -o "$tmp/out" "$tmp/back-$name"
	expect_status 0
	$PYTHON tests/tools/check_schedule_roundtrip.py "$tmp/out/$name" \
		"$tmp/out/back-$name" || fail "$name: the talks did not come back"
}

# The bundled example.
cp -r feeds/xen-fosdem-2017 "$tmp/example"
echo 'Outputs: atom rss json ics html schedule' >>"$tmp/example/feed.conf"
round_trip "$tmp/example" 2017-02-10T00:00:00Z
o=$tmp/out/example
grep -q '<link rel="alternate" type="application/xml" title="Xen Project at FOSDEM (Schedule)" href="https://xenproject.org/feeds/fosdem/schedule.xml">' \
	$o/index.html || fail "the page does not link schedule.xml"
[ "$(grep -c '<event ' $o/schedule.xml)" = 4 ] || fail "not 4 events"

# Stable guids and ids: a later build, with a new talk, keeps them.
grep -o '<event id="[0-9]*" guid="[^"]*"' $o/schedule.xml | sort >"$tmp/ids1"
cat >"$tmp/example/talks/late.md" <<EOF2
Type: talk
Title: A late addition
Announcement: fosdem-2017
Starts: 2017-02-04 17:00
Duration: 20m
EOF2
run $CRIER build --now 2017-03-01T00:00:00Z -o "$tmp/out" "$tmp/example"
expect_status 0
grep -o '<event id="[0-9]*" guid="[^"]*"' $o/schedule.xml | sort >"$tmp/ids2"
[ "$(wc -l <"$tmp/ids2")" = 5 ] || fail "the new talk is missing"
[ -z "$(comm -23 "$tmp/ids1" "$tmp/ids2")" ] || fail "a guid or id changed"
grep -q 'guid="[0-9a-f]\{8\}-[0-9a-f]\{4\}-8[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}"' \
	$o/schedule.xml || fail "guids are not UUIDs"

# Without Outputs naming it, there is none.
run $CRIER build --now 2017-02-10T00:00:00Z -o "$tmp/plain" feeds/xen-fosdem-2017
[ ! -e "$tmp/plain/xen-fosdem-2017/schedule.xml" ] || fail "schedule.xml by default"

# Imported schedules: a schedule.json and a Pentabarf schedule.xml.
empty_source "$tmp/mini"
echo 'Outputs: atom json ics schedule' >>"$tmp/mini/feed.conf"
run $CRIER import-schedule --now 2024-10-01T00:00:00Z -s "$tmp/mini" \
	tests/schedules/minicon.json
expect_status 0
round_trip "$tmp/mini" 2024-11-01T00:00:00Z
empty_source "$tmp/fosdem"
echo 'Outputs: atom json ics schedule' >>"$tmp/fosdem/feed.conf"
run $CRIER import-schedule --now 2018-01-10T00:00:00Z \
	--timezone Europe/Brussels -s "$tmp/fosdem" \
	tests/schedules/fosdem-2018-pentabarf.xml
expect_status 0
round_trip "$tmp/fosdem" 2018-03-01T00:00:00Z
[ "$(grep -c '<event ' "$tmp/out/fosdem/schedule.xml")" = 102 ] ||
	fail "FOSDEM: not 102 events"
pass
