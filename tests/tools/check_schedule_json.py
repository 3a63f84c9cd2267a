#!/usr/bin/python3
"""Check that every event of a schedule.json was imported at its times.

    check_schedule_json.py SCHEDULE.json SOURCE_DIR [ICS] [--skipped ID,...]

The instants are worked out here from the JSON alone, with Python's
zoneinfo: an event's "date" when it holds a time (with its offset), else
its day's date and "start" in the conference's time_zone_name, on the
next calendar day when the start is before the day's day_start; the end
is the start plus "duration" (hours:minutes), else the event's "end".
Then every record below SOURCE_DIR/schedule must have exactly those
Starts and Ends (found by its Schedule-Id, which ends with the guid), and
ICS (a built talks.ics, read with python3-icalendar) the same DTSTART and
DTEND for the event's title.  Events listed with --skipped must have no
record.  Exits 1 with one line per problem.
"""
import datetime as dt
import glob
import json
import re
import sys
import zoneinfo

problems = []


def clock(text):
    parts = [int(p) for p in text.split(":")]
    return dt.timedelta(hours=parts[0], minutes=parts[1],
                        seconds=parts[2] if len(parts) > 2 else 0)


def expected(path):
    conf = json.load(open(path, encoding="utf-8"))["schedule"]["conference"]
    zone = zoneinfo.ZoneInfo(conf.get("time_zone_name") or "UTC")
    out = {}
    for day in conf["days"]:
        for events in day["rooms"].values():
            for ev in events:
                date = ev.get("date") or ""
                if "T" in date:
                    start = dt.datetime.fromisoformat(date)
                else:
                    d = dt.date.fromisoformat(date or day["date"])
                    at = clock(ev["start"])
                    if at < clock(day["day_start"][11:16]):
                        d += dt.timedelta(days=1)
                    start = (dt.datetime.combine(d, dt.time()) + at
                             ).replace(tzinfo=zone)
                if ev.get("duration"):
                    end = start + clock(ev["duration"])
                else:
                    end = dt.datetime.fromisoformat(ev["end"])
                out[str(ev.get("guid") or ev["id"])] = (
                    str(ev["id"]), " ".join(ev["title"].split()),
                    start.astimezone(dt.timezone.utc),
                    end.astimezone(dt.timezone.utc))
    return out


def records(source):
    got = {}
    for path in glob.glob(source + "/schedule/*.md"):
        fields = {}
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                break
            m = re.match(r"([A-Za-z-]+): (.*)", line)
            if m:
                fields[m.group(1)] = m.group(2)
        guid = fields["Schedule-Id"].split("/", 1)[1]
        got[guid] = tuple(dt.datetime.fromisoformat(
            fields[k].replace("Z", "+00:00")) for k in ("Starts", "Ends"))
    return got


def check_ics(path, events):
    import icalendar
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    by_title = {}
    for ve in cal.walk("VEVENT"):
        by_title[str(ve["SUMMARY"])] = (ve.decoded("DTSTART"),
                                        ve.decoded("DTEND"))
    for _id, title, start, end in events:
        if by_title.get(title) != (start, end):
            problems.append("%s: '%s' at %s, expected %s-%s"
                            % (path, title, by_title.get(title), start, end))


def main():
    args = sys.argv[1:]
    skipped = set()
    if "--skipped" in args:
        i = args.index("--skipped")
        skipped = set(args[i + 1].split(","))
        del args[i:i + 2]
    want, got = expected(args[0]), records(args[1])
    kept = []
    for guid, (eid, title, start, end) in sorted(want.items()):
        if eid in skipped:
            if guid in got:
                problems.append("event %s was imported, expected skipped"
                                % eid)
            continue
        kept.append((eid, title, start, end))
        if guid not in got:
            problems.append("event %s (%s) has no record" % (eid, title))
        elif got[guid] != (start, end):
            problems.append("event %s: %s-%s, expected %s-%s" % (
                eid, got[guid][0], got[guid][1], start, end))
    if len(got) != len(kept):
        problems.append("%d records, expected %d" % (len(got), len(kept)))
    if len(args) > 2:
        check_ics(args[2], kept)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
