#!/bin/sh
# shellcheck disable=SC2086
# crier serve in a browser: headless Chromium loads feed.atom and
# feed.rss from it and renders their stylesheet view as an HTML page, as
# it will from a host that serves feeds to browsers the same way.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
# CRIER may be a command with arguments (valgrind in front): unquoted.
CRIER=${CRIER:-$root/build/crier}
. tests/cli/lib.sh
browser=$(command -v chromium || command -v chromium-browser) ||
	skip "chromium is missing (scripts/setup installs it)"
command -v curl >/dev/null || skip "curl is missing"
unset SOURCE_DATE_EPOCH
src="$tmp/news"
$CRIER new --now 2026-12-05T18:00:00Z --title "News of Example" "$src" \
	>/dev/null || fail "crier new"

$CRIER serve --port 0 --now 2026-12-05T19:00:00Z "$src" \
	>"$tmp/serve.out" 2>"$tmp/stderr" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
while ! grep -q '^crier serve: http://' "$tmp/serve.out"; do
	i=$((i + 1))
	[ $i -lt 300 ] || fail "serve printed no URL in 30 s"
	sleep 0.1
done
url=$(sed -n 's|^crier serve: \(http://[^ ]*/\) .*|\1|p' "$tmp/serve.out")

# dump PATH: the DOM Chromium builds from PATH, in $tmp/dom.
dump() {
	timeout 60 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$tmp/chr" --dump-dom "$url$1" \
		>"$tmp/dom" 2>"$tmp/chr.log" || fail "chromium failed on $1"
}

for f in feed.atom feed.rss; do
	dump $f
	grep -q '<h1>News of Example</h1>' "$tmp/dom" ||
		fail "$f: no stylesheet view (the page's <h1>)"
	grep -q '<article>' "$tmp/dom" || fail "$f: no entries in the view"
	grep -q 'Our first talk' "$tmp/dom" || fail "$f: the talk is missing"
	grep -q '&lt;feed\|&lt;rss' "$tmp/dom" && fail "$f: shown as text"
done
kill -INT $pid
wait $pid
status=$?
expect_status 0
pass
