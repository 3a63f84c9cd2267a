#!/bin/sh
# crier publish to a real WebDAV server: nginx on 127.0.0.1 with basic
# auth from a netrc.  The served files are the built ones byte for byte,
# with no temporary name left; an unchanged run sends no PUT (counted in
# nginx's access log); missing collections are made; a server without
# MOVE gets plain PUT; a wrong password is exit 6, a server that stays
# busy exit 5 after honouring Retry-After, a server killed in the middle
# of an upload a clear error and a non-zero exit, and in every failure
# the file served before is still served, complete.  No secret appears in
# the output, even with -v.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/servers/nginx.sh

nginx_find >/dev/null || skip "nginx not found"
command -v openssl >/dev/null || skip "openssl not found"

now=2017-02-01T00:00:00Z
later=2030-01-01T00:00:00Z
user=crier
password='Tr0ub4dor-3-hunter2'
relay_pid=
trap 'nginx_stop; [ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null; rm -rf "$tmp"' EXIT

nginx_start "$tmp/nginx" "$user" "$password" || fail "nginx did not start"
www=$tmp/nginx/www
log=$tmp/nginx/access.log
base=http://127.0.0.1:$nginx_port
printf 'machine 127.0.0.1\nlogin %s\npassword %s\n' "$user" "$password" \
	>"$tmp/netrc"
printf 'machine 127.0.0.1 login %s password wrong-%s\n' "$user" "$password" \
	>"$tmp/badnetrc"
chmod 600 "$tmp/netrc" "$tmp/badnetrc"
secret64=$(printf '%s:%s' "$user" "$password" | base64)

puts() { grep -c '"PUT ' "$log"; }

# no_secrets: neither the password nor the Basic credentials were shown.
no_secrets() {
	! grep -q -e "$password" -e "$secret64" "$tmp/stdout" "$tmp/stderr" ||
		fail "a secret appeared in the output"
}

# served_like_built NAME PATH: what nginx serves at /PATH (over HTTP and
# on disk) is DIR/NAME byte for byte, and no temporary name is left.
served_like_built() {
	for f in $(cd "$tmp/out/$1" && ls); do
		"$PYTHON" -c 'import sys, urllib.request
sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' \
			"$base/$2/$f" >"$tmp/fetched" || fail "GET /$2/$f failed"
		cmp -s "$tmp/out/$1/$f" "$tmp/fetched" ||
			fail "served /$2/$f differs from the output"
	done
	diff -r -x '.*' "$tmp/out/$1" "$www/$2" >/dev/null ||
		fail "the served tree /$2 differs from the outputs"
	leftovers=$(find "$www/$2" -name '.*')
	[ -z "$leftovers" ] || fail "left on the server: $leftovers"
}

cp -r feeds/xen-fosdem-2017 "$tmp/xen"

# First publish: PUT under a temporary name, MOVE over the target.
run $CRIER publish -vv --netrc "$tmp/netrc" --now $now -o "$tmp/out" \
	--to "$base/feeds" "$tmp/xen"
expect_status 0
no_secrets
grep -q '^crier: > Authorization: \[redacted\]$' "$tmp/stderr" ||
	fail "-v shows no redacted Authorization header"
grep -q '"MOVE /feeds/xen/.feed.atom.crier-tmp HTTP/1.1" 20[14]' "$log" ||
	fail "feed.atom was not moved into place"
served_like_built xen feeds/xen

# Unchanged: not one PUT, only conditional HEADs answered 304.
before=$(puts)
run env CRIER_NETRC="$tmp/netrc" $CRIER publish --now $now -o "$tmp/out" \
	--to "$base/feeds" "$tmp/xen"
expect_status 0
expect_no_stderr
[ "$(puts)" = "$before" ] || fail "an unchanged publish sent $(($(puts) - before)) PUTs"
grep -q '"HEAD /feeds/xen/feed.atom HTTP/1.1" 304' "$log" ||
	fail "no conditional request for an unchanged file"

# A leftover temporary file is overwritten, and gone afterwards.
echo partial >"$www/feeds/xen/.feed.atom.crier-tmp"
run $CRIER publish --force --netrc "$tmp/netrc" --now $now -o "$tmp/out" \
	--to "$base/feeds" "$tmp/xen"
expect_status 0
served_like_built xen feeds/xen

# Missing collections are made with MKCOL where the server wants them.
run $CRIER publish --netrc "$tmp/netrc" --now $now -o "$tmp/out" \
	--to "$base/strict/a/b" "$tmp/xen"
expect_status 0
grep -q '"MKCOL /strict/a/b/xen/ HTTP/1.1" 201' "$log" ||
	fail "no MKCOL for the missing collection"
served_like_built xen strict/a/b/xen

# A server that refuses MOVE gets plain PUTs, and no temporary file stays.
run $CRIER publish --netrc "$tmp/netrc" --now $now -o "$tmp/out" \
	--to "$base/nomove" "$tmp/xen"
expect_status 0
grep -q '"MOVE /nomove/xen/.feed.atom.crier-tmp HTTP/1.1" 405' "$log" ||
	fail "MOVE was not tried"
grep -q '"PUT /nomove/xen/feed.atom HTTP/1.1" 201' "$log" ||
	fail "no plain PUT after MOVE was refused"
served_like_built xen nomove/xen

# A wrong password: one clear error, exit 6, the old feed still served.
cp "$www/feeds/xen/feed.atom" "$tmp/served-before.atom"
printf 'Title: Booth map\nPublished: 2017-01-31T10:00:00Z\n\nHall K.\n' \
	>"$tmp/xen/booth.md"
