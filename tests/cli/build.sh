#!/bin/sh
# crier build: every golden output, determinism, the Atom feed's validity
# as readers and the RFC 4287 schema see it, all-or-nothing writes, and a build killed
# half-way.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
later=2030-01-01T00:00:00Z

# The bundled example reproduces every committed output byte for byte;
# building again gives the same bytes, and so does SOURCE_DATE_EPOCH.
# (A new output changes the page's subscribe links: rebuild the example
# with --now $now and copy the files over tests/golden after reading the
# diff.)
run $CRIER build --now $now -o "$tmp/out" feeds/xen-fosdem-2017
expect_status 0
expect_no_stderr
run env SOURCE_DATE_EPOCH=1485907200 $CRIER build -o "$tmp/again" \
	feeds/xen-fosdem-2017
expect_status 0
for golden in tests/golden/xen-fosdem-2017/*; do
	f=${golden##*/}
	diff -u "$golden" "$tmp/out/xen-fosdem-2017/$f" ||
		fail "golden $f differs"
	cmp "$tmp/out/xen-fosdem-2017/$f" "$tmp/again/xen-fosdem-2017/$f" ||
		fail "second build of $f differs"
done
[ "$(ls "$tmp/out/xen-fosdem-2017")" = "$(ls tests/golden/xen-fosdem-2017)" ] ||
	fail "the outputs written are not the golden set"

# Bodies are kept in an unnamed file in TMPDIR; with no such directory
# they are read again from the records, to the same bytes.  (valgrind,
# which make leakcheck puts in CRIER, needs TMPDIR itself: there
# test_model reads bodies again.)
case $CRIER in
*valgrind*) ;;
*)
	run env TMPDIR="$tmp/none" $CRIER build --now $now -o "$tmp/reread" \
		feeds/xen-fosdem-2017
	expect_status 0
	expect_no_stderr
	for golden in tests/golden/xen-fosdem-2017/*; do
		f=${golden##*/}
		cmp "$golden" "$tmp/reread/xen-fosdem-2017/$f" ||
			fail "$f differs when bodies are read again"
	done
	;;
esac

# The example and a source of hostile content validate and read back.
$PYTHON tests/tools/hostile_source.py "$tmp/hostile"
run $CRIER build --now $later -o "$tmp/out" "$tmp/hostile"
expect_status 0
for f in "$tmp/out/xen-fosdem-2017/feed.atom" "$tmp/out/hostile/feed.atom"; do
	expect_valid_atom "$f"
done
$PYTHON tests/tools/check_atom.py "$tmp/out/xen-fosdem-2017/feed.atom" \
	feeds/xen-fosdem-2017 || fail "readers disagree on the example"
$PYTHON tests/tools/check_atom.py "$tmp/out/hostile/feed.atom" \
	"$tmp/hostile" || fail "readers disagree on hostile content"
$PYTHON tests/tools/no_raw_html.py "$tmp/out/hostile/feed.atom" ||
	fail "raw HTML from a body reached the feed"

# Limit keeps the newest N.
printf 'Limit: 3\n' >>"$tmp/hostile/feed.conf"
run $CRIER build --now $later -o "$tmp/limited" "$tmp/hostile"
expect_status 0
$PYTHON tests/tools/check_atom.py "$tmp/limited/hostile/feed.atom" \
	"$tmp/hostile" --limit 3 || fail "Limit: 3 not applied"

# Future records are held back: before the announcement, no entry at all.
run $CRIER build --now 2017-01-01T00:00:00Z -o "$tmp/early" \
	feeds/xen-fosdem-2017
expect_status 0
[ "$(grep -c '<entry>' "$tmp/early/xen-fosdem-2017/feed.atom")" = 0 ] ||
	fail "scheduled records were published early"

# An error anywhere means nothing is written, for any source.
cp -r feeds/xen-fosdem-2017 "$tmp/broken"
printf 'Title: x\nPublished: yesterday\n\nbody\n' >"$tmp/broken/bad.md"
listing_before=$(cd "$tmp/out" && find . -type f -exec cksum {} + | sort)
run $CRIER build --now $now -o "$tmp/out" feeds/xen-fosdem-2017 "$tmp/broken"
expect_status 1
expect_stderr "$tmp/broken/bad.md:2:12: error: 'yesterday' is not a time"
listing_after=$(cd "$tmp/out" && find . -type f -exec cksum {} + | sort)
[ "$listing_before" = "$listing_after" ] || fail "a failed build wrote files"
[ ! -e "$tmp/out/broken" ] || fail "a failed build created its directory"

