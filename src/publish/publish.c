/*
 * publish.c - the publishing stage: decide what changed, send it with
 * retries, keep the state true after every file, then tell the hub.
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
#include "crypto_dl.h"
#include "diag.h"
#include "publish.h"
#include "publish_state.h"
#include "websub.h"
#include "progress.h"

extern const struct crier_transport crier_transport_file;
extern const struct crier_transport crier_transport_http;
extern const struct crier_transport crier_transport_https;
extern const struct crier_transport crier_transport_ftp;
extern const struct crier_transport crier_transport_ftps;
extern const struct crier_transport crier_transport_sftp;
extern const struct crier_transport crier_transport_s3;

/*
 * One row per scheme; no caller switches on scheme names.  Here, above
 * the transports, which all use transport.c's helpers.
 */
static const struct crier_transport *const transports[] = {
	&crier_transport_file,
	&crier_transport_http,
	&crier_transport_https,
	&crier_transport_ftp,
	&crier_transport_ftps,
	&crier_transport_sftp,
	&crier_transport_s3,
};

/* The transport for URL's scheme, or NULL. */
static const struct crier_transport *
transport_for(const char *url)
{
	size_t i;

	for (i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
		if (crier_url_has_scheme(url, transports[i]->scheme))
			return transports[i];
	return NULL;
}

/* A Retry-After longer than this is not waited out; cron comes back. */
#define MAX_RETRY_WAIT_MS 60000L

void
crier_publish_options_init(struct crier_publish_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->upload.connect_timeout_ms = 10000;
	opts->upload.timeout_ms = 300000;
	opts->max_attempts = 4;
	opts->backoff_initial_ms = 500;
	opts->backoff_max_ms = 8000;
}

/* One file below the output directory. */
struct item {
	char *rel;            /* path below out_dir, '/'-separated */
	char *local;          /* out_dir/rel */
	char hash[CRIER_SHA256_HEX_SIZE];
	const struct crier_state_entry *last;  /* borrowed from the state */
	int is_changed;
};

struct job_files {
	struct item *items;
	size_t count, capacity;
};

static int
compare_items(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->rel,
	              ((const struct item *)b)->rel);
}

static int
has_control_char(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7F)
			return 1;
	return 0;
}

/*
 * Adds every regular file below DIR/REL, skipping hidden names: the
 * state file, and the temporary files of builds.  Returns 0, or -1 with
 * an error in DIAGS.
 */
static int
list_files(const char *dir, const char *rel, struct job_files *files,
           struct crier_diags *diags)
{
	char *path, *child_rel, *child;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int rc = 0;

