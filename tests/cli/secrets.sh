#!/bin/sh
# shellcheck disable=SC2086
# No password reaches an output: every URL field refuses
# "user:password@" as Upload does, without showing the password.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh

now=2017-02-01T00:00:00Z
src=$tmp/src
conf() {
	feed_source "$src" Secrets "$@"
}
printf 'Title: News\nPublished: 2017-01-27 10:00\n\nBody.\n' >"$src/news.md"

# Finding: the hub's password was published in every feed's hub link.
for field in Hub Icon Logo; do
	conf "$field: https://user:s3cret-pass@hub.example.org/"
	run $CRIER build --now $now -o "$tmp/out" "$src"
	expect_status 1
	expect_stderr "feed.conf:7:$((${#field} + 3)): error: a password does not belong in the $field URL: it would be published"
	! grep -q s3cret "$tmp/stderr" || fail "$field: the password was shown"
	[ ! -e "$tmp/out/src/feed.atom" ] || fail "$field: feed.atom written"
done
conf
sed -i 's|^Link: .*|Link: http://a:s3cret-pass@example.org/|' "$src/feed.conf"
run $CRIER check --now $now "$src"
expect_status 1
expect_stderr "a password does not belong in the Link URL"
conf
printf 'Title: Linked\nLink: https://u:s3cret-pass@example.org/x\nPublished: 2017-01-27 10:00\n\nBody.\n' \
	>"$src/linked.md"
run $CRIER check --now $now "$src"
expect_status 1
expect_stderr "linked.md:2:7: error: a password does not belong in the Link URL"
! grep -q s3cret "$tmp/stderr" || fail "record Link: the password was shown"

# A user name alone is no secret, and stays allowed.
printf 'Title: Linked\nLink: https://user@example.org/x\nPublished: 2017-01-27 10:00\n\nBody.\n' \
	>"$src/linked.md"
run $CRIER build --now $now -o "$tmp/out" "$src"
expect_status 0

pass
