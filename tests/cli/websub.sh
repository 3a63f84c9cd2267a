#!/bin/sh
# WebSub: publish tells the hub of every document sent that names it (the
# facet feeds too, not only feed.atom, feed.rss and feed.json), and a ping
# the hub missed is kept in the publish state and sent again by the next
# publish, even when nothing changed, until the hub answers.  The hub is a
# real one on 127.0.0.1: down in the first run, up in the second.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

hub_pid=
stop_hub() {
	[ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
	hub_pid=
}
trap 'stop_hub; rm -rf "$tmp"' EXIT

now=2017-02-01T00:00:00Z
src="$tmp/hubbed"
base=https%3A%2F%2Fxenproject.org%2Ffeeds%2Ffosdem%2F
# A port nothing listens on yet: the hub is down.
port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
	fail "no free port"
cp -r feeds/xen-fosdem-2017 "$src"
printf 'Facets: category\nHub: http://127.0.0.1:%s/hub\n' "$port" >>"$src/feed.conf"

publish() {
	run $CRIER publish --now $now -o "$tmp/out" --to "file://$tmp/www" "$src"
	expect_status 0
}

# heard FILE...: the hub heard of exactly these documents, once each,
# since the log was last cleared.
heard() {
	for f in "$@"; do
		printf 'application/x-www-form-urlencoded hub.mode=publish&hub.url=%s%s\n' \
			"$base" "$f"
	done | sort >"$tmp/expected"
	sort "$tmp/hub.log" 2>/dev/null | cmp -s - "$tmp/expected" ||
		fail "the hub heard $(cat "$tmp/hub.log" 2>/dev/null), not $*"
	: >"$tmp/hub.log"
}

topics="feed.atom feed.rss feed.json category-events.atom category-events.rss
	category-fosdem.atom category-fosdem.rss"

# The hub is down: each document that names it is a warning; the
# outputs are published all the same.
publish
for f in $topics; do
	expect_stderr "$tmp/out/hubbed/$f: warning: WebSub hub http://127.0.0.1:$port/hub was not told about https://xenproject.org/feeds/fosdem/$f: "
done
[ "$(grep -c 'was not told' "$tmp/stderr")" = 7 ] ||
	fail "not one warning per document that names the hub"
expect_stderr "; the next publish tells it"
[ -f "$tmp/www/hubbed/category-fosdem.atom" ] || fail "nothing was published"

# The hub is up and nothing changed: it hears of every missed document.
"$PYTHON" tests/servers/hub.py "$tmp/hub.log" "$tmp/hub.port" "$port" &
hub_pid=$!
tries=0
until [ -s "$tmp/hub.port" ]; do
	tries=$((tries + 1))
	[ $tries -lt 200 ] || fail "the test hub did not start"
	sleep 0.05
done
: >"$tmp/hub.log"
publish
expect_no_stderr
# shellcheck disable=SC2086
heard $topics

# Nothing owed and nothing changed: nothing to say.
publish
expect_no_stderr
heard

# A new record in a new category: the hub hears of the documents that
# changed, the new facet feed among them, and not of the others.
printf 'Title: Late news\nPublished: 2017-01-31T12:00:00Z\nCategory: news\n\nx\n' \
	>"$src/late.md"
publish
expect_no_stderr
heard feed.atom feed.rss feed.json category-news.atom category-news.rss

# A hub that is named no more is owed nothing.
stop_hub
printf 'Title: Later news\nPublished: 2017-01-31T13:00:00Z\n\ny\n' \
	>"$src/later.md"
publish
[ "$(grep -c 'was not told' "$tmp/stderr")" = 3 ] ||
	fail "not one warning per changed feed"
sed -i '/^Hub:/d' "$src/feed.conf"
publish
expect_no_stderr
grep -q '^ping' "$tmp/out/hubbed/.publish-state" &&
	fail "pings kept for a hub no longer named"
pass
