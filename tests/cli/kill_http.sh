#!/bin/sh
# kill -9 at random moments of publish to a WebDAV server (nginx on
# 127.0.0.1): after each kill every file the server serves is the
# complete old or the complete new version, and a publish after the kills
# leaves the served tree exactly the built one, with no temporary name.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh
. tests/servers/nginx.sh

nginx_find >/dev/null || skip "nginx not found"
command -v openssl >/dev/null || skip "openssl not found"
KILLS=${KILLS:-15}
case $CRIER in *valgrind*) KILLS=3 ;; esac
user=crier
password='Tr0ub4dor-3-hunter2'
trap 'nginx_stop; rm -rf "$tmp"' EXIT
nginx_start "$tmp/nginx" "$user" "$password" || fail "nginx did not start"
www=$tmp/nginx/www
printf 'machine 127.0.0.1\nlogin %s\npassword %s\n' "$user" "$password" >"$tmp/netrc"
chmod 600 "$tmp/netrc"
to=http://127.0.0.1:$nginx_port/site/

ex=xen-fosdem-2017
now=2017-02-01T00:00:00Z
files="feed.atom feed.rss feed.json talks.ics index.html"
mkdir -p "$tmp/a/news" "$tmp/b/news"
cp -r feeds/$ex/. "$tmp/a/news"
cp -r feeds/$ex/. "$tmp/b/news"
sed -i 's/^Title: .*/&, moved/' "$tmp/b/news"/talks/*.md
for v in a b; do
	run $CRIER build --now $now -o "$tmp/ref-$v" "$tmp/$v/news"
	expect_status 0
done

ms() { echo $(($(date +%s%N) / 1000000)); }
publish() {
	$CRIER publish --netrc "$tmp/netrc" --now $now -o "$tmp/out" --to "$to" "$@"
}

run publish "$tmp/a/news"
expect_status 0
start=$(ms)
run publish "$tmp/b/news"
expect_status 0
span_ms=$(($(ms) - start + 5))
i=0
while [ $i -lt "$KILLS" ]; do
	v=a; [ $((i % 2)) = 0 ] && v=b
	r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	delay_ms=$((r % span_ms))
	# crier itself in the background, not the function: $! must be the
	# process that holds the lock, or the kill leaves it running.
	$CRIER publish --netrc "$tmp/netrc" --now $now -o "$tmp/out" \
		--to "$to" "$tmp/$v/news" >/dev/null 2>&1 &
	pid=$!
	sleep "$((delay_ms / 1000)).$(printf %03d $((delay_ms % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	for f in $files; do
		got=missing
		rm -f "$tmp/got"
		cp "$www/site/news/$f" "$tmp/got" 2>/dev/null && got=other
		cmp -s "$tmp/got" "$tmp/ref-a/news/$f" && got=a
		cmp -s "$tmp/got" "$tmp/ref-b/news/$f" && got=b
		[ $got = a ] || [ $got = b ] ||
			fail "kill $i after $delay_ms ms: served $f is $got"
	done
	i=$((i + 1))
done
echo "publish to WebDAV: $KILLS kills within ${span_ms} ms runs"
run publish "$tmp/a/news"
expect_status 0
for f in $files; do
	cmp -s "$www/site/news/$f" "$tmp/ref-a/news/$f" || fail "$f: the last publish is not served"
done
# (A temporary file a killed run left on the server, .NAME.crier-tmp, is
# replaced the next time NAME is sent; it is not removed before.)
echo "left on the server: $(ls -A "$www/site/news" | grep -c '^\.')"
pass
