#!/usr/bin/python3
"""Check the calendars of one built source against its feeds.

    check_calendars.py OUTDIR

With python3-icalendar and feedparser:
- every .ics parses, names itself (NAME and X-WR-CALNAME, RFC 7986) and
  asks to be refreshed (REFRESH-INTERVAL, X-PUBLISHED-TTL), and every
  event has a URL;
- talks.ics has an event for every entry of feed.atom that has one;
- each talk-*.ics holds exactly one event, the same (UID, DTSTART, DTEND,
  SEQUENCE, STATUS, SUMMARY) as in talks.ics, and every talk event of
  talks.ics has its own file;
- each facet calendar (track-, room-, speaker-*.ics) holds the events of
  exactly the entries of the facet's Atom feed, as talks.ics has them.
Prints a line of counts; exits 1 with one line per difference.
"""
import glob
import os
import sys

import feedparser
import icalendar

problems = []
KEYS = ("DTSTART", "DTEND", "SEQUENCE", "STATUS", "SUMMARY", "LOCATION")


def calendar(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    for prop in ("NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        if prop not in cal:
            problems.append("%s: no %s" % (path, prop))
    events = {}
    for ev in cal.walk("VEVENT"):
        uid = str(ev["UID"])
        if uid in events:
            problems.append("%s: UID %s twice" % (path, uid))
        if "URL" not in ev:
            problems.append("%s: %s has no URL" % (path, uid))
        events[uid] = {k: (ev[k].to_ical() if k in ev else None) for k in KEYS}
    return events


def entry_ids(path):
    d = feedparser.parse(path)
    if d.bozo:
        problems.append("%s: %s" % (path, d.bozo_exception))
    return {e.id for e in d.entries}


def main():
    out = sys.argv[1]
    every = calendar(os.path.join(out, "talks.ics"))
    ids = entry_ids(os.path.join(out, "feed.atom"))
    if not set(every) <= ids:
        problems.append("talks.ics: events that are no entry: %s"
                        % sorted(set(every) - ids))
    talks = glob.glob(os.path.join(out, "talk-*.ics"))
    own = {}
    for path in talks:
        events = calendar(path)
        if len(events) != 1:
            problems.append("%s: %d events" % (path, len(events)))
            continue
        uid, ev = next(iter(events.items()))
        if every.get(uid) != ev:
            problems.append("%s: %s differs from talks.ics: %r / %r"
                            % (path, uid, ev, every.get(uid)))
        own[uid] = path
    facets = 0
    for path in sorted(glob.glob(os.path.join(out, "*-*.ics"))):
        stem = os.path.basename(path)[:-4]
        if stem.startswith("talk-"):
            continue
        facets += 1
        events = calendar(path)
        want = entry_ids(os.path.join(out, stem + ".atom")) & set(every)
        if set(events) != want:
            problems.append("%s: events %r, its feed's %r"
                            % (path, sorted(events), sorted(want)))
        for uid, ev in events.items():
            if every.get(uid) != ev:
                problems.append("%s: %s differs from talks.ics" % (path, uid))
    for p in problems:
        print(p)
    print("%d events in talks.ics, %d talk calendars, %d facet calendars"
          % (len(every), len(own), facets))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
