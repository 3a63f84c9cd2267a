#!/bin/sh
# The README's crontab line works after `make install`: cron runs it
# with PATH=/usr/bin:/bin, where neither /usr/local/bin/crier-republish
# nor /usr/local/bin/crier is found by name.  The line is taken from the
# README, pointed at a DESTDIR install and temporary directories, and run
# under `env -i PATH=/usr/bin:/bin`.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

# The build tree the suite runs from (CRIER may have valgrind in front).
bin=${CRIER##* }
B=$(dirname "$bin")
case $B in
/*) B=${B#"$PWD"/} ;;
esac
make -s install B="$B" DESTDIR="$tmp/root" PREFIX=/usr/local \
	>"$tmp/make.log" 2>&1 || fail "make install: $(tail -3 "$tmp/make.log")"
[ -x "$tmp/root/usr/local/bin/crier-republish" ] ||
	fail "make install did not install crier-republish"

line=$(sed -n 's/^    \(\*\/5 \* \* \* \* .*crier-republish.*\)$/\1/p' README.md)
[ -n "$line" ] || fail "no crontab line in README.md"
cmd=${line#\*/5 \* \* \* \* }

git init -q "$tmp/upstream"
mkdir -p "$tmp/upstream/feeds"
cp -R feeds/xen-fosdem-2017 "$tmp/upstream/feeds/xen"
git -C "$tmp/upstream" add -A
git -C "$tmp/upstream" -c user.name=t -c user.email=t@example.org \
	commit -q -m records
git clone -q "$tmp/upstream" "$tmp/news"

cmd=$(printf '%s\n' "$cmd" | sed \
	-e "s|/usr/local/bin/|$tmp/root/usr/local/bin/|g" \
	-e "s|/srv/news|$tmp/news|g" \
	-e "s|sftp://www@web.example.org/srv/www/feeds|file://$tmp/www|")
case $cmd in
"$tmp/root/usr/local/bin/crier-republish "*) ;;
*) fail "the crontab line does not name crier-republish by its path: $line" ;;
esac
run env -i PATH=/usr/bin:/bin HOME="$tmp" SOURCE_DATE_EPOCH=1486166400 \
	sh -c "$cmd"
expect_status 0
expect_no_stderr
[ -s "$tmp/www/feed.atom" ] || [ -s "$tmp/www/xen/feed.atom" ] ||
	fail "the crontab line published nothing"

pass
