/*
 * alloc.h - the one out-of-memory policy, and arenas.
 *
 * Running out of memory is not something a feed build can recover from, so
 * every allocation goes through these wrappers, which print one line and
 * abort.  Callers never check for NULL.  This is the only place in the
 * library that prints or aborts: every other failure is a status and a
 * diagnostic.
 */
#ifndef CRIER_ALLOC_H
#define CRIER_ALLOC_H

#include <stddef.h>

/*
 * The policy itself: prints "crier: out of memory (WHAT)" and aborts.  For
 * libraries that allocate on their own (cmark, libxml2, libcurl), whose
 * NULL from a constructor means no memory.
 */
_Noreturn void crier_out_of_memory(const char *what);

void *crier_xmalloc(size_t size);
void *crier_xcalloc(size_t count, size_t size);
void *crier_xrealloc(void *ptr, size_t size);
/* Grows an array of COUNT elements of SIZE bytes to at least NEED. */
void *crier_xgrow(void *ptr, size_t *capacity, size_t need, size_t size);
char *crier_xstrdup(const char *s);

/*
 * An arena owns many small allocations that die together, such as the
 * strings of one loaded feed.  Freed with crier_arena_free(), which
 * accepts NULL.
 */
struct crier_arena;

struct crier_arena *crier_arena_new(void);
void crier_arena_free(struct crier_arena *arena);
/* SIZE bytes aligned for any type. */
void *crier_arena_alloc(struct crier_arena *arena, size_t size);
/* Frees everything allocated so far but keeps one block for reuse. */
void crier_arena_reset(struct crier_arena *arena);
/* A NUL-terminated copy of LEN bytes of S. */
char *crier_arena_strndup(struct crier_arena *arena, const char *s,
                          size_t len);
char *crier_arena_strdup(struct crier_arena *arena, const char *s);
/* Room for a string of LEN bytes, unaligned, its NUL already at LEN. */
char *crier_arena_string(struct crier_arena *arena, size_t len);
/*
 * A NUL-terminated copy of LEN bytes of S, shared with every equal string
 * interned in ARENA before: for values many records repeat (authors,
 * categories), which at 100,000 records would otherwise cost megabytes.
 * Never write through the result.
 */
const char *crier_arena_intern(struct crier_arena *arena, const char *s,
                               size_t len);
/* printf into the arena. */
char *crier_arena_printf(struct crier_arena *arena, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* CRIER_ALLOC_H */
