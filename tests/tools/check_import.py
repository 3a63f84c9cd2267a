#!/usr/bin/python3
"""Check that the talks of a schedule reached the feeds with the right times.

    check_import.py SCHEDULE.xml OUT_DIR [--zone ZONE] [--events ID,ID...]

The instants are worked out here, independently of crier, with Python's
zoneinfo: an event's <date> (with its offset) where the export has one,
else its day's date and <start> in ZONE, on the next calendar day when the
start is before the day's start (the day's start attribute, else the
conference's <day_change>); <duration> gives the end.  Then:

- OUT_DIR/feed.atom parses with feedparser (bozo == 0) and has one entry
  per event, by title, whose content gives exactly those start and end
  times (dt-start, dt-end), with the offset in force then;
- the other outputs present (feed.rss, feed.json, talks.ics) name every
  event and its start instant;
- no output holds raw HTML that came from the schedule (<script>).

Exits 1 with one line per problem.
"""
import datetime as dt
import html
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zoneinfo

import feedparser

A = "{http://www.w3.org/2005/Atom}"
problems = []


def rfc3339(t):
    s = t.isoformat()
    return s[:-6] + "Z" if s.endswith("+00:00") else s


def clock(text):
    parts = [int(p) for p in text.strip().split(":")]
    return dt.timedelta(hours=parts[0], minutes=parts[1],
                        seconds=parts[2] if len(parts) > 2 else 0)


def expected_events(path, zone, only):
    root = ET.parse(path).getroot()
    conf = root.find("conference")
    day_change = conf.findtext("day_change") if conf is not None else None
    out = {}
    for day in root.iter("day"):
        for ev in day.iter("event"):
            if only and ev.get("id") not in only:
                continue
            date = (ev.findtext("date") or "").strip()
            if date:
                start = dt.datetime.fromisoformat(date)
                if start.tzinfo is None:
                    start = start.replace(tzinfo=zone)
            else:
                d = dt.date.fromisoformat(day.get("date")[:10])
                at = clock(ev.findtext("start"))
                change = day.get("start")
                change = clock(change[11:16]) if change else (
                    clock(day_change) if day_change else None)
                if change is not None and at < change:
                    d += dt.timedelta(days=1)
                # fold=0: a skipped time is read with the offset before
                # the change, a repeated one as its first occurrence.
                start = dt.datetime.combine(d, dt.time()) + at
                start = start.replace(tzinfo=zone)
                start = start.astimezone(dt.timezone.utc).astimezone(zone)
            # In UTC: aware arithmetic in one zone is wall-clock time.
            end = start.astimezone(dt.timezone.utc) + clock(
                ev.findtext("duration"))
            end = end.astimezone(zone if zone else start.tzinfo)
            title = " ".join((ev.findtext("title") or "").split())
            out[title] = (rfc3339(start), rfc3339(end),
                          start.astimezone(dt.timezone.utc))
    return out


def times_in(text):
    text = html.unescape(text or "")
    s = re.search(r'class="dt-start" datetime="([^"]+)"', text)
    e = re.search(r'class="dt-end" datetime="([^"]+)"', text)
    return (s.group(1) if s else None, e.group(1) if e else None)


def check_atom(path, events):
    feed = feedparser.parse(path)
    if feed.bozo:
        problems.append("%s: feedparser: %s" % (path, feed.bozo_exception))
    entries = {}
    for entry in ET.parse(path).getroot().iter(A + "entry"):
        title = entry.find(A + "title")
        text = title.text or ""
        if title.get("type") == "html":
            text = html.unescape(text)
        # A talk the import marked moved is still the event's talk.
        text = re.sub(r"^Moved: ", "", text)
        entries[text] = entry.find(A + "content")
    for title, (start, end, _) in events.items():
        if title not in entries:
            problems.append("Atom: no entry '%s'" % title)
            continue
        content = entries[title].text if entries[title] is not None else ""
        got = times_in(content)
        if got != (start, end):
            problems.append("Atom: '%s' at %s-%s, expected %s-%s"
                            % (title, got[0], got[1], start, end))
        if "<script" in (content or ""):
            problems.append("Atom: raw <script> in '%s'" % title)


def check_other(path, events):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".ics"):
        text = re.sub(r"\r?\n[ \t]", "", text).replace("\\,", ",")
        text = text.replace("\\;", ";")
    elif path.endswith(".json"):
        items = json.loads(text)["items"]
        text = "\n".join(i.get("title", "") + " " + i.get("content_html", "")
                         for i in items)
        if "<script" in text:
            problems.append("%s: raw <script>" % path)
    else:
        text = html.unescape(text)
    for title, (start, _, utc) in events.items():
        if html.escape(title, quote=False) not in text and title not in text:
            problems.append("%s: no '%s'" % (path, title))
        if start not in text and utc.strftime("%Y%m%dT%H%M%SZ") not in text:
            problems.append("%s: '%s' has no start %s" % (path, title, start))


def main():
    args = sys.argv[1:]
    schedule, out_dir = args[0], args[1]
    zone, only = None, None
    if "--zone" in args:
        zone = zoneinfo.ZoneInfo(args[args.index("--zone") + 1])
    if "--events" in args:
        only = set(args[args.index("--events") + 1].split(","))
    events = expected_events(schedule, zone, only)
    if not events:
        problems.append("no events expected: wrong arguments?")
    check_atom(os.path.join(out_dir, "feed.atom"), events)
    for name in ("feed.rss", "feed.json", "talks.ics"):
        if os.path.exists(os.path.join(out_dir, name)):
            check_other(os.path.join(out_dir, name), events)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
