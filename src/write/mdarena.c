#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "mdarena.h"

/*
 * Allocations up to SMALL_MAX bytes are carved from blocks of
 * BLOCK_BYTES; each carries a header with its size, for realloc().
 */
#define BLOCK_BYTES (64 * 1024)
#define SMALL_MAX (8 * 1024)

/*
 * Under AddressSanitizer, what no allocation holds stays poisoned, and
 * a guard follows each: a write past one is caught as it is in malloc()'s
 * memory.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MD_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define MD_ASAN 1
#endif
#ifdef MD_ASAN
#include <sanitizer/asan_interface.h>
#define GUARD 16
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define GUARD 0
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct block {
	struct block *next;
	size_t used;
	_Alignas(16) unsigned char data[BLOCK_BYTES];
};

/* Before every allocation; 16 bytes, so what follows stays aligned. */
struct head {
	size_t size;
	size_t is_big;      /* from malloc(), freed by free() */
};

struct arena {
	struct block *blocks;   /* the newest first */
	unsigned char *last;    /* the newest allocation, which may grow */
};

/* cmark's callbacks carry no context: each thread renders on its own. */
static _Thread_local struct arena current;

static struct head *
head_of(void *p)
{
	return (struct head *)p - 1;
}

static void *
big_alloc(size_t size)
{
	struct head *h = crier_xmalloc(sizeof(*h) + size);

	h->size = size;
	h->is_big = 1;
	return h + 1;
}

static void *
small_alloc(size_t size)
{
	struct arena *a = &current;
	size_t need = sizeof(struct head) + ((size + 15) & ~(size_t)15) + GUARD;
	struct block *b = a->blocks;
	struct head *h;

	if (b == NULL || BLOCK_BYTES - b->used < need) {
		b = crier_xmalloc(sizeof(*b));
		b->next = a->blocks;
		b->used = 0;
		a->blocks = b;
		POISON(b->data, BLOCK_BYTES);
	}
	h = (struct head *)(b->data + b->used);
	b->used += need;
	UNPOISON(h, sizeof(*h) + size);
	h->size = size;
	h->is_big = 0;
	a->last = (unsigned char *)(h + 1);
	return h + 1;
}

static void *
md_calloc(size_t count, size_t size)
{
	void *p;

	if (size != 0 && count > SIZE_MAX / 2 / size)
		crier_out_of_memory("cmark");
	size *= count;
	p = size > SMALL_MAX ? big_alloc(size) : small_alloc(size);
	memset(p, 0, size);
	return p;
}

/* Grows the newest allocation P in place to SIZE, if its block has room. */
static int
grow_in_place(void *p, size_t size)
{
	struct arena *a = &current;
	struct block *b = a->blocks;
	struct head *h = head_of(p);
	size_t old = (h->size + 15) & ~(size_t)15;
	size_t more = ((size + 15) & ~(size_t)15) - old;

	if (p != a->last || BLOCK_BYTES - b->used < more)
		return 0;
	b->used += more;
	UNPOISON((unsigned char *)p + h->size, size - h->size);
	h->size = size;
	return 1;
}

static void *
md_realloc(void *p, size_t size)
{
	struct head *h;
	void *moved;

	if (p == NULL)
		return size > SMALL_MAX ? big_alloc(size) : small_alloc(size);
	h = head_of(p);
	if (h->is_big) {
		h = crier_xrealloc(h, sizeof(*h) + size);
		h->size = size;
		return h + 1;
	}
	if (size <= h->size)
		return p;
	if (size <= SMALL_MAX && grow_in_place(p, size))
		return p;
	moved = size > SMALL_MAX ? big_alloc(size) : small_alloc(size);
	memcpy(moved, p, h->size);
	return moved;
}

/* Small allocations go with their blocks. */
static void
md_free(void *p)
{
	if (p != NULL && head_of(p)->is_big)
		free(head_of(p));
}

static cmark_mem md_mem = {md_calloc, md_realloc, md_free};

cmark_mem *
crier_md_mem(void)
{
	return &md_mem;
}

void
crier_md_arena_begin(void)
{
	current.blocks = NULL;
	current.last = NULL;
}

void
crier_md_arena_end(void)
{
	struct block *b, *next;

	for (b = current.blocks; b != NULL; b = next) {
		next = b->next;
		UNPOISON(b->data, BLOCK_BYTES);
		free(b);
	}
	current.blocks = NULL;
	current.last = NULL;
}
