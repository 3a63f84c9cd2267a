#!/bin/sh
# Two sources whose outputs would go to one directory (a/news and b/news
# with one -o) are refused before anything is written: otherwise the
# second replaces the first and tombstones the first's entries.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

ex=xen-fosdem-2017
mkdir -p "$tmp/a" "$tmp/b"
cp -r feeds/$ex "$tmp/a/$ex"
cp -r feeds/$ex "$tmp/b/$ex"
sed -i 's/^Id: .*/Id: tag:example.org,2017:other/' "$tmp/b/$ex/feed.conf"
now=2017-02-01T00:00:00Z

for cmd in build publish; do
	to=; [ $cmd = publish ] && to="--to file://$tmp/site"
	run $CRIER $cmd --now $now -o "$tmp/out" $to \
		"$tmp/a/$ex" "$tmp/b/$ex/"
	expect_status 2
	expect_stderr "$tmp/b/$ex/: error: its outputs would go to $tmp/out/$ex, where those of $tmp/a/$ex go"
	[ "$(wc -l <"$tmp/stderr")" = 1 ] || fail "$cmd: more than one line"
	[ -e "$tmp/out" ] && fail "$cmd wrote something"
	[ -e "$tmp/site" ] && fail "$cmd published something"
done

# The same source twice is the same mistake.
run $CRIER build --now $now -o "$tmp/out" "$tmp/a/$ex" "$tmp/a/$ex"
expect_status 2
expect_stderr "$tmp/a/$ex: error: its outputs would go to $tmp/out/$ex"
[ -e "$tmp/out" ] && fail "build wrote something"

# Different names are fine together.
mv "$tmp/b/$ex" "$tmp/b/other"
run $CRIER build --now $now -o "$tmp/out" "$tmp/a/$ex" "$tmp/b/other"
expect_status 0
expect_no_stderr
grep -q deleted-entry "$tmp/out/$ex/feed.atom" "$tmp/out/other/feed.atom" &&
	fail "a tombstone"
pass
