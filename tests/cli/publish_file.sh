#!/bin/sh
# crier publish to file:// targets: byte-identical served files, no
# temporary names left, nothing sent when nothing changed (the served
# files keep their inode and mtime), --dry-run, --force, the Upload field,
# a failure half-way that keeps the state true, refused targets, and the
# WebSub ping to a real (tiny) hub on 127.0.0.1.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
hub_pid=
stop_hub() {
	[ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
	hub_pid=
}
trap 'stop_hub; rm -rf "$tmp"' EXIT

cp -r feeds/xen-fosdem-2017 "$tmp/xen"

# stats DIR: inode and mtime of every file, to tell whether one was replaced.
stats() {
	(cd "$1" && find . -type f -exec stat -c '%n %i %Y.%y' {} + | sort)
}

# served_like_built DIR: the served tree is the built one, byte for byte,
# with no temporary or state file in it.
served_like_built() {
	diff -r -x '.*' "$tmp/out/xen" "$1" >"$tmp/diff" ||
		fail "served files differ from the outputs: $(cat "$tmp/diff")"
	leftovers=$(find "$1" -name '.*')
	[ -z "$leftovers" ] || fail "left on the target: $leftovers"
}

# First publish: every output goes to URL/NAME/FILE, quietly.
run $CRIER publish --now $now -o "$tmp/out" --to "file://$tmp/www" "$tmp/xen"
expect_status 0
expect_no_stderr
[ ! -s "$tmp/stdout" ] || fail "publish printed on success: $(cat "$tmp/stdout")"
[ -s "$tmp/www/xen/feed.atom" ] || fail "feed.atom was not published"
served_like_built "$tmp/www/xen"

# Nothing changed: nothing is sent, so no served file is replaced.
before=$(stats "$tmp/www")
sleep 0.01
run $CRIER publish -vv --now $now -o "$tmp/out" --to "file://$tmp/www" "$tmp/xen"
expect_status 0
[ "$before" = "$(stats "$tmp/www")" ] || fail "an unchanged output was sent again"
grep -q 'unchanged: file://.*/www/xen/feed.atom' "$tmp/stderr" ||
	fail "-v does not say feed.atom is unchanged"
grep -q '^crier: sent' "$tmp/stderr" && fail "-v says something was sent"

# A new record: --dry-run lists what would go and sends nothing.
printf 'Title: Booth map\nPublished: 2017-01-31T10:00:00Z\n\nHall K.\n' \
	>"$tmp/xen/booth.md"
run $CRIER publish --dry-run --now $now -o "$tmp/out" \
	--to "file://$tmp/www" "$tmp/xen"
expect_status 0
grep -qx "would send $tmp/out/xen/feed.atom to file://$tmp/www/xen/feed.atom" \
	"$tmp/stdout" || fail "--dry-run does not list feed.atom"
[ "$before" = "$(stats "$tmp/www")" ] || fail "--dry-run sent something"

# Then the real run sends the change.
run $CRIER publish --now $now -o "$tmp/out" --to "file://$tmp/www" "$tmp/xen"
expect_status 0
grep -q '<title>Booth map</title>' "$tmp/www/xen/feed.atom" ||
	fail "the changed feed was not published"
served_like_built "$tmp/www/xen"

# --force sends everything again, even unchanged.
before=$(stats "$tmp/www")
run $CRIER publish --force --now $now -o "$tmp/out" \
	--to "file://$tmp/www" "$tmp/xen"
expect_status 0
[ "$before" != "$(stats "$tmp/www")" ] || fail "--force sent nothing"

# A file removed on the target is noticed (its validator is gone) and
# sent again.
rm "$tmp/www/xen/feed.atom"
run $CRIER publish --now $now -o "$tmp/out" --to "file://$tmp/www" "$tmp/xen"
expect_status 0
served_like_built "$tmp/www/xen"

# A temporary file left by a killed run is overwritten, never in the way.
echo partial >"$tmp/www/xen/.feed.atom.crier-tmp"
run $CRIER publish --force --now $now -o "$tmp/out" \
	--to "file://$tmp/www" "$tmp/xen"
expect_status 0
served_like_built "$tmp/www/xen"

# A failure half-way: the second output cannot be put in place (a
# directory stands in its way).  The first is sent and recorded, the run
# fails with one clear line, and the next run sends only the rest.
second=$(ls "$tmp/out/xen" | sort | sed -n 2p)
first=$(ls "$tmp/out/xen" | sort | sed -n 1p)
[ -n "$second" ] || fail "expected at least two outputs"
printf 'Title: Demo times\nPublished: 2017-01-31T11:00:00Z\n\nAt 12:00.\n' \
	>"$tmp/xen/demo.md"
rm "$tmp/www/xen/$second"
mkdir -p "$tmp/www/xen/$second/blocker"
run $CRIER publish --now $now -o "$tmp/out" --to "file://$tmp/www" "$tmp/xen"
expect_status 6
expect_stderr "$tmp/out/xen/$second: error: upload to file://$tmp/www/xen/$second failed: cannot put in place"
[ "$(grep -c error: "$tmp/stderr")" = 1 ] || fail "more than one error line"
cmp -s "$tmp/out/xen/$first" "$tmp/www/xen/$first" ||
	fail "the output before the failure was not sent"
rm -r "$tmp/www/xen/$second"
before=$(stats "$tmp/www" | grep " ./xen/$first ")
run $CRIER publish -vv --now $now -o "$tmp/out" --to "file://$tmp/www" "$tmp/xen"
expect_status 0
[ "$before" = "$(stats "$tmp/www" | grep " ./xen/$first ")" ] ||
	fail "the output sent before the failure was sent again"
grep -q "^crier: sent $tmp/out/xen/$second " "$tmp/stderr" ||
	fail "the output that failed was not sent by the next run"
served_like_built "$tmp/www/xen"

# Without --to, feed.conf's Upload names the directory the files go to.
cp -r "$tmp/xen" "$tmp/up"
printf 'Upload: file://%s/site/news/\n' "$tmp" >>"$tmp/up/feed.conf"
run $CRIER publish --now $now -o "$tmp/out" "$tmp/up"
expect_status 0
cmp "$tmp/out/up/feed.atom" "$tmp/site/news/feed.atom" ||
	fail "Upload: URL/FILE was not published"

# A source with neither is refused before anything is built.
cp -r feeds/xen-fosdem-2017 "$tmp/nowhere"
run $CRIER publish --now $now -o "$tmp/out" "$tmp/nowhere"
expect_status 6
expect_stderr "$tmp/nowhere/feed.conf: error: nowhere to publish"
[ ! -e "$tmp/out/nowhere" ] || fail "a source without a target was built"

# A password in Upload is an error pointing at netrc, and never shown.
cp -r feeds/xen-fosdem-2017 "$tmp/secret"
printf 'Upload: https://crier:hunter2@example.org/feeds/\n' \
	>>"$tmp/secret/feed.conf"
run $CRIER publish --now $now -o "$tmp/out" "$tmp/secret"
expect_status 1
expect_stderr "error: a password does not belong in the Upload URL: put it in ~/.netrc"
grep -q hunter2 "$tmp/stderr" "$tmp/stdout" && fail "the password was shown"
run $CRIER check --now $now "$tmp/secret"
expect_status 1

# So is an unknown scheme.
sed -i 's|^Upload: .*|Upload: gopher://example.org/|' "$tmp/secret/feed.conf"
run $CRIER check --now $now "$tmp/secret"
expect_status 1
expect_stderr "error: 'gopher://example.org/' is not an upload URL"

# On the command line, a password is a usage error, and never echoed.
run $CRIER publish --to https://crier:hunter2@example.org/ "$tmp/xen"
expect_status 2
grep -q hunter2 "$tmp/stderr" && fail "the password was echoed"
run $CRIER publish --to "ftp:/nohost" "$tmp/xen"
expect_status 2
run $CRIER build --to "file://$tmp/www" "$tmp/xen"
expect_status 2

# A target that cannot be a directory needs a person: exit 6.
echo "a file" >"$tmp/plain"
run $CRIER publish --now $now -o "$tmp/out" --to "file://$tmp/plain/sub" \
	"$tmp/xen"
expect_status 6
expect_stderr "$tmp/out/xen/$first: error: upload to file://$tmp/plain/sub/xen/$first failed: cannot create a directory for"

# WebSub: a hub on 127.0.0.1 hears of each changed feed once, and not of
# an unchanged one.
"$PYTHON" tests/servers/hub.py "$tmp/hub.log" "$tmp/hub.port" &
hub_pid=$!
tries=0
until [ -s "$tmp/hub.port" ]; do
	tries=$((tries + 1))
	[ $tries -lt 200 ] || fail "the test hub did not start"
	sleep 0.05
done
hub_port=$(cat "$tmp/hub.port")
cp -r feeds/xen-fosdem-2017 "$tmp/hubbed"
printf 'Hub: http://127.0.0.1:%s/hub\n' "$hub_port" >>"$tmp/hubbed/feed.conf"
run $CRIER publish --now $now -o "$tmp/out" --to "file://$tmp/www" \
	"$tmp/hubbed"
expect_status 0
expect_no_stderr
ping='application/x-www-form-urlencoded hub.mode=publish&hub.url=https%3A%2F%2Fxenproject.org%2Ffeeds%2Ffosdem%2Ffeed.atom'
[ "$(grep -cxF "$ping" "$tmp/hub.log")" = 1 ] ||
	fail "the hub did not hear of feed.atom once: $(cat "$tmp/hub.log")"
grep -q 'talks.ics\|index.html' "$tmp/hub.log" &&
	fail "the hub heard of a file that is not a feed"
pings=$(wc -l <"$tmp/hub.log")
run $CRIER publish --now $now -o "$tmp/out" --to "file://$tmp/www" \
	"$tmp/hubbed"
expect_status 0
[ "$(wc -l <"$tmp/hub.log")" = "$pings" ] ||
	fail "the hub heard of an unchanged feed"

# A dead hub is a warning; the publish still succeeds.
stop_hub
printf 'Title: Late news\nPublished: 2017-01-31T12:00:00Z\n\nx\n' \
	>"$tmp/hubbed/late.md"
run $CRIER publish --now $now -o "$tmp/out" --to "file://$tmp/www" \
	"$tmp/hubbed"
expect_status 0
expect_stderr "$tmp/out/hubbed/feed.atom: warning: WebSub hub http://127.0.0.1:$hub_port/hub was not told about https://xenproject.org/feeds/fosdem/feed.atom:"
grep -q '<title>Late news</title>' "$tmp/www/hubbed/feed.atom" ||
	fail "a dead hub held back the feed"

pass
