#!/bin/sh
# crier build with nothing changed since the last build: it looks, says
# so with -v and writes nothing.  After each kind of change (a record's
# body, a header field, feed.conf, a record added, deleted, renamed, the
# clock passing an embargo or an expiry, an output edited or deleted) the
# output directory is byte for byte what a full build from the same
# earlier outputs gives.
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

# build [WHEN]: the incremental build, with -v.
build() {
	run $CRIER build -v --now "${1:-$now}" -o "$tmp/out" "$src"
	expect_status 0
}

# snapshot: what every file in the output directory is, inode and times.
snapshot() {
	ls -lai --time-style=full-iso "$out" | grep -v ' \.crier\.lock$'
}

# full [WHEN]: a full build from the outputs as they are now, into
# $tmp/full: a copy without the stamp.
prepare_full() {
	rm -rf "$tmp/full"
	cp -a "$tmp/out" "$tmp/full"
	rm -f "$tmp/full/records/.crier-stamp"
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

build
[ -s "$out/.crier-stamp" ] || fail "no stamp after a build"
grep -q 'notes.txt' "$tmp/stderr" || fail "the first build gives no warning"
nothing_changed "a build again"
# The warnings a full build gives, again.
expect_stderr "notes.txt"

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
