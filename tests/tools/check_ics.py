#!/usr/bin/python3
"""Check a talks.ics crier wrote the way calendar apps will read it.

    check_ics.py FILE.ics SOURCE_DIR [--limit N]

- the bytes: CRLF line ends only, no line longer than 75 octets, every
  line whole UTF-8 characters (folding never splits one);
- python3-icalendar parses it, with VERSION 2.0 and PRODID;
- its events are exactly the talks of SOURCE_DIR and the announcements
  with Starts (up to --limit entries), ordered by start then UID, each
  with UID = feed Id + record id, SUMMARY = Title, DTSTART and DTEND the
  instants the record names (resolved here, independently, with zoneinfo;
  an announcement from midnight to midnight as whole days), DTSTAMP in
  UTC at or just after the record's Updated or Published, LOCATION
  holding the Room and the announcement's Location, CATEGORIES the Track
  and Categories, URL the Link or the page's anchor, and a DESCRIPTION
  that is the Summary (after the speakers) when there is one.

Exits 1 with one line per difference.
"""
import datetime as dt
import os
import re
import sys
from zoneinfo import ZoneInfo

import icalendar

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_atom import read_record, records  # noqa: E402

problems = []
UTC = dt.timezone.utc


def problem(msg):
    problems.append(msg)


def parse_time(text, zone):
    """A record's time as an aware datetime, as crier(1) reads it."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d(?::\d\d)?)(\.\d+)?"
                     r"(Z|z|[+-]\d\d:\d\d)?", text)
    if m is None:
        raise ValueError("not a time: %r" % text)
    day, clock, _, off = m.groups()
    if len(clock) == 5:
        clock += ":00"
    naive = dt.datetime.fromisoformat(day + "T" + clock)
    if off is None:
        return naive.replace(tzinfo=ZoneInfo(zone))
    if off in ("Z", "z"):
        return naive.replace(tzinfo=UTC)
    sign = 1 if off[0] == "+" else -1
    return naive.replace(tzinfo=dt.timezone(sign * dt.timedelta(
        hours=int(off[1:3]), minutes=int(off[4:6]))))


def parse_duration(text):
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", text) or \
        re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text)
    h, mi, s = (int(x or 0) for x in m.groups())
    return dt.timedelta(hours=h, minutes=mi, seconds=s)


def first(fields, name, default=None):
    return fields.get(name, [default])[0]


def check_bytes(path):
    data = open(path, "rb").read()
    if b"\n" in data.replace(b"\r\n", b"") or b"\r" in data.replace(b"\r\n", b""):
        problem("a line does not end in CRLF")
    if not data.endswith(b"\r\n"):
        problem("the file does not end in CRLF")
    for no, line in enumerate(data.split(b"\r\n")[:-1], 1):
        if len(line) > 75:
            problem("line %d is %d octets long" % (no, len(line)))
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problem("line %d splits a UTF-8 character" % no)
    return data


def expected_events(source, conf, limit):
    """{uid: (fields, start, end, is_whole_days)} of the records."""
    recs = records(source)
    feed_id = first(conf, "id")
    sep = "" if feed_id.endswith((":", "/")) else "/"
    out = {}
    for rid, f in recs.items():
        is_talk = first(f, "type", "").lower() == "talk"
        if not is_talk and "starts" not in f:
            continue
        zone = first(f, "timezone", first(conf, "timezone"))
        start = parse_time(first(f, "starts"), zone)
        if "ends" in f:
            end = parse_time(first(f, "ends"), zone)
        else:
            end = start + parse_duration(first(f, "duration"))
        whole = (not is_talk and start.timetz().replace(tzinfo=None) == dt.time()
                 and end.timetz().replace(tzinfo=None) == dt.time())
        out[feed_id + sep + rid] = (rid, f, start, end, whole, recs)
    return out


def instant(value):
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        return None
    return value.astimezone(UTC)


def raw_events(data):
    """Each VEVENT's content lines, unfolded: [{NAME: raw value}]."""
    text = re.sub(r"\r\n[ \t]", "", data.decode("utf-8"))
    events, cur = [], None
    for line in text.split("\r\n"):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            cur = {}
        elif line == "END:VEVENT":
            events.append(cur)
            cur = None
        elif cur is not None:
            cur[name.split(";")[0]] = value
    return events


