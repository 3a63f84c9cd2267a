#!/usr/bin/env python3
"""Writes a feed source whose one record (or many) has a hostile shape,
for the time and memory limits in tests/cli/limits.sh and for measuring
peak memory against input size.

usage: shapes.py SHAPE SIZE_BYTES DIR
       shapes.py list

SHAPE is one of the names in SHAPES below; SIZE_BYTES is about how big
the record (or all records) grows.
"""
import os
import sys

CONF = """Title: Shapes
Id: tag:example.org,2017:shapes
Link: https://example.org/
Base: https://example.org/feeds/shapes/
Author: Crier Tests
Timezone: Europe/Brussels
"""

HEAD = "Title: Shape\nId: shape\nPublished: 2017-01-01 10:00\n"


def repeat(unit, size):
    return unit * max(1, size // len(unit))


def body(text):
    return lambda size: HEAD + "\n" + text(size)


SHAPES = {
    # A value continued over many lines (was quadratic).
    "continuations": lambda size: HEAD + "Summary: start\n" +
    repeat("  word\n", size) + "\nbody\n",
    "long-line": lambda size: HEAD + "Summary: " + repeat("word ", size) +
    "\n\nbody\n",
    "long-body-line": body(lambda size: repeat("word ", size) + "\n"),
    "many-fields": lambda size: HEAD + repeat("Tag: word\n", size) +
    "\nbody\n",
    "many-speakers": lambda size: "Type: talk\nTitle: Talk\nId: talk\n"
    "Starts: 2017-02-04 10:00\nDuration: 1h\n" +
    repeat("Speaker: Some Body\n", size) + "\nbody\n",
    "many-comments": lambda size: HEAD + repeat("# comment\n", size) +
    "\nbody\n",
    "nested-quotes": body(lambda size: repeat("> ", size) + "x\n"),
    "quote-lines": body(lambda size: "".join(
        "> " * (i % 50) + "x\n" for i in range(max(1, size // 52)))),
    "nested-lists": body(lambda size: repeat("- ", size) + "x\n"),
    "indented-lists": body(lambda size: "".join(
        "  " * i + "- x\n" for i in range(max(1, int((size / 2) ** 0.5))))),
    "ordered-lists": body(lambda size: repeat("1. ", size) + "x\n"),
    "list-items": body(lambda size: repeat("- x\n", size)),
    "nested-emphasis": body(lambda size: repeat("*_", size // 2) + "x" +
                            repeat("_*", size // 2) + "\n"),
    "open-emphasis": body(lambda size: repeat("*a ", size) + "\n"),
    "brackets": body(lambda size: repeat("[", size // 2) + "x" +
                     repeat("](u)", size // 2) + "\n"),
    "open-brackets": body(lambda size: repeat("[a", size) + "\n"),
    "link-table": body(lambda size: "| a | b |\n|---|---|\n" +
                       repeat("| [x](https://example.org/x) | y |\n",
                              size)),
    "links": body(lambda size: repeat("[x](https://example.org/) ", size)
                  + "\n"),
    "autolinks": body(lambda size: repeat("<https://example.org/a> ", size)
                      + "\n"),
    "reference-uses": body(lambda size: "[r]: https://example.org/" +
                           "u" * (size // 4) + "\n\n" +
                           repeat("[r] ", size // 2) + "\n"),
    "reference-defs": body(lambda size: "".join(
        "[r%d]: https://example.org/\n" % i
        for i in range(max(1, size // 30)))),
    "entities": body(lambda size: repeat("&amp;&lt;&#x1F600;&eacute; ",
                                         size) + "\n"),
    "escapes": body(lambda size: repeat("\\*\\_\\[\\`", size) + "\n"),
    "backticks": body(lambda size: repeat("`a", size) + "\n"),
    "code-fence": body(lambda size: "```\n" + repeat("<&>\n", size) +
                       "```\n"),
    "headings": body(lambda size: repeat("# h\n", size)),
    "setext": body(lambda size: repeat("a\n=\n", size)),
    "html-blocks": body(lambda size: repeat("<div>\n\n</div>\n", size)),
    "paragraphs": body(lambda size: repeat("a\n\n", size)),
    "hard-breaks": body(lambda size: repeat("a  \n", size)),
    "thematic-breaks": body(lambda size: repeat("***\n", size)),
    "images": body(lambda size: repeat("![a](https://example.org/i.png) ",
                                       size) + "\n"),
    "non-ascii": body(lambda size: repeat("é漢字😀 ", size) + "\n"),
}


def many_records(size, directory):
    n = max(1, size // 60)
    for i in range(n):
        with open(os.path.join(directory, "r%06d.md" % i), "w") as f:
            f.write("Title: R%d\nId: r%d\nPublished: 2017-01-01 10:00\n"
                    "\nbody\n" % (i, i))


def main():
    if sys.argv[1:] == ["list"]:
        print("\n".join(sorted(SHAPES) + ["many-records"]))
        return
    shape, size, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "feed.conf"), "w") as f:
        f.write(CONF)
    if shape == "many-records":
        many_records(size, directory)
        return
    if shape not in SHAPES:
        sys.exit("shapes.py: no shape %s (%s)" %
                 (shape, " ".join(sorted(SHAPES) + ["many-records"])))
    with open(os.path.join(directory, "shape.md"), "w") as f:
        f.write(SHAPES[shape](size))


if __name__ == "__main__":
    main()
