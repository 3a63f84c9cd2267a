#!/bin/sh
# shellcheck disable=SC2086
# Inputs the fuzz targets (tests/fuzz) found, as a user would meet them;
# each input is also a seed of its target.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
src=$tmp/src
feed_source "$src" Fuzzed 'Allow-HTML: yes'

# fuzz_markdown: with Allow-HTML, any body of two paragraphs made the
# page an internal error ("Unexpected end tag : p"): libxml2, asked not
# to imply html and body, nested the second paragraph in the first.
printf 'Title: Two\nPublished: 2017-01-27 10:00\n\nid\n\n.crier-\n' \
	>"$src/two.md"
run $CRIER build --now $now -o "$tmp/out" "$src"
expect_status 0
expect_no_stderr
grep -q '<p>id</p>' "$tmp/out/src/index.html" || fail "first paragraph lost"
grep -q '<p>.crier-</p>' "$tmp/out/src/index.html" ||
	fail "second paragraph lost"

# fuzz_markdown: a numeric character reference to a control character
# (cmark decodes "&#5;" to U+0005) made every output an internal error.
printf 'Title: Ref\nPublished: 2017-01-27 10:00\n\nA &#5; and &#xFFFE;.\n' \
	>"$src/ref.md"
run $CRIER build --now $now -o "$tmp/refused" "$src"
expect_status 1
expect_stderr "ref.md:4:3: error: a character reference in the body makes U+0005, which no feed may carry"
expect_stderr "ref.md:4:12: error: a character reference in the body makes U+FFFE, which no feed may carry"
! grep -q "internal error" "$tmp/stderr" || fail "an internal error"
rm "$src/ref.md"

# fuzz_ledger: a ledger time far in the past overflowed a subtraction
# (undefined behaviour), and the feed showed deletions in years 0 and
# 9999.  A deletion time crier could not have written counts as now.
ledger=$tmp/out/src/.crier-published
printf 'tag:example.org,2017:fuzzed/gone\t-9223372036854775808\n' >>"$ledger"
printf 'tag:example.org,2017:fuzzed/future\t9223372036854775807\n' >>"$ledger"
run $CRIER build --now $now -o "$tmp/out" "$src"
expect_status 0
for uri in gone future; do
	grep -q "deleted-entry ref=\"tag:example.org,2017:fuzzed/$uri\" when=\"2017-02-01T00:00:00Z\"" \
		"$tmp/out/src/feed.atom" || fail "tombstone $uri not dated now"
done

pass
