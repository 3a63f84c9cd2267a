/*
 * skeleton.h - a new feed source that builds at once (crier new).
 */
#ifndef CRIER_SKELETON_H
#define CRIER_SKELETON_H

#include <stdint.h>

#include "crier.h"

/* What crier new is told; NULL takes the default in crier(1). */
struct crier_skeleton_options {
	const char *dir;       /* the source directory to create */
	const char *title;     /* the feed's Title; default: DIR's name */
	const char *link;      /* its Link; default: https://example.org/ */
	const char *author;    /* its Author; default: a placeholder */
	const char *timezone;  /* its Timezone; default: UTC */
	int64_t now_s;         /* Published of the announcement; the talk is a
	                          week later */
};

/*
 * Writes into OPTIONS->dir, which must not exist or be empty, a commented
 * feed.conf, one announcement and one talk that belongs to it, then loads
 * them as crier check would.  Nothing is ever overwritten: a DIR that
 * holds anything is refused, and each file is created only if it does
 * not exist.  Returns CRIER_OK; CRIER_EINPUT if DIR is not empty or an
 * option makes the source invalid, CRIER_EIO if a file could not be
 * written: then whatever this call created is removed again.
 */
int crier_skeleton_write(const struct crier_skeleton_options *options,
                         struct crier_diags *diags);

/* The files crier_skeleton_write() creates, below DIR, ended by NULL. */
extern const char *const crier_skeleton_files[];

#endif /* CRIER_SKELETON_H */
