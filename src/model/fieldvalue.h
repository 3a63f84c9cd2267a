/*
 * fieldvalue.h - converting one field's value for the model: URLs,
 * people, lists, zones, times, booleans and ids, each checked and
 * reported at the value's position (fieldvalue.c).  Used by feedconf.c
 * and entryfields.c.
 */
#ifndef CRIER_FIELDVALUE_H
#define CRIER_FIELDVALUE_H

#include <stdbool.h>

#include "diag.h"
#include "fields.h"
#include "model.h"

/* Converting values: each helper reports at the value's position. */
struct crier_conv {
	const struct crier_record *rec;
	const struct crier_field_map *map;
	struct crier_diags *diags;
	struct crier_arena *arena;   /* the feed's: what the model keeps */
	int errors;
};

/* S copied into C's arena, or NULL. */
const char *crier_conv_keep(struct crier_conv *c, const char *s);
/* Reports MSG (with A and B) at F's value; counts it in C->errors. */
void crier_conv_error(struct crier_conv *c, const struct crier_field *f,
                      enum crier_msg msg, const char *a, const char *b);
/* F's http(s) URL as a URI (iri.h), or NULL when F is NULL or bad. */
const char *crier_conv_url(struct crier_conv *c, const struct crier_field *f);
/* "Name" or "Name <email>" into *OUT: 0, or -1 when reported. */
int crier_conv_person(struct crier_conv *c, const struct crier_field *f,
                      struct crier_person *out);
/* Every field WHICH of the record: people, or plain values. */
struct crier_person *crier_conv_people(struct crier_conv *c,
                                       enum field_index which,
                                       size_t *count);
const char **crier_conv_list(struct crier_conv *c, enum field_index which,
                             size_t *count);
/* F's zone, FALLBACK when F is NULL; an unknown zone is reported. */
const char *crier_conv_zone(struct crier_conv *c, const struct crier_field *f,
                            const char *fallback);
/* F's time, read in ZONE, into *OUT: 0, or -1 when reported. */
int crier_conv_time(struct crier_conv *c, const struct crier_field *f,
                    const char *zone, struct crier_time *out);
/* F's yes/no into *OUT (false when F is NULL): 0, or -1 when reported. */
int crier_conv_bool(struct crier_conv *c, const struct crier_field *f,
                    bool *out);
/* The value of M's first field I, kept, or NULL. */
const char *crier_conv_value(struct crier_conv *c,
                             const struct crier_field_map *m,
                             enum field_index i);
/* Whether S is a tag: URI (RFC 4151) as the validator wants it. */
int crier_is_tag_uri(const char *s);
/* Whether S can be a record id: plain ASCII, not starting '/' or '.'. */
int crier_is_record_id(const char *s);
/* Whether S is a BCP 47 language tag, loosely: en, en-GB, zh-Hant-TW. */
int crier_is_language_tag(const char *s);

#endif /* CRIER_FIELDVALUE_H */
