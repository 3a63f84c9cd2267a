/*
 * test_lock.c - one run at a time: the flock on DIR/.crier.lock.
 *
 * Two crier_locks_take() calls in one process open the lock file twice,
 * and flock(2) locks belong to the open file, so the second call meets
 * the first exactly as a second run would.
 */
#include "test_common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lock.h"

struct fixture {
	char dir[64];          /* a temporary DIR; the lock is DIR/out */
	char out[96];
	char lock_file[128];
	struct crier_diags *diags;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/crier-test-lock-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->out, sizeof(f->out), "%s/out/xen", f->dir);
	snprintf(f->lock_file, sizeof(f->lock_file), "%s/%s", f->out,
	         CRIER_LOCK_FILE);
	f->diags = crier_diags_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[160];

	unlink(f->lock_file);
	rmdir(f->out);
	snprintf(path, sizeof(path), "%s/out", f->dir);
	rmdir(path);
	rmdir(f->dir);
	crier_diags_free(f->diags);
	free(f);
	return 0;
}

static char *
read_text(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static int
take(struct fixture *f, long wait_ms, struct crier_locks **locks)
{
	const char *dirs[] = {f->out}, *sources[] = {"feeds/xen"};

	return crier_locks_take(1, dirs, sources, wait_ms, 1486198800,
	                        f->diags, locks);
}

/*
 * The first run takes the lock (creating its directory) and names
 * itself; a second is refused with one error naming the first; after
 * the release the file is empty and the lock free again.
 */
static void
test_second_run_refused(void **state)
{
	struct fixture *f = *state;
	struct crier_locks *first, *second;
	char text[600], expected[600], host[256];
	const struct crier_diag *d;

	assert_int_equal(take(f, 0, &first), CRIER_OK);
	assert_true(crier_locks_holds(first, 0));
	gethostname(host, sizeof(host));
	snprintf(expected, sizeof(expected), "%ld %s 1486198800\n",
	         (long)getpid(), host);
	assert_string_equal(read_text(f->lock_file, text, sizeof(text)),
	                    expected);

	assert_int_equal(take(f, 0, &second), CRIER_EBUSY);
	assert_false(crier_locks_holds(second, 0));
	assert_int_equal(crier_diags_count(f->diags), 1);
	d = crier_diags_get(f->diags, 0);
	assert_string_equal(d->file, "feeds/xen");
	assert_int_equal(d->severity, CRIER_ERROR);
	snprintf(expected, sizeof(expected), "skipped: another crier run (pid "
	         "%ld on %s, since 2017-02-04T09:00:00Z) holds %s",
	         (long)getpid(), host, f->lock_file);
	assert_string_equal(d->message, expected);
	crier_locks_release(second);

	crier_locks_release(first);
	assert_string_equal(read_text(f->lock_file, text, sizeof(text)), "");
	assert_int_equal(take(f, 0, &second), CRIER_OK);
	crier_locks_release(second);
}

/* --wait: a held lock is waited for, then given up, and that is said. */
static void
test_wait_gives_up(void **state)
{
	struct fixture *f = *state;
	struct crier_locks *first, *second;

	assert_int_equal(take(f, 0, &first), CRIER_OK);
	assert_int_equal(take(f, 200, &second), CRIER_EBUSY);
	assert_non_null(strstr(crier_diags_get(f->diags, 0)->message,
	                       "; waited 0 s"));
	crier_locks_release(second);
	crier_locks_release(first);
}

/*
 * The text a killed run left is never believed: with the lock held by a
 * process that has not written its line, the file names a dead process,
 * and the message names nobody.
 */
static void
test_stale_text_not_believed(void **state)
{
	struct fixture *f = *state;
	struct crier_locks *first, *second;
	char host[256];
	FILE *fp;

	assert_int_equal(take(f, 0, &first), CRIER_OK);
	gethostname(host, sizeof(host));
	fp = fopen(f->lock_file, "w");
	assert_non_null(fp);
	/* Pid 1 is init; a pid past the kernel's limit is nobody. */
	fprintf(fp, "%d %s 1\n", 1 << 30, host);
	fclose(fp);
	assert_int_equal(take(f, 0, &second), CRIER_EBUSY);
	assert_non_null(strstr(crier_diags_get(f->diags, 0)->message,
	                       "(which has not said who it is)"));
	crier_locks_release(second);
	crier_locks_release(first);
}

/* The same directory twice in one run is locked once, not refused. */
static void
test_same_dir_twice(void **state)
{
	struct fixture *f = *state;
	const char *dirs[] = {f->out, f->out};
	const char *sources[] = {"feeds/xen", "feeds/xen/"};
	struct crier_locks *locks;

	assert_int_equal(crier_locks_take(2, dirs, sources, 0, 0, f->diags,
	                                  &locks), CRIER_OK);
	assert_true(crier_locks_holds(locks, 0));
	assert_true(crier_locks_holds(locks, 1));
	assert_int_equal(crier_diags_count(f->diags), 0);
	crier_locks_release(locks);
}

/* A lock file that cannot be made is an error naming it. */
static void
test_cannot_lock(void **state)
{
	struct fixture *f = *state;
	const char *dirs[] = {"/proc/crier-no-such-dir"};
	const char *sources[] = {"feeds/xen"};
	struct crier_locks *locks;

	assert_int_equal(crier_locks_take(1, dirs, sources, 0, 0, f->diags,
	                                  &locks), CRIER_EIO);
	assert_false(crier_locks_holds(locks, 0));
	assert_non_null(strstr(crier_diags_get(f->diags, 0)->message,
	                       "cannot lock /proc/crier-no-such-dir/.crier.lock"));
	crier_locks_release(locks);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_second_run_refused),
		T(test_wait_gives_up),
		T(test_stale_text_not_believed),
		T(test_same_dir_twice),
		T(test_cannot_lock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
