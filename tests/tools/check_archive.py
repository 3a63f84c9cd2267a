#!/usr/bin/python3
"""Pages back through an archived feed (RFC 5005) as a reader would.

    check_archive.py DIR BASE KIND LIMIT SOURCE

KIND is atom or rss.  Starting at DIR/feed.KIND, follows prev-archive
links (URLs under BASE map to files in DIR) to the oldest page, checking
on the way that:
  - every document parses with feedparser without bozo;
  - the subscription feed holds LIMIT entries and is not an archive;
  - every page has fh:archive, a current link to the subscription feed,
    a self link to itself, and a next-archive link back to the page it
    was reached from (none on the newest page);
  - every page holds at most LIMIT entries, and only the newest may hold
    fewer;
  - every entry id is seen exactly once, and they are the ids of the
    records in SOURCE (one *.md each, Id: field);
  - entries fill pages oldest first: every entry of a page was published
    no later than every entry of the page after it.
Prints the chain of pages and exits 1 with a message on the first failure.
"""
import os
import sys
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
FH = "{http://purl.org/syndication/history/1.0}"


def fail(msg):
    sys.exit("check_archive: " + msg)


def links(root, kind):
    """rel -> href of the document's feed-level atom:link elements."""
    parent = root if kind == "atom" else root.find("channel")
    return {l.get("rel"): l.get("href") for l in parent.findall(ATOM + "link")}


def is_archive(root, kind):
    parent = root if kind == "atom" else root.find("channel")
    return parent.find(FH + "archive") is not None


def record_ids(source):
    ids = set()
    for name in os.listdir(source):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(source, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("Id:"):
                    ids.add(line.split(":", 1)[1].strip())
                    break
                if not line.strip():
                    ids.add(name[:-3])
                    break
    return ids


def main():
    out, base, kind, limit, source = sys.argv[1:6]
    limit = int(limit)
    current_url = base + "feed." + kind

    def path_of(url):
        if not url.startswith(base):
            fail("%s is not under %s" % (url, base))
        return os.path.join(out, url[len(base):])

    seen = {}
    pages = []          # newest first
    url, came_from = current_url, None
    while url is not None:
        path = path_of(url)
        if not os.path.exists(path):
            fail("%s links to %s, which was not built" % (came_from, url))
        parsed = feedparser.parse(path)
        if parsed.bozo:
            fail("%s: bozo: %s" % (path, parsed.bozo_exception))
        root = ET.parse(path).getroot()
        rels = links(root, kind)
        if rels.get("self") != url:
            fail("%s: self link %s" % (path, rels.get("self")))
        if url == current_url:
            if is_archive(root, kind):
                fail("the subscription feed says it is an archive")
            if len(parsed.entries) != limit:
                fail("the subscription feed holds %d entries, not %d"
                     % (len(parsed.entries), limit))
        else:
            if not is_archive(root, kind):
                fail("%s has no fh:archive" % path)
            if rels.get("current") != current_url:
                fail("%s: current link %s" % (path, rels.get("current")))
            if rels.get("next-archive") != (came_from if came_from != current_url else None):
                fail("%s: next-archive %s, reached from %s"
                     % (path, rels.get("next-archive"), came_from))
            if len(parsed.entries) > limit:
                fail("%s holds %d entries" % (path, len(parsed.entries)))
            if pages[1:] and len(parsed.entries) != limit:
                fail("%s is not the newest page but holds %d entries"
                     % (path, len(parsed.entries)))
        for e in parsed.entries:
            if e.id in seen:
                fail("%s: entry %s already seen in %s" % (path, e.id, seen[e.id]))
            seen[e.id] = path
        pages.append((url, parsed.entries))
        came_from, url = url, rels.get("prev-archive")
        if len(pages) > 100000:
            fail("the prev-archive links loop")

    # Older pages hold older entries.
    archives = pages[1:][::-1]
    for (u1, older), (u2, newer) in zip(archives, archives[1:]):
        if older and newer and max(e.published_parsed for e in older) > \
                min(e.published_parsed for e in newer):
            fail("%s holds an entry published after one in %s" % (u1, u2))

    want = record_ids(source)
    with open(os.path.join(source, "feed.conf"), encoding="utf-8") as f:
        prefix = [l.split(":", 1)[1].strip() for l in f
                  if l.startswith("Id:")][0] + "/"
    got = {i[len(prefix):] if i.startswith(prefix) else i for i in seen}
    if got != want:
        fail("entries seen %d, records %d; missing %s, extra %s" % (
            len(got), len(want), sorted(want - got)[:5], sorted(got - want)[:5]))
    print("%s: %d entries in the feed and %d archive pages, each once" % (
        kind, len(pages[0][1]), len(pages) - 1))


if __name__ == "__main__":
    main()
