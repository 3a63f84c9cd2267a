# Shared by the command tests: a temporary directory removed on exit,
# running crier with its output captured, and assertions on what a user
# sees (exit status, messages, files).  Sourced from the project root.
CRIER=${CRIER:-build/crier}
PYTHON=${PYTHON:-/usr/bin/python3}
test_name=$(basename "$0" .sh)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crier-$test_name.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "FAIL $test_name: $*" >&2
	[ -s "$tmp/stderr" ] && sed 's/^/  stderr: /' "$tmp/stderr" >&2
	exit 1
}

pass() {
	echo "ok $test_name"
	exit 0
}

# skip REASON: the test cannot run here (a server is missing).  Status 77
# is counted as skipped by make check, never as passed.
skip() {
	echo "SKIP $test_name: $*"
	exit 77
}

# run CMD...: runs it, keeping stdout, stderr and the exit status.
run() {
	"$@" >"$tmp/stdout" 2>"$tmp/stderr"
	status=$?
}

expect_status() {
	[ "$status" = "$1" ] || fail "exit status $status, expected $1"
}

expect_no_stderr() {
	[ ! -s "$tmp/stderr" ] || fail "unexpected output on stderr"
}

# expect_stderr TEXT: a line of stderr starts with TEXT.
expect_stderr() {
	grep -qF -- "$1" "$tmp/stderr" || fail "stderr lacks: $1"
}
