/*
 * selfcheck.h - reading back what a writer wrote, before it is put in
 * place.  A failure here is a bug in crier, reported with the entry it
 * concerns, never a silently broken feed.
 *
 * Every output format has a checker.  It is fed the output's bytes as
 * they are written (see pipe.h, on another thread) and gives its verdict
 * at the end.
 */
#ifndef CRIER_SELFCHECK_H
#define CRIER_SELFCHECK_H

#include <stddef.h>

#include "model.h"

/* A checker; each format's embeds this as its first member. */
struct crier_check {
	/* Takes the next LEN bytes of the output. */
	void (*push)(struct crier_check *check, const char *data, size_t len);
	/*
	 * Ends the output and judges it.  Returns 0, or -1 with an
	 * MSG_SELF_CHECK error in DIAGS.  Frees CHECK.
	 */
	int (*finish)(struct crier_check *check, struct crier_diags *diags);
};

/* A format's checker for the output of FEED that will be written to PATH. */
typedef struct crier_check *crier_check_new_fn(const struct crier_feed *feed,
                                                const char *path);

/*
 * Atom: well-formed UTF-8 XML with no character XML forbids, the root an
 * Atom feed with id, title and updated, holding exactly the entries of
 * FEED in order, each with id, title and updated.
 */
crier_check_new_fn crier_check_atom_new;

/* For pipe.h: hands bytes to CHECK's push. */
void crier_check_consume(void *check, const char *data, size_t len);

#endif /* CRIER_SELFCHECK_H */
