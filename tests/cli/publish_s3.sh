#!/bin/sh
# crier publish to s3:// against moto's S3 server on 127.0.0.1 with its
# authentication on (every SigV4 signature checked): objects
# byte-identical with the right Content-Type and no temporary key,
# nothing sent when nothing changed (from moto's request log), a wrong
# secret, an unknown key, a wrong session token and a connection cut in
# the middle of an upload each leaving the old objects served, temporary
# credentials with their session token accepted, and no secret in the
# output even with -v; an object replaced behind crier's back is sent
# again.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/servers/servers.sh

start_moto
$PYTHON tests/tools/publish_source.py "$tmp/src" one
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN \
	AWS_ENDPOINT_URL_S3 AWS_DEFAULT_REGION AWS_PROFILE
export AWS_REGION=us-east-1

# publish [VAR=VALUE...] -- ARGS...: crier publish with the user's key,
# the endpoint, and whatever the test changes.
publish() {
	vars=""
	while [ "$1" != "--" ]; do vars="$vars $1"; shift; done
	shift
	# shellcheck disable=SC2086
	run env AWS_ENDPOINT_URL="$S3_ENDPOINT" AWS_ACCESS_KEY_ID="$S3_KEY_ID" \
		AWS_SECRET_ACCESS_KEY="$S3_SECRET" $vars \
		$CRIER publish -o "$tmp/out" "$@" "$tmp/src"
	return "$status"
}

# fetch DIR: the bucket's objects below site/src/ into DIR.
fetch() {
	rm -rf "$1" "$1.types"
	AWS_ACCESS_KEY_ID=$S3_KEY_ID AWS_SECRET_ACCESS_KEY=$S3_SECRET \
		"$MOTO_PY" tests/servers/s3admin.py fetch "$S3_ENDPOINT" feeds \
		site/src/ "$1" || fail "cannot read the bucket"
}

expect_served() {
	fetch "$tmp/got"
	diff -r "$tmp/out/src" "$tmp/got" -x '.*' >"$tmp/diff" ||
		fail "the bucket differs from the outputs: $(cat "$tmp/diff")"
	[ "$(ls -A "$tmp/got" | wc -l)" = "$(ls "$tmp/out/src" | wc -l)" ] ||
		fail "other objects in the bucket: $(ls -A "$tmp/got")"
}

expect_unchanged() {
	fetch "$tmp/now"
	diff -r "$tmp/before" "$tmp/now" >"$tmp/diff" ||
		fail "the served objects changed: $(cat "$tmp/diff")"
}

puts() {
	grep -c '"PUT /feeds/' "$tmp/moto.log"
}

# 1. First publish: every output, each with its media type.
publish -- --to s3://feeds/site
expect_status 0
expect_served
sort "$tmp/got.types" >"$tmp/types"
cat >"$tmp/want" <<'TYPES'
feed.atom application/atom+xml
feed.json application/feed+json
feed.rss application/rss+xml
index.html text/html; charset=utf-8
talks.ics text/calendar; charset=utf-8
TYPES
diff -u "$tmp/want" "$tmp/types" >"$tmp/diff" ||
	fail "wrong Content-Type: $(cat "$tmp/diff")"

# 2. Nothing changed: moto logs no PUT.
before=$(puts)
publish -- --to s3://feeds/site
expect_status 0
[ "$(puts)" = "$before" ] || fail "an unchanged publish sent a PUT"

# An object changed behind crier's back (its ETag no longer matches) is
# sent again; the others are not.
AWS_ACCESS_KEY_ID=$S3_KEY_ID AWS_SECRET_ACCESS_KEY=$S3_SECRET \
	"$MOTO_PY" tests/servers/s3admin.py put "$S3_ENDPOINT" feeds \
	site/src/feed.rss "not the feed" || fail "cannot replace an object"
before=$(puts)
publish -- --to s3://feeds/site
expect_status 0
expect_served
[ "$(puts)" = $((before + 1)) ] ||
	fail "$(($(puts) - before)) PUTs to repair one object"

# 3. A change is sent, with the role's temporary key and its token.
$PYTHON tests/tools/publish_source.py "$tmp/src" two
publish AWS_ACCESS_KEY_ID="$S3_TMP_KEY_ID" \
	AWS_SECRET_ACCESS_KEY="$S3_TMP_SECRET" \
	AWS_SESSION_TOKEN="$S3_TMP_TOKEN" -- --to s3://feeds/site -vv
expect_status 0
expect_served
for secret in "$S3_TMP_SECRET" "$S3_TMP_TOKEN" "$S3_SECRET"; do
	grep -qF -- "$secret" "$tmp/stdout" "$tmp/stderr" &&
		fail "a secret was printed with -v"
done
grep -q 'Signature=' "$tmp/stderr" && fail "the signature was printed"
grep -q '^.*PUT /feeds/site/src/feed.atom' "$tmp/stderr" ||
	fail "-v did not trace the PUT"
cp -R "$tmp/got" "$tmp/before"
$PYTHON tests/tools/publish_source.py "$tmp/src" three

# 4. Refusals: a wrong secret, a key moto never issued, a wrong token.
publish AWS_SECRET_ACCESS_KEY="not-$S3_SECRET" -- --to s3://feeds/site -vv
expect_status 6
expect_stderr "upload to s3://feeds/site/src/"
expect_stderr "SignatureDoesNotMatch"
grep -qF -- "$S3_SECRET" "$tmp/stdout" "$tmp/stderr" &&
	fail "the secret was printed"
expect_unchanged
publish AWS_ACCESS_KEY_ID=AKIAIOSFODNN7UNKNOWN -- --to s3://feeds/site
expect_status 6
expect_stderr "InvalidAccessKeyId"
expect_unchanged
publish AWS_ACCESS_KEY_ID="$S3_TMP_KEY_ID" \
	AWS_SECRET_ACCESS_KEY="$S3_TMP_SECRET" \
	AWS_SESSION_TOKEN="x$S3_TMP_TOKEN" -- --to s3://feeds/site
expect_status 6
expect_unchanged
publish AWS_ACCESS_KEY_ID= -- --to s3://feeds/site
expect_status 6
expect_stderr "no credentials"
expect_unchanged

# 5. The connection dies in the middle of an upload: a relay in front of
# moto drops everything once 256 KiB have gone through.  S3 stores an
# object only once its body is complete.
$PYTHON tests/tools/publish_source.py "$tmp/src" four 400
start_cut_relay "$S3_PORT" 262144
publish AWS_ENDPOINT_URL="http://127.0.0.1:$CUT_PORT" -- --to s3://feeds/site
[ "$status" = 5 ] || fail "exit status $status after the cut, expected 5"
expect_stderr "upload to s3://feeds/site/src/"
wait "$CUT_PID"
expect_unchanged

# The next run sends it all.
publish -- --to s3://feeds/site
expect_status 0
expect_served

pass
