#!/bin/sh
# A source whose records all lie in the future: a warning says nothing
# is published yet and when the first record goes live; the empty feed's
# updated time is never the epoch nor after now, and stays the same
# within a day, so a cron job does not upload it every run.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

src=feeds/xen-fosdem-2017
for cmd in check "build -o $tmp/out"; do
	run $CRIER $cmd --now 2016-06-01T12:00:00Z $src
	expect_status 0
	expect_stderr "$src/feed.conf: warning: nothing is published yet: every record is held back; the first goes live at 2017-01-27T09:00:00Z"
done
grep -q '1970' "$tmp/out/xen-fosdem-2017/feed.atom" && fail "the epoch as updated"
grep -q '1970' "$tmp/out/xen-fosdem-2017/feed.rss" && fail "the epoch in RSS"
grep -q '<updated>2016-06-01T00:00:00Z</updated>' \
	"$tmp/out/xen-fosdem-2017/feed.atom" || fail "updated is not the day's start"
cp "$tmp/out/xen-fosdem-2017/feed.atom" "$tmp/first.atom"
run $CRIER build --now 2016-06-01T18:00:00Z -o "$tmp/out" $src
cmp -s "$tmp/first.atom" "$tmp/out/xen-fosdem-2017/feed.atom" ||
	fail "the empty feed changed within the day"
# Once a record is live there is no warning.
run $CRIER check --now 2017-02-01T00:00:00Z $src
expect_status 0
expect_no_stderr

pass
