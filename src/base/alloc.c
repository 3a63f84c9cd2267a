#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "alloc.h"
#include "xthread.h"

static _Noreturn void
out_of_memory(size_t size)
{
	fprintf(stderr, "crier: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void
crier_out_of_memory(const char *what)
{
	fprintf(stderr, "crier: out of memory (%s)\n", what);
	abort();
}

void
crier_xthread(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	if (pthread_create(thread, NULL, fn, arg) != 0)
		crier_out_of_memory("a thread");
}

void *
crier_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return p;
}

void *
crier_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory(count * size);
	return p;
}

void *
crier_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return p;
}

void *
crier_xgrow(void *ptr, size_t *capacity, size_t need, size_t size)
{
	size_t cap = *capacity;

	if (need <= cap)
		return ptr;
	if (cap == 0)
		cap = 8;
	while (cap < need)
		cap *= 2;
	if (cap > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	*capacity = cap;
	return crier_xrealloc(ptr, cap * size);
}

char *
crier_xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(crier_xmalloc(len), s, len);
}

/*
 * Blocks are chained newest first; a request larger than a block gets a
 * block of its own, so big strings waste nothing.
 */
#define ARENA_BLOCK_BYTES (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

/*
 * Interned strings: an open-addressing set of INTERN_SLOTS, of which at
 * most INTERN_MAX are used; past that, strings are copied as they come,
 * so a feed of all-different values costs no more than before.
 */
#define INTERN_SLOTS 8192
#define INTERN_MAX (INTERN_SLOTS / 2)

struct crier_arena {
	struct arena_block *head;
	const char **interned;      /* INTERN_SLOTS, or NULL until used */
	size_t interned_count;
};

struct crier_arena *
crier_arena_new(void)
{
	return crier_xcalloc(1, sizeof(struct crier_arena));
}

void
crier_arena_free(struct crier_arena *arena)
{
	struct arena_block *b, *next;

	if (arena == NULL)
		return;
	for (b = arena->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(arena->interned);
	free(arena);
}

/*
 * A block this big (the entries of a large feed: 40 MB at 100,000) is
 * written through from end to end, and each 4 KiB page first written
 * costs a fault, which in a virtual machine costs microseconds: 10,000
 * faults at 100,000 entries.  Backed by 2 MiB pages where the kernel
 * allows it (transparent huge pages on request), it costs 20.  The
 * whole block is used, so the larger pages hold no more memory.
 */
#define HUGE_PAGE_BYTES ((uintptr_t)2 << 20)
#define HUGE_BLOCK_BYTES (2 * HUGE_PAGE_BYTES)

static void
advise_huge_pages(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = ((uintptr_t)p + HUGE_PAGE_BYTES - 1) &
	                  ~(HUGE_PAGE_BYTES - 1);
	uintptr_t end = ((uintptr_t)p + size) & ~(HUGE_PAGE_BYTES - 1);

	/* Only a hint: where it is refused, small pages serve as before. */
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

static struct arena_block *
arena_block_new(size_t size)
{
	struct arena_block *b = crier_xmalloc(sizeof(*b) + size);

	if (size >= HUGE_BLOCK_BYTES)
		advise_huge_pages(b->data, size);
	b->used = 0;
	b->size = size;
	return b;
}

/* ALIGN is 1 for strings, which need none, else that of max_align_t. */
static void *
arena_alloc(struct crier_arena *arena, size_t size, size_t align)
{
	struct arena_block *b = arena->head;
	size_t start, big;

	if (size > SIZE_MAX / 2)
		out_of_memory(size);
	if (b != NULL) {
		start = (b->used + align - 1) / align * align;
		if (start <= b->size && b->size - start >= size) {
			b->used = start + size;
			return (char *)b->data + start;
		}
	}
	if (size > ARENA_BLOCK_BYTES / 4) {
		/* Big: a block of its own, behind the current one. */
		big = size;
		b = arena_block_new(big);
		b->used = big;
		if (arena->head != NULL) {
			b->next = arena->head->next;
			arena->head->next = b;
		} else {
			b->next = NULL;
			arena->head = b;
		}
		return b->data;
	}
	b = arena_block_new(ARENA_BLOCK_BYTES);
	b->next = arena->head;
	arena->head = b;
	b->used = size;
	return b->data;
}

void *
crier_arena_alloc(struct crier_arena *arena, size_t size)
{
	return arena_alloc(arena, size, sizeof(max_align_t));
}

void
crier_arena_reset(struct crier_arena *arena)
{
	struct arena_block *b, *next;

	/* The interned strings go with the blocks. */
	free(arena->interned);
	arena->interned = NULL;
	arena->interned_count = 0;
	if (arena->head == NULL)
		return;
	for (b = arena->head->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	if (arena->head->size != ARENA_BLOCK_BYTES) {
		free(arena->head);
		arena->head = NULL;
		return;
	}
	arena->head->next = NULL;
	arena->head->used = 0;
}

char *
crier_arena_string(struct crier_arena *arena, size_t len)
{
	char *p = arena_alloc(arena, len + 1, 1);

	p[len] = '\0';
	return p;
}

char *
crier_arena_strndup(struct crier_arena *arena, const char *s, size_t len)
{
	return memcpy(crier_arena_string(arena, len), s, len);
}

const char *
crier_arena_intern(struct crier_arena *arena, const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;   /* FNV-1a */
	const char *p;
	size_t i;
	char *copy;

	if (arena->interned == NULL)
		arena->interned = crier_xcalloc(INTERN_SLOTS,
		                                sizeof(*arena->interned));
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	for (i = h & (INTERN_SLOTS - 1); (p = arena->interned[i]) != NULL;
	    i = (i + 1) & (INTERN_SLOTS - 1))
		if (strncmp(p, s, len) == 0 && p[len] == '\0')
			return p;
	copy = crier_arena_strndup(arena, s, len);
	if (arena->interned_count < INTERN_MAX) {
		arena->interned[i] = copy;
		arena->interned_count++;
	}
	return copy;
}

char *
crier_arena_strdup(struct crier_arena *arena, const char *s)
{
	return crier_arena_strndup(arena, s, strlen(s));
}

char *
crier_arena_printf(struct crier_arena *arena, const char *fmt, ...)
{
	va_list ap;
	int len;
	char *p;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	/* vsnprintf fails only when the length overflows an int. */
	if (len < 0)
		out_of_memory(SIZE_MAX);
	p = arena_alloc(arena, (size_t)len + 1, 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return p;
}
