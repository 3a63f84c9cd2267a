#!/bin/sh
# Media on talks and announcements (Slides, Video, Recording, Attachment):
# a talk with slides, a video and two recordings passes every judge in
# every output (feedparser, the Atom schema, the JSON Feed checker,
# python3-icalendar, the page checker); RSS has exactly one enclosure, the
# first recording, with length and type; Atom, JSON Feed and the calendar
# list every file; "Recording: no" keeps recordings out; each bad value
# is an error at its position and nothing is written; import-schedule
# turns <attachments> into Attachment and <recording><optout> into
# "Recording: no", and importing again changes nothing.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2024-03-01T00:00:00Z
good=tests/media/good
run $CRIER check --now $now $good
expect_status 0
expect_no_stderr
run $CRIER build --now $now -o "$tmp/out" $good
expect_status 0
expect_no_stderr
o=$tmp/out/good
expect_valid_atom "$o/feed.atom"
$PYTHON tests/tools/check_atom.py $o/feed.atom $good || fail "check_atom"
$PYTHON tests/tools/check_rss.py $o/feed.rss $o/feed.atom $good || fail "check_rss"
$PYTHON tests/tools/check_json.py $o/feed.json $o/feed.atom $good || fail "check_json"
$PYTHON tests/tools/check_ics.py $o/talks.ics $good || fail "check_ics"
$PYTHON tests/tools/check_html.py $o/index.html $good || fail "check_html"

$PYTHON - "$o" <<'PY' || fail "media not as expected"
import json, sys, xml.etree.ElementTree as ET
import feedparser, icalendar
o = sys.argv[1]
bad = []
REC = "https://cdn.example.org/2024/hypervisor.mp4"
OPUS = "https://cdn.example.org/2024/hypervisor.opus"
ALL = [REC, OPUS, "https://video.example.org/hypervisor-trailer.webm",
       "https://example.org/media/hypervisor.pdf"]
OFF = "https://cdn.example.org/2024/off-the-record.mp4"

rss = feedparser.parse(o + "/feed.rss")
atom = feedparser.parse(o + "/feed.atom")
for f in (rss, atom):
    if f.bozo:
        bad.append("bozo: %s" % f.bozo_exception)
for item in ET.parse(o + "/feed.rss").getroot().iter("item"):
    encl = item.findall("enclosure")
    title = item.findtext("title")
    if len(encl) != 1:
        bad.append("RSS '%s': %d enclosures" % (title, len(encl)))
        continue
    e = encl[0]
    if not e.get("length", "").isdigit() or "/" not in e.get("type", ""):
        bad.append("RSS '%s': enclosure without length or type" % title)
    if title == "Inside the hypervisor" and (e.get("url"), e.get("length"),
            e.get("type")) != (REC, "734003200", "video/mp4"):
        bad.append("RSS: the primary enclosure is not the recording: %s"
                   % e.attrib)
    content = item.findtext("description") or ""
    if title == "Inside the hypervisor":
        for u in ALL[1:]:
            if u not in content:
                bad.append("RSS: %s is not in the content" % u)
by_title = {e.title: e for e in atom.entries}
hv = by_title["Inside the hypervisor"]
got = [(x.href, x.type, x.length) for x in hv.enclosures]
if [g[0] for g in got] != ALL or any(not g[1] or not g[2] for g in got):
    bad.append("Atom enclosures: %s" % got)
off = by_title["Off the record"]
if [x.href for x in off.enclosures] != [
        "https://example.org/media/off-the-record.odp"]:
    bad.append("Atom opt-out: %s" % off.enclosures)
items = {i["title"]: i for i in json.load(open(o + "/feed.json"))["items"]}
att = items["Inside the hypervisor"]["attachments"]
if [a["url"] for a in att] != ALL or att[0] != {
        "url": REC, "mime_type": "video/mp4", "title": "Recording",
        "size_in_bytes": 734003200}:
    bad.append("JSON attachments: %s" % att)
cal = icalendar.Calendar.from_ical(open(o + "/talks.ics", "rb").read())
for ev in cal.walk("VEVENT"):
    a = ev.get("ATTACH")
    a = [] if a is None else a if isinstance(a, list) else [a]
    if str(ev["SUMMARY"]) == "Inside the hypervisor":
        if [str(x) for x in a] != ALL or a[0].params["FMTTYPE"] != "video/mp4":
            bad.append("ICS ATTACH: %s" % a)
