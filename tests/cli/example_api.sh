#!/bin/sh
# examples/publish.c, a program that publishes a source using only
# crier.h and `pkg-config crier`, is built against the library of this
# build (crier-uninstalled.pc) and run against a real WebDAV server,
# nginx on 127.0.0.1: the server then holds the built outputs byte for
# byte, and a second run sends nothing.  A source with an error is
# refused before anything is sent, with the very line crier check prints.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/servers/nginx.sh

CC=${CC:-cc}
command -v "$CC" >/dev/null || skip "no C compiler ($CC)"
command -v pkg-config >/dev/null || skip "pkg-config not found"
nginx_find >/dev/null || skip "nginx not found"
command -v openssl >/dev/null || skip "openssl not found"

# The library is built beside the binary; CRIER may start with a wrapper
# such as valgrind, which then runs the example too.
build=$(cd "$(dirname "${CRIER##* }")" && pwd)
wrapper=${CRIER% *}
[ "$wrapper" = "$CRIER" ] && wrapper=
[ -f "$build/crier-uninstalled.pc" ] ||
	fail "no $build/crier-uninstalled.pc: make check builds it"

trap 'nginx_stop; rm -rf "$tmp"' EXIT
user=crier
password='example-Secret-7'
nginx_start "$tmp/nginx" "$user" "$password" || fail "nginx did not start"
www=$tmp/nginx/www
base=http://127.0.0.1:$nginx_port
mkdir "$tmp/home"
printf 'machine 127.0.0.1 login %s password %s\n' "$user" "$password" \
	>"$tmp/home/.netrc"
chmod 600 "$tmp/home/.netrc"

# Built as a user would: flags from pkg-config alone.  A library built
# with the sanitizers needs them in the program too.
flags=$(PKG_CONFIG_PATH=$build pkg-config --cflags --libs crier) ||
	fail "pkg-config does not know crier"
case $flags in *"$build"*) ;; *) fail "pkg-config gave $flags" ;; esac
san=
nm -D "$build/libcrier.so" | grep -q __asan_ &&
	san="-fsanitize=address,undefined"
$CC -std=c99 -Wall -Wextra -Werror $san -o "$tmp/publish" \
	examples/publish.c $flags 2>"$tmp/stderr" ||
	fail "examples/publish.c does not build"
# The soname the program asks for, where the loader looks.
ln -s "$build/libcrier.so" "$tmp/libcrier.so.0"
ex() {
	run env HOME="$tmp/home" LD_LIBRARY_PATH="$tmp" \
		$wrapper "$tmp/publish" "$@"
}

cp -r feeds/xen-fosdem-2017 "$tmp/xen"
ex "$tmp/xen" "$tmp/out" "$base/feeds"
expect_status 0
files=$(cd "$tmp/out/xen" && ls | wc -l)
[ "$files" -gt 0 ] || fail "nothing was built"
grep -qx "sent $files files" "$tmp/stdout" ||
	fail "expected 'sent $files files', got: $(cat "$tmp/stdout")"
diff -r -x '.*' "$tmp/out/xen" "$www/feeds/xen" >/dev/null ||
	fail "the server's files differ from the outputs"
[ -z "$(find "$www/feeds" -name '.*')" ] ||
	fail "a temporary or hidden file was left on the server"
puts=$(grep -c '"PUT ' "$tmp/nginx/access.log")

# Unchanged: the publish state says the server has every file.
ex "$tmp/xen" "$tmp/out" "$base/feeds"
expect_status 0
grep -qx "sent 0 files" "$tmp/stdout" || fail "a second run sent files"
[ "$(grep -c '"PUT ' "$tmp/nginx/access.log")" = "$puts" ] ||
	fail "a second run sent PUTs"

# An error: nothing is sent, and the line is crier check's.
mkdir "$tmp/bad"
cp feeds/xen-fosdem-2017/feed.conf "$tmp/bad/"
printf 'Title: x\nBogus: y\n\nBody.\n' >"$tmp/bad/a.md"
run env NO_COLOR=1 $CRIER check "$tmp/bad"
cp "$tmp/stderr" "$tmp/check.stderr"
ex "$tmp/bad" "$tmp/out" "$base/feeds"
expect_status 1
grep -q ': error: ' "$tmp/stderr" || fail "no error shown"
cmp -s "$tmp/stderr" "$tmp/check.stderr" ||
	fail "the example's lines differ from crier check's"
[ ! -e "$www/feeds/bad" ] || fail "a source with errors was sent"
pass
