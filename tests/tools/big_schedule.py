#!/usr/bin/python3
"""Generate a big, realistic conference schedule.xml for import tests.

    big_schedule.py N OUT.xml [--style frab|pentabarf] [--seed S]
                    [--change INDEX]

Writes N events spread over several days (2 to 5, more for more events),
in rooms of about 14 talks a day, each room a track (devroom) or one of a
few shared ones, the way FOSDEM and CCC events look:

- frab (the default): <time_zone_name>, event guids, an acronym, <date>
  with its offset on every event, <url>, a <version>;
- pentabarf: FOSDEM's export, with no <date>, no guids, no time zone
  (import with --timezone Europe/Brussels) and a <day_change>.

The conference starts on Saturday 2025-10-25 in Europe/Brussels, so its
second day is the one daylight saving time ends (03:00 CEST -> 02:00
CET), and each day's first room has a late session past midnight that
belongs to the day before.  Abstracts are HTML (paragraphs, lists,
links, emphasis, code, entities; a few escaped twice, as some exports
do, and in frab style some Markdown-ish text instead); persons have
non-ASCII names, and a few have '<', '>' or '@' in them; events have
feedback and slide links, some of them junk ("http://").  Titles are
unique, so tests/tools/check_import.py can find each event in a feed.

--change INDEX writes the same schedule with one event changed: the
INDEX-th event (0-based, in schedule order) starts five minutes later
and has a new title.  The output depends only on N, the style, the seed
and --change.
"""
import argparse
import datetime as dt
import math
import random
import sys
import uuid
import zoneinfo
from xml.sax.saxutils import escape, quoteattr

ZONE = zoneinfo.ZoneInfo("Europe/Brussels")
FIRST_DAY = dt.date(2025, 10, 25)
TALKS_PER_ROOM_DAY = 14
DAY_CHANGE = dt.time(6, 0)

FIRST = ["Zoë", "José", "Łukasz", "Søren", "Björn", "Çağla", "Đorđe",
         "Émilie", "Ji-woo", "Thảo", "Ólafur", "Mária", "Дмитрий",
         "Ιωάννης", "太郎", "Yūki", "Ana", "Priya", "Oluwaseun", "Siobhán",
         "Jürgen", "François", "Małgorzata", "Ngozi", "Aleksandr", "Chloé",
         "Renée", "Håkon", "Tomáš", "Inês", "Kai", "Mei", "Arjun", "Fatima"]
LAST = ["Łukasiewicz", "Müller", "Dvořák", "Núñez", "Ångström", "Øvergård",
        "Şahin", "Jovanović", "Lefèvre", "Kim", "Nguyễn", "Sigurðsson",
        "Kovács", "Иванов", "Παπαδόπουλος", "山田", "Tanaka", "Sharma",
        "Adébáyọ̀", "Ní Bhriain", "O'Brien", "van der Berg", "Groß",
        "García-Márquez", "Wójcik", "Þórsdóttir", "Čapek", "Smith"]
ODD_NAMES = ["The <core> team", "ACME @ FOSDEM", "R&D <lab>"]

TOPICS = ["PostgreSQL replication", "the Linux scheduler", "Rust async",
          "WebAssembly runtimes", "eBPF tracing", "Kubernetes operators",
          "RISC-V boot flows", "Matrix federation", "LLVM's optimiser",
          "Nix flakes", "GStreamer pipelines", "OpenStreetMap tiles",
          "Debian reproducible builds", "GNOME accessibility", "KDE Plasma",
          "Wayland compositors", "the Xen hypervisor", "QEMU device models",
          "OpenJDK's garbage collectors", "Python packaging",
          "Go generics", "SQLite internals", "ZFS on Linux", "Tor onion services",
          "LibreOffice import filters", "Mozilla's Gecko", "Jupyter kernels",
          "Kafka streams", "Prometheus alerting", "OpenSSL 3 providers",
          "systemd units", "Btrfs snapshots", "Zephyr RTOS", "Free firmware",
          "Mastodon moderation", "GNU Guix", "Haskell type classes",
          "Erlang/OTP", "Julia's compiler", "the CERN ROOT framework"]