# Large sources are read on two threads: every error is still reported,
# in order, and the feed holds every record.
$PYTHON - "$tmp/many" <<'EOF'
import os, sys
out = sys.argv[1]
os.makedirs(out)
open(os.path.join(out, "feed.conf"), "w").write(
    "Title: Many\nId: tag:example.org,2020:many\nLink: https://example.org/\n"
    "Base: https://example.org/many/\nAuthor: Many\n")
for i in range(600):
    with open(os.path.join(out, "r%03d.md" % i), "w") as f:
        f.write("Title: Record %d\nPublished: 2020-01-01T%02d:%02d:00Z\n\nbody %d\n"
                % (i, i // 60, i % 60, i))
EOF
printf 'Title: early\nPublished: 2020-13-01T00:00:00Z\n\nx\n' >"$tmp/many/a-bad.md"
printf 'Titel: late\nPublished: soon\n\nx\n' >"$tmp/many/z-bad.md"
run $CRIER check --now $later "$tmp/many"
expect_status 1
[ "$(grep -c error: "$tmp/stderr")" = 3 ] || fail "errors lost across threads"
head -n 1 "$tmp/stderr" | grep -q "a-bad.md:2:17: error:" ||
	fail "diagnostics out of order"
rm "$tmp/many/a-bad.md" "$tmp/many/z-bad.md"
run $CRIER build --now $later -o "$tmp/out" "$tmp/many"
expect_status 0
$PYTHON tests/tools/check_atom.py "$tmp/out/many/feed.atom" "$tmp/many" ||
	fail "readers disagree on a large source"

# A build killed half-way leaves the previous feed intact; the next build
# removes the dead run's temporary file and succeeds.
$PYTHON - "$tmp/big" <<'EOF'
import os, sys
out = sys.argv[1]
os.makedirs(out)
open(os.path.join(out, "feed.conf"), "w").write(
    "Title: Big\nId: tag:example.org,2020:big\nLink: https://example.org/\n"
    "Base: https://example.org/big/\nAuthor: Big\n")
para = ("Some *words* & more words in a long paragraph. " * 40 + "\n\n") * 80
for i in range(120):
    with open(os.path.join(out, "r%03d.md" % i), "w") as f:
        f.write("Title: Record %d\nPublished: 2020-01-01T00:%02d:%02dZ\n\n%s"
                % (i, i // 60, i % 60, para))
EOF
run $CRIER build --now $later -o "$tmp/kill" "$tmp/big"
expect_status 0
cp "$tmp/kill/big/feed.atom" "$tmp/previous.atom"
printf 'Title: Newest\nPublished: 2021-01-01T00:00:00Z\n\nnew\n' >"$tmp/big/new.md"
$CRIER build --now $later -o "$tmp/kill" "$tmp/big" &
pid=$!
# Wait on the build, not on a clock: under valgrind on a busy machine the
# staged feed can take minutes to appear.
until ls "$tmp/kill/".big.crier-*/feed.atom >/dev/null 2>&1; do
	kill -0 $pid 2>/dev/null ||
		fail "the build ended before its staged feed was seen"
	sleep 0.005
done
kill -KILL $pid
wait $pid 2>/dev/null
cmp "$tmp/previous.atom" "$tmp/kill/big/feed.atom" ||
	fail "a killed build damaged the previous feed"
run $CRIER build --now $later -o "$tmp/kill" "$tmp/big"
expect_status 0
# (Outputs are staged in a hidden directory beside big, .big.crier-XXXXXX.
# The lock file, .crier.lock, stays, empty, and so do the ledger,
# .crier-published, the stamp of the build, .crier-stamp, and what it read
# of the records, .crier-records.)
leftovers=$(ls -A "$tmp/kill/big" | grep '^\.' |
	grep -vx '\.crier\.lock\|\.crier-published\|\.crier-stamp\|\.crier-records')
[ -z "$leftovers" ] || fail "temporary files left behind: $leftovers"
[ "$(ls -A "$tmp/kill")" = big ] ||
	fail "left beside the outputs: $(ls -A "$tmp/kill")"
grep -q '<title>Newest</title>' "$tmp/kill/big/feed.atom" ||
	fail "the build after a killed one did not write the new feed"

pass
