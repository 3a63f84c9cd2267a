#!/usr/bin/python3
"""Write feed sources whose talks test the calendar and the page.

    talk_source.py zones OUTDIR     a source of talks in awkward zones
    talk_source.py hostile OUTDIR   add hostile talks to the source that
                                    hostile_source.py wrote in OUTDIR

zones: a talk across the start of summer time in Brussels (01:30 to 03:30
local is one hour), one across its end (01:30 to 04:00 is three and a
half hours), talks in zones 30 and 45 minutes off the hour, one that runs
past midnight, times written in RFC 3339, durations, and a talk with no
announcement.  hostile: titles, rooms, tracks, speakers and abstracts
with the characters that break calendars and pages (backslash, ';', ',',
newlines in Markdown, quotes, <, &, astral characters, long lines).
"""
import os
import sys

ZONES_CONF = """Title: Talks in awkward zones
Id: tag:example.org,2017:zones
Link: https://example.org/
Base: https://example.org/zones/
Author: Zone Tester
Timezone: Europe/Brussels
"""

ZONES_ANNOUNCEMENT = """Title: A year of talks
Id: year
Published: 2017-01-01 09:00
Event: Year of talks
Location: Brussels, Kolkata & Kathmandu

The *talks* of the year.
"""

# (file, fields, body)
ZONES_TALKS = [
    ("dst-start.md", "Title: Across the spring change\nStarts: 2017-03-26 01:30\n"
     "Ends: 2017-03-26 03:30\nRoom: H.2215\nSpeaker: Ana Early\n", "One hour, not two.\n"),
    ("dst-end.md", "Title: Across the autumn change\nStarts: 2017-10-29 01:30\n"
     "Ends: 2017-10-29 04:00\nRoom: H.2215\n", "Three and a half hours.\n"),
    ("kolkata.md", "Title: Half an hour off\nTimezone: Asia/Kolkata\n"
     "Starts: 2017-06-10 09:15\nDuration: 45m\nTrack: Zones\n",
     "A [link](https://example.org/kolkata) and `code`.\n\n"
     "1. one\n2. two\n\n- a\n  - nested\n"),
    ("kathmandu.md", "Title: Three quarters off\nTimezone: Asia/Kathmandu\n"
     "Starts: 2017-06-11 23:30\nDuration: 1h30m\nRoom: Midnight hall\n",
     "Runs past midnight.\n"),
    ("rfc3339.md", "Title: Written with an offset\n"
     "Starts: 2017-07-01T10:00:00-09:30\nEnds: 2017-07-01T11:00:00-09:30\n",
     "Marquesas time.\n"),
    ("adelaide.md", "Title: Adelaide in summer\nTimezone: Australia/Adelaide\n"
     "Starts: 2017-01-15 18:00\nDuration: PT1H\n", "UTC+10:30.\n"),
]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def zones(out):
    write(os.path.join(out, "feed.conf"), ZONES_CONF)
    write(os.path.join(out, "year.md"), ZONES_ANNOUNCEMENT)
    for name, fields, body in ZONES_TALKS:
        write(os.path.join(out, "talks", name),
              "Type: talk\nAnnouncement: year\n" + fields + "\n" + body)
    # A talk of no announcement needs a Published of its own.
    write(os.path.join(out, "lonely.md"),
          "Type: talk\nTitle: A talk on its own\nPublished: 2017-01-02 10:00\n"
          "Starts: 2017-05-05 17:00\nDuration: 20m\nRoom: Hall, east; upstairs\n"
          "Speaker: Solo Speaker\n\nOn its own.\n")


HOSTILE_TALKS = [
    "Back\\slash; semi, comma",
    "Fish & Chips <b> \"quoted\"",
    "astral 😀 𝄞 𐍈 and Zoë",
    "<script>alert('x')</script>",
    "Long " + "ünïcödé; <tags>, " * 40,
]


def hostile(out):
    with open(os.path.join(out, "announce.md"), "w", encoding="utf-8") as f:
        f.write("Title: Talks; with, commas\\ and <b>\nId: hostile-event\n"
                "Published: 2020-01-20T10:00:00Z\nEvent: Hostile, \"con\"\n"
                "Location: Room; 1, \\ <here>\nStarts: 2020-02-01T09:00:00Z\n"
                "Ends: 2020-02-02T18:00:00Z\n"
                "Summary: Commas, semicolons; backslashes \\ and <tags>.\n\n"
                "Body & <b>text</b>.\n")
    for i, title in enumerate(HOSTILE_TALKS):
        with open(os.path.join(out, "talk%d.md" % i), "w", encoding="utf-8") as f:
            f.write("Type: talk\nTitle: %s\nId: hostile-talk-%d\n"
                    "Announcement: hostile-event\n"
                    "Starts: 2020-02-01T1%d:00:00+01:00\nDuration: 30m\n"
                    "Room: %s\nTrack: Track, with; %s\n"
                    "Speaker: Zoë \"Z\" Müller <zoe@example.org>\n"
                    "Speaker: 山田 太郎\nCategory: a,b;c\\d\n\n"
                    "Abstract of %s\n\nSecond paragraph; with, marks \\ and "
                    "<em>raw</em> & more.\n"
                    % (title, i, i, title, title, title))


def main():
    kind, out = sys.argv[1], sys.argv[2]
    {"zones": zones, "hostile": hostile}[kind](out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
