/*
 * build.c - every output of a feed, all in place or none.
 *
 * Each writer's bytes go to a temporary file and, at the same time,
 * through a pipe to a checker on another thread that parses them back;
 * only outputs that pass are renamed into place, and only when all pass.
 */
#define _GNU_SOURCE   /* fopencookie */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#include <libxml/parser.h>

#include "atom.h"
#include "diag.h"
#include "html.h"
#include "ics.h"
#include "json.h"
#include "output.h"
#include "pipe.h"
#include "rss.h"
#include "selfcheck.h"
#include "transport.h"

/* One writer per output kind; Outputs in feed.conf picks which run. */
static const struct writer {
	const char *file;
	int (*write)(const struct crier_feed *, FILE *, struct crier_diags *);
	crier_check_new_fn *check_new;
} writers[CRIER_OUT_COUNT] = {
	[CRIER_OUT_ATOM] = {CRIER_ATOM_FILE, crier_write_atom,
	                    crier_check_atom_new},
	[CRIER_OUT_ICS] = {CRIER_ICS_FILE, crier_write_ics,
	                   crier_check_ics_new},
	[CRIER_OUT_HTML] = {CRIER_HTML_FILE, crier_write_html,
	                    crier_check_html_new},
	[CRIER_OUT_RSS] = {CRIER_RSS_FILE, crier_write_rss,
	                   crier_check_rss_new},
	[CRIER_OUT_JSON] = {CRIER_JSON_FILE, crier_write_json,
	                    crier_check_json_new},
};

#define WRITER_COUNT CRIER_OUT_COUNT

/* A stream that writes to the output file and into the checker's pipe. */
struct tee {
	struct crier_output *out;
	struct crier_pipe *pipe;
};

static ssize_t
tee_write(void *cookie, const char *data, size_t len)
{
	struct tee *t = cookie;

	if (crier_output_write(t->out, data, len) != 0)
		return -1;
	crier_pipe_write(t->pipe, data, len);
	return (ssize_t)len;
}

/* Writes one output to its temporary file, checking it on the way. */
static int
build_one(const struct writer *wr, const struct crier_feed *feed,
          const char *out_dir, struct crier_diags *diags,
          struct crier_output **out)
{
	cookie_io_functions_t io = {NULL, tee_write, NULL, NULL};
	struct crier_check *check;
	struct tee tee;
	FILE *stream;
	int rc, check_rc;

	if (crier_output_open(out_dir, wr->file, diags, out) != 0)
		return CRIER_EIO;
	check = wr->check_new(feed, crier_output_path(*out));
	tee.out = *out;
	tee.pipe = crier_pipe_start(crier_check_consume, check);
	stream = fopencookie(&tee, "w", io);
	if (stream == NULL) {
		fputs("crier: out of memory (fopencookie)\n", stderr);
		abort();
	}
	setvbuf(stream, NULL, _IOFBF, 64 * 1024);
	rc = wr->write(feed, stream, diags);
	fclose(stream);
	crier_pipe_close(tee.pipe);
	check_rc = check->finish(check, diags);
	/* A write error is kept by the output and reported here. */
	if (crier_output_finish(*out, diags) != 0)
		rc = CRIER_EIO;
	else if (rc == CRIER_EIO)
		crier_diag(diags, crier_output_path(*out), 0, 0,
		           MSG_WRITE_FAILED, "the XML writer failed");
	if (rc == CRIER_OK && check_rc != 0)
		rc = CRIER_EBUG;
	return rc;
}

int
crier_build(const struct crier_feed *feed, const char *out_dir,
            struct crier_diags *diags)
{
	struct crier_output *outs[WRITER_COUNT] = {0};
	size_t i;
	int rc = CRIER_OK;

	for (i = 0; i < WRITER_COUNT && rc == CRIER_OK; i++)
		if ((feed->outputs & 1u << i) && writers[i].write != NULL)
			rc = build_one(&writers[i], feed, out_dir, diags,
			               &outs[i]);
	for (i = 0; i < WRITER_COUNT; i++) {
		if (outs[i] == NULL)
			continue;
		if (rc != CRIER_OK)
			crier_output_abort(outs[i]);
		else if (crier_output_commit(outs[i], diags) != 0)
			rc = CRIER_EIO;
	}
	return rc;
}

const char *
crier_output_file(enum crier_output_kind kind)
{
	return writers[kind].write != NULL ? writers[kind].file : NULL;
}

void
crier_cleanup(void)
{
	xmlCleanupParser();
	crier_transport_cleanup();
}
