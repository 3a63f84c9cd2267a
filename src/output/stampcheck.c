/*
 * stampcheck.c - whether a build has anything to do (stamp.h), told
 * from the stamp, a walk of the source and stat(2) calls; no record is
 * read, but the few whose stamp keeps a hash.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "record.h"
#include "model.h"
#include "stamp.h"

/* Stamps larger than this are not believed (100,000 records: ~8 MB). */
#define STAMP_MAX_BYTES (512L * 1024 * 1024)
#define MAX_DEPTH 64

/* A path below the source, with what the stamp says of it. */
struct item {
	const char *rel;
	struct crier_file_key key;
	int is_link;
	int is_seen;
};

/* The stamp's paths of one kind, found by a hash table of indexes. */
struct items {
	struct item *v;
	size_t count, capacity;
	size_t *slots;           /* index + 1, or 0 for free */
	size_t mask;
};

struct stamp {
	char *text;              /* the whole file, lines cut at '\n' */
	char *at;                /* the next line */
	struct items recs, oths;
	struct crier_diag *warnings;
	size_t warning_count, warning_capacity;
	int64_t started_ns, now_s, next_s, shown_s;
	size_t entries, files;
};

/* The next line, or NULL at the end. */
static char *
next_line(struct stamp *s)
{
	char *line = s->at, *nl;

	if (line == NULL || *line == '\0')
		return NULL;
	nl = strchr(line, '\n');
	if (nl == NULL)
		return NULL;      /* torn: no last newline */
	*nl = '\0';
	s->at = nl + 1;
	return line;
}

/* LINE's rest after PREFIX and a space, or NULL. */
static char *
after(char *line, const char *prefix)
{
	size_t n = strlen(prefix);

	if (line == NULL || strncmp(line, prefix, n) != 0 || line[n] != ' ')
		return NULL;
	return line + n + 1;
}

static int
read_i64(char **p, int64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoll(*p, &end, 10);
	if (errno != 0 || end == *p || *end != ' ')
		return -1;
	*p = end + 1;
	return 0;
}

static int
read_u64(char **p, uint64_t *v, int base)
{
	char *end;

	errno = 0;
	*v = strtoull(*p, &end, base);
	if (errno != 0 || end == *p || *end != ' ')
		return -1;
	*p = end + 1;
	return 0;
}

/* "INO SIZE MTIME CTIME HASH " at *P. */
static int
read_key(char **p, struct crier_file_key *k)
{
	memset(k, 0, sizeof(*k));
	if (read_u64(p, &k->ino, 10) != 0 || read_u64(p, &k->size, 10) != 0 ||
	    read_i64(p, &k->mtime_ns) != 0 || read_i64(p, &k->ctime_ns) != 0)
		return -1;
	if ((*p)[0] == '-' && (*p)[1] == ' ') {
		*p += 2;
		return 0;
	}
	k->has_hash = true;
	return read_u64(p, &k->hash, 16);
}

