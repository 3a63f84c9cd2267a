/*
 * cli_serve.c - crier serve: a local preview that follows the records.
 *
 * The main thread builds every SOURCE into a temporary directory, then
 * waits on inotify(7) for a record to change and builds again; the HTTP
 * thread of libmicrohttpd answers from that directory (cli_serve_http.c).
 * crier_build() renames each output into place, so a request never sees
 * half a file.  SIGINT and SIGTERM are blocked in every thread and read
 * from a signalfd, so Ctrl-C ends the loop, not the process, and the
 * temporary directory goes with it.
 */
/* nftw(3) is an XSI function. */
#define _XOPEN_SOURCE 700

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "cli_serve.h"
#include "crier.h"
#include "log.h"
#include "usage.h"

struct serve_options {
	const char *bind;
	long port;
	const char *now_arg;
	int source_count;
	char **sources;
};

/* "." is the default SOURCE: the directory crier serve runs in. */
static char *default_sources[] = {".", NULL};

/* Takes one option of crier serve. */
static int
apply(void *ctx, int id, const char *arg)
{
	struct serve_options *o = ctx;
	char *end;

	if (id == 'p') {
		o->port = strtol(arg, &end, 10);
		if (*end != '\0' || end == arg || o->port < 0 ||
		    o->port > 65535)
			return crier_cli_usage_error("serve", "--port: '%s' is "
			                             "not a port (0 to 65535)",
			                             arg);
	} else if (id == OPT_BIND) {
		o->bind = arg;
	} else {
		o->now_arg = arg;
	}
	return EXIT_OK;
}

static int
parse_options(int argc, char **argv, struct serve_options *o)
{
	int rc;

	rc = crier_cli_parse(crier_cli_command_find("serve"), argc, argv,
	                     apply, o, &o->source_count);
	if (rc != EXIT_OK)
		return rc;
	o->sources = argv + 1;
	if (o->source_count == 0) {
		o->source_count = 1;
		o->sources = default_sources;
	}
	return EXIT_OK;
}

/*
 * A socket listening on BIND:PORT (IPv4 or IPv6), made here rather than
 * by libmicrohttpd so that a port in use is reported with its reason and
 * port 0 gets a free port, which *port_out then says.  -1 with errno set
 * (EINVAL for an address that is not one).
 */
