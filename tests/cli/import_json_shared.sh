#!/bin/sh
# The real schedule.json samples in ../shared (pretalx's DemoCon, whose
# time_zone_name says UTC while its dates carry +01:00, and frab's Camp
# 2019) import with every event at the start and end the JSON gives, in
# the records and in talks.ics; importing again changes no byte.  They
# are not copied into the project (EUPL): without ../shared this test is
# skipped, saying so.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

D=../shared/examples/schedules
[ -f $D/pretalx-democon.json ] && [ -f $D/frab-camp2019.json ] ||
	skip "$D is missing (CI has it)"

listing() {
	(cd "$1" && find . -type f -exec cksum {} + | sort)
}

for name in pretalx-democon:36 frab-camp2019:79; do
	n=${name#*:} name=${name%:*}
	src=$tmp/$name
	mkdir -p "$src"
	printf 'Title: %s\nId: tag:example.org,2024:%s\nLink: https://example.org/\nBase: https://example.org/%s/\nAuthor: Example\n' \
		"$name" "$name" "$name" >"$src/feed.conf"
	run $CRIER import-schedule --now 2019-01-01T00:00:00Z -s "$src" \
		$D/$name.json
	expect_status 0
	expect_no_stderr
	[ "$(grep -c '^new ' "$tmp/stdout")" = "$n" ] || fail "$name: not $n new records"
	run $CRIER build --now 2021-01-01T00:00:00Z -o "$tmp/out" "$src"
	expect_status 0
	expect_no_stderr
	$PYTHON tests/tools/check_schedule_json.py $D/$name.json "$src" \
		"$tmp/out/$name/talks.ics" || fail "$name: talks at the wrong times"
	before=$(listing "$src")
	run $CRIER import-schedule --now 2019-02-01T00:00:00Z -s "$src" \
		$D/$name.json
	expect_status 0
	[ ! -s "$tmp/stdout" ] || fail "$name: a second import reported changes"
	[ "$before" = "$(listing "$src")" ] || fail "$name: a second import changed files"
done
# DemoCon's ends keep the +01:00 of its starts, not "UTC".
grep -q '^Ends: 2020-12-14T09:30:00+01:00' "$tmp"/pretalx-democon/schedule/*.md ||
	fail "DemoCon: an end lost its start's offset"
pass
