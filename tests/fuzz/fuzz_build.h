/*
 * fuzz_build.h - what the build targets share: two feed sources in a
 * temporary directory (plain, and HTML allowed), one record file written
 * into one of them, and a load and build of it with every output.
 * crier refusing the record is fine; a self-check failing (CRIER_EBUG,
 * exit 4 "internal error") or a crash is a finding.
 */
#ifndef FUZZ_BUILD_H
#define FUZZ_BUILD_H

#define _XOPEN_SOURCE 700
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crier.h"

static const char conf[] =
	"Title: Fuzz\n"
	"Id: tag:example.org,2017:fuzz\n"
	"Link: https://example.org/\n"
	"Base: https://example.org/feeds/fuzz/\n"
	"Author: Crier Fuzz\n"
	"Timezone: Europe/Brussels\n";

static char root[64];

static void
write_file(const char *path, const char *head, const uint8_t *data,
           size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fputs(head, f) < 0 ||
	    (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* Leaves no temporary files behind when libFuzzer exits. */
static void
remove_sources(void)
{
	nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Two sources in one temporary directory: plain, and HTML allowed. */
static void
make_sources(void)
{
	char path[128];
	int html;

	snprintf(root, sizeof(root), "%s", access("/dev/shm", W_OK) == 0 ?
	         "/dev/shm/crier-fuzz-md.XXXXXX" : "/tmp/crier-fuzz-md.XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		abort();
	}
	atexit(remove_sources);
	for (html = 0; html < 2; html++) {
		snprintf(path, sizeof(path), "%s/src%d", root, html);
		if (mkdir(path, 0700) != 0) {
			perror(path);
			abort();
		}
		snprintf(path, sizeof(path), "%s/src%d/feed.conf", root, html);
		write_file(path, conf, (const uint8_t *)(html ?
		           "Allow-HTML: yes\n" : ""), html ? 16 : 0);
	}
}

static void
show_and_abort(struct crier_diags *diags)
{
	size_t i;

	for (i = 0; i < crier_diags_count(diags); i++)
		fprintf(stderr, "%s:%u:%u: %s\n", crier_diags_get(diags, i)->file,
		        crier_diags_get(diags, i)->line,
		        crier_diags_get(diags, i)->column,
		        crier_diags_get(diags, i)->message);
	abort();
}

/*
 * Writes HEAD then DATA as a record into source HTML (0 or 1), loads the
 * source at a fixed time late enough that every record written by hand
 * is published (2100-01-01), builds it, and aborts on a self-check
 * failure.
 */
static void
build_record(const char *head, const uint8_t *data, size_t size, int html)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_feed *feed = NULL;
	char source[128], record[160], out[128];

	if (root[0] == '\0')
		make_sources();
	snprintf(source, sizeof(source), "%s/src%d", root, html);
	snprintf(record, sizeof(record), "%s/record.md", source);
	snprintf(out, sizeof(out), "%s/out", root);
	write_file(record, head, data, size);
	if (crier_feed_load(source, 4102444800, diags, &feed) == CRIER_OK &&
	    crier_build(feed, out, diags) == CRIER_EBUG)
		show_and_abort(diags);
	crier_feed_free(feed);
	crier_diags_free(diags);
}

#endif /* FUZZ_BUILD_H */
