#!/bin/sh
# shellcheck disable=SC2086
# What a source may hold besides plain files: a FIFO (or a link to one)
# is refused at once instead of blocking check, build and publish
# forever; a symbolic link is followed only to a file inside the source,
# and every link that is not followed is reported (crier-records(5),
# FILES).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
src=$tmp/src
mkdir -p "$src" "$tmp/private"

record() {
	printf 'Title: %s\nPublished: 2017-01-27 10:00\n\n%s\n' "$2" "$3" \
		>"$src/$1"
}

fresh_source() {
	rm -rf "$src" "$tmp/out"
	mkdir -p "$src"
	cat >"$src/feed.conf" <<-EOF
	Title: Links
	Id: tag:example.org,2017:links
	Link: https://example.org/
	Base: https://example.org/feeds/links/
	Author: Crier Tests
	Timezone: Europe/Brussels
	EOF
	record news.md News "Plain news."
}

# Each command ends, within seconds, with MESSAGE; nothing is written.
expect_refused() {
	message=$1
	for cmd in check build publish; do
		case $cmd in
		check) run timeout 20 $CRIER check --now $now "$src" ;;
		build) run timeout 20 $CRIER build --now $now -o "$tmp/out" "$src" ;;
		publish) run timeout 20 $CRIER publish --now $now -o "$tmp/out" \
			"$src" ;;
		esac
		[ "$status" != 124 ] || fail "$cmd blocked"
		[ "$status" = 1 ] || fail "$cmd: exit $status, expected 1"
		expect_stderr "$message"
		[ ! -e "$tmp/out/src/feed.atom" ] || fail "$cmd wrote feed.atom"
	done
}

# Finding: a FIFO feed.conf blocked every command in open().
fresh_source
rm "$src/feed.conf"
mkfifo "$src/feed.conf"
expect_refused "src/feed.conf: error: not a regular file but a named pipe (FIFO)"

# The same through a link, which git can carry, and for a record.
fresh_source
mv "$src/feed.conf" "$src/conf"
mkfifo "$src/pipe"
ln -s pipe "$src/feed.conf"
expect_refused "src/feed.conf: error: not a regular file but a named pipe (FIFO)"
fresh_source
mkfifo "$src/talk.md"
expect_refused "src/talk.md: error: not a regular file but a named pipe (FIFO)"

# Finding: a record linked to a private file outside the source was
# published, and a link to a file of user names echoed them in errors.
fresh_source
printf 'Title: Private\nPublished: 2017-01-27 10:00\n\nSECRET-BODY\n' \
	>"$tmp/private/secret.md"
chmod 600 "$tmp/private/secret.md"
printf 'root:$6$SECRET-HASH:19000:0:99999:7:::\n' >"$tmp/private/shadow"
ln -s "$tmp/private/secret.md" "$src/secret.md"
ln -s ../private/shadow "$src/shadow.md"
expect_refused "src/secret.md: error: symbolic link leads out of the source, to $tmp/private/secret.md"
expect_stderr "src/shadow.md: error: symbolic link leads out of the source, to $tmp/private/shadow"
! grep -q SECRET "$tmp/stderr" || fail "a private file's text was shown"
! grep -rq SECRET "$tmp/out" 2>/dev/null || fail "a private file was published"

# Finding: dangling and looping links were skipped in silence.
fresh_source
ln -s gone.md "$src/dangling.md"
ln -s loop-b.md "$src/loop-a.md"
ln -s loop-a.md "$src/loop-b.md"
expect_refused "src/dangling.md: error: symbolic link leads nowhere: No such file or directory"
expect_stderr "src/loop-a.md: error: symbolic link leads nowhere: Too many levels of symbolic links"
expect_stderr "src/loop-b.md: error: symbolic link leads nowhere: Too many levels of symbolic links"

# A link to a directory is not followed, and says so; a link to a
# record inside the source is read like the record.
fresh_source
mkdir "$src/.drafts"
record .drafts/talk.md "Linked talk" "Linked body."
ln -s .drafts/talk.md "$src/talk.md"
ln -s "$tmp/private" "$src/elsewhere"
ln -s . "$src/self"
run $CRIER build --now $now -o "$tmp/out" "$src"
expect_status 0
expect_stderr "src/elsewhere: warning: symbolic link to a directory is not followed"
expect_stderr "src/self: warning: symbolic link to a directory is not followed"
grep -q "Linked body." "$tmp/out/src/feed.atom" ||
	fail "a link inside the source was not followed"

# A source that is itself reached through a link is fine.
ln -s "$src" "$tmp/alias"
run $CRIER check --now $now "$tmp/alias"
expect_status 0

pass
