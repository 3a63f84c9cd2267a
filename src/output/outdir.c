/*
 * outdir.c - staging directories, the swap of a whole set, and the
 * removal of what killed runs left (output.h).
 *
 * Everything below the output directory is reached through directory
 * descriptors with O_NOFOLLOW, so a symlink planted there is removed or
 * replaced, never followed.
 */
#define _GNU_SOURCE   /* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "diag.h"
#include "lock.h"
#include "outdir.h"

#define STAGE_MARK ".crier-"
/* Deeper trees are left alone: each level holds a descriptor. */
#define MAX_DEPTH 32

static const char random_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* CRIER_RANDOM_CHARS unpredictable characters at OUT. */
static void
random_chars(char *out)
{
	unsigned char bytes[CRIER_RANDOM_CHARS];
	struct timespec ts;
	size_t i;

	if (getrandom(bytes, sizeof(bytes), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(bytes)) {
		/* Early boot: guessable, but O_EXCL still refuses a plant. */
		clock_gettime(CLOCK_REALTIME, &ts);
		for (i = 0; i < sizeof(bytes); i++)
			bytes[i] = (unsigned char)(ts.tv_nsec >> (i * 5) ^
			                           getpid() >> i);
	}
	for (i = 0; i < sizeof(bytes); i++)
		out[i] = random_alphabet[bytes[i] % (sizeof(random_alphabet) - 1)];
}

/* Whether NAME is PREFIX followed by exactly a random part. */
static int
is_random_name(const char *name, const char *prefix)
{
	size_t len = strlen(prefix), i;

	if (strncmp(name, prefix, len) != 0 ||
	    strlen(name + len) != CRIER_RANDOM_CHARS)
		return 0;
	for (i = len; name[i] != '\0'; i++)
		if (strchr(random_alphabet, name[i]) == NULL)
			return 0;
	return 1;
}

/*
 * The pid in a temporary file name of crier before 2026-12,
 * ".NAME.crier-PID.tmp", or 0.  NAME may hold ".crier-" itself (the
 * ledger, ".crier-published"), so the last one counts.
 */
static long
old_temp_pid(const char *name)
{
	size_t len = strlen(name);
	const char *mark = NULL, *p;
	char *end;
	long pid;

	if (name[0] != '.' || len < 5 || strcmp(name + len - 4, ".tmp") != 0)
		return 0;
	for (p = name; (p = strstr(p, STAGE_MARK)) != NULL; p++)
		mark = p;
	if (mark == NULL || mark[strlen(STAGE_MARK)] < '0' ||
	    mark[strlen(STAGE_MARK)] > '9')
		return 0;
	pid = strtol(mark + strlen(STAGE_MARK), &end, 10);
	return end == name + len - 4 && pid > 0 ? pid : 0;
}

/*
 * Whether NAME in DIR_FD, named as a staging directory or temporary
 * file, is left by a run that is gone: its flock(2) is free.  Something
 * else under such a name (a symlink, a FIFO) was planted: also stale.
 */
static int
is_stale(int dir_fd, const char *name)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	                O_CLOEXEC), is_free;
	struct stat st;

	if (fd < 0)
		return errno != ENOENT;
	is_free = fstat(fd, &st) != 0 ||
	          !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) ||
	          flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);
	return is_free;
}

/*
 * A listing of the directory FD on a descriptor of its own, so that
 * closedir() leaves FD open for the caller; NULL if it cannot be read.
 */
static DIR *
open_listing(int fd)
{
	int list_fd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = list_fd >= 0 ? fdopendir(list_fd) : NULL;

	if (d == NULL && list_fd >= 0)
		close(list_fd);
	return d;
}

static void
remove_contents(int fd, int depth)
{
	DIR *d = open_listing(fd);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (unlinkat(fd, de->d_name, 0) != 0 && errno == EISDIR &&
		    depth < MAX_DEPTH) {
			int sub = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY |
			                 O_NOFOLLOW | O_CLOEXEC);

			if (sub < 0)
				continue;
			remove_contents(sub, depth + 1);
			close(sub);
			unlinkat(fd, de->d_name, AT_REMOVEDIR);
		}
	}
	closedir(d);
}

