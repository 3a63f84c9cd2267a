/*
 * build.c - every output of a feed, all in place or none.
 */
#include <libxml/parser.h>

#include "atom.h"
#include "diag.h"
#include "output.h"
#include "selfcheck.h"

static const struct writer {
	const char *file;
	int (*write)(const struct crier_feed *, FILE *, struct crier_diags *);
	int (*check)(const char *, const struct crier_feed *,
	             struct crier_diags *);
} writers[] = {
	{CRIER_ATOM_FILE, crier_write_atom, crier_selfcheck_atom},
};

#define WRITER_COUNT (sizeof(writers) / sizeof(writers[0]))

/* Writes one output to its temporary file and checks it. */
static int
build_one(const struct writer *wr, const struct crier_feed *feed,
          const char *out_dir, struct crier_diags *diags,
          struct crier_output **out)
{
	int rc;

	if (crier_output_open(out_dir, wr->file, diags, out) != 0)
		return CRIER_EIO;
	rc = wr->write(feed, crier_output_stream(*out), diags);
	if (rc == CRIER_EIO)
		crier_diag(diags, crier_output_path(*out), 0, 0,
		           MSG_WRITE_FAILED, "the XML writer failed");
	if (rc == CRIER_OK && crier_output_finish(*out, diags) != 0)
		rc = CRIER_EIO;
	if (rc == CRIER_OK && wr->check(crier_output_temp_path(*out), feed,
	    diags) != 0)
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
		rc = build_one(&writers[i], feed, out_dir, diags, &outs[i]);
	for (i = 0; i < WRITER_COUNT; i++) {
		if (rc != CRIER_OK)
			crier_output_abort(outs[i]);
		else if (crier_output_commit(outs[i], diags) != 0)
			rc = CRIER_EIO;
	}
	return rc;
}

void
crier_cleanup(void)
{
	xmlCleanupParser();
}