def raw_list(value):
    """A list of TEXT values as RFC 5545 3.3.11 reads it: split at the
    commas that are not escaped, then unescaped.  (python3-icalendar 4
    unescapes first and splits categories that contain a comma.)"""
    if value == "":
        return []
    parts = re.split(r"(?<!\\)((?:\\\\)*),", value)
    items = [a + b for a, b in zip(parts[0::2], parts[1::2] + [""])]
    return [re.sub(r"\\([\\;,nN])",
                   lambda m: "\n" if m.group(1) in "nN" else m.group(1), x)
            for x in items]


def check_event(ev, raw, want, conf):
    rid, f, start, end, whole, recs = want
    uid = str(ev.get("UID"))
    if str(ev.get("SUMMARY")) != first(f, "title"):
        problem("%s: SUMMARY %r, Title %r" % (uid, str(ev.get("SUMMARY")), first(f, "title")))
    got_start, got_end = ev.decoded("DTSTART"), ev.decoded("DTEND")
    if whole:
        if (got_start, got_end) != (start.date(), end.date()):
            problem("%s: whole days %s-%s, record %s-%s" % (uid, got_start, got_end, start, end))
    elif instant(got_start) != start.astimezone(UTC) or instant(got_end) != end.astimezone(UTC):
        problem("%s: %s-%s, record %s-%s" % (uid, got_start, got_end, start, end))
    ann = recs.get(first(f, "announcement", ""), {})
    if "updated" in f or "published" in f:
        zone = first(f, "timezone", first(conf, "timezone"))
        stamp_from = parse_time(first(f, "updated", first(f, "published")), zone)
    else:
        zone = first(ann, "timezone", first(conf, "timezone"))
        stamp_from = parse_time(first(ann, "published"), zone)
    stamp = instant(ev.decoded("DTSTAMP"))
    if stamp is None or not (stamp_from <= stamp <= stamp_from + dt.timedelta(hours=1)):
        problem("%s: DTSTAMP %s, record %s" % (uid, stamp, stamp_from))
    where = str(ev.get("LOCATION", ""))
    for part in (first(f, "room"), first(f, "location"), first(ann, "location")):
        if part is not None and part not in where:
            problem("%s: LOCATION %r lacks %r" % (uid, where, part))
    got = raw_list(raw.get("CATEGORIES", ""))
    want_cats = ([first(f, "track")] if "track" in f else []) + f.get("category", [])
    if got != want_cats:
        problem("%s: CATEGORIES %r, record %r" % (uid, got, want_cats))
    base = first(conf, "base")
    link = first(f, "link", base + ("" if base.endswith("/") else "/") + "index.html#" + rid)
    if str(ev.get("URL")) != link:
        problem("%s: URL %r, expected %r" % (uid, str(ev.get("URL")), link))
    desc = str(ev.get("DESCRIPTION", ""))
    if "summary" in f and not desc.endswith(first(f, "summary")):
        problem("%s: DESCRIPTION %r lacks the Summary" % (uid, desc))
    for speaker in f.get("speaker", []):
        name = re.sub(r"\s*<[^>]*>$", "", speaker)
        if name not in desc:
            problem("%s: DESCRIPTION lacks the speaker %r" % (uid, name))


def main():
    path, source = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    data = check_bytes(path)
    conf = read_record(os.path.join(source, "feed.conf"))
    cal = icalendar.Calendar.from_ical(data)
    if str(cal.get("VERSION")) != "2.0" or cal.get("PRODID") is None:
        problem("VERSION or PRODID wrong")
    if str(cal.get("X-WR-CALNAME")) != first(conf, "title"):
        problem("X-WR-CALNAME %r" % str(cal.get("X-WR-CALNAME")))
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    want = expected_events(source, conf, limit)
    uids = [str(e.get("UID")) for e in events]
    if limit is None and sorted(uids) != sorted(want):
        problem("events %r, records %r" % (sorted(uids), sorted(want)))
    if len(set(uids)) != len(uids):
        problem("two events share a UID")
    order = [(want[u][2].astimezone(UTC), u) for u in uids if u in want]
    if order != sorted(order):
        problem("events are not in start, then UID, order")
    raws = raw_events(data)
    if len(raws) != len(events):
        problem("%d VEVENTs in the bytes, %d parsed" % (len(raws), len(events)))
    for ev, raw in zip(events, raws):
        uid = str(ev.get("UID"))
        if uid in want:
            check_event(ev, raw, want[uid], conf)
        else:
            problem("event %s is no record's" % uid)
    for p in problems:
        print("%s: %s" % (path, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