run $CRIER publish -vv --netrc "$tmp/badnetrc" --now $now -o "$tmp/out" \
	--to "$base/feeds" "$tmp/xen"
expect_status 6
expect_stderr "$tmp/out/xen/feed.atom: error: upload to $base/feeds/xen/feed.atom failed: HTTP 401 Unauthorized: the server refused the credentials"
[ "$(grep -c ' error: ' "$tmp/stderr")" = 1 ] || fail "not exactly one error"
grep -q wrong- "$tmp/stderr" && fail "the wrong password was shown"
cmp -s "$tmp/served-before.atom" "$www/feeds/xen/feed.atom" ||
	fail "a refused upload changed the served feed"
# The right password then sends the change.
run $CRIER publish --netrc "$tmp/netrc" --now $now -o "$tmp/out" \
	--to "$base/feeds" "$tmp/xen"
expect_status 0
grep -q '<title>Booth map</title>' "$www/feeds/xen/feed.atom" ||
	fail "the change was not published after the password was fixed"
served_like_built xen feeds/xen

# A server that stays busy: retried as Retry-After asks, then exit 5.
before=$(grep -c '"PUT /busy/' "$log")
start=$(date +%s%N)
run $CRIER publish --netrc "$tmp/netrc" --now $now -o "$tmp/out" \
	--to "$base/busy" "$tmp/xen"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_status 5
expect_stderr "failed: HTTP 503 Service Temporarily Unavailable (retry after 1s)"
[ "$(($(grep -c '"PUT /busy/' "$log") - before))" = 4 ] ||
	fail "not 4 attempts at a busy server"
[ "$elapsed_ms" -ge 3000 ] || fail "Retry-After not honoured ($elapsed_ms ms)"

# HTTPS: a certificate from an unknown CA is refused (exit 6, nothing
# sent); trusting the test CA with CURL_CA_BUNDLE lets the upload through.
tls=https://127.0.0.1:$nginx_tls_port
run $CRIER publish --netrc "$tmp/netrc" --now $now -o "$tmp/out" \
	--to "$tls/tls" "$tmp/xen"
expect_status 6
expect_stderr "$tmp/out/xen/feed.atom: error: upload to $tls/tls/xen/feed.atom failed: SSL certificate problem: unable to get local issuer certificate"
[ ! -e "$www/tls" ] || fail "something was sent to an untrusted server"
run env CURL_CA_BUNDLE="$tmp/nginx/tls/ca.pem" $CRIER publish \
	--netrc "$tmp/netrc" --now $now -o "$tmp/out" --to "$tls/tls" "$tmp/xen"
expect_status 0
served_like_built xen tls/xen

# A server killed in the middle of an upload: a large feed goes through
# a relay that passes 1 MB/s, nginx is killed while the body arrives.
"$PYTHON" - "$tmp/big" <<'EOF'
import os, sys
out = sys.argv[1]
os.makedirs(out)
open(os.path.join(out, "feed.conf"), "w").write(
    "Title: Big\nId: tag:example.org,2020:big\nLink: https://example.org/\n"
    "Base: https://example.org/big/\nAuthor: Big\nOutputs: atom\n")
para = ("Some *words* & more words in a long paragraph. " * 40 + "\n\n") * 80
for i in range(24):
    with open(os.path.join(out, "r%03d.md" % i), "w") as f:
        f.write("Title: Record %d\nPublished: 2020-01-01T00:%02d:%02dZ\n\n%s"
                % (i, i // 60, i % 60, para))
EOF
run $CRIER publish --netrc "$tmp/netrc" --now $later -o "$tmp/out" \
	--to "$base/feeds" "$tmp/big"
expect_status 0
cp "$www/feeds/big/feed.atom" "$tmp/big-before.atom"
printf 'Title: Newest\nPublished: 2020-06-01T00:00:00Z\n\nnew\n' >"$tmp/big/new.md"
"$PYTHON" tests/servers/throttle.py "$nginx_port" 1000000 "$tmp/relay.port" &
relay_pid=$!
tries=0
until [ -s "$tmp/relay.port" ]; do
	tries=$((tries + 1))
	[ $tries -lt 200 ] || fail "the relay did not start"
	sleep 0.05
done
relay=http://127.0.0.1:$(cat "$tmp/relay.port")
$CRIER publish --netrc "$tmp/netrc" --now $later -o "$tmp/out" \
	--to "$relay/feeds" "$tmp/big" >"$tmp/stdout" 2>"$tmp/stderr" &
crier_pid=$!
tries=0
until [ -n "$(find "$tmp/nginx/tmp/body" -type f -size +100k 2>/dev/null)" ]; do
	tries=$((tries + 1))
	[ $tries -lt 600 ] || fail "the upload did not start"
	sleep 0.05
done
kill -KILL "$nginx_pid"
wait "$nginx_pid" 2>/dev/null
nginx_pid=
wait $crier_pid
status=$?
[ "$status" != 0 ] || fail "a killed server gave exit status 0"
expect_status 5
expect_stderr "$tmp/out/big/feed.atom: error: upload to $relay/feeds/big/feed.atom failed: "
[ "$(grep -c ' error: ' "$tmp/stderr")" = 1 ] || fail "not exactly one error"
no_secrets
cmp -s "$tmp/big-before.atom" "$www/feeds/big/feed.atom" ||
	fail "the server killed mid-upload serves a damaged feed"
# Back up, the next run sends the new feed, and nothing is left over.
nginx_start "$tmp/nginx" "$user" "$password" || fail "nginx did not restart"
run $CRIER publish --netrc "$tmp/netrc" --now $later -o "$tmp/out" \
	--to "$base/feeds" "$tmp/big"
expect_status 0
served_like_built big feeds/big

pass
