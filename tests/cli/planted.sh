#!/bin/sh
# Whoever can write to the output directory or to a file:// target must
# not make crier write anywhere else: symlinks planted under the names of
# the outputs, of the ledger and of any temporary file crier ever used
# are replaced or removed, never written through or read.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

ex=xen-fosdem-2017
src="$tmp/$ex"
out="$tmp/out/$ex"
site="$tmp/site"
cp -r feeds/$ex "$src"
now=2017-02-01T00:00:00Z
echo precious >"$tmp/victim"
printf 'secret-line-1\nsecret-line-2\n' >"$tmp/secret"

run $CRIER publish --now $now -o "$tmp/out" --to "file://$site" "$src"
expect_status 0

# The ledger's lines become tombstones in the feed: a symlink to a
# private file is refused, not read into feed.atom.
mv "$out/.crier-published" "$tmp/ledger"
ln -s "$tmp/secret" "$out/.crier-published"
sed -i 's/^Title: .*/&, moved/' "$src"/talks/*.md
run $CRIER build --now $now -o "$tmp/out" "$src"
expect_status 3
expect_stderr "$out/.crier-published: error: cannot read:"
grep -q secret-line "$out"/* && fail "the secret reached an output"
rm "$out/.crier-published"
mv "$tmp/ledger" "$out/.crier-published"

# Symlinks under the outputs' names and under every temporary name that
# crier used before, for the process ids the next runs are likely to get
# (crier once spared its own id's names from its sweep, then wrote
# through them).
plant() {
	last=$(cat /proc/sys/kernel/ns_last_pid 2>/dev/null || echo 1000)
	for f in feed.atom feed.rss feed.json talks.ics index.html .crier-published; do
		pid=$last
		while [ $pid -lt $((last + 40)) ]; do
			ln -s "$tmp/victim" "$1/.$f.crier-$pid.tmp"
			pid=$((pid + 1))
		done
		ln -s "$tmp/victim" "$1/.$f.crier-tmp"
	done
}
for f in feed.atom index.html; do
	rm "$out/$f"
	ln -s "$tmp/victim" "$out/$f"
done
plant "$out"
run $CRIER build --now $now -o "$tmp/out" "$src"
expect_status 0
expect_no_stderr
[ "$(cat "$tmp/victim")" = precious ] || fail "build wrote through a symlink"
for f in feed.atom index.html; do
	[ -f "$out/$f" ] && [ ! -L "$out/$f" ] || fail "$f is still a symlink"
done
grep -q moved "$out/feed.atom" || fail "the new feed is not in place"
ls -a "$out" | grep -q '\.tmp$' && fail "old temporary names left: $(ls -a "$out" | grep '\.tmp$' | head -3)"

# The same on the file:// target, whose temporary name used to be fixed.
for f in feed.atom feed.rss; do
	rm "$site/$ex/$f"
	ln -s "$tmp/victim" "$site/$ex/$f"
done
plant "$site/$ex"
run $CRIER publish --now $now -o "$tmp/out" --to "file://$site" "$src"
expect_status 0
[ "$(cat "$tmp/victim")" = precious ] || fail "publish wrote through a symlink"
for f in feed.atom feed.rss feed.json talks.ics index.html; do
	[ -f "$site/$ex/$f" ] && [ ! -L "$site/$ex/$f" ] || fail "$f on the target is a symlink"
	cmp -s "$out/$f" "$site/$ex/$f" || fail "$f on the target is not the one built"
done
for f in feed.atom feed.rss; do
	[ -L "$site/$ex/.$f.crier-tmp" ] && fail "the old temporary name of $f is left"
done

# A FIFO as the publish state neither blocks publish nor is read: the
# state is ignored, with a warning, and replaced.
rm "$out/.publish-state"
mkfifo "$out/.publish-state"
run timeout 60 $CRIER publish --now $now -o "$tmp/out" --to "file://$site" "$src"
expect_status 0
expect_stderr "publish state ignored"
[ -f "$out/.publish-state" ] && [ ! -p "$out/.publish-state" ] ||
	fail "the publish state was not replaced"

pass
