#!/bin/sh
# data/feed.xsl, the stylesheet that shows feed.atom and feed.rss as a
# page to a person who opens them in a browser.  xsltproc (libxslt, as in
# Safari) turns the golden feeds, a hostile build and hand-made hostile
# feeds into pages that parse as HTML, say how to subscribe and at which
# address, link every entry by its title, show its date, authors, event
# and summary as text, and carry no script or event handler from a feed.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

command -v xsltproc >/dev/null 2>&1 ||
	skip "xsltproc is not installed (scripts/setup installs it)"

later=2030-01-01T00:00:00Z

# check_page.py FEED PAGE: what a reader of PAGE sees against what FEED
# holds; one line per difference.
cat >"$tmp/check_page.py" <<'EOF'
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote

A = "{http://www.w3.org/2005/Atom}"
EV = "{http://purl.org/rss/1.0/modules/event/}"
DC = "{http://purl.org/dc/elements/1.1/}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOTE = ("This is a web feed. Copy this page's address into your feed "
        "reader to subscribe.")
VOID = {"br", "meta"}
ALLOWED = VOID | {"html", "head", "title", "style", "body", "header", "h1",
                  "h2", "p", "strong", "code", "a", "main", "article", "time"}
problems = []


class Tree(HTMLParser):
    """The page as nested dicts; an element closed out of order is a
    problem, as is any element or attribute a feed could smuggle in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.doctype = None
        self.root = {"tag": "", "attrs": {}, "kids": []}
        self.stack = [self.root]

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        el = {"tag": tag, "attrs": dict(attrs), "kids": []}
        self.stack[-1]["kids"].append(el)
        if tag not in ALLOWED:
            problems.append("element <%s> on the page" % tag)
        for name, value in attrs:
            if name.startswith("on"):
                problems.append("attribute %s=%r on <%s>" % (name, value, tag))
            if name == "href" and not re.match(r"https?://", value or ""):
                problems.append("link to %r" % value)
        if tag not in VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        if self.stack[-1]["tag"] != tag:
            problems.append("</%s> closes <%s>" % (tag, self.stack[-1]["tag"]))
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.stack[-1]["kids"].append(data)


def walk(el):
    """EL's elements in document order; no recursion, as markup let in
    by a broken page may nest thousands deep."""
    todo = el["kids"][::-1]
    while todo:
        k = todo.pop()
        if isinstance(k, dict):
            yield k
            todo.extend(k["kids"][::-1])


def text(el):
    todo, out = el["kids"][::-1], []
    while todo:
        k = todo.pop()
        if isinstance(k, str):
            out.append(k)
        else:
            todo.extend(k["kids"][::-1])
    return "".join(out)


def squash(s):
    """XPath normalize-space(): only ASCII white space collapses."""
    return re.sub(r"[ \t\r\n]+", " ", s).strip(" ")


class Html2Text(HTMLParser):
    """HTML in a feed as the page shows it: each tag or comment a space."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.feed(html)
        self.close()

    def tag(self, *_):
        self.out.append(" ")

    handle_starttag = handle_endtag = handle_comment = handle_decl = tag

    def handle_data(self, data):
        self.out.append(data)


def html2text(html):
    return "".join(Html2Text(html).out)


def atom_text(el):
    if el is None:
        return None
    if el.get("type") == "html":
        return html2text(el.text or "")
    return "".join(el.itertext())


def stamp(t):
    zone = t[19:]
    return "%s %s UTC%s" % (t[:10], t[11:16], "" if zone in "Zz" else zone)


def http(url):
    return url is not None and re.match(r"https?://", url) is not None


