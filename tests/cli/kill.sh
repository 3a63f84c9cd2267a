#!/bin/sh
# kill -9 at random moments of build and of publish (to file://).
# After each kill, the output directory holds the complete old set of
# files or the complete new set, never a mix (whole-set atomicity, see
# crier(1)); each file on the target is its complete old or new version.
# A run after the kills leaves no temporary file or directory behind.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

BUILD_KILLS=${BUILD_KILLS:-30}
PUBLISH_KILLS=${PUBLISH_KILLS:-20}
# Under valgrind a run takes seconds: fewer kills keep the suite bounded.
case $CRIER in *valgrind*) BUILD_KILLS=6 PUBLISH_KILLS=4 ;; esac
ex=xen-fosdem-2017
now=2017-02-01T00:00:00Z
files="feed.atom feed.rss feed.json talks.ics index.html .crier-published"

# Two versions of one source, news, with every output different: enough
# records that a build takes a while to kill into.
mkdir -p "$tmp/a/news" "$tmp/b/news"
cp -r feeds/$ex/. "$tmp/a/news"
for i in 1 2 3 4; do
	for f in feeds/$ex/talks/*.md; do
		sed "s/^Title: /Title: $i /" "$f" >"$tmp/a/news/talks/$i-${f##*/}"
	done
done
cp -r "$tmp/a/news/." "$tmp/b/news"
sed -i 's/^Title: .*/&, moved/' "$tmp/b/news"/talks/*.md
for v in a b; do
	run $CRIER build --now $now -o "$tmp/ref-$v" "$tmp/$v/news"
	expect_status 0
done
# (The ledger lists the same entries in both.)
for f in feed.atom feed.rss feed.json talks.ics index.html; do
	cmp -s "$tmp/ref-a/news/$f" "$tmp/ref-b/news/$f" && fail "$f is the same in both versions"
done

ms() { echo $(($(date +%s%N) / 1000000)); }

# kill_at CMD...: runs CMD and kills it with SIGKILL at a random moment
# of the time it takes (span_ms), most of them in its second half, where
# the files are put in place.
kill_at() {
	r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	delay_ms=$((span_ms / 4 + r % span_ms))
	"$@" >/dev/null 2>&1 &
	pid=$!
	sleep "$((delay_ms / 1000)).$(printf %03d $((delay_ms % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
}

# which_set DIR: "a" or "b" if every file is that version's, else fail.
which_set() {
	for v in a b; do
		same=1
		for f in $files; do
			cmp -s "$1/$f" "$tmp/ref-$v/news/$f" || same=0
		done
		[ $same = 1 ] && { echo $v; return; }
	done
	for f in $files; do
		for v in a b; do
			cmp -s "$1/$f" "$tmp/ref-$v/news/$f" && echo "$f: $v" >&2
		done
	done
	fail "a mixed set after a kill ($2)"
}

# no_leftovers DIR...: nothing but the outputs, the ledger, the stamp, what
# the build read of the records, the lock and the publish state.
no_leftovers() {
	for d in "$@"; do
		extra=$(ls -A "$d" | grep -v -x -e news -e feed.atom -e feed.rss \
			-e feed.json -e talks.ics -e index.html -e .crier-published \
			-e .crier.lock -e .crier-stamp -e .crier-records \
			-e .publish-state \
			-e 'talk-.*\.ics')
		[ -z "$extra" ] || fail "left in $d: $extra"
	done
}

run $CRIER build --now $now -o "$tmp/out" "$tmp/a/news"
expect_status 0
# The file system swaps directories (RENAME_EXCHANGE): a changed build
# puts a new directory in place.
before=$(stat -c %i "$tmp/out/news")
run $CRIER build --now $now -o "$tmp/out" "$tmp/b/news"
expect_status 0
[ "$(stat -c %i "$tmp/out/news")" != "$before" ] ||
	fail "the set was not swapped in: does $tmp support RENAME_EXCHANGE?"
start=$(ms)
run $CRIER build --now $now -o "$tmp/scratch" "$tmp/b/news"
span_ms=$(($(ms) - start + 5))
seen=""
i=0
while [ $i -lt "$BUILD_KILLS" ]; do
	v=b; [ $((i % 2)) = 0 ] && v=a
	kill_at $CRIER build --now $now -o "$tmp/out" "$tmp/$v/news"
	seen="$seen$(which_set "$tmp/out/news" "build $i, after ${delay_ms} ms")"
	i=$((i + 1))
done
echo "build: $BUILD_KILLS kills within ${span_ms} ms runs, sets seen: $seen"
run $CRIER build --now $now -o "$tmp/out" "$tmp/a/news"
expect_status 0
no_leftovers "$tmp/out" "$tmp/out/news"
[ "$(which_set "$tmp/out/news" final)" = a ] || fail "the last build is not in place"

# Publish: each file on the target is old or new, whole.
site="$tmp/site"
run $CRIER publish --now $now -o "$tmp/out" --to "file://$site" "$tmp/a/news"
expect_status 0
start=$(ms)
run $CRIER publish --now $now -o "$tmp/scratch" --to "file://$tmp/scratch-site" "$tmp/b/news"
span_ms=$(($(ms) - start + 5))
i=0
while [ $i -lt "$PUBLISH_KILLS" ]; do
	v=a; [ $((i % 2)) = 0 ] && v=b
	kill_at $CRIER publish --now $now -o "$tmp/out" --to "file://$site" "$tmp/$v/news"
	which_set "$tmp/out/news" "publish $i, after ${delay_ms} ms" >/dev/null
	for f in feed.atom feed.rss feed.json talks.ics index.html; do
		cmp -s "$site/news/$f" "$tmp/ref-a/news/$f" ||
			cmp -s "$site/news/$f" "$tmp/ref-b/news/$f" ||
			fail "publish $i, after ${delay_ms} ms: $f on the target is neither version"
	done
	i=$((i + 1))
done
echo "publish: $PUBLISH_KILLS kills within ${span_ms} ms runs"
run $CRIER publish --now $now -o "$tmp/out" --to "file://$site" "$tmp/b/news"
expect_status 0
no_leftovers "$tmp/out" "$tmp/out/news" "$site" "$site/news"
for f in feed.atom feed.rss feed.json talks.ics index.html; do
	cmp -s "$site/news/$f" "$tmp/ref-b/news/$f" || fail "$f: the last publish is not on the target"
done
pass
