#!/bin/sh
# A full disk: build and publish to file:// fail with exit 3 and 5, with
# one "cannot write" line per file that could not be written and nothing
# else (no "internal error" blaming the records, no libxml2 chatter), and
# every old file on disk and on the target stays as it was.  The same
# for a file size limit (EFBIG).  The full disk needs a small tmpfs, so
# root (CI runs as root).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

ex=xen-fosdem-2017
now=2017-02-01T00:00:00Z

# A file size limit (ulimit -f) is the same kind of failure: EFBIG, not
# a SIGXFSZ that kills the run half-way.
cp -r feeds/$ex "$tmp/limited"
run $CRIER build --now $now -o "$tmp/lim-out" "$tmp/limited"
expect_status 0
cp -r "$tmp/lim-out" "$tmp/lim-old"
sed -i 's/^Title: .*/&, moved/' "$tmp/limited"/talks/*.md
run sh -c 'ulimit -f 8 && exec "$@"' sh $CRIER build --now $now -o "$tmp/lim-out" "$tmp/limited"
expect_status 3
grep -v ': error: cannot write: File too large$' "$tmp/stderr" &&
	fail "lines other than 'cannot write' on stderr"
expect_stderr "$tmp/lim-out/limited/feed.atom: error: cannot write: File too large"
diff -r "$tmp/lim-old" "$tmp/lim-out" >/dev/null || fail "an old output changed"

[ "$(id -u)" = 0 ] || skip "mounting a tmpfs needs root"
disk="$tmp/disk"
mkdir "$disk"
mount -t tmpfs -o size=1m tmpfs "$disk" 2>"$tmp/stderr" ||
	skip "cannot mount a tmpfs: $(cat "$tmp/stderr")"
site="$tmp/site"
mkdir "$site"
mount -t tmpfs -o size=1m tmpfs "$site" || { umount "$disk"; fail "a second tmpfs"; }
trap 'umount "$disk" "$site"; rm -rf "$tmp"' EXIT

src="$tmp/$ex"
out="$disk/out"
cp -r feeds/$ex "$src"

run $CRIER build --now $now -o "$out" "$src"
expect_status 0
run $CRIER publish --now $now -o "$out" --to "file://$site" "$src"
expect_status 0
cp -r "$out" "$tmp/old-out"
cp -r "$site" "$tmp/old-site"

# Every output changes; then the disk fills up.
sed -i 's/^Title: .*/&, moved/' "$src"/talks/*.md
dd if=/dev/zero of="$disk/fill" bs=4096 2>/dev/null
run $CRIER build --now $now -o "$out" "$src"
expect_status 3
grep -v ': error: cannot write: No space left on device$' "$tmp/stderr" &&
	fail "lines other than 'cannot write' on stderr"
for f in feed.atom feed.rss feed.json talks.ics index.html; do
	n=$(grep -c "^$out/$ex/$f: error: cannot write" "$tmp/stderr")
	[ "$n" = 1 ] || fail "$n lines for $f"
done
diff -r "$tmp/old-out" "$out" >/dev/null || fail "an old output changed"

# Publishing onto a full disk: a line for each file, the old ones kept.
rm "$disk/fill"
dd if=/dev/zero of="$site/fill" bs=4096 2>/dev/null
run $CRIER publish --now $now -o "$out" --to "file://$site" "$src"
expect_status 5
grep -v 'No space left on device$' "$tmp/stderr" &&
	fail "lines other than 'No space left on device' on stderr"
rm "$site/fill"
diff -r "$tmp/old-site" "$site" >/dev/null || fail "a file on the target changed"
ls -a "$site/$ex" | grep crier && fail "a temporary file is left on the target"
pass
