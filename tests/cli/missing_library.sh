#!/bin/sh
# A library that only publishing loads (libcrypto, libcurl, libssh),
# missing or broken: crier publish reports it as an error naming the
# library, exits 6 and sends nothing, rather than aborting.  libidn2,
# loaded only for a host in another script, likewise.  A file of
# the library's name that is not a library, found first through
# LD_LIBRARY_PATH, makes dlopen(3) fail as a broken installation does;
# the build before the upload still works, as it needs none of them.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
cp -r feeds/xen-fosdem-2017 "$tmp/xen"

# publish_without SONAME TARGET: publishes with SONAME broken.
publish_without() {
	rm -rf "$tmp/lib" && mkdir "$tmp/lib" && : >"$tmp/lib/$1"
	run env LD_LIBRARY_PATH="$tmp/lib" $CRIER publish --now $now \
		-o "$tmp/out" --to "$2" "$tmp/xen"
}

# expect_missing SONAME TARGET-SHOWN: the one error, exit 6, no abort.
expect_missing() {
	expect_status 6
	expect_stderr "$2: error: cannot load $1: $tmp/lib/$1: file too short"
	[ "$(wc -l <"$tmp/stderr")" = 1 ] ||
		fail "more than the one error: $(cat "$tmp/stderr")"
}

# Every upload hashes its files first: libcrypto, even for file://.
publish_without libcrypto.so.3 "file://$tmp/www/"
expect_missing libcrypto.so.3 "file://$tmp/www/xen/"
[ -s "$tmp/out/xen/feed.atom" ] || fail "the build before the upload failed"
[ ! -e "$tmp/www" ] || fail "something was sent without libcrypto"

# http:// (and ftp://, s3://) need libcurl.  Port 9 is never reached.
publish_without libcurl.so.4 "http://127.0.0.1:9/feeds/"
expect_missing libcurl.so.4 "http://127.0.0.1:9/feeds/xen/"

# sftp:// needs libssh (and libcurl, to read its URL).
publish_without libssh.so.4 "sftp://127.0.0.1:9/feeds/"
expect_missing libssh.so.4 "sftp://127.0.0.1:9/feeds/xen/"

# libidn2 is loaded only for a host in another script.  Missing, it
# leaves every build of ASCII hosts alone; such a host is an error that
# names the address, exit 1, and nothing is written.
rm -rf "$tmp/lib" && mkdir "$tmp/lib" && : >"$tmp/lib/libidn2.so.0"
run env LD_LIBRARY_PATH="$tmp/lib" $CRIER build --now $now \
	-o "$tmp/ascii" "$tmp/xen"
expect_status 0
[ -s "$tmp/ascii/xen/feed.atom" ] || fail "an ASCII build needed libidn2"
cp -r "$tmp/xen" "$tmp/idn"
sed -i '0,/^Title:/s//Link: https:\/\/bücher.example\/\nTitle:/' \
	"$(ls "$tmp"/idn/*.md | head -n 1)"
run env LD_LIBRARY_PATH="$tmp/lib" $CRIER build --now $now \
	-o "$tmp/idnout" "$tmp/idn"
expect_status 1
expect_stderr "'https://bücher.example/' has a host name that is not a valid"
[ ! -e "$tmp/idnout/idn/feed.atom" ] || fail "a feed was written"
run $CRIER build --now $now -o "$tmp/idnout" "$tmp/idn"
expect_status 0
grep -q 'https://xn--bcher-kva.example/' "$tmp/idnout/idn/feed.atom" ||
	fail "the host is not in IDNA form with libidn2"

# The same loading succeeds with the real libraries: a real publish.
run $CRIER publish --now $now -o "$tmp/out" --to "file://$tmp/www/" "$tmp/xen"
expect_status 0
[ -s "$tmp/www/xen/feed.atom" ] || fail "feed.atom was not published"

pass
