#!/bin/sh
# crier build, JSON Feed 1.1 (golden bytes and determinism: build.sh):
# the rules of JSON Feed 1.1 member by member, and the same items as the
# Atom feed of the same build, with hostile text exactly as the records
# give it.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
later=2030-01-01T00:00:00Z
ex=xen-fosdem-2017

# The bundled example (its golden bytes and determinism: build.sh).
run $CRIER build --now $now -o "$tmp/out" feeds/$ex
expect_status 0
expect_no_stderr

$PYTHON tests/tools/check_json.py "$tmp/out/$ex/feed.json" \
	"$tmp/out/$ex/feed.atom" feeds/$ex || fail "the example's JSON Feed"

# Hostile content, with a hub and characters JSON and JavaScript must
# escape: every title and summary reads back exactly as its record.
$PYTHON tests/tools/hostile_source.py "$tmp/hostile"
printf 'Hub: https://hub.example.org/\n' >>"$tmp/hostile/feed.conf"
printf 'Title: back\\slash "q" \342\200\250 and \342\200\251 end\nId: js\nPublished: 2020-02-01T00:00:00Z\nSummary: tab\there\n\nx\n' \
	>"$tmp/hostile/js.md"
printf 'Title: Relative\nId: relative\nPublished: 2020-03-01T00:00:00Z\n\n%s\n' \
	'[Slides](slides/one.pdf), ![logo](/img/a.png), [top](#top).' \
	>"$tmp/hostile/relative.md"
run $CRIER build --now $later -o "$tmp/out" "$tmp/hostile"
expect_status 0
expect_no_stderr
$PYTHON tests/tools/check_json.py "$tmp/out/hostile/feed.json" \
	"$tmp/out/hostile/feed.atom" "$tmp/hostile" ||
	fail "JSON Feed and Atom disagree on hostile content"
grep -qF '"title": "back\\slash \"q\" \u2028 and \u2029 end",' \
	"$tmp/out/hostile/feed.json" || fail "a title is not escaped as JSON"
grep -qF '"summary": "tab\there",' "$tmp/out/hostile/feed.json" ||
	fail "a tab is not escaped"
grep -qF '"hubs": [' "$tmp/out/hostile/feed.json" || fail "no hubs"
grep -qF 'href=\"https://example.org/slides/one.pdf\"' \
	"$tmp/out/hostile/feed.json" || fail "a relative link is left relative"

# Limit keeps the newest N, as in the Atom feed.
printf 'Limit: 3\n' >>"$tmp/hostile/feed.conf"
run $CRIER build --now $later -o "$tmp/limited" "$tmp/hostile"
expect_status 0
$PYTHON tests/tools/check_json.py "$tmp/limited/hostile/feed.json" \
	"$tmp/limited/hostile/feed.atom" || fail "JSON Feed and Atom (Limit)"
[ "$(grep -c '^      "id": ' "$tmp/limited/hostile/feed.json")" = 3 ] ||
	fail "Limit: 3 not applied"

# Before the announcement: no items, still a valid JSON Feed.
run $CRIER build --now 2017-01-01T00:00:00Z -o "$tmp/early" feeds/$ex
expect_status 0
$PYTHON tests/tools/check_json.py "$tmp/early/$ex/feed.json" \
	"$tmp/early/$ex/feed.atom" || fail "the empty JSON Feed is wrong"
grep -q '"items": \[\]' "$tmp/early/$ex/feed.json" || fail "items not empty"

pass
