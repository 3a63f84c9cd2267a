/*
 * publish_state.h - what was last published where, kept beside the
 * outputs (see publish.h).
 *
 * The file is text, one line per target and file:
 *
 *     crier-publish-state 1
 *     TARGET-URL <TAB> PATH <TAB> SHA-256 (hex) <TAB> ETAG or "-"
 *
 * A line that cannot be read is dropped, which only means that file is
 * sent again.  A WebSub ping that failed is kept until one succeeds:
 *
 *     ping <TAB> HUB-URL <TAB> TOPIC-URL
 *
 * (crier before 2026-12 drops such a line, having three fields.)
 */
#ifndef CRIER_PUBLISH_STATE_H
#define CRIER_PUBLISH_STATE_H

#include <stddef.h>

#include "crier.h"

#define CRIER_PUBLISH_STATE_FILE ".publish-state"
#define CRIER_SHA256_HEX_SIZE 65   /* 64 hex digits and a NUL */

struct crier_state_entry {
	char *target, *path;
	char hash[CRIER_SHA256_HEX_SIZE];
	char *etag;                    /* NULL: none */
};

/* A document whose change a WebSub hub has not yet been told of. */
struct crier_state_ping {
	char *hub, *topic;
};

struct crier_state {
	char *file;                    /* DIR/.publish-state */
	struct crier_state_entry *entries;
	size_t count, capacity;
	struct crier_state_ping *pings;
	size_t ping_count, ping_capacity;
};

/*
 * Reads DIR's state file into a new state (empty when there is none).
 * An unreadable file gives an empty state and a warning in DIAGS.  Free
 * with crier_state_free().
 */
struct crier_state *crier_state_load(const char *dir,
                                     struct crier_diags *diags);
/*
 * Adds the entries of a state file's text (TEXT, LEN bytes followed by a
 * NUL, changed in place) to ST; ST->file names it in messages.  Bad lines
 * are left out; text without the header is reported in DIAGS.
 */
void crier_state_parse(struct crier_state *st, char *text, size_t len,
                       struct crier_diags *diags);
void crier_state_free(struct crier_state *state);

/* The entry for TARGET and PATH, or NULL.  Borrowed from STATE. */
const struct crier_state_entry *crier_state_get(const struct crier_state *st,
                                                const char *target,
                                                const char *path);

/* Adds or replaces the entry for TARGET and PATH (all copied). */
void crier_state_set(struct crier_state *st, const char *target,
                     const char *path, const char *hash, const char *etag);

/*
 * Remembers that HUB must still hear of TOPIC (copied), once.  Returns 1
 * when that is new, 0 when it was already remembered.
 */
int crier_state_ping_add(struct crier_state *st, const char *hub,
                          const char *topic);

/*
 * Forgets the pending ping of HUB for TOPIC; with TOPIC NULL, every one
 * not for HUB (a hub no longer named).  Returns how many were removed.
 */
size_t crier_state_ping_remove(struct crier_state *st, const char *hub,
                               const char *topic);

/*
 * Writes the state to a temporary file, flushes it and renames it over
 * the state file.  Returns 0, or -1 with an error in DIAGS.
 */
int crier_state_save(const struct crier_state *st, struct crier_diags *diags);

/*
 * The SHA-256 of the file at PATH as 64 lower-case hex digits.  Returns
 * 0, or -1 with errno set (ELIBACC when libcrypto cannot be loaded:
 * callers check crier_transport_load(&crier_crypto_lib, ...) first).
 */
int crier_sha256_file(const char *path, char hex[CRIER_SHA256_HEX_SIZE]);

#endif /* CRIER_PUBLISH_STATE_H */
