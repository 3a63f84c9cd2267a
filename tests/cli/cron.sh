#!/bin/sh
# crier run from cron, with time driven by --now: an embargoed talk is
# absent before its Published and present from that second, sent once
# (only the outputs that changed) and not again; an expiring record goes
# at its Expires and the feed's updated moves forward to that instant;
# check lists what is scheduled.  One run at a time: a second run exits
# 7 with one line naming the holder, or waits with --wait; a run killed
# with SIGKILL mid-publish leaves complete files on the target and a lock
# the next run takes over.  Quiet on success, one line per problem on
# failure, -v one summary line per source, --syslog changes nothing on
# the terminal (and, where strace can watch, sends the same lines to
# syslog).  scripts/republish pulls, publishes and passes the status.
# Uploads are counted on the target's side: a file:// target replaces a
# file by renaming a new one over it, so its inode changes.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

gate_pid=
holder_pid=
stop_helpers() {
	for p in $gate_pid $holder_pid; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	gate_pid=
	holder_pid=
}
trap 'stop_helpers; rm -rf "$tmp"' EXIT
unset SOURCE_DATE_EPOCH

out=$tmp/out
www=$tmp/www
src=$tmp/xen
cp -r feeds/xen-fosdem-2017 "$src"

# A talk under embargo until 10:00 UTC on the day, and an announcement
# that comes at 11:00, is the newest entry, and expires at midnight.
cat >"$src/talks/surprise.md" <<'END'
Type: talk
Title: A surprise guest on the Xen Project stage
Announcement: fosdem-2017
Published: 2017-02-04T10:00:00Z
Starts: 2017-02-04 16:00
Ends: 2017-02-04 16:25

Announced on the day.
END
cat >"$src/booth.md" <<'END'
Title: Demo at the booth until closing time
Published: 2017-02-04T11:00:00Z
Expires: 2017-02-05T00:00:00Z

Come to booth K1 for the live patching demo.
END

# publish_at TIME [OPTIONS]: the cron job, at TIME.
publish_at() {
	t=$1
	shift
	run $CRIER publish --now "$t" "$@" -o "$out" --to "file://$www" "$src"
}

# stats: inode and mtime of every served file.
stats() {
	(cd "$www/xen" && find . -type f -exec stat -c '%n %i %Y.%y' {} + |
		sort)
}

# replaced BEFORE: the served files whose inode or mtime changed.
replaced() {
	stats >"$tmp/stats-now"
	printf '%s\n' "$1" | diff - "$tmp/stats-now" |
		sed -n 's|^> \./\([^ ]*\) .*|\1|p' | sort
}

# changed COPY-DIR: the served files whose bytes differ from COPY-DIR's.
changed() {
	for f in $(cd "$www/xen" && ls); do
		cmp -s "$1/$f" "$www/xen/$f" || echo "$f"
	done | sort
}

# hold_lock FILE: a helper process takes FILE's lock with flock(1) and
# keeps it, without touching the file's text, until stop_helpers.
hold_lock() {
	sh -c 'exec 9>>"$1" && flock 9 && exec sleep 60' sh "$1" \
		>/dev/null 2>&1 &
	holder_pid=$!
	tries=0
	until ! flock -n "$1" true; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || fail "flock(1) did not take the lock"
		sleep 0.05
	done
}

expect_quiet_success() {
	expect_status 0
	expect_no_stderr
	[ ! -s "$tmp/stdout" ] || fail "$1: printed on stdout: $(cat "$tmp/stdout")"
}

# --- Scheduled and expiring content --------------------------------------

# check says what will happen, and when.
run $CRIER check --now 2017-02-01T00:00:00Z "$src"
expect_status 0
cat >"$tmp/expected" <<END
$src/booth.md: scheduled, goes live at 2017-02-04T11:00:00Z, expires at 2017-02-05T00:00:00Z
$src/talks/surprise.md: scheduled, goes live at 2017-02-04T10:00:00Z
END
diff -u "$tmp/expected" "$tmp/stdout" >&2 || fail "check: schedule differs"

# The first cron run publishes everything, and prints nothing at all.
publish_at 2017-02-01T00:00:00Z
expect_quiet_success "first publish"
grep -q 'surprise guest' "$www/xen/feed.atom" &&
	fail "the embargoed talk was published early"

