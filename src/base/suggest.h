/*
 * suggest.h - "did you mean": the known name closest to a mistyped one.
 *
 * Every message that names an unknown field, zone, id, facet, output or
 * import filter value offers the closest known one, if one is close
 * enough to be what was meant: a few letters off (case-insensitive
 * Levenshtein distance), or holding the typed word whole ("Rust" for the
 * track "Rust devroom").
 */
#ifndef CRIER_SUGGEST_H
#define CRIER_SUGGEST_H

#include <stddef.h>

struct crier_suggest {
	const char *word;       /* borrowed: what was typed */
	char *best;             /* owned copy of the closest candidate */
	size_t distance;
};

/* Starts looking for the candidate closest to WORD. */
void crier_suggest_start(struct crier_suggest *s, const char *word);

/* Weighs one candidate; it is copied if it is the closest so far. */
void crier_suggest_consider(struct crier_suggest *s, const char *candidate);

/*
 * The closest candidate, if close enough to be a typo of the word (and
 * not the word itself), else NULL.  Valid until crier_suggest_end().
 */
const char *crier_suggest_result(const struct crier_suggest *s);

void crier_suggest_end(struct crier_suggest *s);

/* Case-insensitive Levenshtein distance; SIZE_MAX for long strings. */
size_t crier_edit_distance(const char *a, const char *b);

/*
 * The IANA time zone closest to ZONE, from the tz database's list
 * ($TZDIR/tzdata.zi), or NULL.  The caller frees it.
 */
char *crier_zone_suggest(const char *zone);

#endif /* CRIER_SUGGEST_H */
