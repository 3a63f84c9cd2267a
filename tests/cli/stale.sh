#!/bin/sh
# A document an earlier build wrote and a later one does not (a facet
# value whose last record was deleted, an archive page a larger Limit made
# needless, a deleted talk's calendar, an output dropped from Outputs) is
# written again valid and empty, with the tombstones in Atom, for
# Tombstone-Days; then it leaves the output directory, while the server
# keeps the empty version publish sent.  No document keeps a withdrawn
# entry at any step.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

src="$tmp/stale"
out="$tmp/out/stale"
www="$tmp/www"
tag='tag:example.org,2017:stale'
mkdir -p "$src" "$www"
cat >"$src/feed.conf" <<'CONF'
Title: Stale documents
Id: tag:example.org,2017:stale
Link: https://example.org/
Base: https://example.org/feeds/
Author: Example
Timezone: UTC
Facets: category track
Limit: 1
CONF
record() {  # record FILE DAY CATEGORY
	printf 'Title: News of day %s\nPublished: 2017-01-%s 10:00\nCategory: %s\n\nBody %s.\n' \
		"$2" "$2" "$3" "$2" >"$src/$1.md"
}
record rust 01 rust
record go 02 go
record go2 03 go
cat >"$src/talk.md" <<'REC'
Type: talk
Title: Kernel talk
Announcement: go2
Track: kernel
Starts: 2017-02-04 11:30
Ends: 2017-02-04 11:55

An abstract.
REC

build() {
	run $CRIER build --now "$1" -o "$tmp/out" "$src"
	expect_status 0
	expect_no_stderr
	for f in "$out"/*.atom; do
		expect_valid_atom "$f"
	done
}

# withdrawn ID...: no document in the output keeps any of them.
withdrawn() {
	"$PYTHON" tests/tools/check_withdrawn.py "$out" "$@" >"$tmp/counts" \
		2>"$tmp/stderr" || fail "a document keeps a withdrawn entry"
}

# count FILE N: FILE holds N entries (as check_withdrawn.py counted).
count() {
	grep -qx "$1 $2" "$tmp/counts" ||
		fail "$1 does not hold $2 entries: $(grep "^$1 " "$tmp/counts")"
}

build 2017-02-01T00:00:00Z
withdrawn
count category-rust.atom 1
count archive-3.atom 1
count talk-talk.ics 1
[ -f "$out/archive-4.atom" ] || fail "no empty archive page being filled"

# The only record of a category, and the talk, are deleted: their
# documents are emptied, the Atom ones telling readers what went.
rm "$src/rust.md" "$src/talk.md"
build 2017-02-02T00:00:00Z
withdrawn "$tag/rust" "$tag/talk"
for f in category-rust.atom category-rust.rss category-rust.ics \
    track-kernel.atom track-kernel.rss talk-talk.ics; do
	count "$f" 0
done
# The emptied calendars stay calendars: no event, and the one component
# (a VTIMEZONE) RFC 5545 requires, as a parser reads them.
"$PYTHON" - "$out/talk-talk.ics" "$out/category-rust.ics" <<'EOF' ||
import sys, icalendar
for path in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    names = [c.name for c in cal.subcomponents]
    assert names == ["VTIMEZONE"], (path, names)
EOF
	fail "an emptied calendar has no component"
grep -q "<at:deleted-entry ref=\"$tag/rust\" when=\"2017-02-02T00:00:00Z\"/>" \
	"$out/category-rust.atom" || fail "no tombstone in category-rust.atom"
grep -q "<at:deleted-entry ref=\"$tag/talk\"" "$out/track-kernel.atom" ||
	fail "no tombstone in track-kernel.atom"
grep -q '<updated>2017-02-02T00:00:00Z</updated>' "$out/category-rust.atom" ||
	fail "the emptied feed's updated time is not when it was emptied"
grep -q '<title>Stale documents — category rust</title>' \
	"$out/category-rust.atom" || fail "the emptied feed lost its title"
grep -q "<id>$tag/category:rust</id>" "$out/category-rust.atom" ||
	fail "the emptied feed lost its id"
# Two entries are left: one on the feed, one archived, one page filling.
count archive-4.atom 0
count archive-3.atom 0
count archive-2.atom 0

# The server gets the empty versions.
run $CRIER publish --now 2017-02-02T00:00:00Z -o "$tmp/out" \
	--to "file://$www" "$src"
expect_status 0
"$PYTHON" tests/tools/check_withdrawn.py "$www/stale" "$tag/rust" "$tag/talk" \
	>/dev/null 2>"$tmp/stderr" || fail "the server keeps a withdrawn entry"

# Nothing changed since: the same bytes.
(cd "$out" && cat *) >"$tmp/before"
build 2017-02-03T00:00:00Z
(cd "$out" && cat *) | cmp -s - "$tmp/before" ||
	fail "an unchanged source gave other bytes"

# A larger Limit needs no archive; dropped outputs are emptied too.
sed -i 's/^Limit: 1/Limit: 5/' "$src/feed.conf"
printf 'Outputs: atom ics html\n' >>"$src/feed.conf"
rm "$src/go2.md"
build 2017-02-04T00:00:00Z
withdrawn "$tag/rust" "$tag/talk" "$tag/go2"
count archive-1.atom 0
count archive-1.rss 0
count feed.rss 0
count feed.json 0
count feed.atom 1
count category-go.atom 1
# The facet feed that lost an entry but not its value says so too.
grep -q "<at:deleted-entry ref=\"$tag/go2\" when=\"2017-02-04T00:00:00Z\"/>" \
	"$out/category-go.atom" || fail "no tombstone in category-go.atom"

# A category that comes back is a feed again.
record rust 05 rust
build 2017-02-05T00:00:00Z
withdrawn "$tag/talk" "$tag/go2"
count category-rust.atom 1
grep -q "deleted-entry ref=\"$tag/rust\"" "$out/category-rust.atom" &&
	fail "a tombstone for a record that came back"

# After Tombstone-Days (30) the emptied files leave the output directory
# and the ledger; the server keeps the empty documents publish sent.
build 2017-03-07T00:00:00Z
withdrawn "$tag/talk" "$tag/go2"
for f in track-kernel.atom talk-talk.ics archive-1.atom feed.rss feed.json; do
	[ -e "$out/$f" ] && fail "$f outlived Tombstone-Days"
	grep -q "	$f	" "$out/.crier-published" &&
		fail "the ledger still names $f"
done
[ -f "$out/category-rust.atom" ] || fail "a live facet feed was removed"
[ -f "$www/stale/track-kernel.atom" ] ||
	fail "publish removed a file on the server"
pass