# A second before the embargo ends: nothing is sent.
before=$(stats)
sleep 0.01
publish_at 2017-02-04T09:59:59Z
expect_quiet_success "publish before the embargo"
[ "$before" = "$(stats)" ] || fail "a run before the embargo sent files"

# At that second the talk appears, and exactly the outputs that changed
# are sent, once each; -v says so in one line.
cp -r "$www/xen" "$tmp/served-before"
before=$(stats)
sleep 0.01
publish_at 2017-02-04T10:00:00Z -v
expect_status 0
[ "$(wc -l <"$tmp/stderr")" = 1 ] || fail "-v printed more than one line"
grep -Eqx "$src: 6 entries, 6 written, 4 unchanged, 6 uploaded, 4 not sent, [0-9]+\.[0-9]{3} s; next change at 2017-02-04T11:00:00Z" \
	"$tmp/stderr" || fail "-v summary: $(cat "$tmp/stderr")"
grep -q 'surprise guest' "$www/xen/feed.atom" ||
	fail "the embargoed talk did not appear at its time"
[ "$(replaced "$before")" = "$(changed "$tmp/served-before")" ] ||
	fail "sent $(replaced "$before" | tr '\n' ' '), but changed: $(changed "$tmp/served-before" | tr '\n' ' ')"
diff -r -x '.*' "$out/xen" "$www/xen" >/dev/null ||
	fail "the served files are not the built ones"

# The run after: nothing is sent.
before=$(stats)
sleep 0.01
publish_at 2017-02-04T10:05:00Z -v
expect_status 0
grep -q ' 0 written, 10 unchanged, 0 uploaded, 10 not sent,' "$tmp/stderr" ||
	fail "-v after the embargo: $(cat "$tmp/stderr")"
[ "$before" = "$(stats)" ] || fail "the run after the embargo sent files"

# The announcement comes at 11:00 and is the newest entry.
publish_at 2017-02-04T11:00:00Z
expect_quiet_success "publish at 11:00"
grep -q '<updated>2017-02-04T11:00:00Z</updated>' "$www/xen/feed.atom" ||
	fail "the feed's updated is not the new announcement's"

# Midnight: it expires.  The feed's updated moves forward to that
# instant, not back to the entry before; talks.ics, which never held the
# announcement, is not sent.
cp -r "$www/xen" "$tmp/served-11"
before=$(stats)
sleep 0.01
publish_at 2017-02-05T00:00:00Z
expect_quiet_success "publish at the expiry"
grep -q 'booth until closing' "$www/xen/feed.atom" &&
	fail "the expired announcement is still published"
sed -n '6p' "$www/xen/feed.atom" | grep -qx '  <updated>2017-02-05T00:00:00Z</updated>' ||
	fail "feed updated after the expiry: $(sed -n 6p "$www/xen/feed.atom")"
grep -q '<lastBuildDate>Sun, 05 Feb 2017 00:00:00 GMT</lastBuildDate>' \
	"$www/xen/feed.rss" || fail "the RSS lastBuildDate did not move"
[ "$(replaced "$before")" = "$(changed "$tmp/served-11")" ] ||
	fail "sent $(replaced "$before" | tr '\n' ' '), but changed: $(changed "$tmp/served-11" | tr '\n' ' ')"
replaced "$before" | grep -qx talks.ics && fail "talks.ics was sent unchanged"

# Later runs, whenever they come, write the same bytes and send nothing.
before=$(stats)
for t in 2017-02-05T00:00:01Z 2017-03-01T00:00:00Z; do
	publish_at $t
	expect_quiet_success "publish at $t"
done
[ "$before" = "$(stats)" ] || fail "a run after the expiry sent files"

# --- Failing runs: one line per problem, the documented exit status -------

cp -r "$src" "$tmp/bad"
printf 'Title: Broken\nPublished: soon\nColour: red\n\nx\n' >"$tmp/bad/broken.md"
run $CRIER publish --now 2017-02-05T00:00:00Z -o "$out" --to "file://$www" \
	"$tmp/bad"
expect_status 1
[ ! -s "$tmp/stdout" ] || fail "a failing run printed on stdout"
cat >"$tmp/expected" <<END
$tmp/bad/broken.md:2:12: error: 'soon' is not a time: expected RFC 3339 (2017-02-04T11:30:00+01:00) or local 'YYYY-MM-DD HH:MM'
$tmp/bad/broken.md:3:1: error: unknown field 'Colour'
END
diff -u "$tmp/expected" "$tmp/stderr" >&2 || fail "errors of a failing run differ"

