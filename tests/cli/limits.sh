#!/bin/sh
# shellcheck disable=SC2086
# Time and memory stay linear in a record's size, whatever its shape:
# hostile records are checked and built within a time and memory limit,
# or refused with the limit they hit (crier-records(5), LIMITS).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

# Under valgrind or the sanitizers memory is not the program's own and
# time is many times longer: there, only the outcome and a generous time
# are checked.
bin=${CRIER##* }
is_plain=1
case $CRIER in *valgrind*) is_plain=0 ;; esac
if ldd "$bin" 2>/dev/null | grep -q libasan; then
	is_plain=0
fi

# measure SECONDS MEGABYTES CMD...: runs CMD like run(), then fails if it
# took more processor time (user and system: the machine may be busy) or
# more peak memory (resident) than given.  A runaway is
# stopped by ulimit before it can take the machine with it.
measure() {
	max_s=$1 max_mb=$2
	shift 2
	if [ $is_plain = 0 ]; then
		max_s=$((max_s * 40))
	fi
	(
		ulimit -t $((max_s + 2))
		if [ $is_plain = 1 ]; then
			ulimit -v $((max_mb * 4 * 1024 + 200000))
		fi
		/usr/bin/time -f '%U %S %M' -o "$tmp/time" "$@" \
			>"$tmp/stdout" 2>"$tmp/stderr"
	)
	status=$?
	# time(1) puts "Command terminated by signal" first when killed.
	read -r user_s sys_s peak_kb <<-EOF
	$(tail -n 1 "$tmp/time" 2>/dev/null)
	EOF
	took_s=$(awk -v u="${user_s:-999}" -v s="${sys_s:-0}" \
		'BEGIN { print u + s }')
	peak_kb=${peak_kb:-999999999}
	awk -v t="$took_s" -v m="$max_s" 'BEGIN { exit !(t <= m) }' ||
		fail "$*: took $took_s s, more than $max_s s"
	[ $is_plain = 0 ] || [ "$peak_kb" -le $((max_mb * 1024)) ] ||
		fail "$*: peak memory $peak_kb KB, more than $max_mb MB"
}

# Finding: each continuation line copied the whole value again, so 80,000
# of them took gigabytes.
$PYTHON tests/tools/shapes.py continuations 560000 "$tmp/cont" ||
	fail "shapes.py failed"
[ "$(grep -c '^  word' "$tmp/cont/shape.md")" -ge 80000 ] ||
	fail "fewer than 80,000 continuation lines"
measure 1 100 $CRIER check "$tmp/cont"
expect_status 0
measure 2 100 $CRIER build -o "$tmp/out" "$tmp/cont"
expect_status 0
grep -q 'word word word' "$tmp/out/cont/feed.atom" ||
	fail "the continued summary is not in the feed"

# Finding: 16 MiB of nested "> " quotes took 2.7 GB and wrote 528 MB.
# Such a body is now refused before cmark reads it, naming the limit.
$PYTHON tests/tools/shapes.py nested-quotes 16000000 "$tmp/quotes" ||
	fail "shapes.py failed"
measure 3 100 $CRIER build -o "$tmp/out" "$tmp/quotes"
expect_status 1
expect_stderr "shape.md:5: error: the body has more than 200000 lines and Markdown markup characters"
[ ! -e "$tmp/out/quotes" ] || fail "outputs written for a refused body"

# Within that limit, nesting is limited, at the line where it goes too
# deep, and so is the HTML a body may make.
printf 'Title: Deep\nId: deep\nPublished: 2017-01-01 10:00\n\nfine\n\n%s\n' \
	"$(printf '> %.0s' $(seq 70))x" >"$tmp/cont/shape.md"
run $CRIER check "$tmp/cont"
expect_status 1
expect_stderr "shape.md:7: error: the body nests more than 64 levels deep (quotes, lists, emphasis, links)"
$PYTHON -c 'import sys; sys.stdout.write("Title: Long\nId: q\nPublished: 2017-01-01 10:00\n\n[x](https://example.org/" + "a" * 6000000 + ")\n")' \
	>"$tmp/cont/shape.md"
measure 2 100 $CRIER check "$tmp/cont"
expect_status 1
expect_stderr "shape.md:5: error: the body would make more than 16 MiB of HTML"

# Most bodies are judged without a parse, from bounds taken from above;
# small bodies that go too deep by nested lists or emphasis, or make a
# character XML forbids, are still refused, each at its line.
$PYTHON - "$tmp/cont/shape.md" <<'PY'
import sys
head = "Title: Small\nId: s\nPublished: 2017-01-01T10:00:00Z\n\n"
lists = "\n".join("  " * i + "- item" for i in range(40)) + "\n"
open(sys.argv[1], "w").write(head + lists)
PY
run $CRIER check "$tmp/cont"
expect_status 1
expect_stderr "shape.md:36: error: the body nests more than 64 levels deep (quotes, lists, emphasis, links)"
rm "$tmp/cont/shape.md"
$PYTHON -c 'import sys; sys.stdout.write("Title: E\nId: e\nPublished: 2017-01-01T10:00:00Z\n\nok\n\n" + "".join("*_"[i % 2] + "w " for i in range(70)) + "x" + "".join(" w" + "*_"[i % 2] for i in reversed(range(70))) + "\n")' \
	>"$tmp/cont/emph.md"
printf 'Title: R\nId: r\nPublished: 2017-01-01T10:00:00Z\n\nok\n\n&#5; x\n' \
	>"$tmp/cont/ref.md"
run $CRIER check "$tmp/cont"
expect_status 1
expect_stderr "emph.md:7: error: the body nests more than 64 levels deep (quotes, lists, emphasis, links)"
expect_stderr "ref.md:7:1: error: a character reference in the body makes U+0005, which no feed may carry"
rm "$tmp/cont/emph.md" "$tmp/cont/ref.md"
# U+FFFD as it is, in a body or a title, is refused at its place by the
# record reader; build never meets it (it once made the self-check fail).
printf 'Title: F \357\277\275\nId: f\nPublished: 2017-01-01T10:00:00Z\n\nok\n\nbad \357\277\275 here\n' \
	>"$tmp/cont/fffd.md"
run $CRIER build -o "$tmp/fffd-out" "$tmp/cont"
expect_status 1
expect_stderr "fffd.md:1:10: error: replacement character U+FFFD is not allowed: the text was damaged by a wrong encoding"
expect_stderr "fffd.md:7:5: error: replacement character U+FFFD is not allowed: the text was damaged by a wrong encoding"
[ ! -e "$tmp/fffd-out" ] || fail "a build with U+FFFD in a record wrote $tmp/fffd-out"
rm "$tmp/cont/fffd.md"

# Every other shape stays within time and memory in proportion to its
# size (tests/tools/shapes.py lists them): 200 KB each, built within
# 100 MB.
for shape in $($PYTHON tests/tools/shapes.py list); do
	rm -rf "$tmp/shape" "$tmp/out"
	$PYTHON tests/tools/shapes.py "$shape" 200000 "$tmp/shape" ||
		fail "shapes.py $shape failed"
	measure 5 100 $CRIER build -o "$tmp/out" "$tmp/shape"
	case $status in
	0|1) ;;
	*) fail "$shape: exit status $status" ;;
	esac
done

pass
