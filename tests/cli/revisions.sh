#!/bin/sh
# Talks marked moved or cancelled by hand after they were published: one
# build gives the feed one "Schedule update" entry, as an import of a
# revised schedule does, listing each talk with a link, and the moved
# one's old and new time.  The same revision gives the same entry in
# every later build; a later set of edits gives a second one; a revision
# dated after now waits; a revision the import announced gets no second
# entry; Schedule-Changes: no turns them off.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

ex=xen-fosdem-2017
src="$tmp/$ex"
cp -r feeds/$ex "$src"

# build NOW OUT: a clean build, valid Atom.
build() {
	run $CRIER build --now "$1" -o "$tmp/$2" "$src"
	expect_status 0
	expect_no_stderr
	expect_valid_atom "$tmp/$2/$ex/feed.atom"
}
# mark FILE STATUS UPDATED [FIELD...]: a hand edit of a talk.
mark() {
	f=$src/talks/$1.md
	sed -i "/^Announcement:/a Status: $2\\nUpdated: $3" "$f"
	shift 3
	for field; do
		case $field in
		Starts:*|Ends:*) sed -i "s/^${field%%:*}: .*/$field/" "$f" ;;
		*) sed -i "/^Announcement:/a $field" "$f" ;;
		esac
	done
}
# revisions OUT: the ids of the Schedule update entries in OUT's Atom feed.
revisions() {
	$PYTHON - "$tmp/$1/$ex/feed.atom" <<'PY'
import sys, feedparser
d = feedparser.parse(sys.argv[1])
for e in d.entries:
    if e.title.startswith("Schedule update"):
        print(e.id.rsplit("/", 1)[1])
PY
}

build 2017-02-01T00:00:00Z before

# One set of edits, at one time: a cancellation and a move.
mark live-patching cancelled '2017-02-02 10:00'
mark mixed-license moved '2017-02-02 10:00' \
	'Previous-Starts: 2017-02-04 11:35' 'Starts: 2017-02-05 10:00' \
	'Ends: 2017-02-05 10:25'
build 2017-02-03T00:00:00Z after
$PYTHON tests/tools/check_revisions.py "$tmp/before/$ex" "$tmp/after/$ex" \
	'Schedule update: 1 talk moved, 1 cancelled' \
	'Mixed License FOSS Projects: now Sunday 2017-02-05 10:00 (was Saturday 2017-02-04 11:35)' \
	'Live patching the Xen Project hypervisor, Saturday 2017-02-04 11:30' \
	>"$tmp/first" 2>"$tmp/stderr" || fail "the update readers see"
grep -qx "tag:xenproject.org,2017:fosdem/changes-20170202T090000Z" \
	"$tmp/first" || fail "the update's id: $(head -1 "$tmp/first")"
grep -q '<div class="entry" id="changes-20170202T090000Z">' \
	"$tmp/after/$ex/index.html" || fail "the page lacks the update"

# Built again a week later: the same entry, the same bytes.
build 2017-02-10T00:00:00Z later
cmp -s "$tmp/after/$ex/feed.atom" "$tmp/later/$ex/feed.atom" ||
	fail "the same revision gave another feed"

# A later edit is a second revision; the first stays as it was.
mark hvm-like-dom0 cancelled '2017-02-04 08:00'
build 2017-02-05T00:00:00Z second
[ "$(revisions second)" = "changes-20170204T070000Z
changes-20170202T090000Z" ] || fail "revisions: $(revisions second)"
$PYTHON tests/tools/check_revisions.py "$tmp/after/$ex" "$tmp/second/$ex" \
	'Schedule update: 1 cancelled' \
	'new hardware features, Saturday 2017-02-04 18:45' >/dev/null 2>"$tmp/stderr" ||
	fail "the second update"

# Dated after now, a revision waits, as a record dated so would.  (Files
# made long ago: a build with nothing changed may skip reading them.)
find "$src" -exec touch -d '2020-01-01 00:00' {} +
build 2017-02-04T06:00:00Z early
run $CRIER build -v --now 2017-02-04T06:30:00Z -o "$tmp/early" "$src"
grep -q "(nothing changed since the last build)" "$tmp/stderr" ||
	fail "a build with nothing changed did all the work"
[ "$(revisions early)" = changes-20170202T090000Z ] ||
	fail "a revision after now: $(revisions early)"
# Its time comes: the next build adds it, though no file changed.
build 2017-02-05T00:00:00Z early
[ "$(revisions early)" = "changes-20170204T070000Z
changes-20170202T090000Z" ] || fail "a revision that came due: $(revisions early)"

# A revision the import announced (its record is there) is not repeated.
printf 'Title: Schedule update: 1 cancelled\nPublished: 2017-02-04 08:00\n\nBy hand.\n' \
	>"$src/changes-20170204T070000Z.md"
build 2017-02-05T00:00:00Z announced
[ "$(revisions announced)" = "changes-20170204T070000Z
changes-20170202T090000Z" ] || fail "announced twice: $(revisions announced)"
rm "$src/changes-20170204T070000Z.md"

# Schedule-Changes: no: the talks are marked, no update is added.
echo 'Schedule-Changes: no' >>"$src/feed.conf"
build 2017-02-05T00:00:00Z off
[ -z "$(revisions off)" ] || fail "Schedule-Changes: no: $(revisions off)"
grep -q '<title>Cancelled: Live patching' "$tmp/off/$ex/feed.atom" ||
	fail "Schedule-Changes: no unmarked the talks"
pass
