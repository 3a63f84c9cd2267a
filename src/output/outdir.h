/*
 * outdir.h - the directory side of output.h: staging directories, the
 * swap of a whole set, and the removal of what killed runs left.
 * Shared by output.c and outdir.c only.
 */
#ifndef CRIER_OUTDIR_H
#define CRIER_OUTDIR_H

#include <sys/stat.h>

#include "output.h"

/* A random name's length: mkdtemp's six characters. */
#define CRIER_RANDOM_CHARS 6

struct crier_outdir {
	char *dir;             /* as the caller named it, for messages */
	int live_fd;           /* the output directory */
	struct stat live_st;
	int parent_fd;         /* whole-set mode: live's parent, else -1 */
	char *live_name;       /* whole-set mode: live's name in parent */
	int stage_fd;          /* the staging directory, flock()ed */
	char *stage_name;      /* its name in parent_fd, or in live_fd */
};

/* The staging directory's parent: the parent in whole-set mode. */
int crier_outdir_stage_parent(const struct crier_outdir *d);

/*
 * Whole-set mode: links the rest of the output directory into the
 * staging directory and swaps the two.  Returns 1 when swapped, 0 when
 * the file system cannot do it (the caller falls back to renaming file
 * by file), or -1 with an error in DIAGS after the swap (syncing the
 * parent failed).
 */
int crier_outdir_swap(struct crier_outdir *d, struct crier_diags *diags);

/* Removes the directory NAME in DIR_FD and all below it; never follows. */
void crier_remove_tree(int dir_fd, const char *name);

#endif /* CRIER_OUTDIR_H */