static int
same_stat(const struct crier_file_key *a, const struct crier_file_key *b)
{
	return a->ino == b->ino && a->size == b->size &&
	       a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

/* Reads OUT_DIR's stamp; NULL when there is none to believe. */
static char *
read_stamp(int dir_fd)
{
	int fd = openat(dir_fd, CRIER_STAMP_FILE, O_RDONLY | O_NOFOLLOW |
	                O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	size_t len = 0;
	ssize_t n = 1;
	char *text;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > STAMP_MAX_BYTES) {
		close(fd);
		return NULL;
	}
	text = crier_xmalloc((size_t)st.st_size + 2);
	while (len < (size_t)st.st_size + 1 &&
	       (n = read(fd, text + len, (size_t)st.st_size + 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n < 0 || len != (size_t)st.st_size) {
		free(text);
		return NULL;
	}
	text[len] = '\0';
	return text;
}

/* The header: the same crier, TZ, source and a time inside the span. */
static int
check_header(struct stamp *s, const char *source, const char *real,
             int64_t now_s)
{
	char *id = crier_stamp_build_id(), *p, env[8192];
	const char *tz = getenv("TZ"), *tzdir = getenv("TZDIR");
	uint64_t entries, files;
	int ok;

	snprintf(env, sizeof(env), "TZ%s%s;TZDIR%s%s", tz ? "=" : "",
	         tz ? tz : "", tzdir ? "=" : "", tzdir ? tzdir : "");
	ok = (p = next_line(s)) != NULL && strcmp(p, "crier-stamp 1") == 0 &&
	     (p = after(next_line(s), "build")) != NULL && strcmp(p, id) == 0 &&
	     (p = after(next_line(s), "env")) != NULL && strcmp(p, env) == 0 &&
	     (p = after(next_line(s), "source")) != NULL &&
	     strcmp(p, source) == 0 &&
	     (p = after(next_line(s), "real")) != NULL && strcmp(p, real) == 0 &&
	     (p = after(next_line(s), "time")) != NULL;
	free(id);
	if (!ok || read_i64(&p, &s->started_ns) != 0 ||
	    read_i64(&p, &s->now_s) != 0 || read_i64(&p, &s->next_s) != 0 ||
	    read_i64(&p, &s->shown_s) != 0 || read_u64(&p, &entries, 10) != 0)
		return -1;
	s->entries = (size_t)entries;
	errno = 0;
	files = strtoull(p, &p, 10);
	s->files = (size_t)files;
	if (errno != 0 || *p != '\0')
		return -1;
	/* Between the last build's instant and the next change. */
	return now_s >= s->now_s && now_s < s->next_s ? 0 : -1;
}

static struct item *
add_item(struct items *list)
{
	list->v = crier_xgrow(list->v, &list->capacity, list->count + 1,
	                      sizeof(*list->v));
	memset(&list->v[list->count], 0, sizeof(*list->v));
	return &list->v[list->count++];
}

/* "warn LINE COLUMN SEVERITY FILE-LENGTH FILE MESSAGE" */
static int
read_warning(struct stamp *s, char *p)
{
	struct crier_diag *d;
	int64_t line, column, severity, len;

	s->warnings = crier_xgrow(s->warnings, &s->warning_capacity,
	                          s->warning_count + 1, sizeof(*s->warnings));
	d = &s->warnings[s->warning_count++];
	if (read_i64(&p, &line) != 0 || read_i64(&p, &column) != 0 ||
	    read_i64(&p, &severity) != 0 || line < 0 || column < 0 ||
	    line > UINT32_MAX || column > UINT32_MAX ||
	    severity == CRIER_ERROR)
		return -1;
	d->line = (unsigned)line;
	d->column = (unsigned)column;
	d->severity = (enum crier_severity)severity;
	d->file = NULL;
	if (p[0] == '-' && p[1] == ' ') {
		d->message = p + 2;
		return 0;
	}
	if (read_i64(&p, &len) != 0 || len < 0 || (size_t)len > strlen(p) ||
	    p[len] != ' ')
		return -1;
	p[len] = '\0';
	d->file = p;
	d->message = p + len + 1;
	return 0;
}

/* Whether output NAME in DIR_FD still has KEY's stat data. */
static int
output_is_intact(int dir_fd, const char *name, const struct crier_file_key *k)
{
	struct crier_file_key now;
	struct stat st;

	if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode))
		return 0;
	crier_file_key_set(&now, &st);
	return same_stat(&now, k);
}

/* The lines after the header; outputs are checked as they come. */
static int
read_body(struct stamp *s, int dir_fd, struct crier_file_key *conf)
{
	struct item *it;
	int64_t is_link, ctime_ns;
	char *line, *p;

	if ((p = after(next_line(s), "conf")) == NULL || read_key(&p, conf) ||
	    *p != '\0')
		return -1;
	while ((line = next_line(s)) != NULL && strcmp(line, "end") != 0) {
		if ((p = after(line, "rec")) != NULL) {
			it = add_item(&s->recs);
			if (read_key(&p, &it->key) != 0)
				return -1;
			it->rel = p;
		} else if ((p = after(line, "oth")) != NULL) {
			it = add_item(&s->oths);
			if (read_i64(&p, &is_link) != 0 ||
			    read_u64(&p, &it->key.ino, 10) != 0 ||
			    read_i64(&p, &ctime_ns) != 0)
				return -1;
			it->is_link = is_link != 0;
			it->key.ctime_ns = ctime_ns;
			it->rel = p;
		} else if ((p = after(line, "warn")) != NULL) {
			if (read_warning(s, p) != 0)
				return -1;
		} else if ((p = after(line, "out")) != NULL) {
			struct crier_file_key k;

			if (read_key(&p, &k) != 0 ||
			    !output_is_intact(dir_fd, p, &k))
				return -1;
		} else if (after(line, "view") == NULL) {
			return -1;
		}
	}
	return line != NULL && next_line(s) == NULL ? 0 : -1;
}

/*
 * Indexes LIST by path.  A path the stamp names twice was not written
 * by crier: -1.
 */
static int
index_items(struct items *list)
{
	size_t size = 16, i, at;

	while (size < 2 * list->count)
		size *= 2;
	list->slots = crier_xcalloc(size, sizeof(*list->slots));
	list->mask = size - 1;
	for (i = 0; i < list->count; i++) {
		const char *rel = list->v[i].rel;

		at = crier_hash_bytes(rel, strlen(rel)) & list->mask;
		for (; list->slots[at] != 0; at = (at + 1) & list->mask)
			if (strcmp(list->v[list->slots[at] - 1].rel, rel) == 0)
				return -1;
		list->slots[at] = i + 1;
	}
	return 0;
}

/* The stamp's item for REL, not seen before; NULL when there is none. */
static struct item *
find_item(struct items *list, const char *rel)
{
	size_t at = crier_hash_bytes(rel, strlen(rel)) & list->mask;
	struct item *it;

	for (; list->slots[at] != 0; at = (at + 1) & list->mask) {
		it = &list->v[list->slots[at] - 1];
		if (strcmp(it->rel, rel) != 0)
			continue;
		if (it->is_seen)
			return NULL;
		it->is_seen = 1;
		return it;
	}
	return NULL;
}

/* Whether the file REL in DIR_FD has the bytes KEY's hash says. */
static int
hash_matches(int dir_fd, const char *name, const struct crier_file_key *key)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	char *buf;
	ssize_t n;
	int ok;

	if (fd < 0)
		return 0;
	buf = crier_xmalloc(key->size + 1);
	n = read(fd, buf, key->size + 1);
	close(fd);
	ok = n >= 0 && (uint64_t)n == key->size &&
	     crier_hash_bytes(buf, key->size) == key->hash;
	free(buf);
	return ok;
}

