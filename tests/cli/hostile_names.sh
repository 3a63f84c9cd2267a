#!/bin/sh
# Hostile names in the paths crier writes to: spaces, quotes, a newline,
# printf and shell metacharacters, a leading dash, non-ASCII, and names
# that look like crier's own temporary names.  build and publish to
# file:// write exactly the outputs, where they belong, and touch nothing
# beside them.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

ex=xen-fosdem-2017
now=2017-02-01T00:00:00Z
nl='
'
base="$tmp/o u t ${nl}%d *"
mkdir -p "$base"
echo keep >"$base/.crier-published.crier-1.tmp.keep"

# name_of I: the I-th hostile directory name.
name_of() {
	case $1 in
	1) echo "-n 'q' \"d\"" ;;
	2) echo '%s%n$(x)`y`' ;;
	3) echo '*?[ é' ;;
	4) printf 'a\nb' ;;
	5) echo '.feed.atom.crier-1.tmp' ;;
	6) echo '.crier-AbC123' ;;
	7) echo 'news.crier-AbC123' ;;
	8) echo ' ' ;;
	esac
}

site="$tmp/site ${nl}%"
url="file://$($PYTHON -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$site")"
for i in 1 2 3 4 5 6 7 8; do
	name=$(name_of $i)
	src="$tmp/src$i/$name"
	mkdir -p "$tmp/src$i"
	cp -r feeds/$ex "$src"
	run $CRIER build --now $now -o "$base" -- "$src"
	expect_status 0
	expect_no_stderr
	xmllint --noout "$base/$name/feed.atom" 2>"$tmp/stderr" || fail "$i: no feed"
	# Rebuilt with a change: the set is swapped in beside the others.
	sed -i 's/^Title: .*/&, moved/' "$src"/talks/*.md
	run $CRIER build --now $now -o "$base" -- "$src"
	expect_status 0
	grep -q moved "$base/$name/feed.atom" || fail "$i: not rebuilt"
	run $CRIER publish --now $now -o "$base" --to "$url" -- "$src"
	expect_status 0
	cmp -s "$base/$name/feed.atom" "$site/$name/feed.atom" ||
		fail "$i: not published where it belongs"
done
# Every source's directory and the file beside them are still there.
for i in 1 2 3 4 5 6 7 8; do
	[ -f "$base/$(name_of $i)/feed.atom" ] || fail "$i: its outputs are gone"
done
[ -f "$base/.crier-published.crier-1.tmp.keep" ] || fail "a look-alike was removed"
n=$(find "$base" -mindepth 1 -maxdepth 1 -printf x | wc -c)
[ "$n" = 9 ] || fail "left beside the outputs: $(ls -A "$base")"
pass