VERBS = ["Scaling", "Debugging", "Securing", "Testing", "Profiling",
         "Rewriting", "Packaging", "Porting", "Observing", "Teaching",
         "Shipping", "Fuzzing", "Documenting", "Benchmarking", "Taming"]
ANGLES = ["in production", "for beginners", "at scale", "the hard way",
          "without tears", "in 2025", "on tiny devices", "— a retrospective",
          "and what we learned", "with “zero” downtime", "for fun & profit",
          "in the browser", "on RISC-V", "across time zones", ""]
TYPES = ["devroom", "devroom", "devroom", "lecture", "lightningtalk",
         "workshop", "keynote", "maintrack"]
SHARED_TRACKS = ["Main track", "Lightning talks", "Keynotes", "Community",
                 "Security", "Embedded"]
ROOMS = ["Janson", "K.1.105 (La Fontaine)", "H.2215 (Ferrer)",
         "H.1301 (Cornil)", "H.1302 (Depage)", "H.1308 (Rolin)",
         "H.1309 (Van Rijn)", "AW1.120", "AW1.121", "AW1.126", "UB2.252A (Lameere)",
         "UB5.132", "UD2.120 (Chavanne)", "K.3.201", "K.4.401", "Saal Ada",
         "Saal Zuse", "Hörsaal 1", "Salle Émile", "Sala Ñandú"]
SENTENCES = [
    "We look at {topic} {angle} and at what broke when we tried it.",
    "This talk explains how {topic} works under the hood — with diagrams.",
    "After two years of running {topic}, here is what we would do again, "
    "and what we would <em>never</em> do again.",
    "Expect live demos, a few war stories &amp; some honest numbers.",
    "The code is on <a href=\"https://git.example.org/{slug}\">our forge</a>; "
    "patches welcome.",
    "We cover <code>make check</code>, <code>a &lt; b</code> comparisons and "
    "the <strong>one</strong> flag everyone forgets.",
    "Bring a laptop if you want to follow along; café&nbsp;au&nbsp;lait is "
    "on us.",
    "The speakers maintain {topic} in Debian, Fedora and Guix.",
    "Naïve approaches fail at 10⁶ events per second; we show why.",
    "No prior knowledge of {topic} is needed.",
]
LIST_ITEMS = ["what changed since last year", "the new API",
              "migration paths", "benchmarks on arm64 &amp; x86-64",
              "how to get involved", "open questions",
              "<a href=\"https://docs.example.org/\">documentation</a>"]


def fill(rng, template, topic, slug):
    return template.format(topic=topic, angle=rng.choice(ANGLES) or "today",
                           slug=slug)


def html_abstract(rng, topic, slug):
    """A Pentabarf abstract: HTML paragraphs, sometimes a list."""
    paras = []
    for _ in range(rng.randint(1, 3)):
        paras.append("<p>%s</p>" % " ".join(
            fill(rng, rng.choice(SENTENCES), topic, slug)
            for _ in range(rng.randint(2, 4))))
    if rng.random() < 0.35:
        items = rng.sample(LIST_ITEMS, rng.randint(2, 4))
        paras.insert(1, "<p>We will cover:</p>\n<ul>\n%s\n</ul>" % "\n".join(
            "<li>%s</li>" % i for i in items))
    return "\n\n".join(paras)


def markdown_abstract(rng, topic, slug):
    """A frab/pretalx abstract: Markdown-ish text."""
    lines = [fill(rng, "We look at {topic} {angle}.", topic, slug), "",
             "- **what** changed", "- *why* it matters", "",
             "See https://git.example.org/%s for the code." % slug]
    return "\n".join(lines)


def person_name(rng):
    if rng.random() < 0.002:
        return rng.choice(ODD_NAMES)
    return "%s %s" % (rng.choice(FIRST), rng.choice(LAST))


def slugify(text):
    out, dash = [], False
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("_")
            dash = True
    return "".join(out).strip("_")