static int
open_listener(const char *bind_addr, long port, long *port_out)
{
	struct sockaddr_storage ss = {0};
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = sizeof(*in4);
	int fd, on = 1, err;

	if (inet_pton(AF_INET, bind_addr, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, bind_addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		len = sizeof(*in6);
	} else {
		errno = EINVAL;
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 32) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	*port_out = ntohs(ss.ss_family == AF_INET ? in4->sin_port :
	                  in6->sin6_port);
	return fd;
}

/* The last component of SOURCE's real path: its directory below root. */
static char *
source_name(const char *source)
{
	char *real = realpath(source, NULL), *slash, *name;

	if (real == NULL)
		return strdup(source);
	slash = strrchr(real, '/');
	name = strdup(slash != NULL && slash[1] != '\0' ? slash + 1 : "site");
	free(real);
	return name;
}

/* The temporary directory and each source's name below it; 0 or -1. */
static int
site_open(struct serve_site *site, const struct serve_options *o)
{
	const char *tmpdir = getenv("TMPDIR");
	struct crier_buf b = {0};
	int i, j;

	crier_buf_printf(&b, "%s/crier-serve.XXXXXX",
	                 tmpdir != NULL && tmpdir[0] != '\0' ? tmpdir : "/tmp");
	site->root = crier_buf_take(&b);
	if (mkdtemp(site->root) == NULL) {
		fprintf(stderr, "crier serve: cannot create %s: %s\n",
		        site->root, strerror(errno));
		return -1;
	}
	pthread_mutex_init(&site->lock, NULL);
	site->source_count = o->source_count;
	site->names = calloc((size_t)o->source_count, sizeof(*site->names));
	if (site->names == NULL)
		abort();
	for (i = 0; i < o->source_count; i++) {
		site->names[i] = source_name(o->sources[i]);
		for (j = 0; j < i; j++)
			if (strcmp(site->names[i], site->names[j]) == 0) {
				fprintf(stderr, "crier serve: two sources are "
				        "called %s\n", site->names[i]);
				return -1;
			}
	}
	return 0;
}

static int
remove_one(const char *path, const struct stat *st, int flag,
           struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Removes the temporary directory and frees the site. */
static void
site_close(struct serve_site *site)
{
	int i;

	if (site->root != NULL)
		nftw(site->root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	for (i = 0; site->names != NULL && i < site->source_count; i++)
		free(site->names[i]);
	free(site->names);
	free(site->root);
	free(site->error_page);
	if (site->names != NULL)
		pthread_mutex_destroy(&site->lock);
}

/* The page served while the records have errors: one line each. */
static char *
error_page(const struct crier_diags *diags, unsigned long generation)
{
	struct crier_buf b = {0};
	const struct crier_diag *d;
	char *script = crier_serve_script(generation);
	size_t i;

	crier_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><title>crier: the records have errors"
	    "</title></head><body>\n<h1>The records have errors</h1>\n"
	    "<p>Nothing is built while any error stands.  This page "
	    "reloads when a record is saved.</p>\n<pre>\n");
	for (i = 0; i < crier_diags_count(diags); i++) {
		d = crier_diags_get(diags, i);
		crier_buf_html(&b, d->file);
		if (d->line > 0)
			crier_buf_printf(&b, ":%u", d->line);
		if (d->line > 0 && d->column > 0)
			crier_buf_printf(&b, ":%u", d->column);
		crier_buf_puts(&b, d->severity == CRIER_ERROR ? ": error: " :
		               ": warning: ");
		crier_buf_html(&b, d->message);
		crier_buf_puts(&b, "\n");
	}
	crier_buf_puts(&b, "</pre>\n");
	crier_buf_puts(&b, script);
	crier_buf_puts(&b, "</body></html>\n");
	free(script);
	return crier_buf_take(&b);
}

/* Loads every source, then, if none has an error, builds each. */
static int
build_all(const struct serve_site *site, const struct serve_options *o,
          int64_t now_s, struct crier_diags *diags)
{
	struct crier_feed **feeds = calloc((size_t)o->source_count,
	                                   sizeof(*feeds));
	struct crier_buf dir = {0};
	int i, rc = CRIER_OK;

	if (feeds == NULL)
		abort();
	for (i = 0; i < o->source_count; i++)
		if (crier_feed_load(o->sources[i], now_s, diags, &feeds[i]) !=
		    CRIER_OK)
			rc = CRIER_EINPUT;
	for (i = 0; rc == CRIER_OK && i < o->source_count; i++) {
		dir.len = 0;
		crier_buf_printf(&dir, "%s/%s", site->root, site->names[i]);
		rc = crier_build(feeds[i], dir.data, diags);
	}
	for (i = 0; i < o->source_count; i++)
		crier_feed_free(feeds[i]);
	free(feeds);
	crier_buf_free(&dir);
	return rc;
}

/*
 * Builds the site again and tells the pages: the new generation once
 * the outputs are in place, or the error page instead of them.  Every
 * diagnostic also goes to standard error, as crier build prints it.
 */
static void
rebuild(struct serve_site *site, const struct serve_options *o)
{
	struct crier_diags *diags = crier_diags_new();
	int64_t start_ms = crier_log_clock_ms(), now_s;
	char *page = NULL;
	int rc;

	if (crier_cli_resolve_now(o->now_arg, "serve", &now_s) != EXIT_OK)
		now_s = (int64_t)time(NULL);
	rc = build_all(site, o, now_s, diags);
	crier_diags_sort(diags);
	crier_log_diags(diags);
	pthread_mutex_lock(&site->lock);
	site->generation++;
	if (rc != CRIER_OK)
		page = error_page(diags, site->generation);
	free(site->error_page);
	site->error_page = page;
	pthread_mutex_unlock(&site->lock);
	if (rc == CRIER_OK)
		fprintf(stderr, "crier serve: built in %lld ms\n",
		        (long long)(crier_log_clock_ms() - start_ms));
	else
		fprintf(stderr, "crier serve: the records have errors; the "
		        "preview shows them until they are fixed\n");
	crier_diags_free(diags);
}

#define WATCH_MASK (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | \
	IN_MOVED_TO | IN_MODIFY | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

/*
 * Watches DIR and every directory below it that crier_feed_load() reads
 * (hidden ones are skipped, as it skips them).  Adding a watch twice
 * is harmless, so this runs again after each change, to catch new
 * sub-directories.
 */
static void
watch_tree(int ifd, const char *dir, int depth)
{
	struct crier_buf path = {0};
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (depth > 32 || inotify_add_watch(ifd, dir, WATCH_MASK) < 0)
		return;
	d = opendir(dir);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		path.len = 0;
		crier_buf_printf(&path, "%s/%s", dir, e->d_name);
		if (lstat(path.data, &st) == 0 && S_ISDIR(st.st_mode))
			watch_tree(ifd, path.data, depth + 1);
	}
	closedir(d);
	crier_buf_free(&path);
}

/*
 * Whether an event concerns the records: a directory, feed.conf or a
 * *.md file that is not hidden, and not an editor's swap or backup file.
 */
static int
is_record_event(const struct inotify_event *ev)
{
	size_t len = ev->len > 0 ? strlen(ev->name) : 0;

	if (len == 0 || (ev->mask & IN_ISDIR))
		return 1;
	if (ev->name[0] == '.')
		return 0;
	return strcmp(ev->name, "feed.conf") == 0 ||
	       (len > 3 && strcmp(ev->name + len - 3, ".md") == 0);
}

/* Reads what inotify has; returns whether a record changed. */
static int
read_events(int ifd)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n = read(ifd, buf, sizeof(buf));
	int is_changed = 0;
	char *p;

	for (p = buf; n > 0 && p < buf + n;
	     p += sizeof(*ev) + ev->len) {
		ev = (const struct inotify_event *)p;
		is_changed |= is_record_event(ev);
	}
	return is_changed;
}

