#!/bin/sh
# What a killed run left in the output directory and beside it is removed
# by the next run, whatever version of crier left it: temporary files
# named after a process id (the ledger's too: "..crier-published.crier-
# PID.tmp" used to survive every run) and staging directories.  Nothing
# else goes: names that only look alike, a live run's staging directory,
# and another source's outputs whose directory is named like a staging
# directory.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

ex=xen-fosdem-2017
now=2017-02-01T00:00:00Z
mkdir "$tmp/src"
cp -r feeds/$ex "$tmp/src/news"
cp -r feeds/$ex "$tmp/src/.news.crier-QQQQQQ"
sed -i 's/^Id: .*/Id: tag:example.org,2017:other/' "$tmp/src/.news.crier-QQQQQQ/feed.conf"
out="$tmp/out"
run $CRIER build --now $now -o "$out" "$tmp/src/news" "$tmp/src/.news.crier-QQQQQQ"
expect_status 0

dead=$(sh -c 'echo $$')
stale="$out/news/.feed.atom.crier-$dead.tmp $out/news/..crier-published.crier-$dead.tmp
$out/news/.index.html.crier-$$.tmp $out/news/.crier-AbC123 $out/.news.crier-XyZ789"
keep="$out/news/.crier-notes $out/news/.feed.atom.crier-abc.tmp
$out/news/notes.crier-123.tmp $out/news/.crier-AbC12 $out/.news.crier-Live01
$out/.other.crier-AbC123 $out/.news.crier-QQQQQQ/feed.atom"

plant() {
	for f in "$out/news/.feed.atom.crier-$dead.tmp" \
	    "$out/news/..crier-published.crier-$dead.tmp" \
	    "$out/news/.index.html.crier-$$.tmp" "$out/news/.crier-notes" \
	    "$out/news/.feed.atom.crier-abc.tmp" "$out/news/notes.crier-123.tmp"; do
		echo left >"$f"
	done
	mkdir -p "$out/news/.crier-AbC123" "$out/.news.crier-XyZ789" \
		"$out/news/.crier-AbC12" "$out/.other.crier-AbC123"
	echo left >"$out/news/.crier-AbC123/feed.atom"
	# The old set after a swap: the outputs and a link to the lock.
	cp "$out/news/feed.atom" "$out/.news.crier-XyZ789/"
	ln -f "$out/news/.crier.lock" "$out/.news.crier-XyZ789/.crier.lock"
}

mkdir "$out/.news.crier-Live01"
flock "$out/.news.crier-Live01" sleep 60 &
holder=$!
trap 'kill $holder 2>/dev/null; rm -rf "$tmp"' EXIT
sleep 0.2

# A build that changes nothing, then one that swaps in a new set.
for change in no yes; do
	plant
	[ $change = yes ] && sed -i 's/^Title: .*/&, moved/' "$tmp/src/news"/talks/*.md
	run $CRIER build --now $now -o "$out" "$tmp/src/news"
	expect_status 0
	expect_no_stderr
	for f in $stale; do
		[ -e "$f" ] && fail "left after a build (change: $change): $f"
	done
	for f in $keep; do
		[ -e "$f" ] || fail "removed (change: $change): $f"
	done
done
grep -q moved "$out/news/feed.atom" || fail "the new feed is not in place"
pass