def entries(root):
    """What the page should show: lang, title, self, site, then per entry
    (title, href, date text, datetime, authors, summary, is_excerpt)."""
    if root.tag == A + "feed":
        def link(el, rel):
            for l in el.findall(A + "link"):
                if l.get("rel", "alternate") == rel:
                    return l.get("href")
        names = [n.text for n in root.findall(A + "author/" + A + "name")]
        feed = (root.get(LANG), atom_text(root.find(A + "title")),
                link(root, "self"), link(root, "alternate"))
        out = []
        for e in root.findall(A + "entry"):
            when = e.findtext(A + "published") or e.findtext(A + "updated")
            own = [n.text for n in e.findall(A + "author/" + A + "name")]
            summary, excerpt = atom_text(e.find(A + "summary")), False
            content = e.find(A + "content")
            if summary is None and content is not None \
                    and content.get("type") == "html":
                summary, excerpt = html2text(content.text or ""), True
            out.append((e, atom_text(e.find(A + "title")), link(e, "alternate"),
                        stamp(when), when, own or names, summary, excerpt))
        return feed, out
    ch = root.find("channel")
    self_link = [l.get("href") for l in ch.findall(A + "link")
                 if l.get("rel") == "self"]
    names = [c.text for c in ch.findall(DC + "creator")]
    feed = (ch.findtext("language"), ch.findtext("title"),
            (self_link or [ch.findtext("link")])[0], ch.findtext("link"))
    out = []
    for i in ch.findall("item"):
        own = [c.text for c in i.findall(DC + "creator") + i.findall("author")]
        html = i.findtext("description")
        if html is None:
            html = i.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
        out.append((i, i.findtext("title"), i.findtext("link"),
                    i.findtext("pubDate"), None, own or names,
                    None if html is None else html2text(html), True))
    return feed, out


def check_entry(art, e, title, href, shown, when, authors, summary, excerpt):
    name = repr(title[:40])
    heads = [el for el in walk(art) if el["tag"] == "h2"]
    if len(heads) != 1 or text(heads[0]) != title:
        problems.append("entry %s: heading %r" % (
            name, [text(h)[:40] for h in heads]))
    # The HTML output method %-escapes what a URL may not hold, as a
    # browser does.
    links = [unquote(el["attrs"].get("href", "")) for el in walk(heads[0])
             if el["tag"] == "a"] if heads else []
    want = [unquote(href)] if http(href) else []
    if links != want:
        problems.append("entry %s: heading links to %r, not %r" % (
            name, links, want))
    ps = [el for el in art["kids"] if isinstance(el, dict) and el["tag"] == "p"]
    meta = [text(p) for p in ps if p["attrs"].get("class") == "meta"]
    if not meta or shown not in meta[0]:
        problems.append("entry %s: date %r not in %r" % (name, shown, meta))
    times = {el["attrs"].get("datetime") for el in walk(art) if el["tag"] == "time"}
    for t in [when, e.findtext(EV + "startdate"), e.findtext(EV + "enddate")]:
        if t is not None and t not in times:
            problems.append("entry %s: no <time datetime=%r>" % (name, t))
    for a in authors:
        if not meta or a not in meta[0]:
            problems.append("entry %s: author %r not shown" % (name, a))
    events = " ".join(text(p) for p in ps if p["attrs"].get("class") == "event")
    start = e.findtext(EV + "startdate")
    if start is not None and stamp(start)[:16] not in events:
        problems.append("entry %s: event start %r not in %r" % (name, start, events))
    loc = e.findtext(EV + "location")
    if loc is not None and "Where: " + loc not in events:
        problems.append("entry %s: location %r not in %r" % (name, loc, events))
    rest = [text(p) for p in ps if "class" not in p["attrs"]]
    if summary is None:
        return
    if excerpt:
        got = rest[0] if rest else ""
        full = squash(summary)
        if got.endswith("…") and len(got) > 1:
            ok = full.startswith(got[:-1]) and len(got) < len(full) + 1
        else:
            ok = got == full
        if not ok or (full and not got):
            problems.append("entry %s: excerpt %r of %r" % (name, got[:60], full[:60]))
    elif rest != [summary]:
        problems.append("entry %s: summary %r, not %r" % (name, rest, summary[:60]))


