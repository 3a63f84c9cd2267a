/*
 * model.c - from a feed source directory to the feed model.
 *
 * Loading reads feed.conf, then every *.md record in byte order of its
 * path (loadrec.c), converting each (entryfields.c) and collecting every
 * error; only then come the checks across records (ids, announcements,
 * rooms) and, when all is well, the published set (published.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "record.h"
#include "model.h"
#include "reccache.h"
#include "suggest.h"
#include "progress.h"

struct path_list {
	char **paths;
	size_t count, capacity;
};

static int
has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls > lx && strcmp(s + ls - lx, suffix) == 0;
}

static void
add_path(struct path_list *out, char *path)
{
	out->paths = crier_xgrow(out->paths, &out->capacity, out->count + 1,
	                         sizeof(*out->paths));
	out->paths[out->count++] = path;
}

/*
 * A file at the top of a source that documents it, such as README.md,
 * is not a record: a source is often a repository of its own.
 */
int
crier_source_is_documentation(const char *name)
{
	static const char *const stems[] = {
		"README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG",
		"CONTRIBUTING", "AUTHORS"
	};
	size_t i, n = strcspn(name, ".");

	for (i = 0; i < sizeof(stems) / sizeof(*stems); i++)
		if (n == strlen(stems[i]) && strncasecmp(name, stems[i], n) == 0)
			return 1;
	return 0;
}

/*
 * A file that is not named *.md but looks like a record: one spelled as
 * Markdown otherwise (.MD, .markdown, ...) is an error, one of plain
 * text a warning.  Left unsaid, such a file would simply be missing, and
 * a published record renamed so would be withdrawn (a tombstone).
 */
static void
check_other_name(const char *path, const char *name, struct crier_diags *diags)
{
	static const char *const markdown[] = {
		"md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtxt",
		"mdtext"
	};
	const char *ext = strrchr(name, '.');
	size_t i;

	if (ext == NULL || ext == name || strcmp(ext, ".md") == 0)
		return;
	ext++;
	for (i = 0; i < sizeof(markdown) / sizeof(*markdown); i++)
		if (strcasecmp(ext, markdown[i]) == 0) {
			crier_diag(diags, path, 0, 0, MSG_NOT_MD_NAME);
			return;
		}
	if (strcasecmp(ext, "txt") == 0 || strcasecmp(ext, "text") == 0)
		crier_diag(diags, path, 0, 0, MSG_TEXT_NOT_RECORD);
}

/*
 * Collects the *.md files below DIR, in the source whose realpath() is
 * ROOT.  Hidden names are skipped.  A symbolic link is followed only to
 * a file inside the source (crier_source_link()), never to a directory,
 * which could loop.  Anything else named *.md is collected, so that
 * reading it reports what it is rather than skipping it in silence.
 * TOP says DIR is the source itself.
 */
static void
collect_records(const char *dir, const char *root, int is_top,
                struct crier_arena *arena, struct path_list *out,
                struct path_list *others, struct crier_diags *diags)
{
	size_t dir_len = strlen(dir), name_len;
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);
	char *path;
	int type, is_md;

	if (d == NULL) {
		crier_diag(diags, dir, 0, 0, MSG_FILE_UNREADABLE,
		           strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    (is_top && crier_source_is_documentation(de->d_name)))
			continue;
		/* The entry's own name for its file, for good. */
		name_len = strlen(de->d_name);
		path = crier_arena_string(arena, dir_len + 1 + name_len);
		memcpy(path, dir, dir_len);
		path[dir_len] = '/';
		memcpy(path + dir_len + 1, de->d_name, name_len);
		is_md = has_suffix(de->d_name, ".md");
		/* d_type saves a stat per file where the file system has it. */
		type = de->d_type;
		if (type == DT_UNKNOWN && lstat(path, &st) == 0)
			type = S_ISDIR(st.st_mode) ? DT_DIR :
			       S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
		if (type == DT_DIR) {
			collect_records(path, root, 0, arena, out, others,
			                diags);
		} else if (type == DT_LNK ? crier_source_link(root, path, is_md,
		    diags) : is_md) {
			add_path(out, path);
		} else {
			check_other_name(path, de->d_name, diags);
			add_path(others, crier_xstrdup(path));
		}
	}
	closedir(d);
}

static int
compare_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "feeds/x/" and "feeds/x" name the same source; keep paths tidy. */
static char *
source_dir_name(struct crier_arena *arena, const char *dir)
{
	size_t len = strlen(dir);

	while (len > 1 && dir[len - 1] == '/')
		len--;
	return crier_arena_strndup(arena, dir, len);
}

static int
load_conf(struct crier_feed *feed, struct crier_arena *scratch,
          struct crier_diags *diags)
{
	struct crier_record rec;
	struct stat st;
	char *buf;
	size_t len;
	int rc;

