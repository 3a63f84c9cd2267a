#!/usr/bin/python3
"""What readers and calendars see after a schedule revision was imported.

    check_changes.py BEFORE AFTER MOVED ROOMED DROPPED NEW

BEFORE and AFTER are output directories of one source built before and
after the import of a revised schedule; MOVED, ROOMED, DROPPED and NEW
are record ids (schedule/SLUG).  Checks, with feedparser and
python3-icalendar:
- AFTER's feeds have exactly one new "Schedule update: ..." entry that
  counts the changes and links each changed talk's entry;
- the moved and cancelled talks keep their ids, with a later updated
  time, a marked title and content saying where they were;
- in talks.ics the same UIDs have a higher SEQUENCE, the moved talk the
  new DTSTART, the re-roomed one the new LOCATION, the dropped one
  STATUS:CANCELLED, and the new talk is there.
"""
import os
import sys

import feedparser
import icalendar


def fail(msg):
    sys.exit("check_changes: " + msg)


def feed(path):
    d = feedparser.parse(path)
    if d.bozo:
        fail("%s: bozo: %s" % (path, d.bozo_exception))
    return {e.id: e for e in d.entries}


def by_tail(entries, tail):
    found = [e for i, e in entries.items() if i.endswith("/" + tail)]
    if len(found) != 1:
        fail("%d entries for %s" % (len(found), tail))
    return found[0]


def events(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    return {str(c["UID"]): c for c in cal.walk("VEVENT")}


def ev_by_tail(evs, tail):
    found = [e for u, e in evs.items() if u.endswith("/" + tail)]
    if len(found) != 1:
        fail("%d events for %s" % (len(found), tail))
    return found[0]


def content(e):
    return e.content[0].value if "content" in e else e.summary


def check_feed(name, before, after, moved, roomed, dropped, new):
    old, cur = feed(os.path.join(before, name)), feed(os.path.join(after, name))
    fresh = [e for i, e in cur.items() if i not in old]
    updates = [e for e in fresh if e.title.startswith("Schedule update:")]
    if len(updates) != 1:
        fail("%s: %d schedule update entries" % (name, len(updates)))
    u = updates[0]
    want = "Schedule update: 2 talks moved, 1 cancelled, 1 new"
    if u.title != want:
        fail("%s: title %r" % (name, u.title))
    body = content(u)
    for tail in (moved, roomed, dropped, new):
        link = by_tail(cur, tail).link
        if 'href="%s"' % link not in body:
            fail("%s: the update does not link %s (%s)" % (name, tail, link))
    for tail, mark in ((moved, "Moved: "), (roomed, "Moved: "),
                       (dropped, "Cancelled: ")):
        a, b = by_tail(old, tail), by_tail(cur, tail)
        if a.id != b.id or b.title != mark + a.title:
            fail("%s: %s: %r -> %r" % (name, tail, a.title, b.title))
        if name == "feed.atom" and not b.updated_parsed > a.updated_parsed:
            fail("%s: %s: updated %s -> %s" % (name, tail, a.updated, b.updated))
    if "It was moved from" not in content(by_tail(cur, moved)):
        fail("%s: the moved talk does not say where it was" % name)
    return u


def check_calendar(before, after, moved, roomed, dropped, new):
    old = events(os.path.join(before, "talks.ics"))
    cur = events(os.path.join(after, "talks.ics"))
    for tail in (moved, roomed, dropped):
        a, b = ev_by_tail(old, tail), ev_by_tail(cur, tail)
        if not int(b.get("SEQUENCE", 0)) > int(a.get("SEQUENCE", 0)):
            fail("%s: SEQUENCE did not grow" % tail)
    a, b = ev_by_tail(old, moved), ev_by_tail(cur, moved)
    if (b["DTSTART"].dt - a["DTSTART"].dt).total_seconds() != 3600:
        fail("%s: DTSTART %s -> %s" % (moved, a["DTSTART"].dt, b["DTSTART"].dt))
    if "K.3.201" not in str(ev_by_tail(cur, roomed)["LOCATION"]):
        fail("%s: LOCATION %s" % (roomed, ev_by_tail(cur, roomed)["LOCATION"]))
    if str(ev_by_tail(cur, dropped).get("STATUS")) != "CANCELLED":
        fail("%s: not STATUS:CANCELLED" % dropped)
    ev_by_tail(cur, new)


def main():
    before, after, moved, roomed, dropped, new = sys.argv[1:7]
    for name in ("feed.atom", "feed.rss"):
        u = check_feed(name, before, after, moved, roomed, dropped, new)
    check_calendar(before, after, moved, roomed, dropped, new)
    print("%s: %s" % (u.id, u.title))


if __name__ == "__main__":
    main()