def main():
    feed_path, page_path = sys.argv[1:3]
    raw = open(page_path, encoding="utf-8").read()
    tree = Tree()
    tree.feed(raw)
    tree.close()
    if len(tree.stack) != 1:
        problems.append("unclosed: %s" % [el["tag"] for el in tree.stack[1:]])
    # libxslt writes doctype-system="about:legacy-compat" as HTML5's.
    if (tree.doctype or "").lower() not in (
            "doctype html", 'doctype html system "about:legacy-compat"'):
        problems.append("doctype %r" % tree.doctype)
    if re.search(r"<script", raw, re.I):
        problems.append("a script reached the page")
    (lang, title, self_url, site), want = entries(ET.parse(feed_path).getroot())
    html = [el for el in tree.root["kids"] if isinstance(el, dict)]
    if [el["tag"] for el in html] != ["html"] or html[0]["attrs"].get("lang") != lang:
        problems.append("root %r, lang not %r" % ([el["attrs"] for el in html], lang))
    els = list(walk(tree.root))
    h1 = [text(el) for el in els if el["tag"] == "h1"]
    titles = [text(el) for el in els if el["tag"] == "title"]
    if h1 != [title] or titles != [title]:
        problems.append("feed title %r, <title> %r, not %r" % (h1, titles, title))
    if NOTE not in squash(text(tree.root)):
        problems.append("no subscribe note")
    codes = [text(el) for el in els if el["tag"] == "code"]
    if codes != [self_url]:
        problems.append("feed address %r, not %r" % (codes, self_url))
    anchors = [(text(el), unquote(el["attrs"].get("href", "")))
               for el in els if el["tag"] == "a"]
    if http(site) and (site, unquote(site)) not in anchors:
        problems.append("no link to the site %r" % site)
    arts = [el for el in els if el["tag"] == "article"]
    if len(arts) != len(want):
        problems.append("%d entries on the page, %d in the feed" % (len(arts), len(want)))
    for art, w in zip(arts, want):
        check_entry(art, *w)
    for w in want:
        n = sum(1 for a in anchors if a == (w[1], unquote(w[2] or "")))
        if n != (1 if http(w[2]) else 0):
            problems.append("title %r is link text %d times" % (w[1][:40], n))
    for p in problems[:20]:
        print("%s: %s" % (page_path, p))
    return 1 if problems else 0


sys.exit(main())
EOF

# page FEED: transforms FEED into $tmp/page.html and checks the page.
page() {
	xsltproc data/feed.xsl "$1" >"$tmp/page.html" 2>"$tmp/stderr" ||
		fail "xsltproc failed on $1"
	[ -s "$tmp/page.html" ] || fail "xsltproc wrote nothing for $1"
	[ ! -s "$tmp/stderr" ] || fail "xsltproc complained about $1"
	$PYTHON "$tmp/check_page.py" "$1" "$tmp/page.html" >&2 ||
		fail "the page of $1 is wrong"
}

# The example as crier writes it, Atom and RSS.
page tests/golden/xen-fosdem-2017/feed.atom
grep -qF 'When: <time datetime="2017-02-04T11:30:00+01:00">2017-02-04 11:30</time>–<time datetime="2017-02-04T11:55:00+01:00">11:55 UTC+01:00</time>' \
	"$tmp/page.html" || fail "a talk's time is not shown as start–end"
page tests/golden/xen-fosdem-2017/feed.rss

# Hostile records and talks: &, <, quotes, astral characters, markup in
# titles (written as type="html"), raw HTML, 5000-character fields.
$PYTHON tests/tools/hostile_source.py "$tmp/hostile"
$PYTHON tests/tools/talk_source.py hostile "$tmp/hostile"
run $CRIER build --now $later -o "$tmp/out" "$tmp/hostile"
expect_status 0
expect_no_stderr
page "$tmp/out/hostile/feed.atom"
grep -qF '&lt;script&gt;alert(' "$tmp/page.html" ||
	fail "a title with markup is not shown as text"
page "$tmp/out/hostile/feed.rss"

# Feeds no crier writes: HTML and XHTML text with script and handlers,
# javascript: links, an RSS channel without atom:link (its link is the
# address), and 4500 entities in a title, more than libxslt's depth of
# 3000 calls would allow decoding one at a time.
many=$($PYTHON -c 'print("&amp;lt;b&amp;gt; &amp;amp;amp; " * 1500)')
cat >"$tmp/odd.atom" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title type="html">Odd &amp;amp; &lt;i&gt;ugly&lt;/i&gt; 𝄞</title>
  <link rel="self" href="https://example.org/odd.atom"/>
  <link href="javascript:alert(1)"/>
  <updated>2020-01-01T00:00:00Z</updated>
  <author><name>A &lt;b&gt; "q"</name></author>
  <entry>
    <title type="html">&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;Pic</title>
    <link href="javascript:alert(3)"/>
    <updated>2020-01-02T03:04:05-09:30</updated>
    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p onclick="alert(4)">Hi</p><script>alert(5)</script></div></summary>
  </entry>
  <entry>
    <title type="html">$many</title>
    <link rel="alternate" href="https://example.org/a?x=1&amp;y=&quot;2&quot;"/>
    <published>2020-01-01T00:00:00+14:00</published>
    <updated>2020-01-03T00:00:00Z</updated>
    <content type="html">&lt;p onmouseover="alert(6)"&gt;Body &amp;amp; &lt;a href="javascript:alert(7)"&gt;link&lt;/a&gt;&lt;/p&gt;</content>
  </entry>
