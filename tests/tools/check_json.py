#!/usr/bin/python3
"""Check a JSON Feed crier wrote against JSON Feed 1.1 and the Atom feed.

    check_json.py FEED.json [FEED.atom [SOURCE_DIR]]

The rules of https://www.jsonfeed.org/version/1.1/, member by member:
every required member present, every member of its type, no member the
version does not define (extensions start with '_'), dates in RFC 3339,
ids unique.  Then crier's own promises: strict UTF-8 JSON (no BOM, no
duplicate names, no NaN), laid out exactly as json.dumps(indent=2) lays it
out with U+2028 and U+2029 escaped, so it is deterministic and safe to
embed in JavaScript.

With FEED.atom, the items are the Atom entries, in order: same ids,
titles, links, dates, summaries, content, people and categories.  With
SOURCE_DIR, every title and summary is exactly its record's.

Exits 1 with one line per difference.
"""
import datetime as dt
import html
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import feedparser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_atom  # noqa: E402  (records(), text_of(), instant())

A = "{http://www.w3.org/2005/Atom}"
EV = "{http://purl.org/rss/1.0/modules/event/}"
VERSION = "https://jsonfeed.org/version/1.1"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?"
                     r"([Zz]|[+-]\d\d:\d\d)$")
EXTENSION = re.compile(r"^_[A-Za-z]")
LINK = re.compile(r'((?:href|src)=)"([^"]*)"')

# The members JSON Feed 1.1 defines: name -> (type, required).
STR, URL, DATE = "string", "url", "date"
FEED_MEMBERS = {
    "version": (STR, True), "title": (STR, True),
    "home_page_url": (URL, False), "feed_url": (URL, False),
    "description": (STR, False), "user_comment": (STR, False),
    "next_url": (URL, False), "icon": (URL, False),
    "favicon": (URL, False), "authors": ("authors", False),
    "language": (STR, False), "expired": (bool, False),
    "hubs": ("hubs", False), "items": ("items", True),
}
ITEM_MEMBERS = {
    "id": (STR, True), "url": (URL, False), "external_url": (URL, False),
    "title": (STR, False), "content_html": (STR, False),
    "content_text": (STR, False), "summary": (STR, False),
    "image": (URL, False), "banner_image": (URL, False),
    "date_published": (DATE, False), "date_modified": (DATE, False),
    "authors": ("authors", False), "tags": ("tags", False),
    "language": (STR, False), "attachments": ("attachments", False),
}
AUTHOR_MEMBERS = {"name": (STR, False), "url": (URL, False),
                  "avatar": (URL, False)}
HUB_MEMBERS = {"type": (STR, True), "url": (URL, True)}
ATTACHMENT_MEMBERS = {
    "url": (URL, True), "mime_type": (STR, True), "title": (STR, False),
    "size_in_bytes": ("number", False),
    "duration_in_seconds": ("number", False),
}
problems = []


def problem(msg):
    problems.append(msg)


def no_duplicates(pairs):
    names = [k for k, _ in pairs]
    for k in set(names):
        if names.count(k) > 1:
            problem("member %r given twice" % k)
    return dict(pairs)


def no_constant(name):
    problem("%s is not JSON" % name)
    return None


def check_object(where, obj, members, check_value):
    """OBJ has the REQUIRED MEMBERS, each of its type, and no others."""
    if not isinstance(obj, dict):
        problem("%s is not an object" % where)
        return
    for name, (kind, required) in members.items():
        if required and name not in obj:
            problem("%s lacks %s" % (where, name))
    for name, value in obj.items():
        if name in members:
            check_value("%s.%s" % (where, name), members[name][0], value)
        elif not EXTENSION.match(name):
            problem("%s has %r, which JSON Feed 1.1 does not define "
                    "(extensions start with '_')" % (where, name))
        elif isinstance(value, dict) and "about" not in value:
            problem("%s.%s: an extension object without 'about'" % (where, name))


def check_value(where, kind, value):
    if kind in (STR, URL, DATE):
        if not isinstance(value, str):
            problem("%s is not a string" % where)
        elif kind == URL and not re.match(r"^(https?|mailto):", value):
            problem("%s %r is not an absolute URL" % (where, value))
        elif kind == DATE and not RFC3339.match(value):
            problem("%s %r is not RFC 3339" % (where, value))
    elif kind is bool:
        if not isinstance(value, bool):
            problem("%s is not true or false" % where)
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problem("%s is not a number" % where)
    elif not isinstance(value, list):
        problem("%s is not an array" % where)
    elif kind == "authors":
        for i, a in enumerate(value):
            check_object("%s[%d]" % (where, i), a, AUTHOR_MEMBERS, check_value)
            if isinstance(a, dict) and not set(a) & set(AUTHOR_MEMBERS):
                problem("%s[%d] has neither name, url nor avatar" % (where, i))
    elif kind == "hubs":
        for i, h in enumerate(value):
            check_object("%s[%d]" % (where, i), h, HUB_MEMBERS, check_value)
    elif kind == "tags":
        for i, t in enumerate(value):
            if not isinstance(t, str):
                problem("%s[%d] is not a string" % (where, i))
    elif kind == "attachments":
        for i, a in enumerate(value):
            check_object("%s[%d]" % (where, i), a, ATTACHMENT_MEMBERS,
                         check_value)
    elif kind == "items":
        seen = set()
        for i, item in enumerate(value):
            w = "items[%d]" % i
            check_object(w, item, ITEM_MEMBERS, check_value)
            if not isinstance(item, dict):
                continue
            if "content_html" not in item and "content_text" not in item:
                problem("%s has neither content_html nor content_text" % w)
            if item.get("id") in seen:
                problem("%s: id %r is not unique" % (w, item.get("id")))
            seen.add(item.get("id"))


