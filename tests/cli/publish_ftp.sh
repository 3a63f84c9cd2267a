#!/bin/sh
# crier publish to ftp:// and ftps:// against vsftpd on 127.0.0.1 (a
# local user made for the test, passive mode): files byte-identical on
# the server, uploaded under a temporary name and renamed (RNFR/RNTO),
# missing directories made, nothing sent when nothing changed (from
# vsftpd's transfer log), a leftover temporary file that does not block,
# a wrong password and a server stopped in the middle of an upload each
# leaving the old files served, no password in the output even with -v;
# over implicit TLS, an untrusted certificate refused and a trusted one
# (CURL_CA_BUNDLE) accepted.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/servers/servers.sh

mkdir -p "$tmp/srv"
start_vsftpd "$tmp/srv"
served="$tmp/srv/src"
printf 'machine 127.0.0.1 login %s password %s\n' "$ftp_user" \
	"$ftp_password" >"$tmp/netrc"
chmod 600 "$tmp/netrc"
$PYTHON tests/tools/publish_source.py "$tmp/src" one

# publish ARGS...: crier publish with the test's netrc (unless given).
publish() {
	run $CRIER publish -o "$tmp/out" "$@" "$tmp/src"
	return "$status"
}

expect_served() {
	expect_served_tree "$served" "$tmp/srv"
}

expect_unchanged() {
	diff -r -x '*.crier-tmp' "$tmp/before" "$served" >"$tmp/diff" ||
		fail "the served files changed: $(cat "$tmp/diff")"
}

uploads() {
	grep -c . "$tmp/vsftpd.xferlog"
}

# 1. First publish: every output arrives, the directory made on the way.
publish --netrc "$tmp/netrc" --to "ftp://127.0.0.1:$FTP_PORT/"
expect_status 0
expect_served
[ "$(uploads)" = "$(ls "$tmp/out/src" | wc -l)" ] ||
	fail "vsftpd logged $(uploads) uploads for $(ls "$tmp/out/src" | wc -l) files"
grep -q '\.feed\.atom\.crier-tmp' "$tmp/vsftpd.xferlog" ||
	fail "feed.atom was not stored under a temporary name"

# 2. Nothing changed: vsftpd logs no upload and no login.
before=$(uploads)
logins=$(grep -c 'OK LOGIN' "$tmp/vsftpd.log")
publish --netrc "$tmp/netrc" --to "ftp://127.0.0.1:$FTP_PORT/"
expect_status 0
[ "$(uploads)" = "$before" ] || fail "an unchanged publish uploaded"
[ "$(grep -c 'OK LOGIN' "$tmp/vsftpd.log")" = "$logins" ] ||
	fail "an unchanged publish logged in"

# 3. A change goes up by rename, past a leftover temporary file.
echo "half of an old upload" >"$served/.feed.atom.crier-tmp"
chown "$ftp_user" "$served/.feed.atom.crier-tmp"
exec 3<"$served/feed.atom"
cp "$served/feed.atom" "$tmp/old.atom"
$PYTHON tests/tools/publish_source.py "$tmp/src" two
publish --netrc "$tmp/netrc" --to "ftp://127.0.0.1:$FTP_PORT/"
expect_status 0
expect_served
cmp -s - "$tmp/old.atom" <&3 || fail "the old file changed under its reader"
exec 3<&-
grep -q 'RNTO feed.atom' "$tmp/vsftpd.log" || fail "no RNTO in vsftpd's log"
cp -R "$served" "$tmp/before"
$PYTHON tests/tools/publish_source.py "$tmp/src" three

# 4. A wrong password is refused, and shown nowhere, not even with -v.
printf 'machine 127.0.0.1 login %s password wrong-%s\n' "$ftp_user" \
	"$ftp_password" >"$tmp/badnetrc"
publish --netrc "$tmp/badnetrc" --to "ftp://127.0.0.1:$FTP_PORT/" -vv
expect_status 6
expect_stderr "upload to ftp://127.0.0.1:$FTP_PORT/src/"
grep -q 'Access denied\|Login denied\|530' "$tmp/stderr" ||
	fail "no reason given for the refusal"
grep -qF -- "$ftp_password" "$tmp/stdout" "$tmp/stderr" &&
	fail "the password was printed"
expect_unchanged

# 5. The server is stopped in the middle of an upload.  vsftpd sends at
# most 256 KiB/s here, and the outputs are a few MiB.
stop_all_servers
$PYTHON tests/tools/publish_source.py "$tmp/src" four 400
start_vsftpd "$tmp/srv" local_max_rate=262144
publish --netrc "$tmp/netrc" --to "ftp://127.0.0.1:$FTP_PORT/" &
publish_pid=$!
i=0
until [ -n "$(find "$tmp/srv" -name '*.crier-tmp' -size +100k)" ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || fail "the upload never started"
	sleep 0.05
done
stop_all_servers
wait "$publish_pid"
status=$?
[ "$status" = 5 ] || fail "exit status $status after the server stopped, expected 5"
expect_stderr "upload to ftp://127.0.0.1:$FTP_PORT/src/"
expect_unchanged

# Back up again: the next run sends everything, and leaves no temporary.
start_vsftpd "$tmp/srv"
publish --netrc "$tmp/netrc" --to "ftp://127.0.0.1:$FTP_PORT/" -vv
expect_status 0
expect_served
grep -qF -- "$ftp_password" "$tmp/stdout" "$tmp/stderr" &&
	fail "the password was printed"
grep -q 'PASS \[redacted\]' "$tmp/stderr" || fail "-v did not trace the login"

# 6. ftps:// (implicit TLS) with a certificate of a test CA: refused
# until the CA is named in CURL_CA_BUNDLE, then used.
if command -v openssl >/dev/null; then
	stop_all_servers
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/tls.key" \
		-out "$tmp/tls.crt" 2>/dev/null || fail "openssl cannot make a certificate"
	start_vsftpd "$tmp/srv" ssl_enable=YES implicit_ssl=YES \
		"rsa_cert_file=$tmp/tls.crt" "rsa_private_key_file=$tmp/tls.key" \
		force_local_logins_ssl=YES force_local_data_ssl=YES \
		require_ssl_reuse=NO
	$PYTHON tests/tools/publish_source.py "$tmp/src" five
	cp -R "$served/." "$tmp/before/"
	publish --netrc "$tmp/netrc" --to "ftps://127.0.0.1:$FTP_PORT/"
	expect_status 6
	expect_stderr "certificate"
	expect_unchanged
	run env CURL_CA_BUNDLE="$tmp/tls.crt" $CRIER publish -o "$tmp/out" \
		--netrc "$tmp/netrc" --to "ftps://127.0.0.1:$FTP_PORT/" "$tmp/src"
	expect_status 0
	expect_served
fi

pass
