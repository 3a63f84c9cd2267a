#!/bin/sh
# A record deleted after it was published leaves an RFC 6721 tombstone in
# the Atom feed for Tombstone-Days, then the tombstone goes; a record that
# comes back is an entry again.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

ex=xen-fosdem-2017
src="$tmp/$ex"
out="$tmp/out/$ex"
feed="$out/feed.atom"
uri='tag:xenproject.org,2017:fosdem/talks/unikernel-clouds'
cp -r feeds/$ex "$src"

build() {
	run $CRIER build --now "$1" -o "$tmp/out" "$src"
	expect_status 0
	expect_no_stderr
	expect_valid_atom "$feed"
}

# readers FEED COUNT: feedparser reads it cleanly with COUNT entries, none
# of them the deleted one.
readers() {
	$PYTHON - "$1" "$2" "$uri" <<'EOF' || fail "what readers see"
import sys, feedparser
d = feedparser.parse(sys.argv[1])
assert not d.bozo, d.bozo_exception
assert len(d.entries) == int(sys.argv[2]), len(d.entries)
assert sys.argv[3] not in [e.id for e in d.entries]
EOF
}

build 2017-02-01T00:00:00Z
cmp -s "$feed" tests/golden/$ex/feed.atom || fail "a first build is not the golden feed"
ls -a "$out" | grep -q '^\.crier-published$' || fail "no ledger"

# Deleted: a tombstone dated when the build first saw it gone, and the
# feed's updated time moves to it.
rm "$src/talks/unikernel-clouds.md"
build 2017-02-02T00:00:00Z
grep -q "<at:deleted-entry ref=\"$uri\" when=\"2017-02-02T00:00:00Z\"/>" "$feed" ||
	fail "no tombstone"
grep -q 'xmlns:at="http://purl.org/atompub/tombstones/1.0"' "$feed" ||
	fail "no tombstone namespace"
grep -q '^  <updated>2017-02-02T00:00:00Z</updated>' "$feed" ||
	fail "the feed's updated time did not move"
readers "$feed" 4

# Later builds keep it, with the same date, for 30 days by default.
build 2017-02-20T00:00:00Z
grep -q "when=\"2017-02-02T00:00:00Z\"" "$feed" || fail "the tombstone moved or went"
cp "$feed" "$tmp/kept.atom"
build 2017-02-21T00:00:00Z
cmp -s "$feed" "$tmp/kept.atom" || fail "an unchanged source gave other bytes"
build 2017-03-04T00:00:00Z
grep -q 'deleted-entry' "$feed" && fail "the tombstone outlived 30 days"
grep -q 'xmlns:at=' "$feed" && fail "a namespace with no tombstone"
readers "$feed" 4

# Tombstone-Days: 0 keeps none.
printf 'Tombstone-Days: 0\n' >>"$src/feed.conf"
rm "$src/talks/live-patching.md"
build 2017-03-05T00:00:00Z
grep -q 'deleted-entry' "$feed" && fail "a tombstone with Tombstone-Days: 0"

# A record that comes back is an entry, not a tombstone.
sed -i '/^Tombstone-Days/d' "$src/feed.conf"
cp feeds/$ex/talks/unikernel-clouds.md "$src/talks/"
rm "$src/talks/mixed-license.md"
build 2017-03-06T00:00:00Z
grep -c 'deleted-entry' "$feed" | grep -qx 1 || fail "not one tombstone"
grep -q 'ref="tag:xenproject.org,2017:fosdem/talks/mixed-license"' "$feed" ||
	fail "no tombstone for the second deletion"
grep -q "<id>$uri</id>" "$feed" || fail "the restored record is not an entry"

# An invalid Tombstone-Days is an error at its place.
printf 'Tombstone-Days: forever\n' >>"$src/feed.conf"
run $CRIER check "$src"
expect_status 1
expect_stderr "$src/feed.conf:"
expect_stderr "error: 'forever' is not a whole number of days"
pass
