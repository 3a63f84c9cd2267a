#!/bin/sh
# crier build with Facets: a feed per track, room, speaker and category,
# for the bundled example and for talks with non-ASCII and colliding
# names; each validates like the main feed and the page names it.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
ex=xen-fosdem-2017

# valid DIR: every Atom file in DIR passes the RFC 4287 schema.
valid() {
	for f in "$1"/*.atom; do
		expect_valid_atom "$f"
	done
}

# The bundled example: its records have categories.
cp -r feeds/$ex "$tmp/$ex"
printf 'Facets: track room speaker category\n' >>"$tmp/$ex/feed.conf"
run $CRIER build --now $now -o "$tmp/out" "$tmp/$ex"
expect_status 0
expect_no_stderr
$PYTHON tests/tools/check_facets.py "$tmp/out/$ex" "$tmp/$ex" >"$tmp/facets" ||
	fail "the example's facets"
grep -q 'category fosdem -> category-fosdem.atom' "$tmp/facets" ||
	fail "no fosdem category feed"
valid "$tmp/out/$ex"
$PYTHON tests/tools/check_html.py "$tmp/out/$ex/index.html" "$tmp/$ex" ||
	fail "the page with facets"

# Talks with names that make hard slugs.
mkdir -p "$tmp/talks"
cat >"$tmp/talks/feed.conf" <<'EOF'
Title: Facets & talks
Id: tag:example.org,2020:facets
Link: https://example.org/
Base: https://example.org/feeds/
Author: Facet Tester
Timezone: Europe/Brussels
Facets: track, room, speaker, category
EOF
cat >"$tmp/talks/conf.md" <<'EOF'
Title: The conference
Id: conf
Published: 2020-01-10 09:00
Category: Conferences

Our talks.
EOF
# talk ID HOUR TRACK ROOM SPEAKER...
talk() {
	id=$1 hour=$2 track=$3 room=$4
	shift 4
	{
		printf 'Type: talk\nTitle: Talk %s\nId: %s\nAnnouncement: conf\n' "$id" "$id"
		printf 'Starts: 2020-02-01 %s:00\nDuration: 30m\nTrack: %s\nRoom: %s\n' \
			"$hour" "$track" "$room"
		for s in "$@"; do printf 'Speaker: %s\n' "$s"; done
		printf '\nAbout %s.\n' "$id"
	} >"$tmp/talks/$id.md"
}
talk virt 10 Virtualization 'UD2.120 (Chavanne)' 'Jürgen Groß <jg@example.org>'
talk priv 11 'Sécurité & Privacy' H.2215 'Jürgen Groß' '李雷'
talk cpp 12 'C++' H.2215 'Ævar Þór'
talk c 13 'C' 'K.4.201' 'Ævar Þór'
run $CRIER build --now 2020-01-11T00:00:00Z -o "$tmp/out" "$tmp/talks"
expect_status 0
expect_no_stderr
$PYTHON tests/tools/check_facets.py "$tmp/out/talks" "$tmp/talks" >"$tmp/facets" ||
	fail "the talks' facets"
valid "$tmp/out/talks"
for want in 'track Virtualization -> track-virtualization.atom' \
	'track Sécurité & Privacy -> track-securite-privacy.atom' \
	'room UD2.120 (Chavanne) -> room-ud2-120-chavanne.atom' \
	'speaker Jürgen Groß -> speaker-jurgen-gross.atom' \
	'speaker 李雷 -> speaker-u674e-u96f7.atom' \
	'speaker Ævar Þór -> speaker-aevar-thor.atom' \
	'category Conferences -> category-conferences.atom'; do
	grep -qxF "$want" "$tmp/facets" || fail "no line: $want"
done
# "C++" and "C" would both be "c": each gets a hash of its name.
grep -q '^track C++ -> track-c-[0-9a-f]\{8\}\.atom$' "$tmp/facets" ||
	fail "C++ has no slug of its own"
grep -q '^track C -> track-c-[0-9a-f]\{8\}\.atom$' "$tmp/facets" ||
	fail "C has no slug of its own"

# Same source, same bytes; names do not depend on other values.
run $CRIER build --now 2020-01-11T00:00:00Z -o "$tmp/again" "$tmp/talks"
for f in "$tmp/out/talks"/*; do
	cmp -s "$f" "$tmp/again/talks/$(basename "$f")" ||
		fail "$(basename "$f") differs between two builds"
done

# An unknown facet is an error at its place, and nothing is written.
printf 'Facets: track colour\n' >"$tmp/bad.conf"
sed '/^Facets/d' "$tmp/talks/feed.conf" >>"$tmp/bad.conf"
cp "$tmp/bad.conf" "$tmp/talks/feed.conf"
run $CRIER build --now 2020-01-11T00:00:00Z -o "$tmp/bad" "$tmp/talks"
expect_status 1
expect_stderr "$tmp/talks/feed.conf:1:9: error: unknown facet 'colour'"
[ -e "$tmp/bad" ] && fail "a build with an error wrote files"
pass
