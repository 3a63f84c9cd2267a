#!/bin/sh
# crier build, RSS 2.0 (golden bytes and determinism: build.sh): what
# readers see (feedparser) compared with the Atom feed of the same build,
# for the example, hostile content, Limit, a hub and an empty feed;
# Outputs picks the files written.
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

# Readers see in the RSS what they see in the Atom feed.
$PYTHON tests/tools/check_rss.py "$tmp/out/$ex/feed.rss" \
	"$tmp/out/$ex/feed.atom" feeds/$ex || fail "RSS and Atom disagree"

# Hostile content, with a WebSub hub: the same text, exactly.  Relative
# links, which Atom readers resolve against xml:base, are made absolute.
$PYTHON tests/tools/hostile_source.py "$tmp/hostile"
printf 'Hub: https://hub.example.org/\n' >>"$tmp/hostile/feed.conf"
printf 'Title: Relative\nId: relative\nPublished: 2020-03-01T00:00:00Z\n\n%s\n' \
	'[Slides](slides/one.pdf), ![logo](/img/a.png), [top](#top).' \
	>"$tmp/hostile/relative.md"
run $CRIER build --now $later -o "$tmp/out" "$tmp/hostile"
expect_status 0
expect_no_stderr
$PYTHON tests/tools/check_rss.py "$tmp/out/hostile/feed.rss" \
	"$tmp/out/hostile/feed.atom" "$tmp/hostile" ||
	fail "RSS and Atom disagree on hostile content"
grep -q '<atom:link rel="hub" href="https://hub.example.org/"/>' \
	"$tmp/out/hostile/feed.rss" || fail "no hub link"
grep -q '<title>Fish &#x26; Chips &#x3C;b&#x3E;</title>' \
	"$tmp/out/hostile/feed.rss" || fail "a title is not written as text"
grep -q 'href="https://example.org/slides/one.pdf"' \
	"$tmp/out/hostile/feed.rss" || fail "a relative link is left relative"
$PYTHON tests/tools/no_raw_html.py "$tmp/out/hostile/feed.rss" ||
	fail "raw HTML from a body reached the RSS"

# Limit keeps the newest N, as in the Atom feed.
printf 'Limit: 3\n' >>"$tmp/hostile/feed.conf"
run $CRIER build --now $later -o "$tmp/limited" "$tmp/hostile"
expect_status 0
[ "$(grep -c '<item>' "$tmp/limited/hostile/feed.rss")" = 3 ] ||
	fail "Limit: 3 not applied"
$PYTHON tests/tools/check_rss.py "$tmp/limited/hostile/feed.rss" \
	"$tmp/limited/hostile/feed.atom" || fail "RSS and Atom disagree (Limit)"

# Before the announcement: an empty channel, still valid, with no dates.
run $CRIER build --now 2017-01-01T00:00:00Z -o "$tmp/early" feeds/$ex
expect_status 0
$PYTHON tests/tools/check_rss.py "$tmp/early/$ex/feed.rss" \
	"$tmp/early/$ex/feed.atom" || fail "the empty RSS feed is wrong"
grep -q '<item>' "$tmp/early/$ex/feed.rss" && fail "scheduled items published"

# Outputs picks the files; the others are not written.
cp -r feeds/$ex "$tmp/picked"
printf 'Outputs: rss\n' >>"$tmp/picked/feed.conf"
run $CRIER build --now $now -o "$tmp/o1" "$tmp/picked"
expect_status 0
# (Hidden files are build's own: its lock and ledger, not outputs.)
[ "$(ls "$tmp/o1/picked")" = feed.rss ] ||
	fail "Outputs: rss wrote $(ls -A "$tmp/o1/picked")"
sed -i 's/^Outputs: rss$/Outputs: atom, json/' "$tmp/picked/feed.conf"
run $CRIER build --now $now -o "$tmp/o2" "$tmp/picked"
expect_status 0
[ ! -e "$tmp/o2/picked/feed.rss" ] || fail "Outputs without rss wrote RSS"

pass