# A target that cannot be written: exit 6, one line naming the source's
# output and the target.
echo "not a directory" >"$tmp/plain"
run $CRIER publish --now 2017-02-05T00:00:00Z -o "$out" \
	--to "file://$tmp/plain" "$src"
expect_status 6
[ "$(wc -l <"$tmp/stderr")" = 1 ] || fail "not one line for a refused target"
expect_stderr "$out/xen/feed.atom: error: upload to file://$tmp/plain/xen/feed.atom failed"

# --- One run at a time ----------------------------------------------------

# A source whose hub holds its ping: a publish that sends something keeps
# running, with its lock, until the test opens the gate.
cp -r feeds/xen-fosdem-2017 "$tmp/hubbed"
"$PYTHON" tests/servers/gatehub.py "$tmp/gate" "$tmp/gate.log" \
	"$tmp/gate.port" &
gate_pid=$!
until [ -s "$tmp/gate.port" ]; do
	kill -0 $gate_pid 2>/dev/null || fail "the gate hub did not start"
	sleep 0.05
done
printf 'Hub: http://127.0.0.1:%s/hub\n' "$(cat "$tmp/gate.port")" \
	>>"$tmp/hubbed/feed.conf"
lock=$out/hubbed/.crier.lock

$CRIER publish --now 2017-02-01T00:00:00Z -o "$out" --to "file://$www" \
	"$tmp/hubbed" >"$tmp/first.out" 2>"$tmp/first.err" &
first=$!
until grep -q held "$tmp/gate.log" 2>/dev/null; do
	kill -0 $first 2>/dev/null ||
		fail "the first run ended before it reached the hub"
	sleep 0.05
done

# The second run exits at once with 7 and one line naming the holder.
start=$(date +%s%N)
run $CRIER publish --now 2017-02-01T00:00:00Z -o "$out" --to "file://$www" \
	"$tmp/hubbed"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_status 7
[ ! -s "$tmp/stdout" ] || fail "the refused run printed on stdout"
[ "$(wc -l <"$tmp/stderr")" = 1 ] || fail "not one line for a held lock"
grep -Eqx "$tmp/hubbed: error: skipped: another crier run \(pid $first on $(hostname), since [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\) holds $lock" \
	"$tmp/stderr" || fail "the holder line: $(cat "$tmp/stderr")"
# It did not wait: the first run is still held at the gate.
kill -0 $first 2>/dev/null || fail "the first run ended before the second"
[ "$elapsed_ms" -lt 20000 ] || fail "the refused run took $elapsed_ms ms"

# build writes the same directory: refused too.  Another source in the
# same run is still published.
run $CRIER build --now 2017-02-01T00:00:00Z -o "$out" "$tmp/hubbed"
expect_status 7
cp -r feeds/xen-fosdem-2017 "$tmp/other"
run $CRIER publish --now 2017-02-01T00:00:00Z -o "$out" --to "file://$www" \
	"$tmp/hubbed" "$tmp/other"
expect_status 7
[ "$(wc -l <"$tmp/stderr")" = 1 ] || fail "more than the holder line"
cmp -s "$out/other/feed.atom" "$www/other/feed.atom" ||
	fail "a held source kept another from being published"

# --wait 1 gives up after a second, and says it waited.
start=$(date +%s%N)
run $CRIER publish --wait 1 --now 2017-02-01T00:00:00Z -o "$out" \
	--to "file://$www" "$tmp/hubbed"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_status 7
expect_stderr "holds $lock; waited 1 s"
[ "$elapsed_ms" -ge 1000 ] || fail "--wait 1 gave up after $elapsed_ms ms"

# --wait 30 waits for the first run, then does its own, quietly.
$CRIER publish --wait 30 --now 2017-02-01T00:00:00Z -o "$out" \
	--to "file://$www" "$tmp/hubbed" >"$tmp/waiter.out" 2>"$tmp/waiter.err" &
waiter=$!
sleep 0.3
kill -0 $waiter 2>/dev/null || fail "--wait 30 did not wait"
touch "$tmp/gate"
wait $first
status=$?
expect_status 0
wait $waiter
status=$?
[ ! -s "$tmp/waiter.err" ] && [ ! -s "$tmp/waiter.out" ] ||
	fail "the waiting run printed: $(cat "$tmp/waiter.out" "$tmp/waiter.err")"
