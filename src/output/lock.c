/*
 * lock.c - one run at a time per output directory (see lock.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "diag.h"
#include "lock.h"
#include "output.h"
#include "times.h"

/* How often a waiting run tries again. */
#define POLL_MS 50L
/*
 * A holder writes who it is just after taking the lock; a run that
 * finds the lock taken but the text stale (or empty) looks again this
 * many times, POLL_MS apart, before it says it does not know who.
 */
#define HOLDER_TRIES 10

struct crier_locks {
	size_t count;
	int *fds;         /* per directory: the lock file, or -1 */
	size_t *owner;    /* the index whose fd it is: itself, or an alias */
};

static long
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
host_name(char *host, size_t size)
{
	if (gethostname(host, size) != 0 || host[0] == '\0')
		snprintf(host, size, "localhost");
	host[size - 1] = '\0';
}

/* Says who holds the lock now; a failure to say only costs the hint. */
static void
write_holder(int fd, int64_t started_s)
{
	char host[256], line[400];
	int len;

	host_name(host, sizeof(host));
	len = snprintf(line, sizeof(line), "%ld %s %" PRId64 "\n",
	               (long)getpid(), host, started_s);
	if (ftruncate(fd, 0) == 0 && pwrite(fd, line, (size_t)len, 0) != len &&
	    ftruncate(fd, 0) != 0)
		return;   /* the lock is held all the same */
}

bool
crier_lock_holder_parse(const char *text, size_t len,
                        struct crier_lock_holder *h)
{
	char buf[400], since[CRIER_RFC3339_SIZE];
	long long started_s;

	if (len == 0 || len >= sizeof(buf) || text[len - 1] != '\n' ||
	    memchr(text, '\0', len) != NULL)
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (sscanf(buf, "%ld %255s %lld", &h->pid, h->host, &started_s) != 3 ||
	    h->pid <= 0)
		return false;
	crier_time_rfc3339((struct crier_time){(int64_t)started_s, 0}, since);
	snprintf(h->shown, sizeof(h->shown), "pid %ld on %s, since %s", h->pid,
	         h->host, since);
	return true;
}

/*
 * Reads who holds the lock into OUT, as "pid N on HOST, since TIME".
 * Returns false when the text is missing, torn or left by a process of
 * this host that no longer exists: the holder has not written it yet.
 */
static bool
read_holder(int fd, char *out, size_t size)
{
	struct crier_lock_holder h;
	char buf[400], me[256];
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0 || !crier_lock_holder_parse(buf, (size_t)n, &h))
		return false;
	host_name(me, sizeof(me));
	if (strcmp(h.host, me) == 0 && kill((pid_t)h.pid, 0) != 0 &&
	    errno == ESRCH)
		return false;
	snprintf(out, size, "%s", h.shown);
	return true;
}

/*
 * Takes one lock, waiting until deadline_ms at most.  Returns the file
 * descriptor, or -1 with the reason in DIAGS and *status set.
 */
static int
take_one(const char *dir, const char *source, long wait_ms, long deadline_ms,
         int64_t started_s, struct crier_diags *diags, int *status)
{
	char *path = crier_xmalloc(strlen(dir) + sizeof(CRIER_LOCK_FILE) + 1);
	char holder[400], waited[64] = "";
	int fd, tries = 0;

	sprintf(path, "%s/%s", dir, CRIER_LOCK_FILE);
	fd = crier_make_dirs(dir) != 0 ? -1 :
	     open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		crier_diag(diags, source, 0, 0, MSG_LOCK_FAILED, path,
		           strerror(errno));
		*status = CRIER_EIO;
		free(path);
		return -1;
	}
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			write_holder(fd, started_s);
			free(path);
			return fd;
		}
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			crier_diag(diags, source, 0, 0, MSG_LOCK_FAILED, path,
			           strerror(errno));
			*status = CRIER_EIO;
			break;
		}
		if (monotonic_ms() >= deadline_ms &&
		    (read_holder(fd, holder, sizeof(holder)) ||
		    ++tries > HOLDER_TRIES)) {
			if (tries > HOLDER_TRIES)
				snprintf(holder, sizeof(holder), "which has "
				         "not said who it is");
			if (wait_ms > 0)
				snprintf(waited, sizeof(waited), "; waited "
				         "%ld s", wait_ms / 1000);
			crier_diag(diags, source, 0, 0, MSG_LOCK_BUSY, holder,
			           path, waited);
			*status = CRIER_EBUSY;
			break;
		}
		sleep_ms(POLL_MS);
	}
	close(fd);
	free(path);
	return -1;
}

struct dir_ref {
	const char *dir;
	size_t i;
};

static int
compare_dirs(const void *a, const void *b)
{
	const struct dir_ref *x = a, *y = b;
	int c = strcmp(x->dir, y->dir);

	return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

int
crier_locks_take(size_t count, const char *const *dirs,
                 const char *const *sources, long wait_ms,
                 int64_t started_s, struct crier_diags *diags,
                 struct crier_locks **locks_out)
{
	struct crier_locks *l = crier_xcalloc(1, sizeof(*l));
	struct dir_ref *order = crier_xcalloc(count + 1, sizeof(*order));
	long deadline_ms = monotonic_ms() + (wait_ms > 0 ? wait_ms : 0);
	int rc = CRIER_OK, status;
	size_t k, i;

	l->count = count;
	l->fds = crier_xcalloc(count + 1, sizeof(*l->fds));
	l->owner = crier_xcalloc(count + 1, sizeof(*l->owner));
	for (i = 0; i < count; i++)
		order[i] = (struct dir_ref){dirs[i], i};
	qsort(order, count, sizeof(*order), compare_dirs);
	for (k = 0; k < count; k++) {
		i = order[k].i;
		l->owner[i] = i;
		/* A second open of the same file would wait on ourselves. */
		if (k > 0 && strcmp(order[k - 1].dir, order[k].dir) == 0) {
			l->owner[i] = l->owner[order[k - 1].i];
			l->fds[i] = l->fds[l->owner[i]];
			continue;
		}
		status = CRIER_OK;
		l->fds[i] = take_one(dirs[i], sources[i], wait_ms, deadline_ms,
		                     started_s, diags, &status);
		/* Busy is the mildest failure: a run is doing the work. */
		if (status != CRIER_OK && (rc == CRIER_OK || rc == CRIER_EBUSY))
			rc = status;
	}
	free(order);
	*locks_out = l;
	return rc;
}

bool
crier_locks_holds(const struct crier_locks *locks, size_t i)
{
	return i < locks->count && locks->fds[i] >= 0;
}

void
crier_locks_release(struct crier_locks *locks)
{
	size_t i;

	if (locks == NULL)
		return;
	for (i = 0; i < locks->count; i++) {
		if (locks->owner[i] != i || locks->fds[i] < 0)
			continue;
		/* An empty file: nobody holds it, and nobody is named. */
		if (ftruncate(locks->fds[i], 0) != 0) {
			/* Harmless: the text is never believed unlocked. */
		}
		close(locks->fds[i]);
	}
	free(locks->fds);
	free(locks->owner);
	free(locks);
}
