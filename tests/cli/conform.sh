#!/bin/sh
# crier build: the conformance defects feed validators and readers found,
# one record each (tests/tools/conform_source.py), and what every output
# must then hold.  Numbers are the defect classes of that script.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

later=2030-01-01T00:00:00Z
$PYTHON tests/tools/conform_source.py "$tmp/src"
run $CRIER build --now $later -o "$tmp/out" "$tmp/src"
expect_status 0
out=$tmp/out/src

# 1. No xml:base anywhere, and every link in the Atom feed absolute.
grep -q 'xml:base' "$out/feed.atom" && fail "the Atom feed has xml:base"
$PYTHON - "$out/feed.atom" <<'PY' || fail "a relative link in the Atom feed"
import re, sys, html
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(sys.argv[1]).getroot()
urls = [l.get("href") for l in root.iter(A + "link")]
for c in root.iter(A + "content"):
    urls += [html.unescape(u) for u in re.findall(r'(?:href|src)="([^"]*)"', c.text or "")]
bad = [u for u in urls if not re.match(r"https?://[^/]", u or "")]
bad and print("\n".join(map(str, bad)))
sys.exit(1 if bad else 0)
PY

# 3. A talk without Room or Location has no LOCATION (it used to repeat
# the DESCRIPTION); a single moment has no DTEND and no ev:enddate.
$PYTHON - "$out/talks.ics" <<'PY' || fail "talks.ics: location or end"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = {str(e["UID"]).rsplit("/", 1)[1]: e for e in cal.walk("VEVENT")}
bad = []
if "LOCATION" in ev["roomless"]:
    bad.append("roomless has LOCATION %r" % str(ev["roomless"]["LOCATION"]))
if "DTEND" in ev["event"] or "DURATION" in ev["event"]:
    bad.append("the single moment has an end")
if "DTEND" not in ev["roomless"]:
    bad.append("the talk lost its end")
bad and print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
for f in feed.atom feed.rss; do
	grep -A3 '<ev:startdate>2020-02-01T10:00:00+01:00' "$out/$f" |
		grep -q 'ev:enddate' && fail "$f: a single moment has an enddate"
done
grep -q '"enddate": "2020-02-01T10:00:00+01:00"' "$out/feed.json" &&
	fail "feed.json: a single moment has an enddate"

# 4. An empty body gives no blank content: Atom has a summary instead
# (the alternate link is there), RSS no blank description, JSON Feed
# content_text.
grep -q '<content type="html"></content>\|<content type="html"/>' \
	"$out/feed.atom" && fail "the Atom feed has a blank content"
grep -q '<description></description>\|<description/>\|<content:encoded></content:encoded>\|<content:encoded/>' \
	"$out/feed.rss" && fail "the RSS feed has a blank element"
$PYTHON - "$out/feed.atom" "$out/feed.json" <<'PY' || fail "empty bodies"
import json, sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
bad = []
for e in ET.parse(sys.argv[1]).getroot().iter(A + "entry"):
    if e.find(A + "content") is None:
        if e.find(A + "summary") is None or e.find(A + "link[@rel='alternate']") is None:
            bad.append("an entry without content lacks summary or alternate")
items = {i["id"].rsplit("/", 1)[1]: i for i in json.load(open(sys.argv[2]))["items"]}
if items["empty"].get("content_text") != "Only a summary" or "content_html" in items["empty"]:
    bad.append("JSON: empty: %r" % items["empty"])
if items["empty-linked"].get("content_text") != "Nothing to say, but a link":
    bad.append("JSON: empty-linked: %r" % items["empty-linked"])
bad and print("\n".join(bad))
sys.exit(1 if bad else 0)
PY

# 5. Links and images the sanitiser drops leave their text, not an empty
# address that readers resolve to the page itself.
for f in feed.atom feed.rss feed.json index.html; do
	grep -q 'href=\(&quot;\|\\\?"\)\(&quot;\|\\\?"\)\|src=\(&quot;\|\\\?"\)\(&quot;\|\\\?"\)' \
		"$out/$f" && fail "$f: an empty href or src"
	grep -q 'javascript\|vbscript\|file:' "$out/$f" && fail "$f: a dropped address"
done
grep -q 'A script, a vb, a file,' "$out/feed.json" || fail "link text lost"