	if (lstat(feed->conf_file, &st) == 0 && S_ISLNK(st.st_mode) &&
	    !crier_source_link(feed->real_source, feed->conf_file, 1, diags))
		return -1;
	if (access(feed->conf_file, F_OK) != 0) {
		crier_diag(diags, feed->conf_file, 0, 0, MSG_NO_FEED_CONF);
		return -1;
	}
	if (crier_file_read_stat(feed->conf_file, diags, &buf, &len,
	    &st) != 0)
		return -1;
	crier_file_key_of_read(&feed->inputs.conf, &st, buf, len,
	                       feed->inputs.started_ns, true);
	rc = crier_record_parse(feed->conf_file, buf, len, CRIER_SYNTAX_CONF,
	                        scratch, diags, &rec);
	free(buf);
	if (crier_conf_apply(feed, &rec, diags) != 0)
		rc = -1;
	return rc;
}

/* Every record below the source, in byte order of its path. */
static int
load_records(struct crier_feed *feed, struct crier_diags *diags)
{
	struct path_list list = {0}, others = {0};
	int rc;

	collect_records(feed->source, feed->real_source, 1, feed->arena, &list,
	                &others, diags);
	feed->inputs.others = others.paths;
	feed->inputs.other_count = others.count;
	crier_progress_begin(CRIER_PROGRESS_READING, list.count);
	if (list.count > 0)
		qsort(list.paths, list.count, sizeof(*list.paths),
		      compare_paths);
	if (list.count == 0)
		crier_diag(diags, feed->source, 0, 0, MSG_NO_RECORDS);
	rc = crier_records_load(feed, list.paths, list.count, diags);
	free(list.paths);
	return rc;
}

static int
compare_entry_ids(const void *a, const void *b)
{
	const struct crier_entry *x = *(const struct crier_entry *const *)a;
	const struct crier_entry *y = *(const struct crier_entry *const *)b;
	int c = strcmp(x->id, y->id);

	return c != 0 ? c : strcmp(x->file, y->file);
}

/* Entries sorted by id, so duplicates sit together and lookups bisect. */
static const struct crier_entry **
entries_by_id(const struct crier_feed *feed)
{
	const struct crier_entry **v;
	size_t i;

	v = crier_xmalloc(feed->entry_count * sizeof(*v) + 1);
	for (i = 0; i < feed->entry_count; i++)
		v[i] = &feed->entries[i];
	qsort(v, feed->entry_count, sizeof(*v), compare_entry_ids);
	return v;
}

static int
check_duplicate_ids(const struct crier_entry **by_id, size_t n,
                    struct crier_diags *diags)
{
	size_t i;
	int rc = 0;

	for (i = 1; i < n; i++) {
		if (strcmp(by_id[i - 1]->id, by_id[i]->id) != 0)
			continue;
		crier_diag(diags, by_id[i]->file, by_id[i]->id_line,
		           by_id[i]->id_column, MSG_DUPLICATE_ID, by_id[i]->id,
		           by_id[i - 1]->file, by_id[i - 1]->id_line);
		rc = -1;
	}
	return rc;
}

/*
 * The entry with ID; among several (a duplicate id, reported once by
 * check_duplicate_ids()), an announcement, so that the duplicate does not
 * also make every talk of that announcement an error.
 */
static const struct crier_entry *
find_entry(const struct crier_entry **by_id, size_t n, const char *id)
{
	size_t lo = 0, hi = n, mid, i;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(by_id[mid]->id, id);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < n && strcmp(by_id[i]->id, id) == 0; i++)
		if (by_id[i]->kind == CRIER_ANNOUNCEMENT)
			return by_id[i];
	return lo < n && strcmp(by_id[lo]->id, id) == 0 ? by_id[lo] : NULL;
}

/* The announcement id closest to ID, or NULL; the caller frees it. */
static char *
suggest_announcement(const struct crier_feed *feed, const char *id)
{
	struct crier_suggest s;
	char *hint;
	size_t i;

	crier_suggest_start(&s, id);
	for (i = 0; i < feed->entry_count; i++)
		if (feed->entries[i].kind == CRIER_ANNOUNCEMENT)
			crier_suggest_consider(&s, feed->entries[i].id);
	hint = crier_suggest_result(&s) != NULL ? crier_xstrdup(s.best) : NULL;
	crier_suggest_end(&s);
	return hint;
}

/*
 * Links each talk to its announcement; a talk without Published of its
 * own takes the announcement's.
 */
static int
resolve_announcements(struct crier_feed *feed,
                      const struct crier_entry **by_id,
                      struct crier_diags *diags)
{
	struct crier_entry *t;
	const struct crier_entry *a;
	size_t i;
	int rc = 0;

