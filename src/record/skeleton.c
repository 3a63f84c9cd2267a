/*
 * skeleton.c - a new feed source that builds at once
 * (crier_skeleton_write(), crier.h).
 *
 * The files teach the format by example: every field a person is likely
 * to set is there, the optional ones commented out, with a line on what
 * each is for.  crier-records(5) has the rest.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "diag.h"
#include "crier.h"
#include "times.h"

static const char *const skeleton_files[] = {
	"feed.conf", "welcome.md", "talks/first-talk.md", NULL
};

const char *
crier_skeleton_file(size_t i)
{
	return i < sizeof(skeleton_files) /
	       sizeof(*skeleton_files) ? skeleton_files[i] : NULL;
}

/* Title, Id, Link, Base, Author, Timezone, then Upload's NAME. */
static const char conf_format[] =
	"# What the feed says about itself: one 'Field: value' a line.  Lines\n"
	"# that start with '#' are comments: remove the '#' to use a field.\n"
	"# Every field is described in crier-records(5).\n"
	"\n"
	"Title: %s\n"
	"# Subtitle: News, events and talks of the project\n"
	"\n"
	"# The feed's permanent identity: a tag: URI made of a domain you own, a\n"
	"# year and a name.  Feed readers tell entries apart by it: never change\n"
	"# it once the feed is published.\n"
	"Id: %s\n"
	"\n"
	"# The web site the feed is about, and the URL its outputs will be\n"
	"# served from, which every self link starts with.\n"
	"Link: %s\n"
	"Base: %s\n"
	"\n"
	"# Who writes the feed: a name, and an address in <> if you like.\n"
	"Author: %s\n"
	"Language: en\n"
	"# The time zone of times written without an offset, as 2027-02-06 10:00.\n"
	"Timezone: %s\n"
	"\n"
	"# A browser that opens feed.atom or feed.rss shows a page, feed.xsl,\n"
	"# instead of raw XML.\n"
	"Stylesheet: yes\n"
	"\n"
	"# Optional.\n"
	"# Icon: https://example.org/favicon.png\n"
	"# Logo: https://example.org/logo.png\n"
	"# Rights: Copyright 2027 the authors, CC BY 4.0\n"
	"# At most this many entries a feed; older ones go to archive pages.\n"
	"# Limit: 50\n"
	"# A feed of their own for each track, room, speaker or category.\n"
	"# Facets: track, category\n"
	"# Days a deleted record stays in the Atom feed as a tombstone.\n"
	"# Tombstone-Days: 30\n"
	"# Which outputs to build (default: all of them).\n"
	"# Outputs: atom, rss, json, ics, html\n"
	"# The WebSub hub told of every change.\n"
	"# Hub: https://websub.example.net/\n"
	"# Where crier publish sends the outputs: file, http(s), ftp(s),\n"
	"# sftp or s3.  Passwords go in ~/.netrc, never here.\n"
	"# Upload: sftp://www.example.org/var/www/feeds/%s/\n";

/* Published. */
static const char announcement_format[] =
	"# An announcement: a header of fields, a blank line, then the text in\n"
	"# CommonMark.  Its id is its path without .md: welcome.\n"
	"Title: Welcome\n"
	"Published: %s\n"
	"# One line for readers that show no text.\n"
	"# Summary: What this feed is for\n"
	"# Category: news\n"
	"# An event it announces, with the talks that belong to it.\n"
	"# Event: Our conference\n"
	"# Location: Brussels\n"
	"# Starts: 2027-02-06 09:00\n"
	"# Ends: 2027-02-07 18:00\n"
	"# Held back, whatever its dates, while it says yes.\n"
	"# Draft: yes\n"
	"\n"
	"This is the feed's first announcement.  Edit it, or add another\n"
	"`*.md` file beside it: `crier serve` shows the result as you save.\n";

/* Starts. */
static const char talk_format[] =
	"# A talk: it belongs to the announcement whose id it names, and is an\n"
	"# entry of its own and an event in talks.ics.\n"
	"Type: talk\n"
	"Title: Our first talk\n"
	"Announcement: welcome\n"
	"Starts: %s\n"
	"Duration: 30m\n"
	"# Or Ends: instead of Duration:.\n"
	"# Room: K.1.105\n"
	"# Track: Main track\n"
	"# Speaker: Jane Doe\n"
	"# Link: https://example.org/talks/first\n"
	"\n"
	"What the talk is about, in CommonMark: this text is its abstract.\n";

