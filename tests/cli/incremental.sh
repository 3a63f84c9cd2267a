#!/bin/sh
# crier build with nothing changed since the last build: it looks, says
# so with -v and writes nothing.  With one record changed, it renders and
# writes only the documents that hold it.  After each kind of change (a
# record's body, a header field, feed.conf, a record added, deleted,
# renamed, the clock passing an embargo or an expiry, an output edited or
# deleted) the output directory is byte for byte what a full build from
# the same earlier outputs gives: the same build without the stamp and
# without what the last build read of the records (.crier-records), so
# every record is read.  (A build into an empty directory differs where
# the ledger matters: it has no tombstone for a record deleted.)
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2030-01-01T00:00:00Z
src="$tmp/corpus/records"
out="$tmp/out/records"

$PYTHON bench/gen.py 60 "$tmp/corpus" >/dev/null || fail "gen.py failed"
printf 'Limit: 10\nFacets: category\n' >>"$src/feed.conf"
# Held back until 2030-02-01, and one that expires then.
printf 'Title: Embargoed\nId: embargoed\nPublished: 2030-02-01T00:00:00Z\n\nSoon.\n' \
	>"$src/embargoed.md"
printf 'Title: Fleeting\nId: fleeting\nPublished: 2029-12-01T00:00:00Z\nExpires: 2030-03-01T00:00:00Z\n\nGone soon.\n' \
	>"$src/fleeting.md"
# A warning each build gives: a text file that looks like a record.
printf 'Title: Not a record\n' >"$src/notes.txt"
# Written an hour ago: a file changed just before a build is read again
# whatever its stat data say, and these are to come from the cache.
hour_ago=@$(($(date +%s) - 3600))
find "$src" -type f -exec touch -d "$hour_ago" {} +

# build [WHEN]: the incremental build, with -v.
build() {
	run $CRIER build -v --now "${1:-$now}" -o "$tmp/out" "$src"
	expect_status 0
}

# snapshot: what every file in the output directory is, inode and times.
snapshot() {
	ls -lai --time-style=full-iso "$out" | grep -v ' \.crier\.lock$' |
		grep -v '^total '
}

# full [WHEN]: a full build from the outputs as they are now, into
# $tmp/full: a copy without the stamp.
prepare_full() {
	rm -rf "$tmp/full"
	cp -a "$tmp/out" "$tmp/full"
	rm -f "$tmp/full/records/.crier-stamp" "$tmp/full/records/.crier-records"
}
full() {
	$CRIER build --now "${1:-$now}" -o "$tmp/full" "$src" \
		>/dev/null 2>"$tmp/full.stderr" || fail "the full build failed"
}

