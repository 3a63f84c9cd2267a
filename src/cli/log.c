/*
 * log.c - where the crier command's lines go (see log.h).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static bool is_syslog_on;

/*
 * The progress line, when one is shown (cli_progress.c draws it from its
 * own thread): every other line clears it first, under this lock.
 */
static pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
static bool is_progress_shown;

/* Erases the progress line, if any; call with progress_lock held. */
static void
clear_progress(void)
{
	if (is_progress_shown)
		fputs("\r\033[K", stderr);
	is_progress_shown = false;
}

void
crier_log_progress(const char *line)
{
	pthread_mutex_lock(&progress_lock);
	clear_progress();
	if (line != NULL) {
		fputs(line, stderr);
		is_progress_shown = true;
	}
	fflush(stderr);
	pthread_mutex_unlock(&progress_lock);
}

void
crier_log_open_syslog(void)
{
	openlog("crier", LOG_PID, LOG_USER);
	is_syslog_on = true;
}

void
crier_log_close(void)
{
	if (is_syslog_on)
		closelog();
	is_syslog_on = false;
}

void
crier_log_print(FILE *f, const char *s)
{
	char *shown = crier_text_escape(s);

	fputs(shown, f);
	free(shown);
}

/* The command's out-of-memory policy, for lines longer than expected. */
static char *
alloc_or_abort(size_t size)
{
	char *p = malloc(size);

	if (p == NULL) {
		fputs("crier: out of memory\n", stderr);
		abort();
	}
	return p;
}

void
crier_log(int priority, const char *format, ...)
{
	const char *text;
	char small[1024], *line = small, *shown;
	va_list ap;
	int len;

	va_start(ap, format);
	len = vsnprintf(small, sizeof(small), format, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(small)) {
		line = alloc_or_abort((size_t)len + 1);
		va_start(ap, format);
		vsnprintf(line, (size_t)len + 1, format, ap);
		va_end(ap);
	}
	shown = crier_text_escape(line);
	pthread_mutex_lock(&progress_lock);
	clear_progress();
	fprintf(stderr, "%s\n", shown);
	pthread_mutex_unlock(&progress_lock);
	if (is_syslog_on) {
		text = strncmp(shown, "crier: ", 7) == 0 ? shown + 7 : shown;
		syslog(priority, "%s", text);
	}
	free(shown);
	if (line != small)
		free(line);
}

bool
crier_log_is_colour(void)
{
	const char *no_colour = getenv("NO_COLOR"), *term = getenv("TERM");

	/* https://no-color.org: set and not empty turns colour off. */
	if (no_colour != NULL && no_colour[0] != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDERR_FILENO) == 1;
}

/* WHERE (FILE:LINE:COLUMN) in bold, the severity in red or magenta. */
static void
log_colour_diag(const char *location, bool is_error, const char *text)
{
	const char *severity = is_error ? "error" : "warning";
	/* Names and messages carry the user's bytes: escaped here too. */
	char *where = crier_text_escape(location);
	char *message = crier_text_escape(text);

	pthread_mutex_lock(&progress_lock);
	clear_progress();
	fprintf(stderr, "\033[1m%s:\033[0m \033[1;%dm%s:\033[0m %s\n",
	        where, is_error ? 31 : 35, severity, message);
	pthread_mutex_unlock(&progress_lock);
	if (is_syslog_on)
		syslog(is_error ? LOG_ERR : LOG_WARNING, "%s: %s: %s", where,
		       severity, message);
	free(where);
	free(message);
}

/*
 * One diagnostic, as the library formats it (crier_diag_format()): on a
 * terminal, with the location in bold and the severity in red or
 * magenta, as gcc and clang show theirs; syslog and anything not a
 * terminal get the plain line.
 */
static void
log_diag(const struct crier_diag *d, bool is_colour)
{
	bool is_error = d->severity == CRIER_ERROR;
	const char *severity = is_error ? "error" : "warning";
	char small[1024], *line = small;
	size_t len = crier_diag_format(d, small, sizeof(small));

	if (len >= sizeof(small)) {
		line = alloc_or_abort(len + 1);
		crier_diag_format(d, line, len + 1);
	}
	if (!is_colour) {
		crier_log(is_error ? LOG_ERR : LOG_WARNING, "%s", line);
	} else {
		/* "WHERE: SEVERITY: MESSAGE", the message last. */
		line[len - strlen(d->message) - strlen(severity) - 4] = '\0';
		log_colour_diag(line, is_error, d->message);
	}
	if (line != small)
		free(line);
}

void
crier_log_diags(const struct crier_diags *diags)
{
	bool is_colour = crier_log_is_colour();
	size_t i;

	for (i = 0; i < crier_diags_count(diags); i++)
		log_diag(crier_diags_get(diags, i), is_colour);
}

void
crier_log_diags_free(struct crier_diags *diags)
{
	crier_diags_sort(diags);
	crier_log_diags(diags);
	crier_diags_free(diags);
}

int64_t
crier_log_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first instant after now at which the feed changes by itself. */
static int64_t
next_change_s(const struct crier_feed *feed, int64_t now_s)
{
	enum crier_schedule_kind kind;
	int64_t from_s, until_s, next_s = INT64_MAX;
	size_t i;

	for (i = 0; i < crier_feed_schedule_count(feed); i++) {
		crier_feed_schedule_get(feed, i, &kind, &from_s, &until_s);
		if (kind == CRIER_SCHEDULED && from_s > now_s &&
		    from_s < next_s)
			next_s = from_s;
		if (kind == CRIER_EXPIRING && until_s > now_s &&
		    until_s < next_s)
			next_s = until_s;
	}
	return next_s;
}

void
crier_log_summary(const struct crier_run_summary *s)
{
	char sent[96] = "", next[64] = "", when[32];
	bool is_last = s->is_unchanged_since_last;
	size_t entries = is_last ? s->last_entries :
	                 crier_feed_entry_count(s->feed);
	int64_t next_s = is_last ? s->last_next_change_s :
	                 next_change_s(s->feed, s->now_s);
	struct tm tm;
	time_t t;

	if (s->is_publish)
		snprintf(sent, sizeof(sent), ", %zu uploaded, %zu not sent",
		         s->sent, s->unchanged);
	if (next_s != INT64_MAX) {
		/* RFC 3339 in UTC; a change to come is years from 9999. */
		t = (time_t)next_s;
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(next, sizeof(next), "; next change at %s", when);
	}
	crier_log(LOG_INFO, "%s: %zu %s, %zu written, %zu unchanged%s%s, "
	          "%lld.%03lld s%s",
	          s->source, entries, entries == 1 ? "entry" : "entries",
	          s->written, s->same,
	          is_last ? " (nothing changed since the last build)" : "",
	          sent,
	          (long long)(s->elapsed_ms / 1000),
	          (long long)(s->elapsed_ms % 1000), next);
}