	for (i = 0; i < feed->entry_count; i++) {
		t = &feed->entries[i];
		if (t->announcement_id == NULL)
			continue;
		a = find_entry(by_id, feed->entry_count, t->announcement_id);
		if (a == NULL || a->kind != CRIER_ANNOUNCEMENT) {
			char *hint = a == NULL ? suggest_announcement(feed,
			    t->announcement_id) : NULL;

			crier_diag(diags, t->file, t->announcement_line,
			           t->announcement_column, a != NULL ?
			           MSG_NOT_AN_ANNOUNCEMENT : hint != NULL ?
			           MSG_NO_SUCH_ANNOUNCEMENT_HINT :
			           MSG_NO_SUCH_ANNOUNCEMENT, t->announcement_id,
			           hint);
			free(hint);
			rc = -1;
			continue;
		}
		t->announcement = a;
		if (t->published.epoch_s == INT64_MIN) {
			t->published = a->published;
			if (t->updated.epoch_s == INT64_MIN)
				t->updated = a->published;
		}
	}
	return rc;
}

static void
warn_talk_outside_event(const struct crier_entry *t, struct crier_diags *diags)
{
	const struct crier_entry *a = t->announcement;
	char at[CRIER_RFC3339_SIZE], from[CRIER_RFC3339_SIZE];
	char to[CRIER_RFC3339_SIZE];

	if (a == NULL || !a->has_event_time || !t->has_event_time ||
	    a->ends.epoch_s == a->starts.epoch_s)
		return;
	if (t->starts.epoch_s >= a->starts.epoch_s &&
	    t->ends.epoch_s <= a->ends.epoch_s)
		return;
	crier_time_rfc3339(t->starts, at);
	crier_time_rfc3339(a->starts, from);
	crier_time_rfc3339(a->ends, to);
	crier_diag(diags, t->file, t->starts_line, t->starts_column,
	           MSG_TALK_OUTSIDE_EVENT, at, from, to);
}

