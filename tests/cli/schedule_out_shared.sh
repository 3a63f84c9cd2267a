#!/bin/sh
# schedule.xml is valid against the c3voc schema (xmllint --schema
# ../shared/schemas/schedule.xml.xsd) for the bundled example, for
# imported schedules (schedule.json and Pentabarf, ours and the real
# ones in ../shared), and the real ones round-trip too.  The schema and
# samples are not copied into the project: without ../shared this test is
# skipped, saying so.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

XSD=../shared/schemas/schedule.xml.xsd
D=../shared/examples/schedules
[ -f $XSD ] && [ -d $D ] || skip "../shared is missing (CI has it)"

new_source() {
	mkdir -p "$1"
	printf 'Title: %s\nId: tag:example.org,2024:%s\nLink: https://example.org/\nBase: https://example.org/%s/\nAuthor: Nobody\nOutputs: atom json ics schedule\n' \
		"${1##*/}" "${1##*/}" "${1##*/}" >"$1/feed.conf"
}

# valid_and_back SOURCE NOW: schedule.xml validates; importing it into an
# empty source gives the same talks.
valid_and_back() {
	name=${1##*/}
	run $CRIER build --now "$2" -o "$tmp/out" "$1"
	expect_status 0
	xmllint --noout --schema $XSD "$tmp/out/$name/schedule.xml" \
		2>"$tmp/xsd" || fail "$name: $(cat "$tmp/xsd")"
	new_source "$tmp/back-$name"
	run $CRIER import-schedule --now 2000-01-01T00:00:00Z \
		-s "$tmp/back-$name" "$tmp/out/$name/schedule.xml"
	expect_status 0
	run $CRIER build --now "$2" -o "$tmp/out" "$tmp/back-$name"
	expect_status 0
	$PYTHON tests/tools/check_schedule_roundtrip.py "$tmp/out/$name" \
		"$tmp/out/back-$name" || fail "$name: the talks did not come back"
}

# A source with no talk yet still gets a schedule the schema accepts: an
# app that subscribed early keeps polling its address.
new_source "$tmp/empty"
run $CRIER build --now 2030-01-01T00:00:00Z -o "$tmp/out" "$tmp/empty"
expect_status 0
xmllint --noout --schema $XSD "$tmp/out/empty/schedule.xml" 2>"$tmp/xsd" ||
	fail "no talks: $(cat "$tmp/xsd")"

cp -r feeds/xen-fosdem-2017 "$tmp/example"
echo 'Outputs: atom rss json ics html schedule' >>"$tmp/example/feed.conf"
valid_and_back "$tmp/example" 2017-02-10T00:00:00Z

for s in tests/schedules/minicon.json tests/schedules/frab-media.xml \
	tests/schedules/fosdem-2018-pentabarf.xml $D/pretalx-democon.json \
	$D/frab-camp2019.json $D/pretalx-sample.xml; do
	name=$(basename "$s" | tr . -)
	new_source "$tmp/$name"
	run $CRIER import-schedule --now 2000-01-01T00:00:00Z \
		--timezone Europe/Brussels -s "$tmp/$name" "$s"
	expect_status 0
	valid_and_back "$tmp/$name" 2030-01-01T00:00:00Z
done
pass
