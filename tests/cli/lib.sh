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

# expect_valid_atom FILE: FILE is Atom as the RFC 4287 RELAX NG schema
# has it.
expect_valid_atom() {
	xmllint --noout --relaxng tests/schemas/atom.rng "$1" 2>"$tmp/rng" ||
		fail "$1 is not valid Atom: $(cat "$tmp/rng")"
}

# expect_stderr TEXT: a line of stderr starts with TEXT.
expect_stderr() {
	grep -qF -- "$1" "$tmp/stderr" || fail "stderr lacks: $1"
}

# feed_source DIR NAME [LINE...]: a feed source at DIR whose feed.conf
# has the title NAME (its id and base end in NAME in lower case), in
# Europe/Brussels, with each LINE added; any feed.conf there is replaced.
feed_source() {
	fs_dir=$1 fs_title=$2 fs_slug=$(printf '%s' "$2" | tr 'A-Z' 'a-z')
	shift 2
	mkdir -p "$fs_dir"
	cat >"$fs_dir/feed.conf" <<CONF
Title: $fs_title
Id: tag:example.org,2017:$fs_slug
Link: https://example.org/
Base: https://example.org/feeds/$fs_slug/
Author: Crier Tests
Timezone: Europe/Brussels
CONF
	[ $# = 0 ] || printf '%s\n' "$@" >>"$fs_dir/feed.conf"
}