/* Whether S holds a line break or another control character. */
static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* DIR's last component, as given. */
static char *
dir_name(struct crier_arena *arena, const char *dir)
{
	size_t len = strlen(dir), start;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	for (start = len; start > 0 && dir[start - 1] != '/'; start--)
		;
	return crier_arena_strndup(arena, dir + start, len - start);
}

/* DIR's last component as an id: lower-case letters, digits and '-'. */
static char *
dir_slug(struct crier_arena *arena, const char *dir)
{
	const char *name = dir_name(arena, dir);
	size_t len = strlen(name), i, n = 0;
	char *slug;

	slug = crier_arena_alloc(arena, len + 5);
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			slug[n++] = c;
		else if (n > 0 && slug[n - 1] != '-')
			slug[n++] = '-';
	}
	while (n > 0 && slug[n - 1] == '-')
		n--;
	if (n == 0)
		memcpy(slug, "feed", n = 4);
	slug[n] = '\0';
	return slug;
}

/* LINK's host, for the tag: URI; example.org when it has none. */
static char *
link_host(struct crier_arena *arena, const char *link)
{
	const char *p = strstr(link, "://"), *end;

	if (p == NULL)
		return crier_arena_strdup(arena, "example.org");
	p += 3;
	if (strchr(p, '@') != NULL && strchr(p, '@') < p + strcspn(p, "/"))
		p = strchr(p, '@') + 1;
	end = p + strcspn(p, ":/?#");
	if (end == p)
		return crier_arena_strdup(arena, "example.org");
	return crier_arena_strndup(arena, p, (size_t)(end - p));
}

/*
 * Whether DIR may take a new source: it does not exist (then *is_made
 * says it was created here) or is an empty directory.  Returns CRIER_OK,
 * or CRIER_EINPUT/CRIER_EIO with the reason in DIAGS.
 */
static int
claim_dir(const char *dir, struct crier_diags *diags, int *is_made)
{
	struct dirent *e;
	DIR *d;
	int is_empty = 1;

	*is_made = 0;
	if (mkdir(dir, 0777) == 0) {
		*is_made = 1;
		return CRIER_OK;
	}
	if (errno != EEXIST) {
		crier_diag(diags, dir, 0, 0, MSG_WRITE_FAILED, strerror(errno));
		return CRIER_EIO;
	}
	d = opendir(dir);
	if (d == NULL) {
		crier_diag(diags, dir, 0, 0, MSG_NEW_NOT_EMPTY);
		return CRIER_EINPUT;
	}
	while (is_empty && (e = readdir(d)) != NULL)
		is_empty = strcmp(e->d_name, ".") == 0 ||
		           strcmp(e->d_name, "..") == 0;
	closedir(d);
	if (is_empty)
		return CRIER_OK;
	crier_diag(diags, dir, 0, 0, MSG_NEW_NOT_EMPTY);
	return CRIER_EINPUT;
}

/* Creates PATH with TEXT; never replaces a file.  Returns 0 or errno. */
static int
create_file(const char *path, const char *text)
{
	size_t len = strlen(text), done = 0;
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	int err = 0;

	if (fd < 0)
		return errno;
	while (done < len && err == 0) {
		n = write(fd, text + done, len - done);
		if (n < 0 && errno != EINTR)
			err = errno;
		else if (n > 0)
			done += (size_t)n;
	}
	if (close(fd) != 0 && err == 0)
		err = errno;
	return err;
}

/* Removes the first COUNT files this run created, then what it made. */
static void
undo(struct crier_arena *arena, const char *dir, size_t count,
     int is_talks_made, int is_dir_made)
{
	size_t i;

	for (i = 0; i < count; i++)
		unlink(crier_arena_printf(arena, "%s/%s", dir,
		                          skeleton_files[i]));
	if (is_talks_made)
		rmdir(crier_arena_printf(arena, "%s/talks", dir));
	if (is_dir_made)
		rmdir(dir);
}

