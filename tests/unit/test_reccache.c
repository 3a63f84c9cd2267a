/*
 * test_reccache.c - what a build keeps of the records it read
 * (reccache.c): found again only with the same stat data, from the same
 * crier and feed.conf, and only as far as the file is whole.
 */
#define _GNU_SOURCE
#include "test_common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reccache.h"

#define BUILD "crier test"
#define CONF 0x1234

struct dir {
	char path[64];
	char file[96];
};

static int
setup(void **state)
{
	struct dir *d = calloc(1, sizeof(*d));

	strcpy(d->path, "/tmp/crier-reccache.XXXXXX");
	assert_non_null(mkdtemp(d->path));
	snprintf(d->file, sizeof(d->file), "%s/.crier-records", d->path);
	*state = d;
	return 0;
}

static int
teardown(void **state)
{
	struct dir *d = *state;

	unlink(d->file);
	rmdir(d->path);
	free(d);
	return 0;
}

static struct crier_file_key
key_of(uint64_t ino)
{
	struct crier_file_key k = {0};

	k.ino = ino;
	k.size = 100 + ino;
	k.mtime_ns = 1000 * (int64_t)ino;
	k.ctime_ns = 2000 * (int64_t)ino;
	return k;
}

static const char *const names[] = {"a.md", "b/c.md", "b/d.md", "e.md"};
#define NAME_COUNT (sizeof(names) / sizeof(*names))

/* A cache of NAMES, the first two from one loading thread, the rest from
 * the other, as two threads share them. */
static void
write_cache(const char *dir)
{
	struct crier_reccache *c = crier_reccache_open(dir, BUILD, CONF, 2);
	struct crier_reccache_cursor cur[2];
	struct crier_cached_record r;
	struct crier_file_key k;
	char header[64];
	size_t i;

	crier_reccache_cursor_start(&cur[0], c, 0);
	crier_reccache_cursor_start(&cur[1], c, 1);
	for (i = 0; i < NAME_COUNT; i++) {
		snprintf(header, sizeof(header), "Title: %s\n\n", names[i]);
		r = (struct crier_cached_record){header, strlen(header),
		    (uint32_t)(10 + i), (unsigned)(3 + i), 77 + i};
		k = key_of(i + 1);
		crier_reccache_add(&cur[i < 2 ? 0 : 1], names[i], &k, &r);
	}
	crier_reccache_cursor_end(&cur[0]);
	crier_reccache_cursor_end(&cur[1]);
	crier_reccache_commit(c);
	crier_reccache_close(c);
}

/* How many of NAMES a walk through DIR's cache finds, with their keys. */
static size_t
found(const char *dir, const char *build, uint64_t conf, uint64_t changed)
{
	struct crier_reccache *c = crier_reccache_open(dir, build, conf, 1);
	struct crier_reccache_cursor cur;
	struct crier_cached_record r;
	struct crier_file_key k;
	char header[64];
	size_t i, n = 0;

	crier_reccache_cursor_start(&cur, c, 0);
	for (i = 0; i < NAME_COUNT; i++) {
		k = key_of(i + 1);
		if (i + 1 == changed)
			k.ctime_ns++;
		if (!crier_reccache_find(&cur, names[i], &k, &r))
			continue;
		snprintf(header, sizeof(header), "Title: %s\n\n", names[i]);
		assert_int_equal(r.header_len, strlen(header));
		assert_memory_equal(r.header, header, r.header_len);
		assert_int_equal(r.body_size, 10 + i);
		assert_int_equal(r.body_line, 3 + i);
		assert_int_equal(r.body_hash, 77 + i);
		n++;
	}
	crier_reccache_cursor_end(&cur);
	crier_reccache_close(c);
	return n;
}

static void
finds_every_record_the_threads_kept(void **state)
{
	struct dir *d = *state;

	write_cache(d->path);
	assert_int_equal(found(d->path, BUILD, CONF, 0), NAME_COUNT);
}

static void
misses_a_record_whose_stat_data_changed(void **state)
{
	struct dir *d = *state;

	write_cache(d->path);
	assert_int_equal(found(d->path, BUILD, CONF, 2), NAME_COUNT - 1);
}

static void
ignores_another_crier_or_feed_conf(void **state)
{
	struct dir *d = *state;

	write_cache(d->path);
	assert_int_equal(found(d->path, "another crier", CONF, 0), 0);
	assert_int_equal(found(d->path, BUILD, CONF + 1, 0), 0);
}

/* Changes a byte of the first NEEDLE in FILE. */
static void
damage(const char *file, const char *needle)
{
	char buf[4096], *at;
	int fd = open(file, O_RDWR);
	ssize_t n;

	assert_true(fd >= 0);
	n = pread(fd, buf, sizeof(buf), 0);
	assert_true(n > 0);
	at = memmem(buf, (size_t)n, needle, strlen(needle));
	assert_non_null(at);
	*at ^= 1;
	assert_int_equal(pwrite(fd, buf, (size_t)n, 0), n);
	close(fd);
}

/* A file cut short, or with a damaged header, serves what is whole. */
static void
reads_as_far_as_whole(void **state)
{
	struct dir *d = *state;
	struct stat st;

	write_cache(d->path);
	assert_int_equal(stat(d->file, &st), 0);
	assert_int_equal(truncate(d->file, st.st_size - 1), 0);
	assert_int_equal(found(d->path, BUILD, CONF, 0), NAME_COUNT - 1);
	write_cache(d->path);
	damage(d->file, "Title: a.md");
	assert_int_equal(found(d->path, BUILD, CONF, 0), NAME_COUNT - 1);
}

/* A cache that was never committed leaves the last one in place. */
static void
keeps_the_last_until_committed(void **state)
{
	struct dir *d = *state;
	struct crier_reccache *c;
	struct crier_reccache_cursor cur;

	write_cache(d->path);
	c = crier_reccache_open(d->path, BUILD, CONF, 1);
	crier_reccache_cursor_start(&cur, c, 0);
	crier_reccache_cursor_end(&cur);
	crier_reccache_close(c);
	assert_int_equal(found(d->path, BUILD, CONF, 0), NAME_COUNT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    finds_every_record_the_threads_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    misses_a_record_whose_stat_data_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    ignores_another_crier_or_feed_conf, setup, teardown),
		cmocka_unit_test_setup_teardown(reads_as_far_as_whole, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(
		    keeps_the_last_until_committed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