/*
 * Waits for a record to change, then for 50 ms of quiet, since an
 * editor's save is several events.  Returns 1, or 0 once a signal came.
 */
static int
wait_for_change(int ifd, int sfd)
{
	struct pollfd fds[2] = {{ifd, POLLIN, 0}, {sfd, POLLIN, 0}};
	int is_changed = 0, timeout_ms = -1;

	for (;;) {
		fds[0].revents = fds[1].revents = 0;
		if (poll(fds, 2, timeout_ms) < 0 && errno != EINTR)
			return 0;
		if (fds[1].revents & POLLIN)
			return 0;
		if (!(fds[0].revents & POLLIN) && is_changed)
			return 1;
		if (fds[0].revents & POLLIN)
			is_changed |= read_events(ifd);
		timeout_ms = is_changed ? 50 : -1;
	}
}

/* Blocks SIGINT, SIGTERM and SIGHUP and returns a signalfd for them. */
static int
signals_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	/* Before libmicrohttpd starts its thread, which inherits the mask. */
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/* Serves SITE from LISTEN_FD until a signal; returns the exit status. */
static int
serve_loop(struct serve_site *site, const struct serve_options *o,
           int listen_fd, int sfd)
{
	struct MHD_Daemon *daemon;
	int ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK), i;

	if (ifd < 0) {
		fprintf(stderr, "crier serve: inotify: %s\n", strerror(errno));
		close(listen_fd);
		return EXIT_IO;
	}
	for (i = 0; i < o->source_count; i++)
		watch_tree(ifd, o->sources[i], 0);
	rebuild(site, o);
	if (crier_lazy_load(&crier_mhd_lib) != 0) {
		fprintf(stderr, "crier serve: cannot load %s: %s\n",
		        crier_mhd_lib.soname, crier_mhd_lib.why);
		close(listen_fd);
		close(ifd);
		return EXIT_IO;
	}
	daemon = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL,
	                          crier_serve_answer, site,
	                          MHD_OPTION_LISTEN_SOCKET, listen_fd,
	                          MHD_OPTION_END);
	if (daemon == NULL) {
		fputs("crier serve: the HTTP server did not start\n", stderr);
		close(listen_fd);
		close(ifd);
		return EXIT_IO;
	}
	while (wait_for_change(ifd, sfd)) {
		for (i = 0; i < o->source_count; i++)
			watch_tree(ifd, o->sources[i], 0);
		rebuild(site, o);
	}
	MHD_stop_daemon(daemon);
	close(ifd);
	return EXIT_OK;
}

int
crier_cli_serve(int argc, char **argv)
{
	struct serve_options o = {"127.0.0.1", 8080, NULL, 0, NULL};
	struct serve_site site = {0};
	int listen_fd, sfd, rc;
	int64_t now_s;
	long port;

	rc = parse_options(argc, argv, &o);
	if (rc != EXIT_OK)
		return rc < 0 ? EXIT_OK : rc;
	rc = crier_cli_resolve_now(o.now_arg, "serve", &now_s);
	if (rc != EXIT_OK)
		return rc;
	listen_fd = open_listener(o.bind, o.port, &port);
	if (listen_fd < 0 && errno == EINVAL)
		return crier_cli_usage_error("serve", "--bind: '%s' is not an "
		                             "IPv4 or IPv6 address", o.bind);
	if (listen_fd < 0) {
		fprintf(stderr, "crier serve: cannot listen on %s port %ld: "
		        "%s\n", o.bind, o.port, strerror(errno));
		return EXIT_IO;
	}
	sfd = signals_open();
	if (sfd < 0 || site_open(&site, &o) != 0) {
		close(listen_fd);
		site_close(&site);
		return EXIT_IO;
	}
	printf("crier serve: http://%s%s%s:%ld/ (Ctrl-C stops)\n",
	       strchr(o.bind, ':') ? "[" : "", o.bind,
	       strchr(o.bind, ':') ? "]" : "", port);
	fflush(stdout);
	rc = serve_loop(&site, &o, listen_fd, sfd);
	close(sfd);
	site_close(&site);
	return rc;
}
