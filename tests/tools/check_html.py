#!/usr/bin/python3
"""Check an index.html crier wrote the way browsers and people see it.

    check_html.py PAGE SOURCE_DIR

- python's html.parser reads it into a tree in which every element that
  is not void is closed, in order, and no id is used twice;
- it is self-contained: html lang, meta charset utf-8, a viewport, a
  title that is the feed's, no script, no event handler, no external
  stylesheet, frame or object;
- its autodiscovery links (<link rel="alternate"> in the head) name,
  with the right types, exactly the other files crier wrote beside it
  (but the talks' own talk-*.ics), at Base + file name, and the page
  links to each of them too;
- every published record has an element with its id, on the page or,
  with Limit, on the month pages beside it (YYYY-MM.html), which are
  read the same way: an announcement's holds an h2 whose text is its
  Title, a talk's is a table row whose row header is its Title; each
  talk of the feed is shown with its room, track and speakers as the
  record gives them;
- every in-page link (#...) leads to an element of the page.

Exits 1 with one line per difference.
"""
import glob
import os
import re
import sys
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_atom import read_record, records  # noqa: E402

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
TYPES = {".atom": "application/atom+xml", ".rss": "application/rss+xml",
         ".json": "application/feed+json", ".ics": "text/calendar"}
MONTH = re.compile(r"^\d{4}-\d{2}\.html$")
problems = []


def problem(msg):
    problems.append(msg)


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text()
                       for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()

    def find(self, tag):
        return next((n for n in self.walk() if n.tag == tag and n is not self), None)


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        if tag in VOID:
            problem("an end tag for the void element <%s>" % tag)
        elif self.cur.tag != tag:
            problem("</%s> closes <%s> (line %d)" % (tag, self.cur.tag, self.getpos()[0]))
        else:
            self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def check_head(root, conf):
    html = root.find("html")
    if html is None or not html.attrs.get("lang"):
        problem("no <html lang>")
    head = root.find("head")
    metas = [n.attrs for n in head.walk() if n.tag == "meta"]
    if {"charset": "utf-8"} not in metas:
        problem("no <meta charset=utf-8>")
    if not any(m.get("name") == "viewport" for m in metas):
        problem("no viewport")
    title = head.find("title")
    if title is None or title.text() != conf["title"][0]:
        problem("title %r" % (title and title.text()))
    for n in root.walk():
        if n.tag in ("script", "iframe", "frame", "object", "embed"):
            problem("a <%s> element" % n.tag)
        if n.tag == "link" and "stylesheet" in n.attrs.get("rel", ""):
            problem("an external stylesheet")
        for name in n.attrs:
            if name.startswith("on"):
                problem("an event handler %s on <%s>" % (name, n.tag))


def check_outputs(root, page, conf, months):
    base = conf["base"][0]
    base += "" if base.endswith("/") else "/"
    outdir = os.path.dirname(os.path.abspath(page))
    want = {(TYPES.get(os.path.splitext(f)[1]), base + f)
            for f in os.listdir(outdir)
            if not f.startswith(".") and f != os.path.basename(page)
            # Archive pages are reached from the feed (prev-archive);
            # feed.xsl is what the feeds are shown through.
            and not f.startswith("archive-") and not f.endswith(".xsl")
            # Month pages are listed in the body, not announced.
            and not MONTH.match(f)}
    head = root.find("head")
    got = {(n.attrs.get("type"), n.attrs.get("href")) for n in head.walk()
           if n.tag == "link" and n.attrs.get("rel") == "alternate"}
    # A talk's own calendar is linked from its row, not announced in the
    # head: a conference has hundreds.
    if got != {(t, u) for t, u in want if "/talk-" not in u}:
        problem("autodiscovery links %r, files written %r" % (sorted(got), sorted(want)))
    hrefs = {n.attrs.get("href") for n in root.find("body").walk() if n.tag == "a"}
    # A talk's row, with its calendar, may be on its month's page only.
    talk_hrefs = hrefs | {n.attrs.get("href") for m in months
                          for n in m.walk() if n.tag == "a"}
    for _, url in want:
        if url not in (talk_hrefs if "/talk-" in url else hrefs):
            problem("no subscribe link to %s" % url)


def ids_of(root):
    """The page's elements by id, each id once; its in-page links lead
    to one of them."""
    by_id = {}
    for n in root.walk():
        if "id" in n.attrs:
            if n.attrs["id"] in by_id:
                problem("two elements have the id %r" % n.attrs["id"])
            by_id[n.attrs["id"]] = n
    for n in root.walk():
        href = n.attrs.get("href") or ""
        if n.tag == "a" and href.startswith("#") and href[1:] not in by_id:
            problem("the link %s leads nowhere" % href)
    return by_id


def check_entries(roots, source):
    by_id = {}
    for root in roots:
        for rid, n in ids_of(root).items():
            by_id.setdefault(rid, n)
    recs = records(source)
    for rid, f in recs.items():
        el = by_id.get(rid)
        if el is None:
            problem("record %s has no anchor" % rid)
            continue
        title = f["title"][0]
        is_talk = f.get("type", [""])[0].lower() == "talk"
        shown = el.find("th") if is_talk else el.find("h2")
        if (el.tag != "tr") if is_talk else (el.tag != "div"):
            problem("record %s: its anchor is a <%s>" % (rid, el.tag))
        if shown is None or norm(shown.text()) != norm(title):
            problem("record %s: title %r shown as %r"
                    % (rid, title, shown and shown.text()))
        if is_talk:
            about = by_id.get("about:" + rid)
            seen = norm(el.text() + " " + (about.text() if about else ""))
            for name in ("room", "track"):
                if name in f and norm(f[name][0]) not in seen:
                    problem("record %s: %s %r not shown" % (rid, name, f[name][0]))
            for speaker in f.get("speaker", []):
                speaker = norm(re.sub(r"\s*<[^>]*>$", "", speaker))
                if speaker not in seen:
                    problem("record %s: speaker %r not shown" % (rid, speaker))
        for cat in f.get("category", []) if not is_talk else []:
            if norm(cat) not in norm(el.text()):
                problem("record %s: category %r not shown" % (rid, cat))


def parse(page):
    builder = TreeBuilder()
    with open(page, encoding="utf-8") as f:
        builder.feed(f.read())
    builder.close()
    if builder.cur is not builder.root:
        problem("%s: <%s> is never closed" % (page, builder.cur.tag))
    return builder.root


def main():
    page, source = sys.argv[1], sys.argv[2]
    conf = read_record(os.path.join(source, "feed.conf"))
    root = parse(page)
    months = []
    if "limit" in conf:
        months = [parse(m) for m in sorted(glob.glob(os.path.join(
            os.path.dirname(page), "[0-9]*-[0-9]*.html")))]
        if not months:
            problem("Limit, and no month pages")
    check_head(root, conf)
    check_outputs(root, page, conf, months)
    if months:
        ids_of(root)
        check_entries(months, source)
    else:
        check_entries([root], source)
    for p in problems:
        print("%s: %s" % (page, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
