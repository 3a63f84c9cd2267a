#!/usr/bin/python3
"""Write a feed source whose records try every way to break a feed.

    hostile_source.py OUTDIR

Titles, summaries, categories and bodies carry &, <, ]]>, quotes,
non-ASCII and astral-plane characters, HTML that must stay text, raw HTML
that must be dropped, very long fields, a BOM and CRLF line ends.
"""
import os
import sys

NASTY = [
    "Fish & Chips <b>",
    "]]> end of CDATA ]]]]><![CDATA[>",
    "\"double\" and 'single' quotes",
    "Zoë, Łukasz, 山田 太郎, Siân",
    "astral 😀 𝄞 𐍈",
    "<script>alert('x')</script>",
    "&amp; already escaped &lt;b&gt;",
    "a < b > c & d",
    "tab\tinside",
]


def record(i, title, extra=""):
    return ("Title: %s\nId: hostile-%02d\nPublished: 2020-01-%02dT10:00:00+05:30\n"
            "Author: Zoë Müller <zoe@example.org>\nCategory: %s\nSummary: %s\n"
            "Link: https://example.org/news/%d?a=1&b=%%3C2%%3E\n%s\n"
            "# %s\n\n"
            "Body of %s\n\n* list & <item>\n* `code ]]> <x>`\n\n"
            "<iframe src=\"https://evil.example/\"></iframe>\n\n"
            "<p onclick=\"alert(1)\">raw</p> [relative](news/%d.html)\n"
            % (title, i, i + 1, title, title, i, extra, title, title, i))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "feed.conf"), "w", encoding="utf-8") as f:
        f.write("Title: Hostile & <test> feed\nSubtitle: ]]> \"quotes\" 😀\n"
                "Id: tag:example.org,2020:hostile\nLink: https://example.org/\n"
                "Base: https://example.org/feeds/hostile\n"
                "Author: Ana Björk <ana@example.org>\nLanguage: en-GB\n"
                "Rights: © 2020 Example & Co <legal>\n")
    for i, title in enumerate(NASTY):
        with open(os.path.join(out, "r%02d.md" % i), "w", encoding="utf-8") as f:
            f.write(record(i, title))
    long_title = "Long " + "ünïcödé & <tags> " * 300
    with open(os.path.join(out, "long.md"), "w", encoding="utf-8") as f:
        f.write(record(20, long_title) + ("paragraph " * 2000 + "\n\n") * 50)
    # A BOM and CRLF line ends are accepted.
    with open(os.path.join(out, "crlf.md"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + record(21, "CRLF & BOM").replace("\n", "\r\n").encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
