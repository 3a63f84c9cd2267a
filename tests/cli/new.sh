#!/bin/sh
# shellcheck disable=SC2086
# crier new: a source that checks clean and builds outputs every judge of
# the suite accepts, whose commented optional fields are valid too; and
# a directory that holds anything is refused, with nothing changed.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
# CRIER may be a command with arguments (valgrind in front): unquoted.
CRIER=${CRIER:-$root/build/crier}
. tests/cli/lib.sh
unset SOURCE_DATE_EPOCH
src="$tmp/sources/news"
mkdir "$tmp/sources"

run $CRIER new --now 2026-12-05T18:37:12Z "$src"
expect_status 0
expect_no_stderr
grep -q "^created $src: feed.conf welcome.md talks/first-talk.md" \
	"$tmp/stdout" || fail "new does not say what it created"
for f in feed.conf welcome.md talks/first-talk.md; do
	[ -s "$src/$f" ] || fail "new did not write $f"
done
grep -q '^Published: 2026-12-05T18:37:00' "$src/welcome.md" ||
	fail "the announcement is not published at --now"

# It checks clean (no diagnostics, nothing held back) and builds.
run $CRIER check --now 2026-12-05T19:00:00Z "$src"
expect_status 0
expect_no_stderr
[ -s "$tmp/stdout" ] && fail "check lists held records: $(cat "$tmp/stdout")"
run $CRIER build --now 2026-12-05T19:00:00Z -o "$tmp/out" "$src"
expect_status 0
expect_no_stderr
out="$tmp/out/news"
for f in feed.atom feed.rss feed.json talks.ics index.html feed.xsl; do
	[ -s "$out/$f" ] || fail "build did not write $f"
done
expect_valid_atom "$out/feed.atom"
$PYTHON tests/tools/check_atom.py "$out/feed.atom" "$src" >&2 ||
	fail "check_atom.py"
$PYTHON tests/tools/check_rss.py "$out/feed.rss" "$out/feed.atom" "$src" >&2 ||
	fail "check_rss.py"
$PYTHON tests/tools/check_json.py "$out/feed.json" "$out/feed.atom" "$src" \
	>&2 || fail "check_json.py"
$PYTHON tests/tools/check_ics.py "$out/talks.ics" "$src" >&2 ||
	fail "check_ics.py"
$PYTHON tests/tools/check_html.py "$out/index.html" "$src" >&2 ||
	fail "check_html.py"
[ "$(grep -c '<entry>' "$out/feed.atom")" = 2 ] ||
	fail "the feed does not hold the announcement and the talk"

# Every optional field of feed.conf, uncommented, is valid as written.
cp -R "$src" "$tmp/all"
sed 's/^# \([A-Z][A-Za-z-]*: \)/\1/' "$src/feed.conf" >"$tmp/all/feed.conf"
grep -q '^Upload: sftp://' "$tmp/all/feed.conf" || fail "no Upload example"
run $CRIER check --now 2026-12-05T19:00:00Z "$tmp/all"
expect_status 0
expect_no_stderr

# Options go into feed.conf; Id and Base derive from --link.
run $CRIER new --now @1800000000 --title "Xen at FOSDEM" \
	--link https://xenproject.org/ --author "Xen Project <a@b.org>" \
	--timezone Europe/Brussels "$tmp/xen"
expect_status 0
for l in "Title: Xen at FOSDEM" "Id: tag:xenproject.org,2027:xen" \
	"Base: https://xenproject.org/feeds/xen/" \
	"Author: Xen Project <a@b.org>" "Timezone: Europe/Brussels"; do
	grep -qxF "$l" "$tmp/xen/feed.conf" || fail "feed.conf lacks '$l'"
done

# Refusals change nothing: a directory with anything in it, a file, a
# value that would break its line, a link that is no URL.
snapshot() { (cd "$tmp" && find sources -exec ls -ld --time-style=+%s.%N {} +) ; }
echo "mine" >"$tmp/sources/notes.txt"
snapshot >"$tmp/before"
run $CRIER new "$tmp/sources"
expect_status 1
expect_stderr "$tmp/sources: error: exists and is not an empty directory: crier new never overwrites anything"
run $CRIER new "$src"
expect_status 1
run $CRIER new "$tmp/sources/notes.txt"
expect_status 1
expect_stderr "$tmp/sources/notes.txt: error: exists and is not an empty directory"
snapshot >"$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || fail "a refused crier new changed files"
[ "$(cat "$tmp/sources/notes.txt")" = mine ] || fail "notes.txt changed"
run $CRIER new --title "$(printf 'a\nId: x')" "$tmp/bad"
expect_status 1
expect_stderr "error: the Title given is empty or holds a line break"
[ -e "$tmp/bad" ] && fail "a refused crier new left $tmp/bad"
run $CRIER new --link not-a-url "$tmp/bad"
expect_status 1
expect_stderr "is not an absolute http or https URL"
[ -e "$tmp/bad" ] && fail "an invalid new source was left behind"
mkdir "$tmp/empty"
run $CRIER new "$tmp/empty"
expect_status 0
run $CRIER new --timezone Mars/Olympus "$tmp/mars"
expect_status 2
run $CRIER new
expect_status 2
run $CRIER new --tilte x "$tmp/t"
expect_status 2
expect_stderr "unknown option '--tilte'; did you mean '--title'?"
pass
