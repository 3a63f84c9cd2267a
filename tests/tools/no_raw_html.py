#!/usr/bin/python3
"""Check that no raw HTML from a record's body reached an XML feed.

    no_raw_html.py FEED.atom|FEED.rss

Reads the feed as XML and looks at the HTML it carries (an element with
type="html", RSS's description and content:encoded) as a reader gets it,
whether the feed escaped it or put it in CDATA sections: no <script> or
<iframe> element, no onclick attribute.  Text that only names them
("&lt;script&gt;") is text and passes.  Exits 1 with one line each.
"""
import re
import sys
import xml.etree.ElementTree as ET

HTML_ELEMENTS = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}
RAW = re.compile(r"<\s*(script|iframe)\b|\sonclick\s*=", re.I)

problems = []
for el in ET.parse(sys.argv[1]).iter():
    if el.get("type") != "html" and el.tag not in HTML_ELEMENTS:
        continue
    found = RAW.search(el.text or "")
    if found:
        problems.append("%s: <%s> holds %r" % (sys.argv[1], el.tag, found.group(0)))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
