#!/usr/bin/python3
"""What readers see of a schedule revision made by hand.

    check_revisions.py BEFORE AFTER TITLE LINE...

BEFORE and AFTER are output directories of one source, built before and
after talks were marked moved or cancelled by hand.  Reads feed.atom,
feed.rss and feed.json of both (feedparser, json) and checks that AFTER
has exactly one entry BEFORE lacks besides the talks' own: titled TITLE,
an id ending in /changes-STAMP, published and updated alike, whose
content, read as text, has each LINE (such as "Mixed License FOSS
Projects: now Sunday 2017-02-05 10:00 (was Saturday 2017-02-04 11:00)")
and links each talk named in it to that talk's entry.  Prints the new
entry's id and its content's text, for a second run to compare.
"""
import html.parser
import json
import sys

import feedparser


def fail(msg):
    sys.exit("check_revisions: " + msg)


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.hrefs = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))
        if tag in ("li", "p", "h2"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def read(out, name):
    path = "%s/%s" % (out, name)
    if name.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            return {i["id"]: (i.get("title"), i.get("content_html"),
                              i.get("date_published"), i.get("date_modified"),
                              i.get("url"))
                    for i in json.load(f)["items"]}
    d = feedparser.parse(path)
    if d.bozo:
        fail("%s: bozo: %s" % (path, d.bozo_exception))
    return {e.id: (e.title, e.content[0].value if "content" in e
                   else e.summary, e.get("published"), e.get("updated"),
                   e.get("link")) for e in d.entries}


def main():
    before, after, title, lines = (sys.argv[1], sys.argv[2], sys.argv[3],
                                   sys.argv[4:])
    seen = set()
    for name in ("feed.atom", "feed.rss", "feed.json"):
        old, new = read(before, name), read(after, name)
        added = [i for i in new if i not in old]
        if len(added) != 1:
            fail("%s: %d new entries: %s" % (name, len(added), added))
        uid = added[0]
        t, html, published, updated, _ = new[uid]
        if "/changes-" not in uid:
            fail("%s: the new entry's id is %s" % (name, uid))
        if t != title:
            fail("%s: title %r, not %r" % (name, t, title))
        if name != "feed.rss" and published != updated:
            fail("%s: published %s but updated %s" % (name, published,
                                                      updated))
        p = Text()
        p.feed(html)
        text = " ".join("".join(p.parts).split())
        for line in lines:
            if line not in text:
                fail("%s: %r is not in: %s" % (name, line, text))
        links = {v[4] for v in new.values()}
        for href in p.hrefs:
            if href not in links:
                fail("%s: %s links to no entry" % (name, href))
        if len(p.hrefs) < len(lines):
            fail("%s: %d links for %d talks" % (name, len(p.hrefs),
                                                len(lines)))
        seen.add((uid, text))
    if len(seen) != 1:
        fail("the feeds disagree: %s" % seen)
    print("%s\n%s" % seen.pop())


main()
