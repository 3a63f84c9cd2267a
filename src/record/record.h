/*
 * record.h - record syntax: text to fields, body and positions.
 *
 * A record file is a header of "Field: value" lines, a blank line, then
 * the body.  Repeated fields repeat, an indented line continues the
 * previous value, and a line starting with '#' in the header is a
 * comment.  feed.conf uses the same syntax without a body.  This stage
 * knows nothing of what the fields mean; it guarantees that whatever it
 * returns is clean UTF-8 without characters XML forbids, and keeps every
 * position so later stages can point at a value.
 */
#ifndef CRIER_RECORD_H
#define CRIER_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "alloc.h"
#include "crier.h"

/* Files larger than this are refused; a record is a few kilobytes. */
#define CRIER_RECORD_MAX_BYTES (16u * 1024 * 1024)

struct crier_field {
	const char *name;         /* as written */
	const char *value;        /* trimmed; continuations joined by ' ' */
	unsigned line, column;    /* of the name */
	unsigned value_line, value_column;  /* of the value's first char */
};

struct crier_record {
	const char *path;
	struct crier_field *fields;  /* in file order */
	size_t field_count;
	size_t body_offset;          /* bytes from the start of the file */
	size_t body_size;
	unsigned body_line;          /* line the body starts on */
};

enum crier_record_syntax {
	CRIER_SYNTAX_RECORD,   /* header, blank line, body */
	CRIER_SYNTAX_CONF      /* header only; blank lines are ignored */
};

/*
 * Checks that BUF (LEN bytes) is UTF-8 without a character
 * crier_char_is_forbidden() names, or a carriage return that does not
 * end a line.  Each problem is
 * reported at its line and column, counted from FIRST_LINE.  Returns the
 * number of problems found.
 */
size_t crier_text_check(const char *path, const char *buf, size_t len,
                        unsigned first_line, struct crier_diags *diags);

/*
 * Whether a record may not hold code point CP: NUL, the C0 controls but
 * tab and line ends, DEL, the C1 controls, the noncharacters of every
 * plane, and U+FFFD, which marks text an encoding error damaged (the
 * feed validators report it).  Code that writes records (import) drops
 * or escapes these.
 */
int crier_char_is_forbidden(uint32_t cp);

/*
 * The length in bytes of the blank that starts at P (before END), or of
 * the one that ends at END (after START), or 0: a space, a tab, or one
 * of the Unicode spaces (no-break, ideographic, line and paragraph
 * separators...) that readers and the feed validators take for white
 * space.  Values are trimmed of them, so a value of only such spaces is
 * empty.
 */
size_t crier_blank_len(const char *p, const char *end);
size_t crier_blank_len_before(const char *start, const char *end);

/*
 * Parses BUF (the whole file, LEN bytes) into *OUT.  Strings are
 * allocated in ARENA, including a copy of PATH.  A UTF-8 byte order mark
 * and CRLF line ends are accepted.  Returns 0, or -1 after adding one or
 * more errors to DIAGS (OUT then holds what could be read).
 */
int crier_record_parse(const char *path, const char *buf, size_t len,
                       enum crier_record_syntax syntax,
                       struct crier_arena *arena, struct crier_diags *diags,
                       struct crier_record *out);

/*
 * Opens PATH for reading, refusing anything but a regular file (a FIFO
 * would block the open, a device the read) with an error in DIAGS.
 * Returns the descriptor, with *ST filled in, or -1.
 */
int crier_file_open(const char *path, struct crier_diags *diags,
                    struct stat *st);

/*
 * The same for PATH + SKIP, relative to the directory DIR_FD: a source's
 * records are opened from its directory, which spares the kernel the
 * walk down to it for each of them.  Diagnostics name PATH.
 */
int crier_file_open_at(int dir_fd, const char *path, size_t skip,
                       struct crier_diags *diags, struct stat *st);

/* "a directory", "a named pipe (FIFO)"...: what a non-file is. */
const char *crier_file_kind(mode_t mode);

/*
 * Whether the symbolic link PATH, found in the source whose realpath()
 * is ROOT, is to be read as a record (IS_RECORD: its name ends in ".md")
 * or feed.conf.  A link is followed only to a file inside ROOT.  A record
 * link that leads nowhere or loops, or leads out of ROOT, is an error in
 * DIAGS; a link to a directory is a warning (directories are never
 * followed through links, which could loop).  Returns 1 to read it.
 */
int crier_source_link(const char *root, const char *path, int is_record,
                      struct crier_diags *diags);

/*
 * Reads PATH into a buffer the caller frees with free(), refusing files
 * over CRIER_RECORD_MAX_BYTES.  Returns 0 or -1 with an error in DIAGS.
 */
int crier_file_read(const char *path, struct crier_diags *diags,
                    char **buf_out, size_t *len_out);

/*
 * A 64-bit fingerprint of the LEN bytes at DATA, to tell whether bytes
 * read again are the ones read before.  It notices changes, not forgeries:
 * whoever can change a record can write any valid record anyway.
 */
uint64_t crier_hash_bytes(const char *data, size_t len);

/*
 * The same, and *ST_OUT gets what fstat(2) said of the file just before
 * it was read, for telling later that it changed (stamp.h).
 */
int crier_file_read_stat(const char *path, struct crier_diags *diags,
                         char **buf_out, size_t *len_out,
                         struct stat *st_out);

/* crier_file_read_stat() of PATH + SKIP, as crier_file_open_at() opens. */
int crier_file_read_at(int dir_fd, const char *path, size_t skip,
                       struct crier_diags *diags, char **buf_out,
                       size_t *len_out, struct stat *st_out);

/*
 * Decodes one UTF-8 sequence at P (AVAIL bytes left) as RFC 3629 says: no
 * overlong forms, no surrogates, nothing above U+10FFFF.  Returns its
 * length and sets *CP, or returns 0 if it is invalid.
 */
size_t crier_utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp);

/* Number of characters (code points) in the first LEN bytes of S. */
unsigned crier_utf8_count(const char *s, size_t len);

struct crier_buf;

/*
 * Appends TEXT to OUT as Markdown text, with the punctuation that means
 * something inside a line escaped; the text never starts a line, so '#',
 * '-' or "1." need nothing (escape.c).  For the bodies crier writes:
 * an import's announcement, a schedule revision's entry.
 */
void crier_markdown_add_text(struct crier_buf *out, const char *text);

#endif /* CRIER_RECORD_H */
