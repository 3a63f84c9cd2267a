#!/bin/sh
# The shape of the sources (scripts/depcheck on the objects of the crier
# under test): no circle between files, through #include or calls, no
# function over 60 lines and no .c file over 800, no file of the library
# that prints, exits or aborts but alloc.c, and a main.c of at most 300
# lines.  The script must also see a circle where there is one: two
# objects that call each other, built here, are reported.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

command -v nm >/dev/null || skip "nm not found"
# The objects sit beside the binary: build/crier, build-asan/crier.
crier_bin=$(printf '%s\n' $CRIER | tail -n 1)
build=$(dirname "$crier_bin")
[ -f "$build/libcrier.a" ] || fail "no $build/libcrier.a beside $crier_bin"

run "$PYTHON" scripts/depcheck "$build"
grep -q '^depcheck: [0-9]* modules' "$tmp/stdout" ||
	fail "depcheck did not run: $(cat "$tmp/stdout" "$tmp/stderr")"
[ "$status" = 0 ] || fail "depcheck found problems:
$(grep -v ' modules, ' "$tmp/stdout")"

# main.c stays a thin command (issue 15): parse, call, print, exit.
lines=$(wc -l <src/cli/main.c)
[ "$lines" -le 300 ] || fail "src/cli/main.c is $lines lines (at most 300)"

# A circle it must find: a.c calls b.c, which calls a.c.
mkdir "$tmp/fake"
printf 'int b(void);\nint a(void) { return b(); }\n' >"$tmp/a.c"
printf 'int a(void);\nint b(void) { return a() + 1; }\n' >"$tmp/b.c"
cc -c -o "$tmp/fake/a.o" "$tmp/a.c" && cc -c -o "$tmp/fake/b.o" "$tmp/b.c" ||
	skip "no C compiler"
ar rcs "$tmp/fake/libcrier.a" "$tmp/fake/a.o" "$tmp/fake/b.o"
rm "$tmp/fake/a.o" "$tmp/fake/b.o"
run "$PYTHON" scripts/depcheck --library "$tmp/fake"
expect_status 1
grep -q '^depcheck: circle: a.c b.c' "$tmp/stdout" ||
	fail "depcheck missed a circle: $(cat "$tmp/stdout")"

pass