def check_layout(raw, feed):
    if "\u2028" in raw or "\u2029" in raw:
        problem("U+2028 or U+2029 written raw")
    want = json.dumps(feed, indent=2, ensure_ascii=False)
    want = want.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if raw != want + "\n":
        problem("the layout is not json.dumps(indent=2)'s")


def compare_atom(feed, atom_path, source):
    atom = ET.parse(atom_path).getroot()
    entries = atom.findall(A + "entry")
    items = feed.get("items", [])
    if len(items) != len(entries):
        problem("%d items, %d Atom entries" % (len(items), len(entries)))
    if feed.get("title") != check_atom.text_of(atom.find(A + "title")):
        problem("the feed title differs from the Atom feed's")
    self = atom.find(A + "link[@rel='self']").get("href")
    if feed.get("feed_url") != re.sub(r"feed\.atom$", "feed.json", self):
        problem("feed_url %r does not go with %r" % (feed.get("feed_url"), self))
    hub = atom.find(A + "link[@rel='hub']")
    want_hubs = [{"type": "WebSub", "url": hub.get("href")}] if hub is not None else None
    if feed.get("hubs") != want_hubs:
        problem("hubs %r, Atom %r" % (feed.get("hubs"), want_hubs))
    parsed = feedparser.parse(atom_path).entries
    for item, entry, pe in zip(items, entries, parsed):
        compare_item(item, entry, pe)
    if source is None:
        return
    feed_id = atom.find(A + "id").text
    sep = "" if feed_id.endswith((":", "/")) else "/"
    by_id = {i.get("id"): i for i in items}
    for rid, fields in check_atom.records(source).items():
        item = by_id.get(feed_id + sep + rid)
        if item is None:
            continue
        for name in ("title", "summary"):
            want = fields.get(name, [None])[0]
            if item.get(name) != want:
                problem("record %s: %s %r written as %r"
                        % (rid, name, want, item.get(name)))


def links(text):
    return [html.unescape(m[1]) for m in LINK.findall(text or "")]


def compare_item(item, entry, parsed):
    eid = entry.find(A + "id").text
    link = entry.find(A + "link[@rel='alternate']")
    if item.get("id") != eid:
        problem("id %r, Atom %r" % (item.get("id"), eid))
    pairs = [
        ("title", check_atom.text_of(entry.find(A + "title"))),
        ("summary", check_atom.text_of(entry.find(A + "summary"))),
        # Links apart, which the Atom feed leaves to xml:base:
        ("content_html", LINK.sub(r'\1""', entry.findtext(A + "content"))),
        ("url", link.get("href") if link is not None else None),
    ]
    got_links = links(item.get("content_html"))
    if got_links != links(parsed.content[0].value):
        problem("%s: links %r, Atom readers see %r" % (eid, got_links,
                links(parsed.content[0].value)))
    item = dict(item, content_html=LINK.sub(r'\1""', item.get("content_html", "")))
    for name, want in pairs:
        if item.get(name) != want:
            problem("%s: %s %r, Atom %r" % (eid, name, str(item.get(name))[:60],
                                             str(want)[:60]))
    # Atom tells entries that share a second apart by moving all but the
    # newest back by a fraction of one; JSON keeps the record's second.
    for name, atom_name in (("date_published", "published"),
                            ("date_modified", "updated")):
        got = item.get(name)
        lag = got and (check_atom.instant(got) -
                       check_atom.instant(entry.findtext(A + atom_name)))
        if got is None or not dt.timedelta(0) <= lag < dt.timedelta(seconds=1):
            problem("%s: %s %r, Atom %r" % (eid, name, got,
                    entry.findtext(A + atom_name)))
    names = [a.get("name") for a in item.get("authors", [])]
    want = [a.findtext(A + "name") for a in entry.findall(A + "author")]
    if names != want:
        problem("%s: authors %r, Atom %r" % (eid, names, want))
    tags = item.get("tags", [])
    want = [c.get("label") or c.get("term") for c in entry.findall(A + "category")]
    if tags != want:
        problem("%s: tags %r, Atom %r" % (eid, tags, want))
    ev = item.get("_ev", {})
    for name in ("startdate", "enddate", "location"):
        if ev.get(name) != entry.findtext(EV + name):
            problem("%s: _ev.%s %r, Atom %r" % (eid, name, ev.get(name),
                    entry.findtext(EV + name)))


def main():
    path = sys.argv[1]
    atom_path = sys.argv[2] if len(sys.argv) > 2 else None
    source = sys.argv[3] if len(sys.argv) > 3 else None
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        problem("the file starts with a BOM")
    try:
        raw = data.decode("utf-8")
        feed = json.loads(raw, object_pairs_hook=no_duplicates,
                          parse_constant=no_constant)
    except (UnicodeDecodeError, ValueError) as e:
        print("%s: not JSON: %s" % (path, e))
        return 1
    if not isinstance(feed, dict):
        problem("the feed is not an object")
        feed = {}
    check_object("feed", feed, FEED_MEMBERS, check_value)
    if feed.get("version") != VERSION:
        problem("version %r is not %s" % (feed.get("version"), VERSION))
    check_layout(raw, feed)
    if atom_path is not None:
        compare_atom(feed, atom_path, source)
    for p in problems:
        print("%s: %s" % (path, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
