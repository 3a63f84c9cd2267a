#!/bin/sh
# One mistake, one error, with the fix named; and no record dropped
# without a word: a README is documentation, a record renamed to .MD or
# .markdown is an error (a published one would be withdrawn), a .txt a
# warning.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-05T00:00:00Z
fresh() {
	rm -rf "$tmp/src"
	cp -R feeds/xen-fosdem-2017 "$tmp/src"
}
# expect_only LINE: stderr is exactly that one line.
expect_only() {
	[ "$(cat "$tmp/stderr")" = "$1" ] ||
		fail "expected only: $1"
}

# An unknown zone is one error, with the zone meant; the times read in it
# are not reported again.
fresh
sed -i 's|^Timezone: .*|Timezone: Europe/Brusels|' "$tmp/src/feed.conf"
run $CRIER check --now $now "$tmp/src"
expect_status 1
expect_only "$tmp/src/feed.conf:11:11: error: unknown time zone 'Europe/Brusels'; did you mean 'Europe/Brussels'?"

# A duplicate id is one error, not one more per talk of the announcement.
fresh
sed -i '1a Id: fosdem-2017' "$tmp/src/talks/live-patching.md"
run $CRIER check --now $now "$tmp/src"
expect_status 1
expect_only "$tmp/src/talks/live-patching.md:2:5: error: id 'fosdem-2017' is also used by $tmp/src/fosdem-2017.md:2"

# A misspelt field is the one error, not also "missing Title".
fresh
sed -i 's/^Title:/Titel:/' "$tmp/src/talks/live-patching.md"
run $CRIER check --now $now "$tmp/src"
expect_status 1
expect_only "$tmp/src/talks/live-patching.md:2:1: error: unknown field 'Titel'; did you mean 'Title'?"

# Did you mean: announcement ids, facets, outputs.
fresh
sed -i 's/^Announcement: fosdem-2017/Announcement: fosdem2017/' \
	"$tmp/src/talks/live-patching.md"
printf 'Facets: tracks\nOutputs: atom rs\n' >>"$tmp/src/feed.conf"
run $CRIER check --now $now "$tmp/src"
expect_status 1
expect_stderr "$tmp/src/talks/live-patching.md:3:15: error: no announcement has the id 'fosdem2017'; did you mean 'fosdem-2017'?"
expect_stderr "$tmp/src/feed.conf:12:9: error: unknown facet 'tracks'; did you mean 'track'?"
expect_stderr "$tmp/src/feed.conf:13:10: error: unknown output 'rs'; did you mean 'rss'?"
[ "$(wc -l <"$tmp/stderr")" = 3 ] || fail "more errors than mistakes"

# A README at the top is not a record; the same name below the top is.
fresh
printf '# About this source\n\nNot a record.\n' >"$tmp/src/README.md"
printf 'MIT\n' >"$tmp/src/LICENSE.md"
run $CRIER check --now $now "$tmp/src"
expect_status 0
expect_no_stderr
cp "$tmp/src/README.md" "$tmp/src/talks/README.md"
run $CRIER check --now $now "$tmp/src"
expect_status 1
expect_stderr "$tmp/src/talks/README.md:1:1: error:"

# A published record renamed to talk.MD: an error at check and build,
# and the entry is not withdrawn; .markdown likewise; .txt a warning.
fresh
run $CRIER build --now $now -o "$tmp/out" "$tmp/src"
expect_status 0
cp "$tmp/out/src/feed.atom" "$tmp/before.atom"
mv "$tmp/src/talks/live-patching.md" "$tmp/src/talks/live-patching.MD"
for cmd in check "build -o $tmp/out"; do
	run $CRIER $cmd --now $now "$tmp/src"
	expect_status 1
	expect_only "$tmp/src/talks/live-patching.MD: error: a record's name must end in .md (lower case): rename the file, or move it out of the source"
done
cmp -s "$tmp/before.atom" "$tmp/out/src/feed.atom" ||
	fail "a build with a misnamed record changed the feed"
grep -q 'deleted-entry' "$tmp/out/src/feed.atom" &&
	fail "a renamed record was withdrawn"
mv "$tmp/src/talks/live-patching.MD" "$tmp/src/talks/live-patching.markdown"
run $CRIER check --now $now "$tmp/src"
expect_status 1
expect_stderr "$tmp/src/talks/live-patching.markdown: error: a record's name must end in .md"
mv "$tmp/src/talks/live-patching.markdown" "$tmp/src/talks/live-patching.md"
printf 'notes\n' >"$tmp/src/talks/notes.txt"
run $CRIER build --now $now -o "$tmp/out" "$tmp/src"
expect_status 0
expect_only "$tmp/src/talks/notes.txt: warning: not read: records are *.md files; rename it if it is one"

pass