page = open(o + "/index.html", encoding="utf-8").read()
for u in ALL:
    if 'href="%s"' % u not in page:
        bad.append("page: no link to %s" % u)
for name in ("feed.atom", "feed.rss", "feed.json", "talks.ics", "index.html"):
    if OFF in open(o + "/" + name, encoding="utf-8").read():
        bad.append("%s lists an opted-out recording" % name)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY

# Every bad value, at its position; nothing written.
run $CRIER build --now $now -o "$tmp/bad-out" tests/media/bad
expect_status 1
[ ! -e "$tmp/bad-out/bad" ] || fail "a source with errors was built"
B=tests/media/bad/talk.md
for want in \
	"$B:6:9: error: '/media/slides.pdf' is not an absolute http or https URL" \
	"$B:7:8: error: 'ftp://example.org/talk.mp4' is not an absolute http or https URL" \
	"$B:8:41: error: 'movie' is not a media type" \
	"$B:9:41: error: 'vnd/mp4' is not a media type" \
	"$B:10:37: error: the media type is missing" \
	"$B:11:53: error: the length in bytes is missing" \
	"$B:12:55: error: '12kB' is not a length in bytes" \
	"$B:13:55: error: '-1' is not a length in bytes" \
	"$B:14:61: error: 'lang=english' is not lang= and a language tag" \
	"$B:15:61: error: 'extra' is neither a \"title\" nor lang=TAG"
do
	expect_stderr "$want"
done
[ "$(grep -c ': error: ' "$tmp/stderr")" = 10 ] || fail "not 10 errors"

# Import: <attachments> and <recording><optout>, XML and JSON.
mkdir -p "$tmp/imp"
cat >"$tmp/imp/feed.conf" <<EOF2
Title: Imported media
Id: tag:example.org,2024:imported-media
Link: https://example.org/
Base: https://example.org/imported-media/
Author: Example
EOF2
run $CRIER import-schedule --now 2024-06-01T00:00:00Z -s "$tmp/imp" \
	tests/schedules/frab-media.xml
expect_status 0
expect_no_stderr
r=$tmp/imp/schedule
grep -qxF 'Slides: https://camp.example.org/system/attachments/7/original/slides.pdf?1718000000 application/pdf 0 "Slides '"'final'"'"' \
	$r/mediacamp-7-recorded.md || fail "a relative attachment of type slides"
grep -qxF 'Attachment: https://papers.example.org/7.odp application/vnd.oasis.opendocument.presentation 0' \
	$r/mediacamp-7-recorded.md || fail "an untitled attachment"
grep -q 'javascript' $r/mediacamp-7-recorded.md && fail "a javascript: attachment"
grep -q '^Recording:' $r/mediacamp-7-recorded.md && fail "opt-out false became a field"
grep -qx 'Recording: no' $r/mediacamp-8-unrecorded.md || fail "no opt-out"
grep -q '\[Recording on the media site\](https://media.example.org/v/mediacamp-7)' \
	$r/mediacamp-7-recorded.md || fail "the links are gone"
run $CRIER import-schedule --now 2024-06-01T00:00:00Z -s "$tmp/imp" \
	tests/schedules/minicon.json
expect_status 0
grep -qxF 'Slides: https://minicon.example.org/system/attachments/101/slides.pdf application/pdf 0 "Slides"' \
	$r/minicon2024-101-opening.md || fail "a JSON attachment titled Slides"
grep -qx 'Recording: no' $r/minicon2024-101-opening.md || fail "do_not_record"
run $CRIER build --now 2024-07-01T00:00:00Z -o "$tmp/out" "$tmp/imp"
expect_status 0
expect_no_stderr
$PYTHON tests/tools/check_rss.py $tmp/out/imp/feed.rss $tmp/out/imp/feed.atom \
	"$tmp/imp" || fail "check_rss of imported media"