	path = crier_xmalloc(strlen(dir) + strlen(rel) + 2);
	sprintf(path, "%s%s%s", dir, rel[0] != '\0' ? "/" : "", rel);
	d = opendir(path);
	if (d == NULL) {
		crier_diag(diags, path, 0, 0, MSG_FILE_UNREADABLE,
		           strerror(errno));
		free(path);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		child_rel = crier_xmalloc(strlen(rel) + strlen(de->d_name) + 2);
		sprintf(child_rel, "%s%s%s", rel, rel[0] != '\0' ? "/" : "",
		        de->d_name);
		child = crier_xmalloc(strlen(path) + strlen(de->d_name) + 2);
		sprintf(child, "%s/%s", path, de->d_name);
		if (lstat(child, &st) != 0) {
			crier_diag(diags, child, 0, 0, MSG_FILE_UNREADABLE,
			           strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc = list_files(dir, child_rel, files, diags);
		} else if (S_ISREG(st.st_mode) && has_control_char(child_rel)) {
			crier_diag(diags, child, 0, 0, MSG_UPLOAD_BAD_TARGET,
			           "a file name with a control character");
			rc = -1;
		} else if (S_ISREG(st.st_mode)) {
			files->items = crier_xgrow(files->items,
			                           &files->capacity,
			                           files->count + 1,
			                           sizeof(*files->items));
			memset(&files->items[files->count], 0,
			       sizeof(*files->items));
			files->items[files->count].rel = child_rel;
			files->items[files->count++].local = child;
			continue;
		}
		free(child_rel);
		free(child);
	}
	closedir(d);
	free(path);
	return rc;
}

static void
files_free(struct job_files *files)
{
	size_t i;

	for (i = 0; i < files->count; i++) {
		free(files->items[i].rel);
		free(files->items[i].local);
	}
	free(files->items);
}

/* TARGET_URL + '/' if missing + SUBDIR + '/'. */
static char *
target_of(const struct crier_publish_job *job)
{
	size_t len = strlen(job->target_url);
	char *base = crier_xmalloc(len + 2), *sub, *full;

	sprintf(base, "%s%s", job->target_url,
	        len > 0 && job->target_url[len - 1] == '/' ? "" : "/");
	if (job->subdir == NULL)
		return base;
	sub = crier_xmalloc(strlen(job->subdir) + 2);
	sprintf(sub, "%s/", job->subdir);
	full = crier_url_join(base, sub);
	free(sub);
	free(base);
	return full;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * "Equal jitter": half the exponential delay, plus a random part of the
 * other half, so that many crons failing together do not retry together.
 */
static long
backoff_ms(const struct crier_publish_options *opts, int attempt)
{
	static unsigned long long seed;
	long delay = opts->backoff_initial_ms;
	int i;

	if (seed == 0)
		seed = ((unsigned long long)time(NULL) * 6364136223846793005ULL ^
		        (unsigned long long)getpid() << 17) | 1;
	for (i = 1; i < attempt && delay < opts->backoff_max_ms; i++)
		delay *= 2;
	if (delay > opts->backoff_max_ms)
		delay = opts->backoff_max_ms;
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return delay / 2 + (delay > 1 ? (long)(seed % (unsigned long long)
	                                        (delay / 2 + 1)) : 0);
}

static const char *
last_message(const struct crier_diags *d)
{
	size_t n = crier_diags_count(d);

	return n > 0 ? crier_diags_get(d, n - 1)->message : "failed";
}

/*
 * One put, tried again after a transient failure.  Only the last
 * attempt's error reaches DIAGS; the earlier ones are traces.
 */
static enum crier_put_result
put_retrying(const struct crier_transport *t, struct crier_session *s,
             const struct item *it, const struct crier_publish_options *opts,
             struct crier_diags *diags)
{
	const char *name = strrchr(it->rel, '/');
	struct crier_diags *attempt;
	enum crier_put_result r;
	long wait_ms, asked_ms;
	int n;

	name = name != NULL ? name + 1 : it->rel;
	for (n = 1; ; n++) {
		attempt = crier_diags_new();
		r = t->put(s, it->rel, it->local, crier_content_type(name),
		           attempt);
		asked_ms = r == CRIER_PUT_TRANSIENT && t->retry_after_ms != NULL ?
		           t->retry_after_ms(s) : 0;
		if (r != CRIER_PUT_TRANSIENT || n >= opts->max_attempts ||
		    asked_ms > MAX_RETRY_WAIT_MS) {
			crier_diags_append(diags, attempt);
			crier_diags_free(attempt);
			return r;
		}
		wait_ms = backoff_ms(opts, n);
		if (asked_ms > wait_ms)
			wait_ms = asked_ms;
		crier_trace(&opts->upload, "attempt %d of %d: %s; trying again "
		            "in %ld ms", n, opts->max_attempts,
		            last_message(attempt), wait_ms);
		crier_diags_free(attempt);
		sleep_ms(wait_ms);
	}
}

/* Crier's marks of a hub link, and of the first entry, per format. */
static const struct hub_mark {
	const char *ext, *hub, *first_entry;
} hub_marks[] = {
	{".atom", "rel=\"hub\"", "<entry"},
	{".rss", "rel=\"hub\"", "<item"},
	{".json", "\"hubs\"", "\"items\""},
};

#define HEAD_BYTES (64 * 1024)

/*
 * Whether the document LOCAL, REL below the output directory, names a
 * WebSub hub.  The writers put the hub in the document's head, before the
 * first entry, whose text might hold the same words; only the head is
 * read.
 */
static int
declares_hub(const char *rel, const char *local)
{
	const char *ext = strrchr(rel, '.');
	const struct hub_mark *m = NULL;
	char *head, *end;
	size_t i, n = 0;
	ssize_t got;
	int fd, has_hub;

	for (i = 0; ext != NULL && i < sizeof(hub_marks) / sizeof(*hub_marks);
	     i++)
		if (strcmp(ext, hub_marks[i].ext) == 0)
			m = &hub_marks[i];
	if (m == NULL || (fd = open(local, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	head = crier_xmalloc(HEAD_BYTES + 1);
	while (n < HEAD_BYTES && ((got = read(fd, head + n, HEAD_BYTES - n)) > 0 ||
	       (got < 0 && errno == EINTR)))
		n += got > 0 ? (size_t)got : 0;
	close(fd);
	head[n] = '\0';
	if ((end = strstr(head, m->first_entry)) != NULL)
		*end = '\0';
	has_hub = strstr(head, m->hub) != NULL;
	free(head);
	return has_hub;
}

static void
report(const struct crier_publish_options *opts,
       enum crier_publish_event event, const char *local, const char *url)
{
	if (opts->report != NULL)
		opts->report(opts->report_ctx, event, local, url);
}

/* A document to tell the hub of, and the file that names it in messages. */
struct topic {
	char *url;
	const char *local;
};

struct topics {
	struct topic *items;
	size_t count, capacity;
};

static void
add_topic(struct topics *t, char *url, const char *local)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		if (strcmp(t->items[i].url, url) == 0) {
			free(url);
			return;
		}
	t->items = crier_xgrow(t->items, &t->capacity, t->count + 1,
	                       sizeof(*t->items));
	t->items[t->count++] = (struct topic){url, local};
}

/*
 * The documents sent that name the hub, then those whose ping failed in
 * an earlier run, named by their file when it is still there.
 */
static void
collect_topics(const struct crier_publish_job *job,
               const struct job_files *files, const int *is_sent,
               const struct crier_state *state, struct topics *t)
{
	const char *local;
	char *url;
	size_t i, k;

	for (i = 0; i < files->count; i++)
		if (is_sent[i] && declares_hub(files->items[i].rel,
		    files->items[i].local))
			add_topic(t, crier_url_join(job->self_base_url,
			          files->items[i].rel), files->items[i].local);
	for (i = 0; i < state->ping_count; i++) {
		local = job->out_dir;
		for (k = 0; k < files->count; k++) {
			url = crier_url_join(job->self_base_url,
			                     files->items[k].rel);
			if (strcmp(url, state->pings[i].topic) == 0)
				local = files->items[k].local;
			free(url);
		}
		add_topic(t, crier_xstrdup(state->pings[i].topic), local);
	}
}

/*
 * One ping per topic; a failure warns and is kept in STATE for the next
 * run, a success forgets it.  Returns whether STATE changed.
 */
static int
notify_hub(const struct crier_publish_job *job,
           const struct crier_publish_options *opts,
           const struct job_files *files, const int *is_sent,
           struct crier_state *state, struct crier_diags *diags)
{
	struct topics t = {NULL, 0, 0};
	size_t i;
	int is_changed;
	char why[512], *hub;

	/* A hub no longer named is not owed anything. */
	is_changed = crier_state_ping_remove(state, job->hub_url, NULL) > 0;
	if (job->hub_url == NULL)
		return is_changed;
	hub = crier_url_shown(job->hub_url);
	collect_topics(job, files, is_sent, state, &t);
	for (i = 0; i < t.count; i++) {
		if (crier_websub_ping(job->hub_url, t.items[i].url,
		    &opts->upload, why, sizeof(why)) != 0) {
			crier_diag(diags, t.items[i].local, 0, 0,
			           MSG_HUB_FAILED, hub, t.items[i].url, why);
			is_changed |= crier_state_ping_add(state,
			    job->hub_url, t.items[i].url);
		} else {
			report(opts, CRIER_PUBLISH_HUB_NOTIFIED,
			       t.items[i].local, hub);
			is_changed |= crier_state_ping_remove(state,
			    job->hub_url, t.items[i].url) > 0;
		}
		free(t.items[i].url);
	}
	free(t.items);
	free(hub);
	return is_changed;
}

/* Hashes every file and compares it with the state. */
static int
decide(struct job_files *files, const struct crier_state *state,
       const char *target, int is_forced, struct crier_diags *diags)
{
	struct item *it;
	size_t i;

	for (i = 0; i < files->count; i++) {
		it = &files->items[i];
		if (crier_sha256_file(it->local, it->hash) != 0) {
			crier_diag(diags, it->local, 0, 0, MSG_FILE_UNREADABLE,
			           strerror(errno));
			return -1;
		}
		it->last = crier_state_get(state, target, it->rel);
		it->is_changed = is_forced || it->last == NULL ||
		                 strcmp(it->last->hash, it->hash) != 0;
	}
	return 0;
}

/*
 * A file the state calls unchanged is checked with a conditional request
 * where the server gave a validator: if someone replaced or removed it on
 * the server, it is sent again.  A probe without an answer changes
 * nothing, so an unchanged feed never fails a run.
 */
static void
probe_unchanged(const struct crier_transport *t, struct crier_session *s,
                struct job_files *files,
                const struct crier_publish_options *opts)
{
	enum crier_probe_result r;
	struct item *it;
	char *etag;
	size_t i;

	for (i = 0; i < files->count && t->probe != NULL; i++) {
		it = &files->items[i];
		if (it->is_changed || it->last->etag == NULL)
			continue;
		r = t->probe(s, it->rel, it->last->etag, &etag);
		free(etag);
		if (r == CRIER_PROBE_CHANGED) {
			crier_trace(&opts->upload, "%s: changed or missing on "
			            "the server; sending it again", it->local);
			it->is_changed = 1;
		}
	}
}

/* Sends the changed files in order; stops at the first failure. */
static int
send_changed(const struct crier_transport *t, struct crier_session *s,
             struct job_files *files, struct crier_state *state,
             const char *shown, const struct crier_publish_options *opts,
             int *is_sent, struct crier_diags *diags)
{
	enum crier_put_result r;
	struct item *it;
	char *etag, *url;
	size_t i;

	crier_progress_begin(CRIER_PROGRESS_UPLOADING, files->count);
	for (i = 0; i < files->count; i++) {
		it = &files->items[i];
		url = crier_url_join(shown, it->rel);
		crier_progress_step(CRIER_PROGRESS_UPLOADING);
		if (!it->is_changed) {
			report(opts, CRIER_PUBLISH_UNCHANGED, it->local, url);
			free(url);
			continue;
		}
		r = put_retrying(t, s, it, opts, diags);
		if (r != CRIER_PUT_OK) {
			free(url);
			return r == CRIER_PUT_TRANSIENT ? CRIER_EAGAIN :
			       CRIER_EREFUSED;
		}
		etag = NULL;
		if (t->probe != NULL)
			t->probe(s, it->rel, NULL, &etag);
		crier_state_set(state, shown, it->rel, it->hash, etag);
		free(etag);
		is_sent[i] = 1;
		report(opts, CRIER_PUBLISH_SENT, it->local, url);
		free(url);
		if (crier_state_save(state, diags) != 0)
			return CRIER_EIO;
	}
	return CRIER_OK;
}

/*
 * TARGET goes to the transport (a user name in it picks the netrc entry);
 * SHOWN, without it, keys the state and appears in messages.
 */
static int
publish_files(const struct crier_publish_job *job,
              const struct crier_publish_options *opts,
              const struct crier_transport *t, const char *target,
              const char *shown, struct job_files *files,
              struct crier_diags *diags)
{
	struct crier_state *state = crier_state_load(job->out_dir, diags);
	struct crier_session *s = NULL;
	int *is_sent = crier_xcalloc(files->count + 1, sizeof(*is_sent));
	int rc = CRIER_OK, has_work = 0;
	char *url;
	size_t i;

	/* Hashing needs libcrypto, before any transport is opened. */
	if (crier_transport_load(&crier_crypto_lib, shown, diags) != 0) {
		rc = CRIER_EREFUSED;
		goto done;
	}
	if (decide(files, state, shown, opts->is_forced, diags) != 0) {
		rc = CRIER_EIO;
		goto done;
	}
	for (i = 0; i < files->count; i++) {
		if (opts->is_dry_run && files->items[i].is_changed) {
			url = crier_url_join(shown, files->items[i].rel);
			report(opts, CRIER_PUBLISH_WOULD_SEND,
			       files->items[i].local, url);
			free(url);
		}
		has_work |= files->items[i].is_changed ||
		            (t->probe != NULL && files->items[i].last != NULL &&
		             files->items[i].last->etag != NULL);
	}
	if (opts->is_dry_run)
		goto done;
	if (has_work) {
		if (t->open(target, &opts->upload, diags, &s) != 0) {
			rc = CRIER_EREFUSED;
			goto done;
		}
		probe_unchanged(t, s, files, opts);
		rc = send_changed(t, s, files, state, shown, opts, is_sent,
		                  diags);
		t->close(s);
	}
	/* Pings owed from earlier runs are sent even when nothing changed. */
	if (job->self_base_url != NULL && (job->hub_url != NULL ||
	    state->ping_count > 0) && notify_hub(job, opts, files, is_sent,
	    state, diags) && crier_state_save(state, diags) != 0 &&
	    rc == CRIER_OK)
		rc = CRIER_EIO;
done:
	free(is_sent);
	crier_state_free(state);
	return rc;
}

int
crier_publish(const struct crier_publish_job *job,
              const struct crier_publish_options *opts,
              struct crier_diags *diags)
{
	struct job_files files = {0};
	const struct crier_transport *t;
	char *target = target_of(job), *shown = crier_url_shown(target);
	int rc;

	switch (crier_upload_url_check(target)) {
	case CRIER_URL_OK:
		break;
	case CRIER_URL_PASSWORD:
		crier_diag(diags, shown, 0, 0, MSG_UPLOAD_PASSWORD);
		rc = CRIER_EREFUSED;
		goto done;
	default:
		crier_diag(diags, shown, 0, 0, MSG_BAD_UPLOAD_URL, shown);
		rc = CRIER_EREFUSED;
		goto done;
	}
	t = transport_for(target);
	if (t == NULL) {
		crier_diag(diags, shown, 0, 0, MSG_UPLOAD_BAD_TARGET,
		           "this crier has no transport for the URL's scheme");
		rc = CRIER_EREFUSED;
		goto done;
	}
	if (list_files(job->out_dir, "", &files, diags) != 0) {
		rc = CRIER_EIO;
		goto done;
	}
	qsort(files.items, files.count, sizeof(*files.items), compare_items);
	rc = publish_files(job, opts, t, target, shown, &files, diags);
done:
	files_free(&files);
	free(shown);
	free(target);
	return rc;
}
