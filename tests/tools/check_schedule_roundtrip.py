#!/usr/bin/python3
"""Check that a schedule.xml crier wrote gives back the same talks.

    check_schedule_roundtrip.py BEFORE_DIR AFTER_DIR

BEFORE_DIR is a build of a source with Outputs naming schedule; AFTER_DIR
the build of an empty source into which that schedule.xml was imported.
Every talk of BEFORE (a feed.json item tagged "talk") must be a talk of
AFTER with the same title, people and track (its other tags), and the
same DTSTART and DTEND in talks.ics (python3-icalendar); and AFTER has no
other talk.  Exits 1 with one line per difference.
"""
import json
import sys

import icalendar


def talks(out):
    items = json.load(open(out + "/feed.json", encoding="utf-8"))["items"]
    cal = icalendar.Calendar.from_ical(open(out + "/talks.ics", "rb").read())
    times = {str(e["SUMMARY"]): (e.decoded("DTSTART"), e.decoded("DTEND"))
             for e in cal.walk("VEVENT")}
    got = {}
    for i in items:
        tags = i.get("tags", [])
        if "talk" not in tags:
            continue
        got[i["title"]] = (sorted(a["name"] for a in i.get("authors", [])),
                           sorted(t for t in tags if t != "talk"),
                           times.get(i["title"]))
    return got


def main():
    before, after = talks(sys.argv[1]), talks(sys.argv[2])
    problems = []
    for title, want in sorted(before.items()):
        if title not in after:
            problems.append("'%s' did not come back" % title)
        elif after[title] != want:
            problems.append("'%s': %s, expected %s" % (title, after[title],
                                                       want))
    for title in sorted(set(after) - set(before)):
        problems.append("'%s' is new" % title)
    if not before:
        problems.append("no talks before: wrong arguments?")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
