#!/usr/bin/python3
"""Run every document crier wrote under DIR through independent judges.

    judges.py DIR...

- every Atom and RSS document: feedparser reads it with bozo == 0 and
  finds as many entries as the XML holds;
- every Atom document: the RFC 4287 RELAX NG schema (tests/schemas/atom.rng,
  xmllint --relaxng) accepts it;
- every .ics: python3-icalendar parses it, and every VEVENT has a UID,
  a DTSTART, and a DTEND (if any) later than DTSTART;
- every .html: html5lib parses it without a parse error;
- every .json: a JSON Feed 1.1 object whose items have an id and content;
- no document holds a C0 or C1 control (but tab, LF, CR), U+FFFD or a
  noncharacter.

Exits 1 with one line per problem; prints how many documents it judged.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import feedparser
import html5lib
import icalendar

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "..", "schemas", "atom.rng")
A = "{http://www.w3.org/2005/Atom}"
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd"
                       "\ufdd0-\ufdef\ufffe\uffff]|[\U0001fffe-\U0001ffff]"
                       "|[\U0010fffe-\U0010ffff]")
problems = []


def problem(path, msg):
    problems.append("%s: %s" % (path, msg))


def judge_feed(path, entry_tag):
    parsed = feedparser.parse(path)
    if parsed.bozo:
        problem(path, "feedparser: %s" % parsed.bozo_exception)
    n = sum(1 for _ in ET.parse(path).getroot().iter(entry_tag))
    if len(parsed.entries) != n:
        problem(path, "feedparser finds %d entries, the XML %d"
                % (len(parsed.entries), n))


def judge_atom(path):
    judge_feed(path, A + "entry")
    r = subprocess.run(["xmllint", "--noout", "--relaxng", SCHEMA, path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        problem(path, "RELAX NG: %s" % r.stderr.strip().splitlines()[0])


def judge_ics(path):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    for ev in cal.walk("VEVENT"):
        if "UID" not in ev or "DTSTART" not in ev:
            problem(path, "an event lacks UID or DTSTART")
            continue
        if "DTEND" in ev and not ev.decoded("DTEND") > ev.decoded("DTSTART"):
            problem(path, "%s: DTEND not after DTSTART" % ev["UID"])


def judge_html(path):
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(open(path, "rb"))
    for pos, err, data in parser.errors:
        problem(path, "HTML parse error at %s: %s %s" % (pos, err, data))
        break


def judge_json(path):
    doc = json.load(open(path, encoding="utf-8"))
    if not doc.get("version", "").startswith("https://jsonfeed.org/version/"):
        problem(path, "not a JSON Feed")
    for item in doc.get("items", []):
        if not item.get("id") or not (item.get("content_html") or
                                      item.get("content_text")):
            problem(path, "an item lacks id or content")


JUDGES = {".atom": judge_atom, ".rss": lambda p: judge_feed(p, "item"),
          ".ics": judge_ics, ".html": judge_html, ".json": judge_json}


def main():
    count = 0
    for top in sys.argv[1:]:
        for root, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                judge = JUDGES.get(os.path.splitext(name)[1])
                if judge is None:
                    continue
                count += 1
                text = open(path, encoding="utf-8").read()
                m = BAD_CHARS.search(text)
                if m:
                    problem(path, "holds U+%04X" % ord(m.group()))
                try:
                    judge(path)
                except Exception as e:  # a judge that cannot read it
                    problem(path, "%s: %s" % (type(e).__name__, e))
    for p in problems:
        print(p)
    print("judged %d documents, %d problems" % (count, len(problems)))
    return 1 if problems or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