struct walk {
	struct stamp *s;
	char rel[4096];
	size_t recs, oths;       /* met so far */
	struct item **todo;      /* to stat: records, and links */
	size_t todo_count, todo_capacity;
};

static int walk_dir(struct walk *w, int dir_fd, size_t rel_len, int depth);

static void
add_todo(struct walk *w, struct item *it)
{
	w->todo = crier_xgrow(w->todo, &w->todo_capacity, w->todo_count + 1,
	                      sizeof(*w->todo));
	w->todo[w->todo_count++] = it;
}

/*
 * One entry of the walk, as model.c's collect_records() sees it: what
 * the stamp does not name fails at once; what it names is stat()ed
 * later, all at once (check_todo()).
 */
static int
walk_entry(struct walk *w, int dir_fd, const char *name, int type,
           int depth)
{
	size_t len = strlen(w->rel);
	struct stat st;
	struct item *it;
	int ok, sub;

	if (type == DT_UNKNOWN) {
		if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			return -1;
		type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ?
		       DT_LNK : DT_REG;
	}
	if (type == DT_DIR) {
		if (depth >= MAX_DEPTH || len + 1 >= sizeof(w->rel) ||
		    (sub = openat(dir_fd, name, O_RDONLY | O_DIRECTORY |
		                  O_NOFOLLOW | O_CLOEXEC)) < 0)
			return -1;
		strcat(w->rel, "/");
		ok = walk_dir(w, sub, len + 1, depth + 1);
		w->rel[len] = '\0';
		return ok;
	}
	if (len > 3 && strcmp(w->rel + len - 3, ".md") == 0) {
		w->recs++;
		if ((it = find_item(&w->s->recs, w->rel)) == NULL)
			return -1;
		add_todo(w, it);
		return 0;
	}
	w->oths++;
	if ((it = find_item(&w->s->oths, w->rel)) == NULL ||
	    it->is_link != (type == DT_LNK))
		return -1;
	if (type == DT_LNK)
		add_todo(w, it);
	return 0;
}

/* Walks DIR_FD (closed here), whose path below the source is w->rel. */
static int
walk_dir(struct walk *w, int dir_fd, size_t rel_len, int depth)
{
	struct dirent *de;
	DIR *d = fdopendir(dir_fd);
	int rc = 0;

	if (d == NULL) {
		close(dir_fd);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    (depth == 0 && crier_source_is_documentation(de->d_name)))
			continue;
		if (rel_len + strlen(de->d_name) + 1 >= sizeof(w->rel)) {
			rc = -1;
			break;
		}
		strcpy(w->rel + rel_len, de->d_name);
		rc = walk_entry(w, dirfd(d), de->d_name, de->d_type, depth);
		w->rel[rel_len] = '\0';
	}
	closedir(d);
	return rc;
}