class Generator:
    def __init__(self, n, style, seed, change):
        self.n, self.style, self.change = n, style, change
        self.rng = random.Random(seed)
        self.days = max(2, min(5, (n + 999) // 1000 + 1))
        self.rooms = max(1, math.ceil(n / (self.days * TALKS_PER_ROOM_DAY)))
        self.persons = [(1000 + i, person_name(self.rng))
                        for i in range(max(4, n * 7 // 10))]
        self.titles = set()
        self.count = 0
        self.out = []

    def room_name(self, r):
        base = ROOMS[r % len(ROOMS)]
        return base if r < len(ROOMS) else "%s-%d" % (base, r // len(ROOMS))

    def room_track(self, r):
        if r % 5 == 4:
            return None   # shared-track rooms: each talk picks one
        return "%s devroom" % TOPICS[r % len(TOPICS)].split()[-1].capitalize()

    def unique_title(self, rng, topic):
        title = "%s %s %s" % (rng.choice(VERBS), topic, rng.choice(ANGLES))
        title = title.strip()
        base, k = title, 2
        while title in self.titles:
            title = "%s, part %d" % (base, k)
            k += 1
        self.titles.add(title)
        return title

    def w(self, line):
        self.out.append(line)

    def event(self, index, day, room, track, start, minutes):
        rng = self.rng
        event_id = 10000 + index
        topic = rng.choice(TOPICS)
        title = self.unique_title(rng, topic)
        slug = slugify(title)
        if index == self.change:
            start += dt.timedelta(minutes=5)
            title += " (moved)"
        subtitle = (fill(rng, "{topic} {angle}", topic, "").capitalize()
                    if rng.random() < 0.4 else "")
        ev_track = track or rng.choice(SHARED_TRACKS)
        ev_type = rng.choice(TYPES)
        if self.style == "frab":
            slug = "%s-%d-%s" % (self.acronym, event_id, slug.replace("_", "-"))
        if self.style == "frab" and rng.random() < 0.3:
            abstract = markdown_abstract(rng, topic, slug)
        else:
            abstract = html_abstract(rng, topic, slug)
        description = (html_abstract(rng, topic, slug)
                       if rng.random() < 0.5 else "")
        escaped_twice = rng.random() < 0.02
        persons = rng.sample(self.persons, rng.choice([1, 1, 1, 2, 2, 3]))
        when = dt.datetime.combine(day, dt.time()) + start
        local = when.replace(tzinfo=ZONE)
        guid = uuid.uuid5(uuid.NAMESPACE_URL,
                          "https://conf.example.org/event/%d" % event_id)

        attrs = ' id="%d"' % event_id
        if self.style == "frab":
            attrs = ' guid="%s"%s' % (guid, attrs)
        self.w('      <event%s>' % attrs)
        if self.style == "frab":
            self.w('        <date>%s</date>' % local.isoformat())
        clock = start.seconds // 60
        self.w('        <start>%02d:%02d</start>' % (clock // 60 % 24, clock % 60))
        self.w('        <duration>%02d:%02d</duration>'
               % (minutes // 60, minutes % 60))
        self.w('        <room>%s</room>' % escape(room))
        self.w('        <slug>%s</slug>' % escape(slug))
        if self.style == "frab":
            self.w('        <url>https://conf.example.org/2025/talk/%d/</url>'
                   % event_id)
        self.w('        <title>%s</title>' % escape(title))
        self.w('        <subtitle>%s</subtitle>' % escape(subtitle)
               if subtitle else '        <subtitle/>')
        self.w('        <track>%s</track>' % escape(ev_track))
        self.w('        <type>%s</type>' % ev_type)
        self.w('        <language>%s</language>'
               % rng.choice(["en", "en", "en", "de", "fr"]))
        text = escape(abstract)
        if escaped_twice:
            text = escape(text)
        self.w('        <abstract>%s</abstract>' % text)
        self.w('        <description>%s</description>' % escape(description)
               if description else '        <description/>')
        self.w('        <recording>')
        self.w('          <license>CC BY 4.0</license>')
        self.w('          <optout>%s</optout>'
               % ("true" if rng.random() < 0.05 else "false"))
        self.w('        </recording>')
        self.w('        <persons>')
        for pid, name in persons:
            self.w('          <person id="%d">%s</person>' % (pid, escape(name)))
        self.w('        </persons>')
        self.w('        <links>')
        self.w('          <link href="https://submission.example.org/feedback/'
               '%d.php">Submit feedback</link>' % event_id)
        if rng.random() < 0.3:
            self.w('          <link href="https://conf.example.org/2025/slides/'
                   '%s.pdf">Slides (PDF, 2 MiB)</link>' % slug)
        if rng.random() < 0.05:
            self.w('          <link href="http://">Video</link>')
        self.w('        </links>')
        self.w('      </event>')

    def room(self, d, r):
        day = FIRST_DAY + dt.timedelta(days=d)
        name = self.room_name(r)
        track = self.room_track(r)
        self.w('    <room name=%s>' % quoteattr(name))
        at = dt.timedelta(hours=9)
        for _ in range(TALKS_PER_ROOM_DAY):
            if self.count == self.n:
                break
            minutes = self.rng.choice([20, 25, 25, 30, 40, 50])
            self.event(self.count, day, name, track, at, minutes)
            self.count += 1
            at += dt.timedelta(minutes=minutes + self.rng.choice([5, 5, 10]))
        # A late session past midnight: listed on this day, held on the next.
        if r == 0 and self.count < self.n:
            self.event(self.count, day, name, track,
                       dt.timedelta(hours=24, minutes=30), 45)
            self.count += 1
        self.w('    </room>')

    def generate(self):
        self.acronym = "bigcon25"
        w = self.w
        w('<?xml version="1.0" encoding="UTF-8"?>')
        w('<!-- Generated by tests/tools/big_schedule.py (%s style, %d '
          'events). -->' % (self.style, self.n))
        w('<schedule>')
        if self.style == "frab":
            w('  <generator name="frab" version="0.0-generated"/>')
            w('  <version>Big Con 2025 %s</version>'
              % ("1.1" if self.change is not None else "1.0"))
        w('  <conference>')
        if self.style == "frab":
            w('    <acronym>%s</acronym>' % self.acronym)
        w('    <title>Big Con 2025</title>')
        w('    <subtitle/>')
        w('    <venue>Université Libre de Bruxelles</venue>')
        w('    <city>Bruxelles/Brussel</city>')
        w('    <start>%s</start>' % FIRST_DAY)
        w('    <end>%s</end>' % (FIRST_DAY + dt.timedelta(days=self.days - 1)))
        w('    <days>%d</days>' % self.days)
        if self.style == "pentabarf":
            w('    <day_change>%s</day_change>' % DAY_CHANGE)
        w('    <timeslot_duration>00:05:00</timeslot_duration>')
        if self.style == "frab":
            w('    <time_zone_name>Europe/Brussels</time_zone_name>')
            w('    <base_url>https://conf.example.org/2025/</base_url>')
        w('  </conference>')
        for d in range(self.days):
            day = FIRST_DAY + dt.timedelta(days=d)
            attrs = ' index="%d" date="%s"' % (d + 1, day)
            if self.style == "frab":
                begin = dt.datetime.combine(day, DAY_CHANGE, ZONE)
                end = dt.datetime.combine(day + dt.timedelta(days=1),
                                          dt.time(5, 59), ZONE)
                attrs += ' start="%s" end="%s"' % (begin.isoformat(),
                                                   end.isoformat())
            w('  <day%s>' % attrs)
            for r in range(self.rooms):
                self.room(d, r)
            w('  </day>')
        w('</schedule>')
        if self.count != self.n:
            sys.exit("big_schedule.py: placed %d events of %d"
                     % (self.count, self.n))
        return "\n".join(self.out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("n", type=int)
    p.add_argument("out")
    p.add_argument("--style", choices=["frab", "pentabarf"], default="frab")
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument("--change", type=int, default=None)
    a = p.parse_args()
    if a.n < 1:
        p.error("N must be at least 1")
    text = Generator(a.n, a.style, a.seed, a.change).generate()
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
