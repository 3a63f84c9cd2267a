#!/usr/bin/python3
"""Check an RSS file crier wrote against the Atom file of the same build.

    check_rss.py FEED.rss FEED.atom [SOURCE_DIR]

The structure (ElementTree on the XML):
- <rss version="2.0"> with one channel holding title, link, description,
  language, generator, docs and atom:link rel="self" (the Atom feed's self
  link with feed.rss for feed.atom), all before the first item;
- dates (pubDate, lastBuildDate) RFC 822 with four-digit years, in GMT,
  which no validator questions; event dates RFC 3339;
- each item has title, guid isPermaLink="false", description, then
  content:encoded exactly when the Atom entry has a summary (otherwise the
  description is the content), dc:creator and never <author>, pubDate;
- plain-text elements write '&', '<' and '>' only as hexadecimal character
  references, as the RSS Best Practices Profile asks.

What readers see (feedparser, the library behind many readers and
planets): bozo == 0 and the same entries as the Atom feed, in order, with
the same ids, titles, links, published dates, people, categories, summary
and content; the channel's lastBuildDate is the Atom feed's updated.  Where
a title is plain text that looks like HTML to feedparser (it guesses, for
RSS), the XML text must still be the exact title.  With SOURCE_DIR, every
title is also compared with its record.

Exits 1 with one line per difference.
"""
import datetime as dt
import email.utils
import html
import os
import re
import sys
import xml.etree.ElementTree as ET

import feedparser
from feedparser.mixin import _FeedParserMixin

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_atom  # noqa: E402  (records(), text_of())

A = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}"
EV = "{http://purl.org/rss/1.0/modules/event/}"
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d "
                    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d\d:\d\d:\d\d GMT$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
PLAIN = ("title", "category", "dc:creator", "copyright", "ev:location",
         "language", "generator")
ONCE = ("title", "link", "description", "guid", "pubDate")
problems = []


def problem(msg):
    problems.append(msg)


def rfc822_instant(text):
    if not RFC822.match(text or ""):
        problem("date %r is not RFC 822 with a four-digit year in GMT"
                % text)
        return None
    return email.utils.parsedate_to_datetime(text)


def parsed_instant(struct):
    return None if struct is None else \
        dt.datetime(*struct[:6], tzinfo=dt.timezone.utc)


def check_raw_text(raw):
    """Plain text holds &, < and > only as hexadecimal references."""
    for name in PLAIN:
        for body in re.findall(r"<%s(?: [^>]*)?>(.*?)</%s>" % (name, name),
                               raw, re.S):
            if re.search(r"&(amp|lt|gt);|&#[0-9]", body) or ">" in body:
                problem("<%s> %r is not written with hexadecimal "
                        "character references" % (name, body[:60]))


def check_channel(channel, atom):
    names = [child.tag for child in channel]
    if "item" in names:
        first = names.index("item")
        late = [n for n in names[first:] if n != "item"]
        if late:
            problem("channel elements after the first item: %s" % late)
    for name in ("title", "link", "description", "language", "generator",
                 "docs"):
        el = channel.find(name)
        if el is None or not (el.text or "").strip():
            problem("the channel lacks %s" % name)
        if names.count(name) > 1:
            problem("the channel has %s twice" % name)
    atom_self = atom.find(A + "link[@rel='self']").get("href")
    selfs = channel.findall(A + "link[@rel='self']")
    want = re.sub(r"feed\.atom$", "feed.rss", atom_self)
    if len(selfs) != 1 or selfs[0].get("href") != want or \
            selfs[0].get("type") != "application/rss+xml":
        problem("atom:link rel=self is not %s" % want)
    atom_hub = atom.find(A + "link[@rel='hub']")
    rss_hub = channel.find(A + "link[@rel='hub']")
    if (atom_hub is None) != (rss_hub is None) or \
            (atom_hub is not None and atom_hub.get("href") != rss_hub.get("href")):
        problem("the hub links differ")
    items = channel.findall("item")
    dates = [channel.findtext("pubDate"), channel.findtext("lastBuildDate")]
    if items:
        updated = check_atom.instant(atom.find(A + "updated").text)
        for d in dates:
            if rfc822_instant(d) != updated:
                problem("channel date %r is not the newest entry's %s"
                        % (d, updated))
    elif dates != [None, None]:
        problem("an empty channel has a date")


def check_item(item):
    names = [child.tag for child in item]
    for name in ONCE:
        if names.count(name) != 1:
            problem("item %s: %d %s elements" % (item.findtext("guid"),
                    names.count(name), name))
    if "author" in names:
        problem("item %s has <author> besides dc:creator" % item.findtext("guid"))
    if DC + "creator" not in names:
        problem("item %s has no dc:creator" % item.findtext("guid"))
    if "description" in names and CONTENT in names and \
            names.index("description") > names.index(CONTENT):
        problem("item %s: description after content:encoded" % item.findtext("guid"))
    guid = item.find("guid")
    if guid is not None and guid.get("isPermaLink") != "false":
        problem("guid %s is not isPermaLink=\"false\"" % guid.text)
    rfc822_instant(item.findtext("pubDate"))
    for name in ("startdate", "enddate"):
        text = item.findtext(EV + name)
        if text is not None and not RFC3339.match(text):
            problem("ev:%s %r is not RFC 3339" % (name, text))