/* Whether IT, below SRC_FD, still has the stat data the stamp says. */
static int
item_is_same(int src_fd, const struct item *it)
{
	struct crier_file_key k;
	struct stat st;

	memset(&k, 0, sizeof(k));
	if (fstatat(src_fd, it->rel, &st, 0) == 0)
		crier_file_key_set(&k, &st);
	else if (!it->is_link)
		return 0;
	/* A link's target: only what it is matters (a directory warns). */
	if (it->is_link)
		return k.ino == it->key.ino && k.ctime_ns == it->key.ctime_ns;
	return same_stat(&k, &it->key) && (!it->key.has_hash ||
	       hash_matches(src_fd, it->rel, &it->key));
}

/*
 * A share of the stat() calls: every STEP-th item from FIRST.  The first
 * change either share finds stops both: a record changed means a build.
 */
struct share {
	const struct walk *w;
	int src_fd;
	size_t first, step;
	atomic_bool *changed;
	pthread_t thread;
};

static void *
check_share(void *arg)
{
	struct share *sh = arg;
	size_t i;

	for (i = sh->first; i < sh->w->todo_count &&
	     !atomic_load_explicit(sh->changed, memory_order_relaxed);
	     i += sh->step)
		if (!item_is_same(sh->src_fd, sh->w->todo[i]))
			atomic_store(sh->changed, true);
	return NULL;
}

/*
 * The stat() calls are most of the time a build with nothing to do
 * takes (100,000 records: 100,000 calls), and independent: two threads
 * share them where there are many.
 */
static int
check_todo(const struct walk *w, int src_fd)
{
	atomic_bool changed = false;
	struct share shares[2] = {{w, src_fd, 0, 1, &changed, 0},
	                          {w, src_fd, 1, 2, &changed, 0}};
	int is_threaded = 0;

	if (w->todo_count >= 4096) {
		shares[0].step = 2;
		is_threaded = pthread_create(&shares[1].thread, NULL,
		                             check_share, &shares[1]) == 0;
		if (!is_threaded)
			shares[0].step = 1;
	}
	check_share(&shares[0]);
	if (is_threaded)
		pthread_join(shares[1].thread, NULL);
	return !atomic_load(&changed);
}

/* feed.conf as loading read it: the same stat data, and bytes if racy. */
static int
conf_is_same(int src_fd, const struct crier_file_key *conf,
             int64_t started_ns)
{
	struct crier_file_key k;
	struct stat st;

	if (fstatat(src_fd, "feed.conf", &st, 0) != 0)
		return 0;
	crier_file_key_set(&k, &st);
	if (!same_stat(&k, conf))
		return 0;
	return !crier_file_key_is_racy(conf, started_ns) ||
	       hash_matches(src_fd, "feed.conf", conf);
}