# same_as_full WHAT: the outputs are the full build's, file for file.
same_as_full() {
	for f in "$tmp/full/records"/* "$tmp/full/records/.crier-published"; do
		cmp -s "$f" "$out/$(basename "$f")" ||
			fail "$1: $(basename "$f") differs from a full build's"
	done
	for f in "$out"/*; do
		[ -e "$tmp/full/records/$(basename "$f")" ] ||
			fail "$1: $(basename "$f") is not in a full build"
	done
}

# nothing_changed WHAT [WHEN]: a build that finds nothing to do.
nothing_changed() {
	snapshot >"$tmp/before"
	build "${2:-}"
	grep -q 'nothing changed since the last build' "$tmp/stderr" ||
		fail "$1: -v does not say nothing changed"
	snapshot >"$tmp/after"
	cmp -s "$tmp/before" "$tmp/after" || fail "$1: files were written"
}

# changed WHAT [WHEN]: a build that must not skip, compared with a full one.
changed() {
	build "${2:-}"
	! grep -q 'nothing changed' "$tmp/stderr" ||
		fail "$1: a change was not seen"
	full "${2:-}"
	same_as_full "$1"
	nothing_changed "$1, built again" "${2:-}"
}

[ ! -e "$tmp/out" ] || fail "the output directory is there before the first build"
build
[ -s "$out/.crier-stamp" ] || fail "no stamp after a build"
# Even the first build, into a directory it made, keeps what it read.
[ -s "$out/.crier-records" ] || fail "no .crier-records after the first build"
grep -q 'notes.txt' "$tmp/stderr" || fail "the first build gives no warning"
nothing_changed "a build again"
# The warnings a full build gives, again.
expect_stderr "notes.txt"

# page_of ID: the archive page that holds record ID, without extension.
page_of() {
	basename "$(grep -l "$1</id>" "$out"/archive-*.atom)" .atom
}

# month_of ID: the month page that holds record ID.
month_of() {
	basename "$(grep -l "class=\"entry\" id=\"[^\"]*$1\"" "$out"/[0-9]*-[0-9]*.html)"
}

# One archived record's body changes: its archive page, its month's page,
# the feed and the facet feeds that hold it are written again, no other
# page.
page=$(page_of 000005)
[ -n "$page" ] || fail "000005 is on no archive page"
month=$(month_of 000005)
[ -n "$month" ] || fail "000005 is on no month page"
snapshot >"$tmp/one.before"
prepare_full
printf '\nA changed body.\n' >>"$src/000005.md"
changed "an archived record's body"
snapshot >"$tmp/one.after"
rewritten=$(diff "$tmp/one.before" "$tmp/one.after" | sed -n 's/^> .* //p' |
	grep -v '^\.crier-stamp$\|^\.crier-records$' | grep -v '^\.\.\{0,1\}$' |
	sort | tr '\n' ' ')
case $rewritten in
*"$page.atom $page.rss "*) ;;
*) fail "the page holding the record was not written: $rewritten" ;;
esac
case " $rewritten" in
*" $month "*) ;;
*) fail "$month, which holds the record, was not written: $rewritten" ;;
esac
for f in $rewritten; do
	case $f in
	feed.*|index.html|talks.ics|$page.*|$month|category-*) ;;
	*) fail "$f was written, yet does not hold the changed record" ;;
	esac
done

# The other pages are not even rendered: a page whose stamp line is made
# to match a planted copy keeps the copy.  (A page that is rendered and
# found to hold the same bytes is left alone too, so the files' times
# alone cannot tell.)
other=$(page_of 000018)
[ -n "$other" ] && [ "$other" != "$(page_of 000033)" ] ||
	fail "000018 and 000033 are not on two archive pages"
cp "$out/$other.atom" "$tmp/planted"
printf '<!-- planted -->\n' >>"$tmp/planted"
mv "$tmp/planted" "$out/$other.atom"
key=$(stat -c '%i %s %.9Y %.9Z' "$out/$other.atom" | tr -d .)
sed -i "s|^out [0-9]* [0-9]* [0-9]* [0-9]* \(- $other\.atom\)\$|out $key \1|" \
	"$out/.crier-stamp"
grep -q "^out $key - $other\.atom\$" "$out/.crier-stamp" ||
	fail "the stamp has no line for $other.atom"
printf '\nAnother body.\n' >>"$src/000033.md"
build
grep -q planted "$out/$other.atom" ||
	fail "$other.atom was rendered again, though its entries did not change"
rm "$out/.crier-stamp"
build

# A kept page is checked, not trusted: edited, it is written again.
prepare_full
printf '<!-- edited -->\n' >>"$out/$other.atom"
printf '\nA third body.\n' >>"$src/000033.md"
changed "a page edited, another record's body"

# Each kind of input changes.
prepare_full
sed -i 's/^Title: .*/Title: A new title/' "$src/000007.md"
changed "a header field"

prepare_full
printf '\nOne more paragraph.\n' >>"$src/000030.md"
changed "a body"

prepare_full
# The same size: the size does not tell, the times (or the hash) do.
sed -i 's/^\(Title: .\)./\1Z/' "$src/000041.md"
changed "a body of the same size"

prepare_full
# The same size and the same time: the change time tells.
sed -i 's/^\(Title: .\)./\1Y/' "$src/000042.md"
touch -d "$hour_ago" "$src/000042.md"
changed "a body of the same size, its time put back"

# What the last build read is checked, not trusted: cut short, it
# serves as far as it is whole.
[ -s "$out/.crier-records" ] || fail "no .crier-records after a build"
size=$(wc -c <"$out/.crier-records")
truncate -s $((size / 2)) "$out/.crier-records"
prepare_full
printf '\nAnd more.\n' >>"$src/000044.md"
changed "a record changed, the record cache cut short"

prepare_full
printf 'Subtitle: Another subtitle\n' >>"$src/feed.conf"
sed -i '/^Subtitle: Announcements/d' "$src/feed.conf"
changed "feed.conf"

prepare_full
printf 'Title: Added\nId: added\nPublished: 2029-12-31T00:00:00Z\nCategory: new\n\nNew.\n' \
	>"$src/added.md"
changed "a record added"

prepare_full
rm "$src/000012.md"
changed "a record deleted"

prepare_full
mkdir -p "$src/sub"
mv "$src/000013.md" "$src/sub/000013.md"
changed "a record renamed"

prepare_full
rm "$src/notes.txt"
changed "a file that only warned removed"

# The clock passes nothing: still nothing to do.
nothing_changed "later, before the embargo ends" 2030-01-20T00:00:00Z
# An earlier instant than the last build's: built.
prepare_full
changed "an earlier instant" 2029-12-31T12:00:00Z
prepare_full
changed "the embargo ending" 2030-02-01T00:00:00Z
prepare_full
changed "an expiry" 2030-03-01T00:00:01Z

# Outputs a user changed are put back.
prepare_full
rm "$out/archive-2.atom"
changed "an output deleted" 2030-03-01T00:00:01Z
prepare_full
printf '<!-- edited -->' >>"$out/feed.atom"
changed "an output edited" 2030-03-01T00:00:01Z
prepare_full
printf '%s\n' 'not a stamp' >"$out/.crier-stamp"
changed "a torn stamp" 2030-03-01T00:00:01Z

# Another crier program: built.
case $CRIER in
*" "*) ;;
*)
	cp "$CRIER" "$tmp/crier-copy"
	run "$tmp/crier-copy" build -v --now 2030-03-01T00:00:01Z -o "$tmp/out" "$src"
	expect_status 0
	! grep -q 'nothing changed' "$tmp/stderr" ||
		fail "another crier program trusted the stamp"
	;;
esac

pass