# 6. IRIs are written as URIs: IDNA hosts, percent-encoded UTF-8.
$PYTHON -c 'import sys; sys.stdout.write(open(sys.argv[1]).read().replace("\r\n ", ""))' \
	"$out/talks.ics" >"$out/talks.unfolded"
for f in feed.atom feed.rss feed.json talks.unfolded index.html; do
	grep -q 'https://xn--bcher-kva.example/stra%C3%9Fe/%C3%A4?q=%C3%BC#frag' \
		"$out/$f" || fail "$f: the Link is not a URI"
	grep -q 'bücher' "$out/$f" && fail "$f: an IRI is written as it is"
done
grep -q 'https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9' "$out/feed.atom" ||
	fail "a body link's host is not in IDNA form"
# An IPv6 host keeps its brackets, which a path or query may not hold
# (the validator's InvalidUriChar); a media URL is a URI too.
for f in feed.atom feed.rss feed.json; do
	grep -q 'https://\[2001:db8::1\]:8443/list%5B1%5D?a%5B%5D=b' "$out/$f" ||
		fail "$f: brackets outside the host are not percent-encoded"
	grep -q 'https://xn--bcher-kva.example/folien/%C3%A4.pdf' "$out/$f" ||
		fail "$f: the media URL is not a URI"
done

# 7. RSS dates in GMT, the instant kept: 10:00 at +05:45 is 04:15 GMT.
grep -q '<pubDate>Wed, 08 Jan 2020 04:15:00 GMT</pubDate>' "$out/feed.rss" ||
	fail "the RSS date is not in GMT"
grep -q '<pubDate>.*[+-][0-9]\{4\}</pubDate>' "$out/feed.rss" &&
	fail "an RSS date has a numeric zone"

# 8. Text that only looks like markup is type="text" in Atom; text the
# validator would take for HTML (an end tag, an entity) is type="html",
# escaped as HTML.  check warns where RSS has no way to say it.
grep -q '<title>a &lt; b &gt; c &amp; d &lt;em&gt;</title>' "$out/feed.atom" ||
	fail "Atom: plain text not written as type text"
grep -q '<title type="html"><!\[CDATA\[Fish &amp; Chips &lt;b&gt;bold&lt;/b&gt; &amp;amp; more\]\]></title>' \
	"$out/feed.atom" || fail "Atom: an end tag not written as type html"
# A category label has no type: '&' and '<' in it are hexadecimal
# references, which the validator takes for text; one with an end tag is
# left out (readers show the term).
grep -q '<category term="&lt;i&gt;some-tag&lt;/i&gt;"/>' "$out/feed.atom" ||
	fail "Atom: a label with an end tag is written"
grep -q '<category term="tom-&amp;amp;-jerry" label="Tom &#x26;amp; Jerry"/>' \
	"$out/feed.atom" || fail "Atom: a label with an entity is not text"
grep -q 'label="Fish &#x26; Chips &#x3C;b&#x3E;"' "$out/feed.atom" ||
	fail "Atom: a label with a plain '&' is left out"
# Names and enclosure titles have no type either: the same.
grep -q '<name>Tom &#x26;amp; Jerry</name>' "$out/feed.atom" ||
	fail "Atom: a name that reads as HTML is written as it is"
grep -q 'href="https://example.org/plan.pdf" length="100" title="Plan &#x26;amp; map"/>' \
	"$out/feed.atom" || fail "Atom: a link title that reads as HTML"
run $CRIER check "$tmp/src"
expect_status 0
expect_stderr "markup.md:1:8: warning: Title holds the HTML end tag '</b>'"
expect_stderr "markup.md:3:11: warning: Category holds the HTML end tag '</i>'"
grep -c 'warning' "$tmp/stderr" | grep -qx 2 || fail "unexpected warnings"

# 2. A character reference no output can carry is an error at its place,
# never an internal error, and nothing is written.
printf 'Title: Bad reference\nPublished: 2020-01-01T10:00:00Z\n\nA &#1; and a &#xFFFE;\n' \
	>"$tmp/src/bad-ref.md"
rm -rf "$tmp/out2"
run $CRIER build --now $later -o "$tmp/out2" "$tmp/src"
expect_status 1
expect_stderr "bad-ref.md:4:3: error: a character reference in the body makes U+0001, which no feed may carry"
expect_stderr "bad-ref.md:4:14: error: a character reference in the body makes U+FFFE, which no feed may carry"
[ -e "$tmp/out2" ] && fail "a build with errors wrote something"

pass