/* The three files' texts, in the order of skeleton_files. */
static void
compose(struct crier_arena *arena, const struct crier_skeleton_options *o,
        const char *texts[3])
{
	const char *slug = dir_slug(arena, o->dir);
	const char *link = o->link != NULL ? o->link : "https://example.org/";
	const char *sep = link[0] != '\0' && link[strlen(link) - 1] == '/' ?
	                  "" : "/";
	char published[CRIER_RFC3339_SIZE], starts[CRIER_RFC3339_SIZE];
	int64_t minute_s = o->now_s - o->now_s % 60;
	/* A week after today, at 10:00 UTC. */
	int64_t talk_s = (o->now_s / 86400 + 7) * 86400 + 10 * 3600;
	time_t now = (time_t)o->now_s;
	struct tm tm;

	gmtime_r(&now, &tm);
	crier_time_rfc3339((struct crier_time){minute_s, 0}, published);
	crier_time_rfc3339((struct crier_time){talk_s, 0}, starts);
	texts[0] = crier_arena_printf(arena, conf_format,
	    o->title != NULL ? o->title : dir_name(arena, o->dir),
	    crier_arena_printf(arena, "tag:%s,%d:%s", link_host(arena, link),
	                       tm.tm_year + 1900, slug),
	    link, crier_arena_printf(arena, "%s%sfeeds/%s/", link, sep, slug),
	    o->author != NULL ? o->author : "Your Name",
	    o->timezone != NULL ? o->timezone : "UTC", slug);
	texts[1] = crier_arena_printf(arena, announcement_format, published);
	texts[2] = crier_arena_printf(arena, talk_format, starts);
}

/* Refuses an option value that would break its line of feed.conf. */
static int
check_values(const struct crier_skeleton_options *o,
             struct crier_diags *diags)
{
	const char *names[] = {"Title", "Link", "Author", "Timezone"};
	const char *values[] = {o->title, o->link, o->author, o->timezone};
	int rc = CRIER_OK;
	size_t i;

	for (i = 0; i < 4; i++) {
		if (values[i] != NULL && (values[i][0] == '\0' ||
		    has_control(values[i]))) {
			crier_diag(diags, o->dir, 0, 0, MSG_NEW_BAD_VALUE,
			           names[i]);
			rc = CRIER_EINPUT;
		}
	}
	return rc;
}

/* Loads the new source as crier check would. */
static int
check_source(const struct crier_skeleton_options *o,
             struct crier_diags *diags)
{
	struct crier_feed *feed;
	int rc = crier_feed_load(o->dir, o->now_s, diags, &feed);

	crier_feed_free(feed);
	return rc;
}

int
crier_skeleton_write(const struct crier_skeleton_options *o,
                     struct crier_diags *diags)
{
	struct crier_arena *arena;
	const char *texts[3], *path;
	int rc, err = 0, is_dir_made, is_talks_made = 0;
	size_t i = 0;

	if (check_values(o, diags) != CRIER_OK)
		return CRIER_EINPUT;
	rc = claim_dir(o->dir, diags, &is_dir_made);
	if (rc != CRIER_OK)
		return rc;
	arena = crier_arena_new();
	compose(arena, o, texts);
	path = crier_arena_printf(arena, "%s/talks", o->dir);
	if (mkdir(path, 0777) != 0)
		err = errno;
	is_talks_made = err == 0;
	for (; err == 0 && skeleton_files[i] != NULL; i++) {
		path = crier_arena_printf(arena, "%s/%s", o->dir,
		                          skeleton_files[i]);
		err = create_file(path, texts[i]);
	}
	if (err != 0) {
		/* The file that failed was not created: it is not undone. */
		crier_diag(diags, path, 0, 0, MSG_WRITE_FAILED, strerror(err));
		undo(arena, o->dir, i > 0 ? i - 1 : 0, is_talks_made,
		     is_dir_made);
		crier_arena_free(arena);
		return CRIER_EIO;
	}
	rc = check_source(o, diags);
	if (rc != CRIER_OK)
		undo(arena, o->dir, i, is_talks_made, is_dir_made);
	crier_arena_free(arena);
	return rc;
}