expect_status 0
[ ! -s "$tmp/first.err" ] && [ ! -s "$tmp/first.out" ] ||
	fail "the first run printed: $(cat "$tmp/first.out" "$tmp/first.err")"
[ ! -s "$lock" ] || fail "a finished run left its name in the lock file"

# A lock file naming a process that is gone, on a lock that some process
# does hold, is not believed.
sh -c 'exit 0' &
dead=$!
wait $dead
printf '%s %s 1\n' $dead "$(hostname)" >"$lock"
hold_lock "$lock"
run $CRIER build --now 2017-02-01T00:00:00Z -o "$out" "$tmp/hubbed"
expect_status 7
expect_stderr "$tmp/hubbed: error: skipped: another crier run (which has not said who it is) holds $lock"
grep -q "pid $dead" "$tmp/stderr" && fail "a dead holder was named"
stop_helpers

# --- SIGKILL mid-publish --------------------------------------------------

# The run is killed once feed.json is sent (feed.atom before it, the
# rest after).
cp -r feeds/xen-fosdem-2017 "$tmp/killed"
run $CRIER publish --now 2017-02-01T00:00:00Z -o "$out" --to "file://$www" \
	"$tmp/killed"
expect_status 0
cp -r "$www/killed" "$tmp/killed-old"
printf 'Title: Late news\nPublished: 2017-01-31T12:00:00Z\n\nx\n' \
	>"$tmp/killed/late.md"
$CRIER publish --now 2017-02-01T00:00:00Z -o "$out" --to "file://$www" \
	"$tmp/killed" >/dev/null 2>&1 &
victim=$!
# On a quiet machine the run may finish before it is seen: then there is
# nothing left to kill, and what is served must still be complete.  The
# waits follow the run, not a clock, which valgrind on a busy host defeats.
until grep -q "^$victim " "$out/killed/.crier.lock" 2>/dev/null ||
	! kill -0 $victim 2>/dev/null; do
	sleep 0.05
done
until grep -q 'Late news' "$www/killed/feed.json" 2>/dev/null ||
	! kill -0 $victim 2>/dev/null; do
	sleep 0.05
done
kill -KILL $victim 2>/dev/null
wait $victim 2>/dev/null
# Every served file is complete: the old one or the new one.
for f in $(cd "$out/killed" && ls); do
	cmp -s "$www/killed/$f" "$out/killed/$f" ||
		cmp -s "$www/killed/$f" "$tmp/killed-old/$f" ||
		fail "served $f is neither the old nor the new file"
done
# What a crash mid-copy leaves: a partial temporary file, and the killed
# run's line in the lock file.  The next run takes over.
echo partial >"$www/killed/.feed.rss.crier-AbC123"
run $CRIER publish --now 2017-02-01T00:00:00Z -o "$out" --to "file://$www" \
	"$tmp/killed"
expect_quiet_success "the run after the killed one"
diff -r -x '.*' "$out/killed" "$www/killed" >/dev/null ||
	fail "the run after the killed one did not finish the publish"
[ -z "$(find "$www/killed" -name '.*')" ] || fail "temporary files left: $(find "$www/killed" -name '.*')"

# --- --syslog ---------------------------------------------------------------

# The terminal sees the same with --syslog: nothing on success, the same
# lines on failure.
publish_at 2017-03-01T00:00:00Z --syslog
expect_quiet_success "--syslog"
run $CRIER publish --syslog --now 2017-02-05T00:00:00Z -o "$out" \
	--to "file://$www" "$tmp/bad"
expect_status 1
diff -u "$tmp/expected" "$tmp/stderr" >&2 ||
	fail "--syslog changed what a failing run prints"
