#!/bin/sh
# shellcheck disable=SC2086
# crier serve: each output with the content type a host should send, a
# record change visible within 2 s, the error page (FILE:LINE:COL) while
# a record is broken and recovery once it is fixed, a reload script in
# served pages only, and SIGINT ending it with status 0 and its temporary
# directory removed.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
# CRIER may be a command with arguments (valgrind in front): unquoted.
CRIER=${CRIER:-$root/build/crier}
. tests/cli/lib.sh
command -v curl >/dev/null || skip "curl is missing"
unset SOURCE_DATE_EPOCH
now=2026-12-05T19:00:00Z
src="$tmp/news"
$CRIER new --now 2026-12-05T18:00:00Z "$src" >/dev/null || fail "crier new"
mkdir "$tmp/t"

# Started on a free port (0), it prints its URL once it has built.
TMPDIR="$tmp/t" $CRIER serve --port 0 --now $now "$src" \
	>"$tmp/serve.out" 2>"$tmp/stderr" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
i=0
while ! grep -q '^crier serve: http://127.0.0.1:[0-9]*/' "$tmp/serve.out"; do
	i=$((i + 1))
	[ $i -lt 300 ] || fail "serve printed no URL in 30 s"
	kill -0 $pid 2>/dev/null || fail "serve exited"
	sleep 0.1
done
url=$(sed -n 's|^crier serve: \(http://[^ ]*/\) .*|\1|p' "$tmp/serve.out")
# (valgrind, when it runs crier, keeps files of its own there too)
[ -d "$(echo "$tmp"/t/crier-serve.*)" ] ||
	fail "no temporary directory in TMPDIR: $(ls "$tmp/t")"

# type PATH TYPE [ACCEPT]: PATH is served with status 200 and TYPE.
type() {
	got=$(curl -s -o "$tmp/body" -w '%{http_code} %{content_type}' \
		-H "Accept: ${3:-*/*}" "$url$1") || fail "curl $1"
	[ "$got" = "200 $2" ] || fail "$1: got '$got', expected '200 $2'"
}
type feed.atom application/atom+xml
type feed.rss application/rss+xml
type feed.json application/feed+json
type talks.ics "text/calendar; charset=utf-8"
type index.html "text/html; charset=utf-8"
type "" "text/html; charset=utf-8"
type feed.xsl application/xml
# A browser gets the feeds as XML, the type its stylesheet view needs.
type feed.atom application/xml "text/html,application/xhtml+xml,*/*;q=0.8"
type feed.rss application/xml "text/html,application/xhtml+xml,*/*;q=0.8"
curl -s -o /dev/null -w '%{http_code}' "${url}nothing.atom" | grep -qx 404 ||
	fail "a missing file is not 404"
curl -s --path-as-is -o /dev/null -w '%{http_code}' \
	"${url}%2e%2e/%2e%2e/etc/passwd" | grep -qx 404 ||
	fail "a path out of the site is not 404"
curl -s -o /dev/null -w '%{http_code}' "${url}.crier-published" |
	grep -qx 404 || fail "the ledger is served"

# The feed is the one crier build writes; the page only gains the script.
$CRIER build --now $now -o "$tmp/out" "$src" || fail "crier build"
curl -s "${url}feed.atom" | cmp -s - "$tmp/out/news/feed.atom" ||
	fail "the served feed.atom differs from the built one"
grep -q '<script' "$tmp/out/news/index.html" && fail "a built page has a script"
curl -s "$url" >"$tmp/page"
grep -q '/.crier/generation' "$tmp/page" || fail "no reload script served"
sed '/^<script>/,/^<\/script>$/d' "$tmp/page" |
	cmp -s - "$tmp/out/news/index.html" ||
	fail "the served page is more than the built one and its script"
gen=$(curl -s "${url}.crier/generation")

# wait_for TEXT PATH: PATH holds TEXT within 2 s; says how long it took.
wait_for() {
	start=$(date +%s%N)
	while ! curl -s "$url$2" | grep -q "$1"; do
		[ $(( $(date +%s%N) - start )) -lt 2000000000 ] ||
			fail "'$1' not in $2 within 2 s"
		sleep 0.02
	done
	echo "serve: $2 showed '$1' after $(( ($(date +%s%N) - start) / 1000000 )) ms"
}
sed 's/^Title: Welcome$/Title: Hello, subscribers/' "$src/welcome.md" \
	>"$tmp/w" && cat "$tmp/w" >"$src/welcome.md"
wait_for 'Hello, subscribers' feed.atom
[ "$(curl -s "${url}.crier/generation")" != "$gen" ] ||
	fail "the generation pages poll did not change"
mkdir "$src/later"
printf 'Title: Later\nPublished: 2026-12-05T18:30:00Z\n\nSoon.\n' \
	>"$src/later/soon.md"
wait_for '<title>Later</title>' feed.atom

# A broken record: every address shows its FILE:LINE:COL, then recovers.
printf 'Title: Broken\nPublished: yesterday\n\nOops.\n' >"$src/broken.md"
start=$(date +%s%N)
while ! curl -s "${url}feed.atom" | grep -q "$src/broken.md:2:12: error:"; do
	[ $(( $(date +%s%N) - start )) -lt 2000000000 ] ||
		fail "no error page within 2 s"
	sleep 0.02
done
got=$(curl -s -o "$tmp/body" -w '%{http_code} %{content_type}' "$url")
[ "$got" = "500 text/html; charset=utf-8" ] || fail "error page: '$got'"
grep -q "$src/broken.md:2:12: error: 'yesterday' is not a time" "$tmp/body" ||
	fail "the error page lacks the diagnostic"
grep -q '/.crier/generation' "$tmp/body" || fail "the error page never reloads"
grep -q 'Hello, subscribers' "$tmp/body" && fail "stale output with errors"
rm "$src/broken.md"
wait_for 'Hello, subscribers' feed.atom
type feed.atom application/atom+xml

# SIGINT: exit status 0, the temporary directory gone.
kill -INT $pid
wait $pid
status=$?
expect_status 0
[ -e "$(echo "$tmp"/t/crier-serve.*)" ] &&
	fail "the temporary directory is left: $(ls "$tmp/t")"
trap 'rm -rf "$tmp"' EXIT

# The command line: a bad port, a bad address, a port in use.
run $CRIER serve --port 70000 "$src"
expect_status 2
expect_stderr "crier serve: --port: '70000' is not a port (0 to 65535)"
run $CRIER serve --bind localhost "$src"
expect_status 2
expect_stderr "crier serve: --bind: 'localhost' is not an IPv4 or IPv6 address"
run $CRIER serve --prot 8080 "$src"
expect_status 2
expect_stderr "unknown option '--prot'; did you mean '--port'?"
pass
