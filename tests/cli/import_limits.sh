#!/bin/sh
# shellcheck disable=SC2086
# import-schedule never writes a record that check would refuse: an
# event whose text, once escaped into Markdown, makes a record past a
# limit is refused, naming the event, and nothing is written; importing
# again does the same, and never adds a copy of the record.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
src=$tmp/src
feed_source "$src" Imported

# schedule FILE COUNT [fine]: one event whose abstract is COUNT times
# *_[`, each of which Markdown escapes; with "fine", after an event that
# makes a good record.
schedule() {
	$PYTHON - "$@" <<'EOF'
import sys
path, count = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<schedule>\n'
            '<conference><acronym>big</acronym><title>Big</title>'
            '<time_zone_name>Europe/Brussels</time_zone_name></conference>\n'
            '<day date="2017-02-04" index="1"><room name="K.1.105">\n')
    if len(sys.argv) > 3:
        f.write('<event id="6"><date>2017-02-04T09:00:00+01:00</date>'
                '<start>09:00</start><duration>00:25</duration>'
                '<slug>a-fine-talk</slug><title>A fine talk</title>'
                '<abstract>Short.</abstract></event>\n')
    f.write('<event id="7" guid="6d7f0c1e-0000-4000-8000-000000000007">'
            '<date>2017-02-04T10:00:00+01:00</date><start>10:00</start>'
            '<duration>00:25</duration><room>K.1.105</room>'
            '<slug>big</slug><title>Big abstract</title>'
            '<type>talk</type><abstract>')
    f.write("*_[`" * count)
    f.write('</abstract><persons><person id="1">Some Body</person>'
            '</persons></event>\n</room></day>\n</schedule>\n')
EOF
}

# Finding: a 9.6 MB abstract of *_[` escaped to a 19.2 MB record, past
# the 16 MiB limit, and each import (exit 0) added another copy.
schedule "$tmp/big.xml" 2400000
for attempt in 1 2; do
	run $CRIER import-schedule --now $now -s "$src" "$tmp/big.xml"
	expect_status 1
	expect_stderr "big.xml:5: error: event big/6d7f0c1e-0000-4000-8000-000000000007 is not imported: check would refuse its record: "
	[ -z "$(find "$src" -name '*.md')" ] || fail "attempt $attempt wrote a record"
done

# A good record goes nowhere either, nor the directory it would go in,
# when another is refused.
schedule "$tmp/two.xml" 2400000 fine
run $CRIER import-schedule --now $now -s "$src" "$tmp/two.xml"
expect_status 1
expect_stderr "two.xml:6: error: event big/6d7f0c1e-0000-4000-8000-000000000007 is not imported"
[ "$(cd "$src" && find . | sort | tr '\n' ' ')" = ". ./feed.conf " ] ||
	fail "a failed import left $(cd "$src" && find . | sort | tr '\n' ' ')"

# Smaller, but past the body's markup limit: refused the same way.
schedule "$tmp/markup.xml" 60000
run $CRIER import-schedule --now $now -s "$src" "$tmp/markup.xml"
expect_status 1
expect_stderr "is not imported: check would refuse its record: the body has more than 200000 lines and Markdown markup characters"
[ -z "$(find "$src" -name '*.md')" ] || fail "a refused record was written"

# Within the limits, the record is written, and check takes it.
schedule "$tmp/fine.xml" 1000
run $CRIER import-schedule --now $now -s "$src" "$tmp/fine.xml"
expect_status 0
run $CRIER check --now $now "$src"
expect_status 0
run $CRIER import-schedule --now $now -s "$src" "$tmp/fine.xml"
expect_status 0
[ "$(find "$src" -name '*.md' | wc -l)" = 1 ] || fail "a second copy"

# Finding: a record the import could not read (past the limit) was taken
# for someone else's, and the event written again as NAME-1.md on every
# run.  Such a record now stops the import, as it stops check.
rec=$(find "$src" -name '*.md')
$PYTHON -c 'import sys; sys.stdout.write(open(sys.argv[1]).read() + "x" * 17000000 + "\n")' \
	"$rec" >"$tmp/huge.md"
mv "$tmp/huge.md" "$rec"
run $CRIER import-schedule --now $now -s "$src" "$tmp/fine.xml"
expect_status 1
expect_stderr "error: file is larger than the limit of 16 MiB"
[ "$(find "$src" -name '*.md' | wc -l)" = 1 ] || fail "a copy was added"

# big FILE ORDER KIND: a schedule.xml past 64 MiB, most of it comments,
# with one event; ORDER "day-first" puts its <day> before the
# <conference>; KIND "text" makes the abstract one 11 MB text.
big() {
	$PYTHON - "$@" <<'EOF'
import sys
path, order, kind = sys.argv[1:4]
conf = ('<conference><acronym>huge</acronym><title>Huge</title>'
        '<time_zone_name>Europe/Brussels</time_zone_name></conference>\n')
abstract = "a" * 11000000 if kind == "text" else "Short."
day = ('<day date="2017-02-04" index="1"><room name="K.1.105">\n'
       '<event id="8"><date>2017-02-04T09:00:00+01:00</date>'
       '<start>09:00</start><duration>00:25</duration>'
       '<slug>huge</slug><title>A talk in a huge file</title>'
       '<abstract>' + abstract + '</abstract></event>\n</room></day>\n')
with open(path, "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<schedule>\n')
    f.write(day + conf if order == "day-first" else conf + day)
    for _ in range(66):
        f.write("<!-- " + "x" * (1 << 20) + " -->\n")
    f.write("</schedule>\n")
EOF
}

# A schedule.xml is read element by element: past 64 MiB, its events
# are still imported.
big "$tmp/huge.xml" conference-first short
src2=$tmp/src2
feed_source "$src2" Huge
run $CRIER import-schedule --now $now -s "$src2" "$tmp/huge.xml"
expect_status 0
[ -f "$src2/schedule/huge.md" ] ||
	fail "the event of a 66 MiB schedule.xml was not imported"

# One that needs its whole tree (the <day> before the <conference>) is
# read whole, and so still refused past 64 MiB.
big "$tmp/day-first.xml" day-first short
run $CRIER import-schedule --now $now -s "$src2" "$tmp/day-first.xml"
expect_status 1
expect_stderr "day-first.xml: error: file is larger than the limit of 64 MiB"

# libxml2 still refuses a single text over 10 MB, at its place.
big "$tmp/text.xml" conference-first text
run $CRIER import-schedule --now $now -s "$src2" "$tmp/text.xml"
expect_status 1
expect_stderr "text.xml:5:"
expect_stderr "error: malformed XML: xmlSAX2Characters: huge text node"

# A schedule.json is read whole (jansson cannot stream): refused past
# 64 MiB, before parsing.
$PYTHON -c 'import sys; open(sys.argv[1], "w").write("{" + " " * (65 << 20) + "}\n")' \
	"$tmp/huge.json"
run $CRIER import-schedule --now $now -s "$src2" "$tmp/huge.json"
expect_status 1
expect_stderr "huge.json: error: file is larger than the limit of 64 MiB"
[ "$(find "$src2" -name '*.md' | wc -l)" = 1 ] ||
	fail "a refused schedule wrote a record"

pass
