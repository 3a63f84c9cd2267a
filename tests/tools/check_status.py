#!/usr/bin/python3
"""Compare a talk's entry and event before and after its Status changed.

    check_status.py BEFORE AFTER TALK-ID STATUS

BEFORE and AFTER are output directories of one source (feed.atom,
feed.rss, talks.ics).  STATUS is cancelled or moved.  Checks what readers
and calendar apps see: feedparser finds the same entry id in both feeds,
with a later updated time and a title marked "Cancelled: " or "Moved: "
in Atom and RSS, and content saying so; python3-icalendar finds the same
UID with a higher SEQUENCE and, when cancelled, STATUS:CANCELLED.
"""
import os
import sys

import feedparser
import icalendar

MARK = {"cancelled": "Cancelled: ", "moved": "Moved: "}
SAYS = {"cancelled": "will not take place", "moved": "are the new ones"}


def fail(msg):
    sys.exit("check_status: " + msg)


def entry(path, talk):
    d = feedparser.parse(path)
    if d.bozo:
        fail("%s: bozo: %s" % (path, d.bozo_exception))
    found = [e for e in d.entries if e.id.endswith("/" + talk)]
    if len(found) != 1:
        fail("%s: %d entries for %s" % (path, len(found), talk))
    return found[0]


def event(path, talk):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    found = [c for c in cal.walk("VEVENT") if str(c["UID"]).endswith("/" + talk)]
    if len(found) != 1:
        fail("%s: %d events for %s" % (path, len(found), talk))
    return found[0]


def main():
    before, after, talk, status = sys.argv[1:5]
    for name in ("feed.atom", "feed.rss"):
        old = entry(os.path.join(before, name), talk)
        new = entry(os.path.join(after, name), talk)
        if old.id != new.id:
            fail("%s: the id changed: %s -> %s" % (name, old.id, new.id))
        if name == "feed.atom" and not new.updated_parsed > old.updated_parsed:
            fail("%s: updated did not move: %s -> %s" % (name, old.updated, new.updated))
        if new.title != MARK[status] + old.title:
            fail("%s: title %r, before %r" % (name, new.title, old.title))
        content = new.content[0].value if "content" in new else new.summary
        if SAYS[status] not in content:
            fail("%s: the content does not say the talk was %s" % (name, status))
    old, new = event(os.path.join(before, "talks.ics"), talk), \
        event(os.path.join(after, "talks.ics"), talk)
    seq_old, seq_new = int(old.get("SEQUENCE", 0)), int(new.get("SEQUENCE", 0))
    if not seq_new > seq_old:
        fail("SEQUENCE %d -> %d" % (seq_old, seq_new))
    want = "CANCELLED" if status == "cancelled" else None
    got = str(new["STATUS"]) if "STATUS" in new else None
    if got != want:
        fail("STATUS %s, expected %s" % (got, want))
    print("%s: %s, SEQUENCE %d -> %d, updated %s" % (
        talk, new["SUMMARY"], seq_old, seq_new, new["LAST-MODIFIED"].dt))


if __name__ == "__main__":
    main()
