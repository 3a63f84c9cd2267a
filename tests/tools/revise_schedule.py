#!/usr/bin/python3
"""A later revision of a Pentabarf schedule, as a conference publishes it
days before the event: one talk moved an hour later, one given in another
room, one dropped and one new.

usage: revise_schedule.py IN.xml OUT.xml MOVED ROOMED DROPPED

MOVED, ROOMED and DROPPED are event ids: MOVED starts an hour later,
ROOMED moves to room K.3.201, DROPPED leaves, and a new event 99001
(DROPPED's other fields) takes place in K.3.201 at 17:30.
"""
import re
import sys

src, dst, moved, roomed, dropped = sys.argv[1:6]
s = open(src, encoding="utf-8").read()


def event_span(text, event_id):
    a = text.index('<event id="%s">' % event_id)
    a = text.rindex("\n", 0, a) + 1
    b = text.index("</event>", a) + len("</event>\n")
    return a, b


a, b = event_span(s, moved)
ev = s[a:b]
hh, mm = re.search(r"<start>(\d\d):(\d\d)</start>", ev).groups()
ev = ev.replace("<start>%s:%s</start>" % (hh, mm),
                "<start>%02d:%s</start>" % (int(hh) + 1, mm), 1)
s = s[:a] + ev + s[b:]

a, b = event_span(s, roomed)
ev = re.sub(r"<room>[^<]*</room>", "<room>K.3.201</room>", s[a:b], count=1)
s = s[:a] + ev + s[b:]

a, b = event_span(s, dropped)
fresh = s[a:b]
s = s[:a] + s[b:]
fresh = fresh.replace('<event id="%s">' % dropped, '<event id="99001">')
fresh = re.sub(r"<slug>[^<]*</slug>", "<slug>late_addition</slug>", fresh)
fresh = re.sub(r"<title>[^<]*</title>",
               "<title>A late addition to the schedule</title>", fresh)
fresh = re.sub(r"<start>[^<]*</start>", "<start>17:30</start>", fresh)
fresh = re.sub(r"<room>[^<]*</room>", "<room>K.3.201</room>", fresh)
s = s[:a] + fresh + s[a:]
open(dst, "w", encoding="utf-8").write(s)
