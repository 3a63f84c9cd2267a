#!/usr/bin/python3
"""Check that no document in a build's output keeps a withdrawn entry.

    check_withdrawn.py OUTDIR ID...

Reads every Atom and RSS document of OUTDIR with feedparser (no bozo),
every JSON Feed with json, every calendar with icalendar, and fails if
any of them still holds an entry, item or event with one of the IDs (the
entry's id, guid, JSON id or iCalendar UID).  Prints "FILE N" for each
document: how many entries it holds.
"""
import json
import os
import sys

import feedparser
import icalendar


def ids_of(path):
    ext = os.path.splitext(path)[1]
    if ext in (".atom", ".rss"):
        d = feedparser.parse(path)
        if d.bozo:
            sys.exit("%s: not a clean feed: %s" % (path, d.bozo_exception))
        return [e.get("id") for e in d.entries]
    if ext == ".json":
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        assert doc["version"].startswith("https://jsonfeed.org/"), path
        return [item["id"] for item in doc["items"]]
    if ext == ".ics":
        with open(path, "rb") as f:
            cal = icalendar.Calendar.from_ical(f.read())
        return [str(ev["UID"]) for ev in cal.walk("VEVENT")]
    return None


def main():
    out_dir, withdrawn = sys.argv[1], set(sys.argv[2:])
    bad = []
    for name in sorted(os.listdir(out_dir)):
        if name.startswith("."):
            continue
        ids = ids_of(os.path.join(out_dir, name))
        if ids is None:
            continue
        print("%s %d" % (name, len(ids)))
        bad += ["%s keeps %s" % (name, i) for i in ids if i in withdrawn]
    if bad:
        sys.exit("\n".join(bad))


main()