# No syslog daemon runs here, so the lines are watched on their way out:
# strace pretends /dev/log accepted the connection and shows each
# datagram (facility user: <11> is an error, <14> information).
if strace -f -qq -o /dev/null -e inject=connect:retval=0 true 2>/dev/null; then
	strace -f -qq -s 400 -o "$tmp/strace" -e trace=connect,sendto \
		-e inject=connect:retval=0 \
		$CRIER publish --syslog -v --now 2017-02-05T00:00:00Z \
		-o "$out" --to "file://$www" "$tmp/bad" "$src" \
		>/dev/null 2>"$tmp/stderr"
	grep -q "\"<11>.* crier\[[0-9]*\]: $tmp/bad/broken.md:3:1: error: unknown field 'Colour'\"" \
		"$tmp/strace" || fail "syslog did not get the error"
	run $CRIER publish --syslog -v --now 2017-02-05T00:00:00Z -o "$out" \
		--to "file://$www" "$src"
	strace -f -qq -s 400 -o "$tmp/strace" -e trace=connect,sendto \
		-e inject=connect:retval=0 \
		$CRIER publish --syslog -v --now 2017-02-05T00:00:00Z \
		-o "$out" --to "file://$www" "$src" >/dev/null 2>&1
	grep -q "\"<14>.* crier\[[0-9]*\]: $src: 6 entries, 0 written, 10 unchanged, 0 uploaded, 10 not sent," \
		"$tmp/strace" || fail "syslog did not get the summary"
else
	echo "cron: syslog delivery not checked: strace cannot run here"
fi

# --- scripts/republish ------------------------------------------------------

# A repository of records, and the checkout cron publishes from.
git init -q "$tmp/upstream"
cp -r feeds/xen-fosdem-2017 "$tmp/upstream/xen"
git -C "$tmp/upstream" add -A
git -C "$tmp/upstream" -c user.name=t -c user.email=t@example.org \
	commit -q -m records
git clone -q "$tmp/upstream" "$tmp/checkout"
export CRIER
republish() {
	run scripts/republish "$@"
}
republish --pull "$tmp/checkout" -- --now 2017-02-01T00:00:00Z \
	-o "$tmp/rout" --to "file://$tmp/rwww" "$tmp/checkout/xen"
expect_quiet_success "republish"
cmp -s "$tmp/rout/xen/feed.atom" "$tmp/rwww/xen/feed.atom" ||
	fail "republish did not publish"
# A new record upstream is pulled and published by the next run.
printf 'Title: Pulled news\nPublished: 2017-01-31T12:00:00Z\n\nx\n' \
	>"$tmp/upstream/xen/pulled.md"
git -C "$tmp/upstream" add -A
git -C "$tmp/upstream" -c user.name=t -c user.email=t@example.org \
	commit -q -m pulled
republish --pull "$tmp/checkout" -- --now 2017-02-01T00:00:00Z \
	-o "$tmp/rout" --to "file://$tmp/rwww" "$tmp/checkout/xen"
expect_quiet_success "republish after a commit"
grep -q 'Pulled news' "$tmp/rwww/xen/feed.atom" ||
	fail "republish did not publish the pulled record"
# crier's exit status passes through, with its lines.
printf 'Title: Oops\n\nx\n' >"$tmp/upstream/xen/oops.md"
git -C "$tmp/upstream" add -A
git -C "$tmp/upstream" -c user.name=t -c user.email=t@example.org \
	commit -q -m oops
republish --pull "$tmp/checkout" -- --now 2017-02-01T00:00:00Z \
	-o "$tmp/rout" --to "file://$tmp/rwww" "$tmp/checkout/xen"
expect_status 1
expect_stderr "$tmp/checkout/xen/oops.md:1:1: error: required field 'Published' is missing"
# Another republish of the same repository holds it: 7, and one line.
git_lock=$tmp/checkout/.git/crier-republish.lock
hold_lock "$git_lock"
republish --pull "$tmp/checkout" -- --now 2017-02-01T00:00:00Z \
	-o "$tmp/rout" --to "file://$tmp/rwww" "$tmp/checkout/xen"
expect_status 7
[ "$(wc -l <"$tmp/stderr")" = 1 ] || fail "republish: not one line when held"
expect_stderr "republish: $tmp/checkout: skipped: another republish"
stop_helpers
# A pull that fails still publishes what is there, and says so: 8.
git -C "$tmp/checkout" remote set-url origin "$tmp/nowhere"
git -C "$tmp/checkout" rm -q xen/oops.md
republish --pull "$tmp/checkout" -- --now 2017-02-01T00:00:00Z \
	-o "$tmp/rout" --to "file://$tmp/rwww" "$tmp/checkout/xen"
expect_status 8
[ -s "$tmp/stderr" ] || fail "a failed pull was not reported"
grep -q 'Pulled news' "$tmp/rwww/xen/feed.atom" ||
	fail "a failed pull stopped the publish"

pass