void
crier_remove_tree(int dir_fd, const char *name)
{
	int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	                O_CLOEXEC);

	if (fd < 0) {
		unlinkat(dir_fd, name, 0);
		return;
	}
	remove_contents(fd, 0);
	close(fd);
	unlinkat(dir_fd, name, AT_REMOVEDIR);
}

/*
 * Whether the directory NAME in DIR_FD holds another source's lock file:
 * then it is that source's output directory (its source directory was
 * named like a staging directory), not a leftover.  The staging
 * directories of a source hold no lock file, or a link to LOCK_INO, the
 * source's own.
 */
static int
is_foreign(int dir_fd, const char *name, ino_t lock_ino)
{
	char *path = crier_xmalloc(strlen(name) + sizeof(CRIER_LOCK_FILE) + 2);
	struct stat st;
	int is_other;

	sprintf(path, "%s/%s", name, CRIER_LOCK_FILE);
	is_other = fstatat(dir_fd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	           st.st_ino != lock_ino;
	free(path);
	return is_other;
}

/*
 * Removes from DIR_FD what killed runs left: staging directories named
 * PREFIX + random part whose lock is free (in a parent directory, with
 * LOCK_INO, not another source's outputs), and with IS_OUTPUT_DIR the
 * temporary files of versions before 2026-12.  Those are all stale: a
 * run of such a version takes the same lock as this one, and this
 * version never makes such names (their process id, once spared here,
 * made them predictable: a symlink planted under this run's id was
 * written through).
 */
static void
sweep(int dir_fd, const char *prefix, int is_output_dir, ino_t lock_ino)
{
	DIR *d = open_listing(dir_fd);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (is_random_name(de->d_name, prefix)) {
			if (is_stale(dir_fd, de->d_name) && (is_output_dir ||
			    !is_foreign(dir_fd, de->d_name, lock_ino)))
				crier_remove_tree(dir_fd, de->d_name);
			continue;
		}
		if (is_output_dir && old_temp_pid(de->d_name) != 0)
			unlinkat(dir_fd, de->d_name, 0);
	}
	closedir(d);
}

