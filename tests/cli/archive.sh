#!/bin/sh
# crier build with Limit: archive pages (RFC 5005).  1,000 announcements
# with Limit: 50: the feed holds 50, a reader paging back from it sees
# every entry exactly once, in Atom and in RSS; a new record changes the
# feed and the newest archive page only, also when that page fills up.
# The page holds 50 too, and every entry is on its month's page, where
# its link leads; a new record changes its month's page only, and the one
# before it when it starts a month.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2030-01-01T00:00:00Z
base=https://example.org/feeds/
src="$tmp/corpus/records"

$PYTHON bench/gen.py 1000 "$tmp/corpus" >/dev/null || fail "gen.py failed"
printf 'Limit: 50\n' >>"$src/feed.conf"

build() {
	run $CRIER build --now $now -o "$tmp/$1" "$src"
	expect_status 0
	expect_no_stderr
}

# check DIR: pages back through DIR's feeds and validates every page.
check() {
	for kind in atom rss; do
		$PYTHON tests/tools/check_archive.py "$tmp/$1/records" $base \
			$kind 50 "$src" >"$tmp/pages" ||
			fail "$1: paging back through the $kind archive"
	done
	for f in "$tmp/$1/records"/*.atom; do
		expect_valid_atom "$f"
	done
	$PYTHON tests/tools/check_months.py "$tmp/$1/records" $base 50 "$src" \
		>"$tmp/months" 2>&1 || fail "$1: $(cat "$tmp/months")"
}

# add ID DATE: a new announcement, published at DATE.
add() {
	printf 'Title: Added %s\nId: %s\nPublished: %s\n\nA new one.\n' \
		"$1" "$1" "$2" >"$src/$1.md"
}

# changed OLD NEW: the files that differ or are new, one per line.
changed() {
	for f in "$tmp/$2/records"/*; do
		name=$(basename "$f")
		cmp -s "$f" "$tmp/$1/records/$name" || echo "$name"
	done | sort | tr '\n' ' '
}

build one
check one
[ "$(ls "$tmp/one/records" | grep -c '^archive-.*\.atom$')" = 20 ] ||
	fail "950 archived entries should make 19 full pages and an empty 20th"
grep -q '<fh:archive/>' "$tmp/one/records/archive-1.atom" ||
	fail "an archive page lacks fh:archive"

# Identical input, identical bytes, every page.
build again
[ "$(changed one again)" = "" ] || fail "a second build differs"

# One more record: the feed and the newest page change, nothing else.
add added-1 2029-06-01T12:00:00Z
build two
check two
outputs='feed.atom feed.json feed.rss index.html'
last=$(ls "$tmp/one/records" | grep -E '^[0-9]{4}-[0-9]{2}\.html$' | tail -n 1)
[ "$last" != 2029-06.html ] || fail "the corpus reaches June 2029 already"
[ "$(changed one two)" = "$last 2029-06.html archive-20.atom archive-20.rss $outputs " ] ||
	fail "one new record changed: $(changed one two)"

# 49 more fill page 20: page 21 starts, empty, at once, so that page 20
# gets its next-archive link now and never changes again.
i=2
while [ $i -le 50 ]; do
	add added-$i 2029-06-02T12:$(printf %02d $i):00Z
	i=$((i + 1))
done
build three
check three
[ -f "$tmp/three/records/archive-21.atom" ] || fail "no page 21"
grep -q 'rel="next-archive".*archive-21.atom' \
	"$tmp/three/records/archive-20.atom" || fail "page 20 lacks next-archive"
add added-51 2029-06-03T12:00:00Z
build four
check four
[ "$(changed three four)" = "2029-06.html archive-21.atom archive-21.rss $outputs " ] ||
	fail "a record after a page filled changed: $(changed three four)"

# Publishing sends what changed: the feeds, the page, the newest archive
# and the month's page.
run $CRIER publish -v --now $now -o "$tmp/pub" --to "file://$tmp/site/" "$src"
expect_status 0
add added-52 2029-06-04T12:00:00Z
run $CRIER publish -v --now $now -o "$tmp/pub" --to "file://$tmp/site/" "$src"
expect_status 0
expect_stderr "records: 1052 entries, 7 written, 281 unchanged, 7 uploaded, 281 not sent"

# Without Limit, no archives and no archive links.
sed -i '/^Limit:/d' "$src/feed.conf"
build all
ls "$tmp/all/records" | grep -q archive && fail "archives without Limit"
grep -q 'archive' "$tmp/all/records/feed.atom" && fail "archive links without Limit"
pass
