/*
 * media.h - slides, videos, recordings and other files attached to an
 * entry: the record fields Slides, Video, Recording and Attachment.
 *
 * A value is "URL TYPE LENGTH", then optionally a "quoted title" and
 * lang=TAG: what an enclosure needs (RSS 2.0 and Atom want the media
 * type and the length in bytes; 0 says it is unknown, as the RSS
 * Best Practices Profile advises).  "Recording: no" is the speaker's
 * opt-out, as frab's <recording><optout>: no recording is listed.
 */
#ifndef CRIER_MEDIA_H
#define CRIER_MEDIA_H

#include <stddef.h>

#include "alloc.h"
#include "buf.h"
#include "diag.h"
#include "model.h"

/* What is wrong with a value, and where (bytes into it). */
struct crier_media_error {
	enum crier_msg msg;
	size_t offset;
	const char *text;    /* the offending word, in the arena */
};

/*
 * Parses VALUE, a field of KIND, into *OUT with strings in ARENA.
 * Returns 0; 1 for "Recording: no"; or -1 with *ERR filled.
 */
int crier_media_parse(const char *value, enum crier_media_kind kind,
                      struct crier_arena *arena, struct crier_media *out,
                      struct crier_media_error *err);

/* The field name of KIND: "Recording", "Video", "Slides", "Attachment". */
const char *crier_media_field(enum crier_media_kind kind);

/*
 * Appends ENTRY's media to OUT as an HTML list of links, with type,
 * size and language: every writer's content and the page show it.
 * Nothing when the entry has none.
 */
void crier_media_html(struct crier_buf *out, const struct crier_entry *e);

/*
 * The media type a file's URL suggests by its extension, for imported
 * attachments, which say none: "application/pdf", else
 * "application/octet-stream".
 */
const char *crier_media_type_guess(const char *url);

#endif /* CRIER_MEDIA_H */