# Typed references (the c3voc schema's "type", frab's titles): slides and
# videos become Slides and Video, which readers get as enclosures of
# their own kind; a link to a page (not a file) stays a link in the body,
# a paper an Attachment.  Slides or Video added by hand stay.
run $CRIER import-schedule --now 2024-10-01T00:00:00Z -s "$tmp/imp" \
	tests/schedules/media-types.json
expect_status 0
expect_no_stderr
t=$r/typed2024-201-typed.md
[ "$(grep -E '^(Slides|Video|Attachment):' "$t" | cut -d' ' -f1-2)" = \
"Slides: https://typed.example.org/system/attachments/201/deck.odp
Slides: https://ada.example.org/typed.pdf
Video: https://typed.example.org/system/attachments/201/teaser.mp4
Video: https://typed.example.org/system/attachments/201/demo.mkv
Video: https://cdn.example.org/typed2024-201.webm
Attachment: https://typed.example.org/system/attachments/201/paper.pdf" ] ||
	fail "typed media: $(grep -E '^(Slides|Video|Attachment):' "$t")"
for page in media.example.org/v/typed2024-201 slides.example.org/ada/typed \
    ada.example.org/blog; do
	grep -q "](https://$page)" "$t" || fail "the link to $page left the body"
done
grep -q 'typed.pdf)\|webm)' "$t" && fail "a file is both media and a link"
sed -i 's|^Schedule-Id|Slides: https://ada.example.org/hand.pdf application/pdf 0\nSchedule-Id|' "$t"
sed 's/Slides, a video/Slides, one video/' tests/schedules/media-types.json \
	>"$tmp/typed.json"
run $CRIER import-schedule --now 2024-10-02T00:00:00Z -s "$tmp/imp" "$tmp/typed.json"
expect_status 0
grep -q '^changed .*typed2024-201-typed.md' "$tmp/stdout" || fail "not changed"
grep -q '^Slides: https://ada.example.org/hand.pdf ' "$t" ||
	fail "Slides added by hand were lost"
run $CRIER build --now 2024-12-01T00:00:00Z -o "$tmp/typed" "$tmp/imp"
expect_status 0
expect_no_stderr
$PYTHON - "$tmp/typed/imp/feed.atom" <<'EOF' || fail "the enclosures readers see"
import sys, feedparser
d = feedparser.parse(sys.argv[1])
assert not d.bozo, d.bozo_exception
e = [e for e in d.entries if e.id.endswith("typed2024-201-typed")][0]
got = sorted((l.type, l.href.rsplit("/", 1)[1]) for l in e.links
             if l.rel == "enclosure")
want = sorted([("application/vnd.oasis.opendocument.presentation",
                "deck.odp"), ("application/pdf", "typed.pdf"),
               ("application/pdf", "hand.pdf"), ("video/mp4", "teaser.mp4"),
               ("video/x-matroska", "demo.mkv"),
               ("video/webm", "typed2024-201.webm"),
               ("application/pdf", "paper.pdf")])
assert got == want, got
EOF
# A recording added by hand survives the next import that changes the talk.
sed -i 's|^Recording: no$|Recording: no\nRecording: https://cdn.example.org/8.mp4 video/mp4 1000|' \
	$r/mediacamp-8-unrecorded.md
sed 's|Not to be recorded.|Still not to be recorded.|; s|<title>An unrecorded|<title>The unrecorded|' \
	tests/schedules/frab-media.xml >"$tmp/moved.xml"
run $CRIER import-schedule --now 2024-06-02T00:00:00Z -s "$tmp/imp" "$tmp/moved.xml"
expect_status 0
grep -q '^changed .*mediacamp-8-unrecorded.md' "$tmp/stdout" || fail "not changed"
grep -qx 'Recording: https://cdn.example.org/8.mp4 video/mp4 1000' \
	$r/mediacamp-8-unrecorded.md || fail "a hand-added recording was lost"
before=$(cd "$tmp/imp" && find . -type f -exec cksum {} + | sort)
run $CRIER import-schedule --now 2024-06-03T00:00:00Z -s "$tmp/imp" "$tmp/moved.xml"
expect_status 0
[ ! -s "$tmp/stdout" ] || fail "a second import reported changes"
[ "$before" = "$(cd "$tmp/imp" && find . -type f -exec cksum {} + | sort)" ] ||
	fail "a second import changed files"
pass
