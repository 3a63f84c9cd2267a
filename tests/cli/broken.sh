#!/bin/sh
# shellcheck disable=SC2086
# The broken records under tests/broken/: `crier check` must report
# exactly the diagnostics each file announces in its "# expect:" lines,
# all of them in one run, and exit 1.  See tests/broken/README.
set -u
cd "$(dirname "$0")/../.." || exit 1
# CRIER may be a command with arguments (make leakcheck puts valgrind
# in front), so it is expanded unquoted on purpose (SC2086).
CRIER=${CRIER:-build/crier}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crier-broken.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
failed=0

# expected SOURCE: "FILE:LINE:COL: SEVERITY: MESSAGE" for every expect line
# of every file crier reads there (feed.conf and *.md, hidden ones skipped).
expected() {
	find "$1" -name '.?*' -prune -o -type f \
		\( -name '*.md' -o -path "$1/feed.conf" \) -print |
	LC_ALL=C sort |
	while IFS= read -r file; do
		LC_ALL=C awk -v file="$file" '
			{ sub(/\r$/, "") }
			index($0, "# expect: ") == 1 {
				print file ":" substr($0, 11)
			}' "$file"
	done | LC_ALL=C sort
}

for source in tests/broken/source tests/broken/conf tests/broken/html; do
	expected "$source" >"$tmp/expected"
	if [ ! -s "$tmp/expected" ]; then
		echo "FAIL broken: $source announces no diagnostics" >&2
		failed=1
		continue
	fi
	$CRIER check "$source" >"$tmp/stdout" 2>"$tmp/stderr"
	status=$?
	if [ "$status" != 1 ]; then
		echo "FAIL broken: crier check $source: exit status $status," \
			"expected 1" >&2
		failed=1
	fi
	if [ -s "$tmp/stdout" ]; then
		echo "FAIL broken: crier check $source printed on stdout:" >&2
		sed 's/^/  /' "$tmp/stdout" >&2
		failed=1
	fi
	LC_ALL=C sort "$tmp/stderr" >"$tmp/actual"
	if ! diff -u "$tmp/expected" "$tmp/actual" >"$tmp/diff"; then
		echo "FAIL broken: crier check $source: diagnostics differ" \
			"(- expected, + printed):" >&2
		cat "$tmp/diff" >&2
		failed=1
	fi
done

[ "$failed" = 0 ] || exit 1
echo "ok broken"