</feed>
EOF
page "$tmp/odd.atom"
grep -qF 'Odd &amp;  ugly  𝄞' "$tmp/page.html" || fail "an HTML title is not text"
cat >"$tmp/odd.rss" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Odd &lt;RSS&gt;</title>
  <link>https://example.org/rss</link>
  <description>Plain</description>
  <item>
    <title>One "1" &amp; 😀</title>
    <link>https://example.org/one</link>
    <author>a@example.org (A)</author>
    <pubDate>Wed, 01 Jan 2020 00:00:00 +0000</pubDate>
    <description>&lt;script&gt;alert(1)&lt;/script&gt;&lt;p style="x" onclick="y"&gt;Text &amp;amp;amp; more&lt;/p&gt;</description>
  </item>
</channel></rss>
EOF
page "$tmp/odd.rss"

# The checker catches a page whose entry links elsewhere, or that lets a
# script or an event handler in.
golden=tests/golden/xen-fosdem-2017/feed.atom
xsltproc data/feed.xsl $golden >"$tmp/good.html"
for edit in 's|#talks/live-patching"|#x"|:live patching' \
    's|<main>|<main><script>x()</script>|:<script>' \
    's|<article>|<article onclick="x()">|:onclick'; do
	sed "${edit%%:*}" "$tmp/good.html" >"$tmp/bad.html"
	$PYTHON "$tmp/check_page.py" $golden "$tmp/bad.html" >"$tmp/bad.out" &&
		fail "check_page.py missed: ${edit%%:*}"
	grep -qi "${edit#*:}" "$tmp/bad.out" ||
		fail "check_page.py: $(head -3 "$tmp/bad.out")"
done

# Stylesheet: yes in feed.conf: the build writes feed.xsl beside the
# feeds, every Atom and RSS document (archive pages too) points to it,
# and it turns the built feeds into the page.  Without it, neither.
cp -r feeds/xen-fosdem-2017 "$tmp/styled"
printf 'Stylesheet: yes\nLimit: 2\n' >>"$tmp/styled/feed.conf"
run $CRIER build --now 2017-02-01T00:00:00Z -o "$tmp/built" "$tmp/styled"
expect_status 0
expect_no_stderr
built="$tmp/built/styled"
cmp -s "$built/feed.xsl" data/feed.xsl || fail "feed.xsl is not data/feed.xsl"
pi='<?xml-stylesheet type="text/xsl" href="feed.xsl"?>'
for f in "$built"/*.atom "$built"/*.rss; do
	[ "$(sed -n 2p "$f")" = "$pi" ] || fail "$(basename "$f") has no stylesheet"
done
ls "$built" | grep -q '^archive-1.atom$' || fail "no archive page"
for f in "$built/feed.atom" "$built/feed.rss"; do
	xsltproc "$built/feed.xsl" "$f" >"$tmp/page.html" 2>"$tmp/stderr" ||
		fail "xsltproc failed on the built $(basename "$f")"
	$PYTHON "$tmp/check_page.py" "$f" "$tmp/page.html" >&2 ||
		fail "the page of the built $(basename "$f")"
done
$PYTHON - "$built/feed.atom" "$built/feed.rss" <<'EOF' ||
import sys, feedparser
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    assert not d.bozo and len(d.entries) == 2, (path, d.bozo, len(d.entries))
EOF
	fail "readers do not read the feeds with a stylesheet as before"
run $CRIER build --now 2017-02-01T00:00:00Z -o "$tmp/plain" feeds/xen-fosdem-2017
[ -e "$tmp/plain/xen-fosdem-2017/feed.xsl" ] && fail "feed.xsl without Stylesheet"
grep -q 'xml-stylesheet' "$tmp/plain/xen-fosdem-2017/feed.atom" &&
	fail "a stylesheet link without Stylesheet"

pass