int
crier_make_dirs(const char *dir)
{
	char *copy = crier_xstrdup(dir), *p;
	int rc = 0;

	for (p = copy + 1; *p != '\0' && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	if (rc == 0 && mkdir(copy, 0777) != 0 && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc;
}

/*
 * Whole-set mode needs the output directory's parent: through a symlink
 * to the directory (public/news -> /srv/www/news) the real one is
 * swapped, and the symlink stays.  Sets parent_fd, or leaves it -1.
 */
static void
open_parent(struct crier_outdir *d)
{
	const char *last = strrchr(d->dir, '/');
	char *real, *slash;
	struct stat st;

	/* "DIR/." or "DIR/..": not a directory of its own to swap. */
	last = last != NULL ? last + 1 : d->dir;
	if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0 ||
	    last[0] == '\0')
		return;
	real = realpath(d->dir, NULL);
	if (real == NULL || (slash = strrchr(real, '/')) == NULL ||
	    slash[1] == '\0') {
		free(real);
		return;
	}
	d->live_name = crier_xstrdup(slash + 1);
	if (slash == real)
		slash++;
	*slash = '\0';
	d->parent_fd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(real);
	if (d->parent_fd >= 0 &&
	    fstatat(d->parent_fd, d->live_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    st.st_dev == d->live_st.st_dev && st.st_ino == d->live_st.st_ino)
		return;
	if (d->parent_fd >= 0)
		close(d->parent_fd);
	d->parent_fd = -1;
}

/*
 * Makes the staging directory PREFIX + random part in DIR_FD, mode 0700,
 * and locks it.  Returns 0, or -1 with errno set.
 */
static int
make_stage(struct crier_outdir *d, int dir_fd, const char *prefix)
{
	size_t len = strlen(prefix);
	int tries;

	free(d->stage_name);
	d->stage_name = crier_xmalloc(len + CRIER_RANDOM_CHARS + 1);
	memcpy(d->stage_name, prefix, len);
	d->stage_name[len + CRIER_RANDOM_CHARS] = '\0';
	for (tries = 0; tries < 100; tries++) {
		random_chars(d->stage_name + len);
		if (mkdirat(dir_fd, d->stage_name, 0700) != 0) {
			if (errno == EEXIST)
				continue;
			return -1;
		}
		d->stage_fd = openat(dir_fd, d->stage_name, O_RDONLY |
		                     O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (d->stage_fd >= 0 && flock(d->stage_fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (d->stage_fd >= 0)
			close(d->stage_fd);
		d->stage_fd = -1;
		unlinkat(dir_fd, d->stage_name, AT_REMOVEDIR);
	}
	errno = EEXIST;
	return -1;
}

/*
 * Removes what killed runs left in D's directory and, in whole-set mode,
 * beside it.  Returns the prefix of D's staging directories in its
 * parent (free() it), or NULL without a parent.
 */
static char *
sweep_all(struct crier_outdir *d)
{
	struct stat lock_st;
	char *prefix;

	sweep(d->live_fd, STAGE_MARK, 1, 0);
	if (d->parent_fd < 0)
		return NULL;
	prefix = crier_xmalloc(strlen(d->live_name) + sizeof(STAGE_MARK) + 1);
	sprintf(prefix, ".%s" STAGE_MARK, d->live_name);
	sweep(d->parent_fd, prefix, 0, fstatat(d->live_fd, CRIER_LOCK_FILE,
	      &lock_st, AT_SYMLINK_NOFOLLOW) == 0 ? lock_st.st_ino : 0);
	return prefix;
}

void
crier_outdir_sweep(const char *dir)
{
	struct crier_outdir *d = crier_xcalloc(1, sizeof(*d));

	d->dir = crier_xstrdup(dir);
	d->parent_fd = d->stage_fd = -1;
	d->live_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->live_fd >= 0 && fstat(d->live_fd, &d->live_st) == 0) {
		open_parent(d);
		free(sweep_all(d));
	}
	crier_outdir_abort(d);
}

int
crier_outdir_open(const char *dir, int is_whole_set,
                  struct crier_diags *diags, struct crier_outdir **out)
{
	struct crier_outdir *d = crier_xcalloc(1, sizeof(*d));
	char *prefix;
	int err;

	*out = NULL;
	d->dir = crier_xstrdup(dir);
	d->parent_fd = d->stage_fd = -1;
	if (crier_make_dirs(dir) != 0 ||
	    (d->live_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fstat(d->live_fd, &d->live_st) != 0)
		goto fail;
	if (is_whole_set)
		open_parent(d);
	prefix = sweep_all(d);
	/* A parent we cannot write to: file by file, then. */
	if (d->parent_fd >= 0 && make_stage(d, d->parent_fd, prefix) != 0) {
		close(d->parent_fd);
		d->parent_fd = -1;
	}
	free(prefix);
	if (d->parent_fd < 0 && make_stage(d, d->live_fd, STAGE_MARK) != 0)
		goto fail;
	*out = d;
	return 0;
fail:
	err = errno;
	crier_diag(diags, dir, 0, 0, MSG_WRITE_FAILED, strerror(err));
	crier_outdir_abort(d);
	return -1;
}

int
crier_outdir_stage_parent(const struct crier_outdir *d)
{
	return d->parent_fd >= 0 ? d->parent_fd : d->live_fd;
}

void
crier_outdir_abort(struct crier_outdir *d)
{
	if (d == NULL)
		return;
	if (d->stage_fd >= 0) {
		close(d->stage_fd);
		crier_remove_tree(crier_outdir_stage_parent(d), d->stage_name);
	}
	if (d->live_fd >= 0)
		close(d->live_fd);
	if (d->parent_fd >= 0)
		close(d->parent_fd);
	free(d->dir);
	free(d->live_name);
	free(d->stage_name);
	free(d);
}

/*
 * Hard links in TO to every file in FROM that TO does not have, so that
 * the new set keeps what others put beside the outputs (and the lock
 * file's inode, which runs wait on).  A subdirectory is not copied: a
 * file someone writes into it during the swap would be lost with the
 * old tree, so a directory with subdirectories is not swapped.  Returns
 * 0, or -1 with errno set.
 */
static int
link_rest(int from, int to)
{
	int list_fd = openat(from, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *dir;
	int rc = 0;

	if (list_fd < 0 || (dir = fdopendir(list_fd)) == NULL) {
		if (list_fd >= 0)
			close(list_fd);
		return -1;
	}
	/*
	 * One call a file: a name TO has already (EEXIST) is the new set's,
	 * one gone meanwhile (ENOENT) is gone; a directory cannot be linked
	 * (EPERM), whatever readdir() said of it.
	 */
	while (rc == 0 && (de = readdir(dir)) != NULL) {
		const char *n = de->d_name;

		if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 ||
		    is_random_name(n, STAGE_MARK))
			continue;
		if (de->d_type == DT_DIR)
			rc = -1;
		else if (linkat(from, n, to, n, 0) != 0 && errno != EEXIST &&
		         errno != ENOENT)
			rc = -1;
	}
	closedir(dir);
	return rc;
}

/*
 * After the swap, files someone else put into the old directory while
 * the links were being made move to the new one: nothing is lost.
 */
static void
move_latecomers(int old_fd, int new_fd)
{
	int list_fd = openat(old_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	struct stat st;
	DIR *dir;

	if (list_fd < 0 || (dir = fdopendir(list_fd)) == NULL) {
		if (list_fd >= 0)
			close(list_fd);
		return;
	}
	while ((de = readdir(dir)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    fstatat(new_fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			renameat2(old_fd, de->d_name, new_fd, de->d_name,
			          RENAME_NOREPLACE);
	closedir(dir);
}

int
crier_outdir_swap(struct crier_outdir *d, struct crier_diags *diags)
{
	const struct stat *st = &d->live_st;
	int fd;

	if (link_rest(d->live_fd, d->stage_fd) != 0 ||
	    fchmod(d->stage_fd, st->st_mode & 07777) != 0)
		return 0;
	if ((st->st_uid != geteuid() || st->st_gid != getegid()) &&
	    fchown(d->stage_fd, st->st_uid, st->st_gid) != 0) {
		/* Not ours to give: the mode still lets the server read. */
	}
	if (fsync(d->stage_fd) != 0 ||
	    renameat2(d->parent_fd, d->stage_name, d->parent_fd, d->live_name,
	              RENAME_EXCHANGE) != 0)
		return 0;
	/* The staging name now holds the old set, removed by the caller. */
	fd = d->live_fd;
	d->live_fd = d->stage_fd;
	d->stage_fd = fd;
	move_latecomers(d->stage_fd, d->live_fd);
	if (fsync(d->parent_fd) != 0) {
		crier_diag(diags, d->dir, 0, 0, MSG_WRITE_FAILED,
		           strerror(errno));
		return -1;
	}
	return 1;
}

/*
 * Whether NAME is a temporary file name of crier_temp_file_open(),
 * ".NAME.crier-XXXXXX", or of versions before 2026-12, ".NAME.crier-tmp".
 */
static int
is_temp_file_name(const char *name)
{
	size_t len = strlen(name), mark = strlen(STAGE_MARK);

	if (name[0] != '.' || len < 2 + mark + CRIER_RANDOM_CHARS)
		return 0;
	if (strcmp(name + len - mark - 3, STAGE_MARK "tmp") == 0)
		return 1;
	return is_random_name(name + len - mark - CRIER_RANDOM_CHARS,
	                      STAGE_MARK);
}

void
crier_temp_files_sweep(int dir_fd)
{
	int list_fd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (list_fd < 0 || (d = fdopendir(list_fd)) == NULL) {
		if (list_fd >= 0)
			close(list_fd);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (is_temp_file_name(de->d_name) &&
		    is_stale(dir_fd, de->d_name))
			unlinkat(dir_fd, de->d_name, 0);
	closedir(d);
}

int
crier_temp_file_open(int dir_fd, const char *name, char **temp_name)
{
	char *prefix = crier_xmalloc(strlen(name) + sizeof(STAGE_MARK) + 1);
	char *temp = crier_xmalloc(strlen(name) + sizeof(STAGE_MARK) +
	                           CRIER_RANDOM_CHARS + 1);
	int fd = -1, tries;

	sprintf(prefix, ".%s" STAGE_MARK, name);
	for (tries = 0; tries < 100 && fd < 0; tries++) {
		sprintf(temp, "%s", prefix);
		random_chars(temp + strlen(prefix));
		temp[strlen(prefix) + CRIER_RANDOM_CHARS] = '\0';
		fd = openat(dir_fd, temp, O_WRONLY | O_CREAT | O_EXCL |
		            O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	free(prefix);
	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (fd >= 0) {
			close(fd);
			unlinkat(dir_fd, temp, 0);
			errno = EAGAIN;
		}
		free(temp);
		return -1;
	}
	*temp_name = temp;
	return fd;
}