/* The source as the stamp saw it: same files, same stat data. */
static int
source_is_same(struct stamp *s, const char *source,
               const struct crier_file_key *conf)
{
	struct walk w;
	int fd = open(source, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ok;

	if (fd < 0)
		return 0;
	if (!conf_is_same(fd, conf, s->started_ns)) {
		close(fd);
		return 0;
	}
	if (index_items(&s->recs) != 0 || index_items(&s->oths) != 0) {
		close(fd);
		return 0;
	}
	memset(&w, 0, sizeof(w));
	w.s = s;
	ok = walk_dir(&w, dup(fd), 0, 0) == 0 && w.recs == s->recs.count &&
	     w.oths == s->oths.count && check_todo(&w, fd);
	close(fd);
	free(w.todo);
	return ok;
}

/* SOURCE_DIR without trailing slashes, as crier_feed_load() names it. */
static char *
source_name(const char *dir)
{
	size_t len = strlen(dir);
	char *name;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	name = crier_xmalloc(len + 1);
	memcpy(name, dir, len);
	name[len] = '\0';
	return name;
}

int
crier_stamp_is_current(const char *source_dir, const char *out_dir,
                       int64_t now_s, struct crier_diags *diags,
                       struct crier_stamp_current *info)
{
	struct stamp s;
	struct crier_file_key conf;
	char *source = source_name(source_dir), *real = realpath(source, NULL);
	int dir_fd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ok;
	size_t i;

	memset(&s, 0, sizeof(s));
	ok = real != NULL && dir_fd >= 0 && (s.text = read_stamp(dir_fd)) != NULL;
	s.at = s.text;
	ok = ok && check_header(&s, source, real, now_s) == 0 &&
	     read_body(&s, dir_fd, &conf) == 0 &&
	     source_is_same(&s, source, &conf);
	if (ok) {
		for (i = 0; i < s.warning_count; i++)
			crier_diag_again(diags, &s.warnings[i]);
		info->entries = s.entries;
		info->files = s.files;
		info->next_change_s = s.shown_s;
	}
	if (dir_fd >= 0)
		close(dir_fd);
	free(s.recs.v);
	free(s.recs.slots);
	free(s.oths.v);
	free(s.oths.slots);
	free(s.warnings);
	free(s.text);
	free(real);
	free(source);
	return ok;
}

/*
 * The last build's views and outputs, for a build that writes only the
 * views whose key changed (crier_stamp_prev_read()).
 */
struct crier_stamp_prev {
	struct crier_arena *names;
	int dir_fd;
	struct items outs;       /* key: the output's stat data */
	struct items views;      /* key.hash: the view's key */
};

/* Keeps LINE if it is "out KEY NAME" or "view KEY STEM"; -1 if bad. */
static int
keep_prev_line(struct crier_stamp_prev *p, char *line)
{
	struct item *it;
	char *q;

	if ((q = after(line, "out")) != NULL) {
		it = add_item(&p->outs);
		if (read_key(&q, &it->key) != 0)
			return -1;
	} else if ((q = after(line, "view")) != NULL) {
		it = add_item(&p->views);
		if (read_u64(&q, &it->key.hash, 16) != 0)
			return -1;
	} else {
		return 0;
	}
	it->rel = crier_arena_strdup(p->names, q);
	return 0;
}

/*
 * The "out" and "view" lines of a whole stamp, F: its first line to its
 * "end".  Read a line at a time and the rest dropped, since a stamp
 * names every record and this runs with the whole model in memory.
 */
static int
read_prev_lines(struct crier_stamp_prev *p, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lines = 0, ended = 0, rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] != '\n' || ended) {
			rc = -1;      /* torn, or more after the end */
			break;
		}
		line[n - 1] = '\0';
		if (lines++ == 0)
			rc = strcmp(line, "crier-stamp 1") == 0 ? 0 : -1;
		else if (strcmp(line, "end") == 0)
			ended = 1;
		else
			rc = keep_prev_line(p, line);
	}
	free(line);
	if (rc != 0 || !ended || ferror(f))
		return -1;
	return index_items(&p->outs) == 0 && index_items(&p->views) == 0 ?
	       0 : -1;
}

/* OUT_DIR's stamp to read, or NULL when there is none to believe. */
static FILE *
open_stamp(int dir_fd)
{
	int fd = openat(dir_fd, CRIER_STAMP_FILE, O_RDONLY | O_NOFOLLOW |
	                O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	FILE *f;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > STAMP_MAX_BYTES || (f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return NULL;
	}
	return f;
}

struct crier_stamp_prev *
crier_stamp_prev_read(const char *out_dir)
{
	struct crier_stamp_prev *p = crier_xcalloc(1, sizeof(*p));
	FILE *f = NULL;
	int rc = -1;

	p->names = crier_arena_new();
	p->dir_fd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p->dir_fd >= 0 && (f = open_stamp(p->dir_fd)) != NULL)
		rc = read_prev_lines(p, f);
	if (f != NULL)
		fclose(f);
	if (rc != 0) {
		crier_stamp_prev_free(p);
		return NULL;
	}
	return p;
}

int
crier_stamp_prev_has(struct crier_stamp_prev *p, const char *stem,
                     uint64_t key, const char *const *names, size_t count)
{
	struct item *it;
	size_t i;

	if (p == NULL || stem == NULL ||
	    (it = find_item(&p->views, stem)) == NULL || it->key.hash != key)
		return 0;
	for (i = 0; i < count; i++)
		if ((it = find_item(&p->outs, names[i])) == NULL ||
		    !output_is_intact(p->dir_fd, names[i], &it->key))
			return 0;
	return 1;
}

void
crier_stamp_prev_free(struct crier_stamp_prev *p)
{
	if (p == NULL)
		return;
	if (p->dir_fd >= 0)
		close(p->dir_fd);
	free(p->outs.v);
	free(p->outs.slots);
	free(p->views.v);
	free(p->views.slots);
	crier_arena_free(p->names);
	free(p);
}
