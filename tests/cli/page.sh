#!/bin/sh
# The page and the calendars after a schedule revision.  A FOSDEM source
# with facets is imported, revised (a talk moved, one re-roomed, one
# dropped, one new) and built.  Every calendar, per talk and per facet,
# parses with python3-icalendar and holds the events of its feed; the
# page passes the HTML checks and, in headless Chromium at 400 and 1280
# pixels, is no wider than the window, every table cell inside it, the
# cancelled talk struck through under a badge and the moved one showing
# its old time.  Screenshots are kept in build/screenshots.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

FOSDEM=tests/schedules/fosdem-2018-pentabarf.xml
src=$tmp/fosdem
mkdir -p "$src"
printf '%s\n' 'Title: FOSDEM 2018 talks' 'Id: tag:example.org,2018:fosdem' \
	'Link: https://example.org/' 'Base: https://example.org/feeds/fosdem/' \
	'Author: Example Project' 'Timezone: Europe/Brussels' \
	'Facets: track room speaker' >"$src/feed.conf"
run $CRIER import-schedule --now 2018-01-10T00:00:00Z \
	--timezone Europe/Brussels -s "$src" $FOSDEM
expect_status 0
$PYTHON tests/tools/revise_schedule.py $FOSDEM "$tmp/rev.xml" 6611 6934 6508
run $CRIER import-schedule --now 2018-01-20T00:00:00Z \
	--timezone Europe/Brussels -s "$src" "$tmp/rev.xml"
expect_status 0
run $CRIER build --now 2018-01-21T00:00:00Z -o "$tmp/out" "$src"
expect_status 0
expect_no_stderr
out=$tmp/out/fosdem

# Calendars: one per talk, one per facet, all matching the feeds.
$PYTHON tests/tools/check_calendars.py "$out" >"$tmp/seen" ||
	fail "calendars: $(cat "$tmp/seen")"
grep -qx '103 events in talks.ics, 103 talk calendars, 121 facet calendars' \
	"$tmp/seen" || fail "calendars: $(cat "$tmp/seen")"
$PYTHON tests/tools/check_html.py "$out/index.html" "$src" >"$tmp/seen" ||
	fail "page: $(head -c 2000 "$tmp/seen")"

# The page in a real browser.  puppeteer-core drives the system's
# Chromium; it is installed here, outside the tree's sources, when missing.
npm_dir=build/npm
if [ ! -d "$npm_dir/node_modules/puppeteer-core" ]; then
	mkdir -p "$npm_dir"
	(cd "$npm_dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-save \
		--no-package-lock --silent puppeteer-core) >"$tmp/npm" 2>&1 ||
		fail "npm install puppeteer-core: $(tail -5 "$tmp/npm")"
fi
NODE_PATH=$npm_dir/node_modules timeout 180 node tests/browser/check_page.js \
	"$out/index.html" build/screenshots \
	schedule/debugging_tools_gdb_tools \
	schedule/debugging_tools_valgrind_regalloc >"$tmp/seen" 2>&1 ||
	fail "in Chromium: $(cat "$tmp/seen")"
pass
