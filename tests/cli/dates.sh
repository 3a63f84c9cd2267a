#!/bin/sh
# Dates are never in the future: talks that share a Published second
# (as a whole schedule imported at once) get distinct Atom updated times
# a fraction of a second apart, moved back, never forward; RSS and JSON
# keep the records' own second; nothing is later than the build's now.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

src=$tmp/src
mkdir -p "$src"
cat >"$src/feed.conf" <<'CONF'
Title: Ties
Id: tag:example.org,2024:ties
Link: https://example.org/
Base: https://example.org/ties/
Author: Example
CONF
i=0
while [ $i -lt 40 ]; do
	printf 'Type: talk\nTitle: Talk %d\nPublished: 2024-05-01T10:00:00Z\nStarts: 2024-06-01T10:%02d:00Z\nDuration: 1m\n\nAbstract %d.\n' \
		$i $i $i >"$src/t$i.md"
	i=$((i + 1))
done
now=2024-05-01T10:00:05Z
run $CRIER build --now $now -o "$tmp/out" "$src"
expect_status 0
$PYTHON - "$tmp/out/src" "$now" <<'PY' || fail "dates in the future or not unique"
import datetime, email.utils, json, sys, xml.etree.ElementTree as ET
out, now = sys.argv[1], sys.argv[2]
now = datetime.datetime.fromisoformat(now.replace("Z", "+00:00"))
A = "{http://www.w3.org/2005/Atom}"
feed = ET.parse(out + "/feed.atom").getroot()
times = [e.find(A + "updated").text for e in feed.findall(A + "entry")]
parsed = [datetime.datetime.fromisoformat(t.replace("Z", "+00:00")) for t in times]
assert len(set(parsed)) == len(parsed), "duplicate Atom updated times"
assert parsed == sorted(parsed, reverse=True), "Atom order changed"
own = datetime.datetime(2024, 5, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)
for t, p in zip(times, parsed):
    assert p <= now, "Atom updated %s after now" % t
    assert own - p < datetime.timedelta(seconds=1), "moved a second: " + t
assert feed.find(A + "updated").text == "2024-05-01T10:00:00Z"
rss = ET.parse(out + "/feed.rss").getroot()
for el in rss.iter():
    if el.tag in ("pubDate", "lastBuildDate"):
        d = email.utils.parsedate_to_datetime(el.text)
        assert d == own, "RSS date %s is not the record's" % el.text
for item in json.load(open(out + "/feed.json"))["items"]:
    d = datetime.datetime.fromisoformat(item["date_modified"].replace("Z", "+00:00"))
    assert d == own, "JSON date_modified %s" % item["date_modified"]
PY
$PYTHON tests/tools/check_atom.py "$tmp/out/src/feed.atom" "$src" ||
	fail "readers disagree on fractional times"
expect_valid_atom "$tmp/out/src/feed.atom"

pass
