#!/usr/bin/python3
"""Check the facet feeds of a build against the source.

    check_facets.py OUTDIR SOURCE

From SOURCE's feed.conf (Facets, Title, Id, Base) and records, works out
which facet values there are and which records carry each.  Then checks
that OUTDIR holds exactly one Atom and one RSS feed per value, named
KIND-SLUG with a URL-safe slug, that feedparser reads each without bozo,
with the title "TITLE — KIND VALUE", a self link to its own URL, an id of
its own under the feed's id, exactly the entries of the records that
carry the value, and that OUTDIR/index.html names each in an
autodiscovery link.  Prints "KIND VALUE -> FILE" for each.
"""
import glob
import html
import os
import re
import sys
from html.parser import HTMLParser

import feedparser
import icalendar

KINDS = {"track": "Track", "room": "Room", "speaker": "Speaker",
         "category": "Category"}


def fields(path):
    """The head's fields of a record or feed.conf: name -> [values]."""
    out, last = {}, None
    # feed.conf has no body: its empty lines are skipped.
    is_conf = os.path.basename(path) == "feed.conf"
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() and is_conf:
                continue
            if not line.strip():
                break
            if line.startswith("#"):
                continue
            if line[0] in " \t" and last:
                out[last][-1] += " " + line.strip()
                continue
            name, value = line.split(":", 1)
            last = name.strip().lower()
            out.setdefault(last, []).append(value.strip())
    return out


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.add((a.get("type"), a.get("href"), a.get("title")))


def fail(msg):
    sys.exit("check_facets: " + msg)


def main():
    out, source = sys.argv[1:3]
    conf = fields(os.path.join(source, "feed.conf"))
    title, feed_id, base = conf["title"][0], conf["id"][0], conf["base"][0]
    kinds = conf.get("facets", [""])[0].replace(",", " ").split()
    want = {}   # (kind, value) -> set of record ids
    for path in glob.glob(os.path.join(source, "**", "*.md"), recursive=True):
        rec = fields(path)
        rid = rec.get("id", [os.path.splitext(os.path.relpath(path, source))[0]])[0]
        for kind in kinds:
            for v in rec.get(KINDS[kind].lower(), []):
                if kind == "speaker":
                    v = re.sub(r"\s*<[^>]*>$", "", v)
                want.setdefault((kind, v), set()).add(rid)

    page = Links()
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        page.feed(f.read())

    seen_files, seen_ids = set(), set()
    for (kind, value), ids in sorted(want.items()):
        label = "%s %s" % (kind, value)
        match = None
        for path in glob.glob(os.path.join(out, kind + "-*.atom")):
            d = feedparser.parse(path)
            # type="html" titles come back as HTML: text that looks like markup.
            shown = d.feed.get("title", "")
            if d.feed.get("title_detail", {}).get("type") == "text/html":
                shown = html.unescape(shown)
            if shown == "%s \u2014 %s" % (title, label):
                match = path, d
        if match is None:
            fail("no Atom feed titled for %s" % label)
        path, d = match
        name = os.path.basename(path)
        if not re.fullmatch(r"[a-z]+-[a-z0-9]+(-[a-z0-9]+)*\.atom", name):
            fail("%s is not a URL-safe name" % name)
        if d.bozo:
            fail("%s: bozo: %s" % (name, d.bozo_exception))
        self_links = [l.href for l in d.feed.links if l.rel == "self"]
        if self_links != [base + name]:
            fail("%s: self link %s" % (name, self_links))
        fid = d.feed.get("id", "")
        if not fid.startswith(feed_id) or fid == feed_id or fid in seen_ids:
            fail("%s: id %r is not its own" % (name, fid))
        seen_ids.add(fid)
        got = {e.id[len(feed_id) + 1:] for e in d.entries}
        if got != ids:
            fail("%s: entries %s, records with %s: %s" % (name, sorted(got), label, sorted(ids)))
        rss = path[:-len(".atom")] + ".rss"
        r = feedparser.parse(rss)
        if r.bozo or {e.id[len(feed_id) + 1:] for e in r.entries} != ids:
            fail("%s disagrees with %s" % (os.path.basename(rss), name))
        for url, mime in ((base + name, "application/atom+xml"),
                          (base + name[:-5] + ".rss", "application/rss+xml")):
            if not any(t == mime and h == url for t, h, _ in page.alternates):
                fail("index.html has no autodiscovery link to %s" % url)
        seen_files.update((name, os.path.basename(rss)))
        # The part's calendar: the events of its entries that have one.
        ics = path[:-len(".atom")] + ".ics"
        if os.path.exists(ics):
            with open(ics, "rb") as f:
                cal = icalendar.Calendar.from_ical(f.read())
            uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
            if not uids <= {e.id for e in d.entries}:
                fail("%s: events that are not its entries" % os.path.basename(ics))
            seen_files.add(os.path.basename(ics))
        print("%s -> %s" % (label, name))
    extra = {os.path.basename(p) for k in KINDS for p in glob.glob(os.path.join(out, k + "-*"))}
    if extra != seen_files:
        fail("facet files for no value: %s" % sorted(extra - seen_files))


if __name__ == "__main__":
    main()