def shown_title(entry, xml_title):
    """The title as a reader shows it, or the XML's where feedparser guesses."""
    got = entry.get("title")
    if entry.get("title_detail", {}).get("type") == "text/html":
        # feedparser guesses RSS titles with entities or known end tags
        # are HTML; nothing in how the text is written can prevent that.
        if not _FeedParserMixin.looks_like_html(xml_title):
            problem("%s: title %r read as HTML" % (entry.get("id"), xml_title))
        return xml_title
    return got


def compare_entry(re_, ae, ritem, aentry):
    rid = aentry.find(A + "id").text
    if re_.get("id") != rid:
        problem("guid %r read as %r, Atom id %r" % (ritem.findtext("guid"),
                re_.get("id"), rid))
    want = check_atom.text_of(aentry.find(A + "title"))
    if ritem.findtext("title") != want:
        problem("%s: title written as %r, Atom %r" % (rid, ritem.findtext("title"), want))
    if shown_title(re_, ritem.findtext("title") or "") != want:
        problem("%s: title read as %r, Atom %r" % (rid, re_.get("title"), want))
    if re_.get("link") != ae.get("link"):
        problem("%s: link %r, Atom %r" % (rid, re_.get("link"), ae.get("link")))
    if parsed_instant(re_.get("published_parsed")) != \
            parsed_instant(ae.get("published_parsed")):
        problem("%s: published %r, Atom %r" % (rid, re_.get("published"),
                ae.get("published")))
    names = lambda e: [a.get("name") for a in e.get("authors", [])]
    if names(re_) != names(ae):
        problem("%s: people %r, Atom %r" % (rid, names(re_), names(ae)))
    labels = lambda e: [t.get("label") or t.get("term") for t in e.get("tags", [])]
    if labels(re_) != labels(ae):
        problem("%s: categories %r, Atom %r" % (rid, labels(re_), labels(ae)))
    summary = check_atom.text_of(aentry.find(A + "summary"))
    encoded = ritem.findall(CONTENT)
    if len(encoded) != (1 if summary is not None else 0):
        problem("%s: %d content:encoded, Atom summary %r" % (rid, len(encoded), summary))
    content = re_.content[0].value if "content" in re_ else re_.get("summary")
    if content != ae.content[0].value:
        problem("%s: content differs from the Atom feed's" % rid)
    want = summary if summary is not None else ae.content[0].value
    got = html.unescape(re_.get("summary", "")) if summary is not None \
        else re_.get("summary")
    if got != want:
        problem("%s: description %r, Atom %r" % (rid, got[:60], want[:60]))
    for name in ("startdate", "enddate", "location"):
        if ritem.findtext(EV + name) != aentry.findtext(EV + name):
            problem("%s: ev:%s differs from the Atom feed's" % (rid, name))


def main():
    rss_path, atom_path = sys.argv[1], sys.argv[2]
    source = sys.argv[3] if len(sys.argv) > 3 else None
    with open(rss_path, encoding="utf-8") as f:
        raw = f.read()
    check_raw_text(raw)
    root = ET.parse(rss_path).getroot()
    atom = ET.parse(atom_path).getroot()
    if root.tag != "rss" or root.get("version") != "2.0":
        problem("the root is not <rss version=\"2.0\">")
    channels = root.findall("channel")
    if len(channels) != 1:
        problem("%d channels" % len(channels))
        channels = channels or [ET.Element("channel")]
    channel = channels[0]
    check_channel(channel, atom)
    items = channel.findall("item")
    for item in items:
        check_item(item)

    rp, ap = feedparser.parse(rss_path), feedparser.parse(atom_path)
    if rp.bozo:
        problem("feedparser: bozo: %r" % rp.get("bozo_exception"))
    if rp.version != "rss20":
        problem("feedparser reads version %r" % rp.version)
    want = check_atom.text_of(atom.find(A + "title"))
    if channel.findtext("title") != want or \
            shown_title(rp.feed, channel.findtext("title") or "") != want:
        problem("feed title %r, Atom %r" % (rp.feed.get("title"), want))
    aentries = atom.findall(A + "entry")
    if not (len(rp.entries) == len(ap.entries) == len(items) == len(aentries)):
        problem("entries: feedparser %d RSS, %d Atom; XML %d items, %d entries"
                % (len(rp.entries), len(ap.entries), len(items), len(aentries)))
    for quad in zip(rp.entries, ap.entries, items, aentries):
        compare_entry(*quad)

    if source is not None:
        feed_id = atom.find(A + "id").text
        sep = "" if feed_id.endswith((":", "/")) else "/"
        by_guid = {i.findtext("guid"): i for i in items}
        for rid, fields in check_atom.records(source).items():
            item = by_guid.get(feed_id + sep + rid)
            if item is not None and item.findtext("title") != fields["title"][0]:
                problem("record %s: title %r written as %r"
                        % (rid, fields["title"][0], item.findtext("title")))
    for p in problems:
        print("%s: %s" % (rss_path, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
