# Real servers on 127.0.0.1 for the publish tests: started on free ports
# in the test's temporary directory, stopped by PID when the test exits.
# Sourced after tests/cli/lib.sh (which provides $tmp, fail and PYTHON).
#
# Each start_* function sets <NAME>_PORT and <NAME>_PID, or prints
# "SKIP <test>: <why>" and exits 77 when its server cannot be had here.

server_pids=""

skip() {
	echo "SKIP $test_name: $*"
	exit 77
}

# A TCP port nobody listens on now.
free_port() {
	"$PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# wait_port PORT [SECONDS]: until something accepts connections on PORT.
wait_port() {
	"$PYTHON" - "$1" "${2:-10}" <<'PY'
import socket, sys, time
port, limit = int(sys.argv[1]), time.time() + float(sys.argv[2])
while time.time() < limit:
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

# start_cut_relay PORT BYTES: a relay in front of the server on PORT that
# drops every connection once BYTES have gone through it, for "the server
# died in the middle of an upload".  Sets CUT_PORT and CUT_PID.
start_cut_relay() {
	CUT_PORT=$(free_port)
	"$PYTHON" tests/servers/cutproxy.py "$CUT_PORT" "$1" "$2" \
		>"$tmp/cutproxy.out" 2>&1 &
	CUT_PID=$!
	server_pids="$server_pids $CUT_PID"
	wait_port "$CUT_PORT" || fail "the relay did not start"
}

# expect_served_tree SERVED ROOT: every output of $tmp/out/src is in
# SERVED byte for byte, and no temporary file is left below ROOT.
expect_served_tree() {
	for f in "$tmp/out/src"/*; do
		cmp -s "$f" "$1/$(basename "$f")" ||
			fail "$(basename "$f") on the server differs"
	done
	[ -z "$(find "$2" -name '*.crier-tmp')" ] ||
		fail "temporary files left: $(find "$2" -name '*.crier-tmp')"
}

# The PIDs of PID's descendants.  (sh has no local variables: the
# loop's word list is read before the recursion changes $child.)
descendants() {
	for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		echo "$child"
		descendants "$child"
	done
}

# stop_server PID: ends the server and every process it started, all
# found before the first is signalled.
stop_server() {
	for p in "$1" $(descendants "$1"); do
		kill "$p" 2>/dev/null
	done
	wait "$1" 2>/dev/null
	return 0
}

stop_all_servers() {
	for p in $server_pids; do
		stop_server "$p"
	done
	server_pids=""
}

# start_vsftpd ROOT [EXTRA_CONFIG_LINE...]: vsftpd serving ROOT to the
# local user $ftp_user (password $ftp_password), created for the test
# and deleted at its end, in passive mode.  Its transfer log, one line
# per upload, is $tmp/vsftpd.xferlog.
start_vsftpd() {
	vsftpd=$(command -v vsftpd || echo /usr/sbin/vsftpd)
	[ -x "$vsftpd" ] || skip "vsftpd is not installed (run scripts/setup)"
	[ "$(id -u)" = 0 ] || skip "vsftpd needs root to log a user in"
	command -v useradd >/dev/null || skip "no useradd to make the FTP user"
	root=$1
	shift
	if [ -z "${ftp_user:-}" ]; then
		ftp_user=crier-ftp-$$
		ftp_password=pw-$$-$(od -An -N6 -tx1 /dev/urandom | tr -d ' ')
		useradd -M -d "$root" -s /bin/sh "$ftp_user" ||
			skip "cannot create the FTP test user"
		echo "$ftp_user:$ftp_password" | chpasswd ||
			skip "cannot set the FTP test user's password"
	fi
	chmod 755 "$tmp"
	chown "$ftp_user" "$root"
	mkdir -p "$tmp/vsftpd-empty"
	FTP_PORT=$(free_port)
	{
		echo "listen=YES"
		echo "listen_ipv6=NO"
		echo "listen_address=127.0.0.1"
		echo "listen_port=$FTP_PORT"
		echo "background=NO"
		echo "anonymous_enable=NO"
		echo "local_enable=YES"
		echo "write_enable=YES"
		echo "local_umask=022"
		echo "local_root=$root"
		echo "pasv_enable=YES"
		echo "pasv_address=127.0.0.1"
		echo "port_enable=NO"
		echo "pam_service_name=vsftpd"
		echo "secure_chroot_dir=$tmp/vsftpd-empty"
		echo "seccomp_sandbox=NO"
		echo "xferlog_enable=YES"
		echo "xferlog_std_format=YES"
		echo "xferlog_file=$tmp/vsftpd.xferlog"
		echo "dual_log_enable=YES"
		echo "vsftpd_log_file=$tmp/vsftpd.log"
		echo "log_ftp_protocol=YES"
		for line in "$@"; do echo "$line"; done
	} >"$tmp/vsftpd.conf"
	touch "$tmp/vsftpd.xferlog" "$tmp/vsftpd.log"
	"$vsftpd" "$tmp/vsftpd.conf" >"$tmp/vsftpd.out" 2>&1 &
	FTP_PID=$!
	server_pids="$server_pids $FTP_PID"
	wait_port "$FTP_PORT" || {
		sed 's/^/  vsftpd: /' "$tmp/vsftpd.out" >&2
		skip "vsftpd did not start"
	}
}

# start_sshd [EXTRA_CONFIG_LINE...]: OpenSSH's sshd in the foreground on a
# free port, key authentication only, for the keys in $tmp/authorized_keys,
# with the host key $tmp/ssh_host_ed25519_key (made on first use).  Logs
# each connection (LogLevel VERBOSE) to $tmp/sshd.log.  A second call
# starts it again on the same port.
start_sshd() {
	sshd=/usr/sbin/sshd
	[ -x "$sshd" ] || skip "OpenSSH's sshd is not installed (run scripts/setup)"
	command -v ssh-keygen >/dev/null || skip "ssh-keygen is not installed"
	[ -f "$tmp/ssh_host_ed25519_key" ] ||
		ssh-keygen -q -t ed25519 -N '' -f "$tmp/ssh_host_ed25519_key" ||
		fail "cannot make the SSH host key"
	# sshd insists on its privilege separation directory.
	[ -d /run/sshd ] || mkdir -p /run/sshd 2>/dev/null ||
		skip "sshd needs /run/sshd"
	SSH_PORT=${SSH_PORT:-$(free_port)}
	cat >"$tmp/sshd_config" <<-CONF
		ListenAddress 127.0.0.1
		Port $SSH_PORT
		HostKey $tmp/ssh_host_ed25519_key
		PidFile $tmp/sshd.pid
		AuthorizedKeysFile $tmp/authorized_keys
		StrictModes no
		PubkeyAuthentication yes
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		PermitRootLogin prohibit-password
		UsePAM no
		LogLevel VERBOSE
		Subsystem sftp internal-sftp
	CONF
	for line in "$@"; do
		printf '%s\n' "$line" >>"$tmp/sshd_config"
	done
	"$sshd" -D -f "$tmp/sshd_config" -E "$tmp/sshd.log" \
		>"$tmp/sshd.out" 2>&1 &
	SSH_PID=$!
	server_pids="$server_pids $SSH_PID"
	wait_port "$SSH_PORT" || {
		sed 's/^/  sshd: /' "$tmp/sshd.out" "$tmp/sshd.log" >&2
		skip "sshd did not start"
	}
}

# start_moto: moto's S3 server with authentication on, and a bucket
# "feeds".  Sets MOTO_PY (the Python that has moto), S3_ENDPOINT, the
# user's key in S3_KEY_ID and S3_SECRET, and a role's temporary key in
# S3_TMP_KEY_ID, S3_TMP_SECRET and S3_TMP_TOKEN.  Requests are logged,
# one a line, in $tmp/moto.log.
start_moto() {
	MOTO_PY=
	for py in python3 "$PYTHON"; do
		if command -v "$py" >/dev/null &&
		   "$py" -c 'import moto.server, boto3' 2>/dev/null; then
			MOTO_PY=$(command -v "$py")
			break
		fi
	done
	[ -n "$MOTO_PY" ] || skip "no python3 here has moto and boto3"
	S3_PORT=$(free_port)
	S3_ENDPOINT=http://127.0.0.1:$S3_PORT
	"$MOTO_PY" -m moto.server -H 127.0.0.1 -p "$S3_PORT" \
		>"$tmp/moto.log" 2>&1 &
	S3_PID=$!
	server_pids="$server_pids $S3_PID"
	wait_port "$S3_PORT" 30 || {
		sed 's/^/  moto: /' "$tmp/moto.log" >&2
		skip "moto's server did not start"
	}
	"$MOTO_PY" tests/servers/s3admin.py setup "$S3_ENDPOINT" feeds \
		>"$tmp/s3keys" 2>"$tmp/s3admin.err" ||
		fail "cannot set moto up: $(cat "$tmp/s3admin.err")"
	S3_KEY_ID=$(sed -n 1p "$tmp/s3keys")
	S3_SECRET=$(sed -n 2p "$tmp/s3keys")
	S3_TMP_KEY_ID=$(sed -n 3p "$tmp/s3keys")
	S3_TMP_SECRET=$(sed -n 4p "$tmp/s3keys")
	S3_TMP_TOKEN=$(sed -n 5p "$tmp/s3keys")
}

# Called by the test's EXIT trap, before the temporary directory goes.
servers_cleanup() {
	stop_all_servers
	[ -z "${ftp_user:-}" ] || userdel "$ftp_user" 2>/dev/null
	rm -rf "$tmp"
}
trap servers_cleanup EXIT
# A test interrupted still stops its servers and deletes its FTP user.
trap 'exit 130' INT TERM HUP
