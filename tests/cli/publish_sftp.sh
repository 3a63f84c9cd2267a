#!/bin/sh
# crier publish to sftp:// against OpenSSH's sshd on 127.0.0.1: files
# byte-identical on the server and replaced by rename (a reader of the old
# file keeps it whole), nothing sent when nothing changed (from sshd's
# log), a leftover temporary file that does not block, refusals of an
# unknown key, an unknown or changed host key, and a server that dies in
# the middle of an upload, each leaving the old files served; a key from
# the SSH agent; a server that allows one channel per connection; no secret in the output, even with -v.  The user's own ~/.ssh is never read: HOME
# is a test directory.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/servers/servers.sh

# A client home with a key the server accepts and the server's host key.
mkdir -p "$tmp/home/.ssh" "$tmp/srv"
ssh-keygen -q -t ed25519 -N '' -C crier-test -f "$tmp/home/.ssh/id_ed25519" ||
	skip "ssh-keygen cannot make a key"
cp "$tmp/home/.ssh/id_ed25519.pub" "$tmp/authorized_keys"
start_sshd
printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" \
	"$(cat "$tmp/ssh_host_ed25519_key.pub")" >"$tmp/home/.ssh/known_hosts"

user=$(id -un)
url="sftp://$user@127.0.0.1:$SSH_PORT$tmp/srv"
served="$tmp/srv/src"
$PYTHON tests/tools/publish_source.py "$tmp/src" one

# publish [HOME_DIR] ARGS...: crier publish to the server, as the test
# home's user, with no SSH agent.
publish() {
	home=$tmp/home
	case $1 in /*) home=$1; shift;; esac
	run env HOME="$home" SSH_AUTH_SOCK= $CRIER publish -o "$tmp/out" \
		"$@" "$tmp/src"
	return "$status"
}

expect_served() {
	expect_served_tree "$served" "$tmp/srv"
}

sessions() {
	grep -c 'Accepted publickey' "$tmp/sshd.log"
}

# 1. First publish: every output arrives, with missing directories made.
publish --to "$url"
expect_status 0
expect_served

# 2. Nothing changed: no connection at all, as sshd's log shows.
before=$(sessions)
publish --to "$url"
expect_status 0
[ "$(sessions)" = "$before" ] || fail "an unchanged publish logged in"

# 3. A change replaces the file by rename: a reader that opened the old
# file still reads it whole; the name now gives the new one.  A leftover
# temporary file from an earlier failed run is overwritten, not in the way.
cp "$served/feed.atom" "$tmp/old.atom"
echo "half of an old upload" >"$served/.feed.atom.crier-tmp"
exec 3<"$served/feed.atom"
$PYTHON tests/tools/publish_source.py "$tmp/src" two
publish --to "$url"
expect_status 0
expect_served
cmp -s - "$tmp/old.atom" <&3 || fail "the old file changed under its reader"
exec 3<&-
grep -q '(two)' "$served/feed.atom" || fail "the new feed is not served"
cp -R "$served" "$tmp/before"

# expect_unchanged: the server still serves exactly what it did (a
# temporary file of the failed upload may be left beside it).
expect_unchanged() {
	diff -r -x '*.crier-tmp' "$tmp/before" "$served" >"$tmp/diff" ||
		fail "the served files changed: $(cat "$tmp/diff")"
}

$PYTHON tests/tools/publish_source.py "$tmp/src" three

# 4. A key the server does not accept.
mkdir -p "$tmp/stranger/.ssh"
cp "$tmp/home/.ssh/known_hosts" "$tmp/stranger/.ssh/"
ssh-keygen -q -t ed25519 -N '' -f "$tmp/stranger/.ssh/id_ed25519"
publish "$tmp/stranger" --to "$url"
expect_status 6
expect_stderr "the server accepted none of the keys"
expect_unchanged

# 5. A host that is not in known_hosts, and one whose key changed.
mkdir -p "$tmp/newcomer/.ssh"
cp "$tmp/home/.ssh/id_ed25519" "$tmp/newcomer/.ssh/"
publish "$tmp/newcomer" --to "$url"
expect_status 6
expect_stderr "unknown host key"
expect_unchanged
ssh-keygen -q -t ed25519 -N '' -f "$tmp/other_host_key"
printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cat "$tmp/other_host_key.pub")" \
	>"$tmp/newcomer/.ssh/known_hosts"
publish "$tmp/newcomer" --to "$url"
expect_status 6
expect_stderr "host key has CHANGED"
expect_unchanged

# 6. The server dies in the middle of an upload: a relay in front of sshd
# drops everything once 256 KiB of the feeds have gone through, and sshd
# is stopped too.  The outputs are made large enough for that.
$PYTHON tests/tools/publish_source.py "$tmp/src" four 400
start_cut_relay "$SSH_PORT" 262144
printf '[127.0.0.1]:%s %s\n' "$CUT_PORT" \
	"$(cat "$tmp/ssh_host_ed25519_key.pub")" >>"$tmp/home/.ssh/known_hosts"
publish --to "sftp://$user@127.0.0.1:$CUT_PORT$tmp/srv" &
publish_pid=$!
wait "$CUT_PID"
stop_all_servers
wait "$publish_pid"
status=$?
[ "$status" = 5 ] || fail "exit status $status after the server died, expected 5"
expect_stderr "upload to sftp://127.0.0.1:$CUT_PORT$tmp/srv/src/"
expect_unchanged
[ -n "$(find "$tmp/srv" -name '*.crier-tmp' -size +1)" ] ||
	fail "the upload was not cut half-way"

# The server back, the next run sends it all, and no temporary file stays.
start_sshd
publish --to "$url"
expect_status 0
expect_served

# 7. A key held only by the SSH agent.
if command -v ssh-agent >/dev/null && command -v ssh-add >/dev/null; then
	mkdir -p "$tmp/agent-home/.ssh"
	cp "$tmp/home/.ssh/known_hosts" "$tmp/agent-home/.ssh/"
	ssh-agent -D -a "$tmp/agent.sock" >/dev/null 2>&1 &
	server_pids="$server_pids $!"
	i=0
	until [ -S "$tmp/agent.sock" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "ssh-agent did not start"
		sleep 0.05
	done
	SSH_AUTH_SOCK="$tmp/agent.sock" ssh-add -q "$tmp/home/.ssh/id_ed25519" \
		2>/dev/null || fail "ssh-add failed"
	$PYTHON tests/tools/publish_source.py "$tmp/src" five
	run env HOME="$tmp/agent-home" SSH_AUTH_SOCK="$tmp/agent.sock" \
		$CRIER publish -o "$tmp/out" --to "$url" "$tmp/src"
	expect_status 0
	expect_served
fi

# 8. No secret in what crier prints, even with -v: not the private key,
# and the traces say what happened without it.
publish --to "$url" --force -vv
expect_status 0
key=$(sed -n 2p "$tmp/home/.ssh/id_ed25519")
grep -qF -- "$key" "$tmp/stdout" "$tmp/stderr" && fail "the key was printed"
grep -q 'sftp' "$tmp/stdout" "$tmp/stderr" || fail "-v traced nothing"

# 9. A server that allows one session channel per connection: the files
# go over that one, and replace the old ones by remove-then-rename.
stop_all_servers
start_sshd "MaxSessions 1"
$PYTHON tests/tools/publish_source.py "$tmp/src" six
publish --to "$url"
expect_status 0
expect_served
grep -q '(six)' "$served/feed.atom" || fail "the new feed is not served"

pass
