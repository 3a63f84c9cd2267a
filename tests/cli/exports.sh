#!/bin/sh
# libcrier.so exports exactly the functions include/crier.h declares:
# nothing internal can be linked against by accident, and nothing the
# header promises is missing.  The header's declarations are read from
# the preprocessed header (so comments do not count), the exports from
# nm -D --defined-only.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

command -v nm >/dev/null || skip "nm not found"
# The library is built beside the binary; CRIER may start with a wrapper
# such as valgrind, so the binary is its last word.
lib=$(dirname "${CRIER##* }")/libcrier.so
[ -f "$lib" ] || fail "no $lib: make builds it for make check"

# Every declaration of a function in the header, marked or not: the
# name before the first '(' of each statement at file scope, typedefs
# left out.  CRIER_EXPORT is kept as a word to tell which are marked.
${CC:-cc} -E -P -DCRIER_EXPORT=CRIER_EXPORT include/crier.h \
	>"$tmp/header.i" 2>"$tmp/stderr" || fail "cannot preprocess crier.h"
tr '\n' ' ' <"$tmp/header.i" | tr ';' '\n' |
	sed -n 's/^[^(]*[^a-z0-9_]\(crier_[a-z0-9_]*\) *(.*/& \1/p' |
	grep -v '^ *typedef ' >"$tmp/decls"
sed 's/.* //' "$tmp/decls" | sort -u >"$tmp/declared"
grep '^ *CRIER_EXPORT ' "$tmp/decls" | sed 's/.* //' | sort -u \
	>"$tmp/marked"
[ -s "$tmp/declared" ] || fail "found no declaration in crier.h"
unmarked=$(comm -23 "$tmp/declared" "$tmp/marked" | tr "\n" " ")
[ -z "$unmarked" ] || fail "declared without CRIER_EXPORT: $unmarked"

nm -D --defined-only "$lib" | awk '{ print $3 }' | sort -u >"$tmp/exported"
extra=$(comm -13 "$tmp/declared" "$tmp/exported")
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
[ -z "$extra" ] || fail "exported but not in crier.h:" $extra
[ -z "$missing" ] || fail "in crier.h but not exported:" $missing
pass