static int
compare_room_start(const void *a, const void *b)
{
	const struct crier_entry *x = *(const struct crier_entry *const *)a;
	const struct crier_entry *y = *(const struct crier_entry *const *)b;
	int c = strcmp(x->room, y->room);

	if (c != 0)
		return c;
	if (x->starts.epoch_s != y->starts.epoch_s)
		return x->starts.epoch_s < y->starts.epoch_s ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Two talks in one room at once is legal, but rarely what was meant. */
static void
warn_room_clashes(const struct crier_feed *feed, struct crier_diags *diags)
{
	const struct crier_entry **v, *latest = NULL;
	size_t i, n = 0;

	v = crier_xmalloc(feed->entry_count * sizeof(*v) + 1);
	for (i = 0; i < feed->entry_count; i++)
		if (feed->entries[i].kind == CRIER_TALK &&
		    feed->entries[i].room != NULL &&
		    feed->entries[i].has_event_time &&
		    feed->entries[i].status != CRIER_CANCELLED)
			v[n++] = &feed->entries[i];
	qsort(v, n, sizeof(*v), compare_room_start);
	for (i = 0; i < n; i++) {
		if (latest != NULL && strcmp(latest->room, v[i]->room) == 0 &&
		    v[i]->starts.epoch_s < latest->ends.epoch_s)
			crier_diag(diags, v[i]->file, v[i]->starts_line,
			           v[i]->starts_column, MSG_ROOM_CLASH,
			           latest->title, latest->file,
			           latest->starts_line, v[i]->room);
		if (latest == NULL || strcmp(latest->room, v[i]->room) != 0 ||
		    v[i]->ends.epoch_s > latest->ends.epoch_s)
			latest = v[i];
	}
	free(v);
}


static void
check_across_records(struct crier_feed *feed, struct crier_diags *diags)
{
	const struct crier_entry **by_id = entries_by_id(feed);
	size_t i;

	check_duplicate_ids(by_id, feed->entry_count, diags);
	resolve_announcements(feed, by_id, diags);
	free(by_id);
	for (i = 0; i < feed->entry_count; i++)
		if (feed->entries[i].kind == CRIER_TALK)
			warn_talk_outside_event(&feed->entries[i], diags);
	warn_room_clashes(feed, diags);
}

/*
 * A feed whose records all lie in the future builds an empty feed; say
 * so, and when the first record goes live, rather than nothing.
 */
static void
warn_nothing_published(const struct crier_feed *feed,
                       struct crier_diags *diags)
{
	enum crier_schedule_kind kind;
	int64_t from_s, until_s, first_s = INT64_MAX;
	char when[CRIER_RFC3339_SIZE];
	size_t i;

	if (feed->published_count > 0)
		return;
	for (i = 0; i < crier_feed_schedule_count(feed); i++) {
		crier_feed_schedule_get(feed, i, &kind, &from_s, &until_s);
		if (kind == CRIER_SCHEDULED && from_s > feed->now_s &&
		    from_s < first_s)
			first_s = from_s;
	}
	if (first_s == INT64_MAX)
		return;
	crier_time_rfc3339((struct crier_time){first_s, 0}, when);
	crier_diag(diags, feed->conf_file, 0, 0, MSG_NOTHING_PUBLISHED, when);
}

/*
 * The warnings loading gave, from the DIAGS item FIRST on: a build that
 * finds nothing changed gives them again (stamp.h).
 */
static void
keep_warnings(struct crier_feed *feed, const struct crier_diags *diags,
              size_t first)
{
	size_t i, n = crier_diags_count(diags);
	struct crier_diag *w;

	feed->inputs.warnings = crier_arena_alloc(feed->arena,
	    (n - first + 1) * sizeof(*w));
	for (i = first; i < n; i++) {
		const struct crier_diag *d = crier_diags_get(diags, i);

		w = &feed->inputs.warnings[feed->inputs.warning_count++];
		*w = *d;
		w->file = d->file != NULL ? crier_arena_strdup(feed->arena,
		    d->file) : NULL;
		w->message = crier_arena_strdup(feed->arena, d->message);
	}
}

int
crier_feed_load(const char *source_dir, int64_t now_s,
                struct crier_diags *diags, struct crier_feed **feed_out)
{
	return crier_feed_load_cached(source_dir, NULL, NULL, now_s, diags,
	                              feed_out);
}

int
crier_feed_load_cached(const char *source_dir, const char *cache_dir,
                       const char *build_id, int64_t now_s,
                       struct crier_diags *diags,
                       struct crier_feed **feed_out)
{
	size_t errors_before = crier_diags_error_count(diags);
	size_t diags_before = crier_diags_count(diags);
	struct crier_arena *scratch;
	struct timespec started;
	struct crier_feed *feed;
	struct stat st;
	char *real;
	struct crier_feed *talks;
	size_t talk_count;

	*feed_out = NULL;
	if (stat(source_dir, &st) != 0) {
		crier_diag(diags, source_dir, 0, 0, MSG_NOT_A_DIRECTORY,
		           strerror(errno));
		return CRIER_EINPUT;
	}
	if (!S_ISDIR(st.st_mode)) {
		crier_diag(diags, source_dir, 0, 0, MSG_NOT_A_DIRECTORY,
		           "it is a file");
		return CRIER_EINPUT;
	}
	feed = crier_xcalloc(1, sizeof(*feed));
	feed->arena = crier_arena_new();
	feed->now_s = now_s;
	clock_gettime(CLOCK_REALTIME, &started);
	feed->inputs.started_ns = (int64_t)started.tv_sec * 1000000000LL +
	                          started.tv_nsec;
	feed->source = source_dir_name(feed->arena, source_dir);
	feed->conf_file = crier_arena_printf(feed->arena, "%s/feed.conf",
	                                     feed->source);
	real = realpath(feed->source, NULL);
	feed->real_source = crier_arena_strdup(feed->arena, real != NULL ?
	                                       real : feed->source);
	free(real);
	scratch = crier_arena_new();
	load_conf(feed, scratch, diags);
	crier_arena_free(scratch);
	feed->bodies = crier_bodies_open(feed->source);
	if (cache_dir != NULL)
		feed->inputs.cache = crier_reccache_open(cache_dir, build_id,
		    feed->inputs.conf.hash, CRIER_LOAD_THREADS);
	load_records(feed, diags);
	check_across_records(feed, diags);
	if (crier_diags_error_count(diags) > errors_before) {
		crier_feed_free(feed);
		return CRIER_EINPUT;
	}
	crier_feed_select_published(feed);
	talk_count = crier_feed_plan_talk_calendars(feed, &talks);
	crier_feed_plan_views(feed, talks, talk_count);
	warn_nothing_published(feed, diags);
	keep_warnings(feed, diags, diags_before);
	*feed_out = feed;
	return CRIER_OK;
}

void
crier_feed_free(struct crier_feed *feed)
{
	size_t i;

	if (feed == NULL)
		return;
	for (i = 0; i < CRIER_LOAD_THREADS; i++)
		crier_arena_free(feed->load_arenas[i]);
	for (i = 0; i < feed->inputs.other_count; i++)
		free(feed->inputs.others[i]);
	free(feed->inputs.others);
	crier_bodies_close(feed->bodies);
	crier_reccache_close(feed->inputs.cache);
	crier_arena_free(feed->arena);
	free(feed);
}

void
crier_feed_keep_records_read(const struct crier_feed *feed)
{
	crier_reccache_commit(feed->inputs.cache);
}
