#!/usr/bin/python3
"""Write a feed source for the publish tests.

    publish_source.py OUTDIR EDITION [BODY_KIB]

OUTDIR gets feed.conf and four announcements whose bodies hold BODY_KIB
KiB of text each (default 1), so that the outputs can be made large
enough to stop a server in the middle of their upload.  EDITION goes into
the first record's title: a new edition changes every output.
"""
import os
import sys

out, edition = sys.argv[1], sys.argv[2]
body_kib = int(sys.argv[3]) if len(sys.argv) > 3 else 1
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "feed.conf"), "w") as f:
    f.write("Title: Publish test\n"
            "Id: tag:example.org,2017:publish\n"
            "Link: https://example.org/\n"
            "Base: https://example.org/news/\n"
            "Author: Publish Tester\n"
            "Timezone: Europe/Brussels\n")
line = "The quick brown fox jumps over the lazy dog, edition %s.\n" % edition
paragraph = line * 16 + "\n"
for n in range(4):
    with open(os.path.join(out, "news-%d.md" % n), "w") as f:
        f.write("Title: News %d%s\n" % (n, " (" + edition + ")" if n == 0 else ""))
        f.write("Published: 2017-01-%02d 10:00\n\n" % (n + 2))
        f.write(paragraph * max(1, body_kib * 1024 // len(paragraph)))
