#!/bin/sh
# crier build: index.html, the feed's page (golden bytes and determinism:
# build.sh).  libxml2's and python's HTML parsers, autodiscovery links
# that name the files really written, an anchor for every entry (where
# entries without a Link point), hostile text shown as text, and Limit.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
later=2030-01-01T00:00:00Z
page=xen-fosdem-2017/index.html

# The bundled example (its golden bytes and determinism: build.sh).
run $CRIER build --now $now -o "$tmp/out" feeds/xen-fosdem-2017
expect_status 0
expect_no_stderr

$PYTHON tests/tools/talk_source.py zones "$tmp/zones"
$PYTHON tests/tools/hostile_source.py "$tmp/hostile"
$PYTHON tests/tools/talk_source.py hostile "$tmp/hostile"
run $CRIER build --now $later -o "$tmp/out" "$tmp/zones" "$tmp/hostile"
expect_status 0
expect_no_stderr
for s in xen-fosdem-2017:feeds/xen-fosdem-2017 zones:"$tmp/zones" \
    hostile:"$tmp/hostile"; do
	f="$tmp/out/${s%%:*}/index.html"
	# libxml2's HTML parser has nothing to say about it.
	xmllint --html --noout "$f" 2>"$tmp/lint" || fail "xmllint failed on $f"
	[ ! -s "$tmp/lint" ] || fail "libxml2: $(head -5 "$tmp/lint")"
	$PYTHON tests/tools/check_html.py "$f" "${s#*:}" ||
		fail "the page of ${s%%:*} is wrong"
done

# Raw HTML in bodies is dropped, and markup in titles stays text.
grep -q '<iframe\|onclick\|<script' "$tmp/out/hostile/index.html" &&
	fail "raw HTML from a record reached the page"
grep -qF '&lt;script&gt;alert(' "$tmp/out/hostile/index.html" ||
	fail "a title with markup is not shown as text"

# Across a change of summer time the zone is named, so 01:30–03:30 reads
# as the hour it is; a time given with an offset shows the offset.
grep -qF '01:30–03:30 (Europe/Brussels)' "$tmp/out/zones/index.html" ||
	fail "the spring-change talk is not shown in its zone"
grep -qF '10:00–11:00 UTC-09:30' "$tmp/out/zones/index.html" ||
	fail "a talk given with an offset does not show it"

# Raw HTML (Allow-HTML) that leaves elements open or closes ones it never
# opened is balanced on the page, so the entries after it stay entries.
mkdir "$tmp/raw"
printf 'Title: Raw\nId: tag:example.org,2020:raw\nLink: https://example.org/\nBase: https://example.org/raw/\nAuthor: R\nAllow-HTML: yes\n' \
	>"$tmp/raw/feed.conf"
printf 'Title: One\nPublished: 2020-01-01T00:00:00Z\n\n<div class="x">\n\nnever closed </span> stray\n' \
	>"$tmp/raw/one.md"
printf 'Title: Two\nPublished: 2020-01-02T00:00:00Z\n\n<table><tr><td>cell\n' \
	>"$tmp/raw/two.md"
run $CRIER build --now $later -o "$tmp/out" "$tmp/raw"
expect_status 0
xmllint --html --noout "$tmp/out/raw/index.html" 2>"$tmp/lint" &&
	[ ! -s "$tmp/lint" ] || fail "libxml2: $(head -5 "$tmp/lint")"
$PYTHON tests/tools/check_html.py "$tmp/out/raw/index.html" "$tmp/raw" ||
	fail "raw HTML broke the page"
grep -q 'never closed' "$tmp/out/raw/index.html" || fail "raw HTML text lost"

# Every written output is offered, nothing else; with Outputs, fewer.
printf 'Outputs: html atom\n' >>"$tmp/zones/feed.conf"
run $CRIER build --now $later -o "$tmp/some" "$tmp/zones"
expect_status 0
[ "$(ls "$tmp/some/zones")" = "feed.atom
index.html" ] || fail "Outputs: html atom wrote $(ls "$tmp/some/zones")"
$PYTHON tests/tools/check_html.py "$tmp/some/zones/index.html" \
	"$tmp/zones" || fail "the page offers outputs that were not written"

# Limit cuts the page as it cuts the feeds: every record is on the page of
# its month, with its talks' calendars, and links there.
printf 'Limit: 3\n' >>"$tmp/hostile/feed.conf"
run $CRIER build --now $later -o "$tmp/limited" "$tmp/hostile"
expect_status 0
$PYTHON tests/tools/check_html.py "$tmp/limited/hostile/index.html" \
	"$tmp/hostile" || fail "the limited page is wrong"

# The checker catches a page that lost an anchor.
cp -r "$tmp/out/xen-fosdem-2017" "$tmp/bad"
sed 's/id="talks\/live-patching"//' "$tmp/out/$page" >"$tmp/bad/index.html"
$PYTHON tests/tools/check_html.py "$tmp/bad/index.html" \
	feeds/xen-fosdem-2017 >"$tmp/bad.out" &&
	fail "check_html.py missed a lost anchor"
grep -q 'talks/live-patching has no anchor' "$tmp/bad.out" ||
	fail "check_html.py: $(cat "$tmp/bad.out")"

pass
