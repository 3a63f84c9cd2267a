/*
 * reccache.h - what the last build read of each record, so that a build
 * after a small change opens only the records that changed (reccache.c).
 * Private to the model.
 */
#ifndef CRIER_RECCACHE_H
#define CRIER_RECCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "model.h"

/* A record as the cache has it: valid until the cursor moves on. */
struct crier_cached_record {
	const char *header;        /* the bytes before the body */
	size_t header_len;
	uint32_t body_size;
	unsigned body_line;
	uint64_t body_hash;
};

/*
 * One loading thread's walk through the cache and its share of the
 * next one.  Records are looked up and added in path order.
 */
struct crier_reccache_cursor {
	struct crier_reccache *cache;
	unsigned part;
	int64_t read_at;           /* file offset of in[0] */
	char *in;
	size_t in_len, in_cap, in_pos;
	bool is_at_end;
	struct crier_buf out;
	int64_t written;           /* bytes of the part written */
};

/*
 * DIR's cache, if it was written by BUILD_ID with the feed.conf whose
 * fingerprint is CONF_HASH, and a new one to write there in PARTS shares.
 * Never fails: without a usable directory there is nothing to read and
 * nothing is written.
 */
struct crier_reccache *crier_reccache_open(const char *dir,
                                           const char *build_id,
                                           uint64_t conf_hash,
                                           unsigned parts);

void crier_reccache_cursor_start(struct crier_reccache_cursor *c,
                                 struct crier_reccache *cache,
                                 unsigned part);
void crier_reccache_cursor_end(struct crier_reccache_cursor *c);

/*
 * Whether the cache has the record NAME (its path in the source) with
 * exactly the stat data KEY; then *OUT has what it kept.  NAME comes
 * after the names asked for before.
 */
bool crier_reccache_find(struct crier_reccache_cursor *c, const char *name,
                         const struct crier_file_key *key,
                         struct crier_cached_record *out);

/* Adds the record NAME, with stat data KEY, to the next cache. */
void crier_reccache_add(struct crier_reccache_cursor *c, const char *name,
                        const struct crier_file_key *key,
                        const struct crier_cached_record *r);

/*
 * Puts the next cache in place of the last one, once the build that
 * loaded it succeeded; its loading must be over.
 */
void crier_reccache_commit(struct crier_reccache *cache);

/* Frees CACHE, leaving the last one in place if it was not committed. */
void crier_reccache_close(struct crier_reccache *cache);

#endif /* CRIER_RECCACHE_H */
