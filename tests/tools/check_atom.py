#!/usr/bin/python3
"""Check an Atom file crier wrote the way readers will see it.

    check_atom.py FEED.atom SOURCE_DIR [--limit N]

- feedparser (the library behind many readers and planets) parses it with
  bozo == 0;
- it holds the same entries as ElementTree reads from the XML, in order,
  with the same id, title, link, published and updated;
- every published record of SOURCE_DIR appears (up to --limit), with its
  title exactly as the record gave it and, for RFC 3339 dates, its
  Published instant;
- no two entries share an updated value.

Exits 1 with one line per difference.
"""
import datetime as dt
import html
import os
import sys
import xml.etree.ElementTree as ET

import feedparser

A = "{http://www.w3.org/2005/Atom}"
problems = []


def problem(msg):
    problems.append(msg)


def read_record(path):
    """Header fields of a record: {lower-case name: [values]}.

    feed.conf has no body: an empty line in it is skipped, not the end of
    the header (crier-records(5)).
    """
    fields, last = {}, None
    is_conf = os.path.basename(path) == "feed.conf"
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line == "" and is_conf:
                continue
            if line == "":
                break
            if line.startswith("#"):
                continue
            if line[0] in " \t":
                fields[last][-1] = (fields[last][-1] + " " + line.strip()).strip()
                continue
            name, _, value = line.partition(":")
            last = name.strip().lower()
            fields.setdefault(last, []).append(value.strip())
    return fields


def records(source):
    out = {}
    for root, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(".md") and not name.startswith("."):
                path = os.path.join(root, name)
                rid = os.path.relpath(path, source)[:-3]
                fields = read_record(path)
                out[fields.get("id", [rid])[0]] = fields
    return out


def instant(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def text_of(el):
    """A text construct as a reader shows it."""
    if el is None:
        return None
    if el.get("type") == "html":
        return html.unescape(el.text or "")
    return el.text or ""


def main():
    path, source = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    parsed = feedparser.parse(path)
    if parsed.bozo:
        problem("feedparser: bozo: %r" % parsed.get("bozo_exception"))
    tree = ET.parse(path).getroot()
    feed_id = tree.find(A + "id").text
    xml_entries = tree.findall(A + "entry")
    if len(parsed.entries) != len(xml_entries):
        problem("feedparser sees %d entries, the XML has %d"
                % (len(parsed.entries), len(xml_entries)))
    seen_updated = set()
    for fe, xe in zip(parsed.entries, xml_entries):
        want_id = xe.find(A + "id").text
        if fe.get("id") != want_id:
            problem("id %r read as %r" % (want_id, fe.get("id")))
        want_title = text_of(xe.find(A + "title"))
        got_title = fe.get("title")
        if fe.get("title_detail", {}).get("type") == "text/html":
            got_title = html.unescape(got_title)
        if got_title != want_title:
            problem("%s: title %r read as %r" % (want_id, want_title, got_title))
        link = xe.find(A + "link[@rel='alternate']")
        if link is not None and fe.get("link") != link.get("href"):
            problem("%s: link %r read as %r" % (want_id, link.get("href"), fe.get("link")))
        for name in ("published", "updated"):
            # feedparser's struct_time holds whole seconds; crier tells
            # entries sharing a second apart by fractions of one.
            want = instant(xe.find(A + name).text).replace(microsecond=0)
            got = fe.get(name + "_parsed")
            if got is None or dt.datetime(*got[:6], tzinfo=dt.timezone.utc) != want:
                problem("%s: %s %s read as %r" % (want_id, name, want, fe.get(name)))
        upd = instant(xe.find(A + "updated").text)
        if upd in seen_updated:
            problem("%s: updated %s is shared with another entry" % (want_id, upd))
        seen_updated.add(upd)

    by_uri = {xe.find(A + "id").text: xe for xe in xml_entries}
    recs = records(source)
    expected = len(recs) if limit is None else min(limit, len(recs))
    if len(xml_entries) != expected:
        problem("%d entries written, %d records" % (len(xml_entries), expected))
    sep = "" if feed_id.endswith((":", "/")) else "/"
    for rid, fields in recs.items():
        xe = by_uri.get(feed_id + sep + rid)
        if xe is None:
            if limit is None:
                problem("record %s has no entry" % rid)
            continue
        if text_of(xe.find(A + "title")) != fields["title"][0]:
            problem("record %s: title %r written as %r"
                    % (rid, fields["title"][0], text_of(xe.find(A + "title"))))
        pub = fields.get("published", [""])[0]
        if "T" in pub and instant(pub) != instant(xe.find(A + "published").text):
            problem("record %s: published %s written as %s"
                    % (rid, pub, xe.find(A + "published").text))
    for p in problems:
        print("%s: %s" % (path, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
