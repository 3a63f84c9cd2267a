#!/usr/bin/python3
"""Checks the month pages of a source built with Limit, as a person
following links would.

    check_months.py DIR BASE LIMIT SOURCE

Reads DIR/index.html and every DIR/YYYY-MM.html, and checks that:
  - index.html holds LIMIT entries (elements of class "entry" with an id)
    and links to every month page, and to no missing one;
  - every month page holds the entries published in that month (UTC,
    from the Published of each record in SOURCE), each exactly once,
    newest first, so every record id is on exactly one month page;
  - each month page links to the month pages before and after it, and
    those exist;
  - every entry link in DIR/feed.atom and the archive pages that points
    under BASE names a month page and an id on it.
Exits 1 with a message on the first failure.
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from html.parser import HTMLParser

ATOM = "{http://www.w3.org/2005/Atom}"
MONTH = re.compile(r"^\d{4}-\d{2}\.html$")


def fail(msg):
    sys.exit("check_months: " + msg)


class Page(HTMLParser):
    """Ids of the entries, every id, and the links of a page."""

    def __init__(self, path):
        super().__init__()
        self.entries, self.ids, self.links, self.rels = [], set(), [], {}
        with open(path, encoding="utf-8") as f:
            self.feed(f.read())

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
            if tag == "div" and a.get("class") == "entry":
                self.entries.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            if a.get("rel"):
                self.rels[a["rel"]] = a["href"]


def records(source):
    """id -> published datetime, for every record in SOURCE."""
    out = {}
    for path in glob.glob(os.path.join(source, "*.md")):
        rid, published = os.path.basename(path)[:-3], None
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    break
                key, _, value = line.partition(":")
                if key == "Id":
                    rid = value.strip()
                elif key == "Published":
                    published = datetime.fromisoformat(
                        value.strip().replace("Z", "+00:00"))
        out[rid] = published.astimezone(timezone.utc)
    return out


def main():
    out, base, limit, source = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        sys.argv[4]
    want = records(source)
    months = sorted(n for n in os.listdir(out) if MONTH.match(n))
    index = Page(os.path.join(out, "index.html"))
    if len(index.entries) != limit:
        fail("index.html holds %d entries, not %d" % (len(index.entries),
                                                      limit))
    listed = sorted(l for l in index.links if MONTH.match(l))
    if listed != months:
        fail("index.html lists months %s, the directory has %s"
             % (listed[:5], months[:5]))
    seen = {}
    pages = {}
    for i, name in enumerate(months):
        page = pages[name] = Page(os.path.join(out, name))
        month = name[:-5]
        for rid in page.entries:
            if rid in seen:
                fail("%s is on %s and %s" % (rid, seen[rid], name))
            seen[rid] = name
            if rid not in want:
                fail("%s: %s is no record" % (name, rid))
            if want[rid].strftime("%Y-%m") != month:
                fail("%s: %s was published in %s" % (name, rid,
                                                     want[rid].isoformat()))
        times = [want[r] for r in page.entries]
        if times != sorted(times, reverse=True):
            fail("%s: entries are not newest first" % name)
        older = months[i - 1] if i > 0 else None
        newer = months[i + 1] if i + 1 < len(months) else None
        if page.rels.get("prev") != older or page.rels.get("next") != newer:
            fail("%s: links prev %s next %s, want %s and %s"
                 % (name, page.rels.get("prev"), page.rels.get("next"),
                    older, newer))
    missing = set(want) - set(seen)
    if missing:
        fail("on no month page: %s" % sorted(missing)[:5])
    feeds = [os.path.join(out, "feed.atom")] + \
        glob.glob(os.path.join(out, "archive-*.atom"))
    for path in feeds:
        for entry in ET.parse(path).getroot().iter(ATOM + "entry"):
            for link in entry.findall(ATOM + "link"):
                href = link.get("href", "")
                if link.get("rel", "alternate") != "alternate" or \
                        not href.startswith(base):
                    continue
                name, _, anchor = href[len(base):].partition("#")
                if name not in pages or anchor not in pages[name].ids:
                    fail("%s: the link %s leads nowhere" % (path, href))
    print("%d entries on %d month pages" % (len(seen), len(months)))


if __name__ == "__main__":
    main()
