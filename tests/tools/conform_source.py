#!/usr/bin/python3
"""Write a feed source with one record per kind of conformance defect
that feeds, readers or validators have caught crier writing.

    conform_source.py OUTDIR

1. relative links in a body, and a Link equal to the feed's: no xml:base;
2. character references that are fine (tab, 'A', &amp;) and ones that
   are only text (in code);
3. a talk with neither Room nor Location, and an announcement that is a
   single moment (Starts, no Ends);
4. announcements with an empty body, with and without a Link;
5. links and images whose addresses the sanitiser drops, and an empty one;
6. IRIs: a Link, a feed Link and a body link with non-ASCII host and path;
7. a Published time in a zone 5 h 45 min off UTC;
8. titles, categories and tracks that look like markup.
"""
import os
import sys

CONF = """Title: Conformance <check> & co
Subtitle: Every defect class, once
Id: tag:example.org,2020:conform
Link: https://example.org/
Base: https://example.org/feeds/conform/
Author: Ana Björk <ana@example.org>
Timezone: Europe/Brussels
Stylesheet: yes
"""

RECORDS = {
    "relative.md": """Title: Relative links
Published: 2020-01-01T10:00:00Z
Link: https://example.org/

See [the news](news/1.html), [top](/top), [here](#frag) and
![a logo](img/logo.png).
""",
    "refs.md": """Title: Harmless references
Published: 2020-01-02T10:00:00Z

A&#9;tab, an &#65;, &amp; and &#x1F600;; in code `&#1;` and `&#x85;` are text.

    &#127; in a code block
""",
    "event.md": """Title: The booth
Published: 2020-01-03T10:00:00Z
Starts: 2020-02-01 10:00

A single moment: no end.
""",
    "talks/roomless.md": """Type: talk
Title: A talk without a room
Announcement: event
Starts: 2020-02-01 11:00
Duration: 30m
Speaker: Zoë Müller
Link: https://bücher.example/straße/ä?q=ü#frag

Its abstract, which must not become its location.
""",
    "empty-linked.md": """Title: Nothing to say, but a link
Published: 2020-01-04T10:00:00Z
Link: https://example.org/empty

""",
    "empty.md": """Title: Nothing to say
Published: 2020-01-05T10:00:00Z
Summary: Only a summary

""",
    "dropped.md": """Title: Dropped links
Published: 2020-01-06T10:00:00Z

A [script](javascript:alert(1)), a [vb](vbscript:x), a [file](file:///etc/passwd),
an ![image](javascript:y), ![data](data:text/html;base64,PHA+) and
[nothing](), but [a good one](https://example.org/good).
""",
    "iri.md": """Title: Internationalised addresses
Published: 2020-01-07T10:00:00Z
Link: https://bücher.example/straße/ä?q=ü#frag

Read [the book](https://bücher.example/straße/ö) and [this](https://例え.jp/パス).
""",
    "ipv6.md": """Title: An IPv6 host, brackets in a path, an IDN in a media URL
Published: 2020-01-07T11:00:00Z
Link: https://[2001:db8::1]:8443/list[1]?a[]=b
Slides: https://bücher.example/folien/ä.pdf application/pdf 1000

Brackets are for an IPv6 host alone; elsewhere they are percent-encoded.
""",
    "nepal.md": """Title: Published in Kathmandu
Published: 2020-01-08T10:00:00+05:45

Offsets that are not whole hours.
""",
    "markup.md": """Title: Fish & Chips <b>bold</b> &amp; more
Published: 2020-01-09T10:00:00Z
Category: <i>Some tag</i>
Category: Tom &amp; Jerry
Category: AT&T
Author: Tom &amp; Jerry
Attachment: https://example.org/plan.pdf application/pdf 100 "Plan &amp; map"

Plain text that looks like markup.
""",
    "markup-start.md": """Title: a < b > c & d <em>
Published: 2020-01-10T10:00:00Z
Category: Fish & Chips <b>

Markup-looking text without an end tag.
""",
}


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "talks"), exist_ok=True)
    with open(os.path.join(out, "feed.conf"), "w", encoding="utf-8") as f:
        f.write(CONF)
    for name, text in RECORDS.items():
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
