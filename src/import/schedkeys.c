/*
 * schedkeys.c - the keys of a schedule's events as they are read
 * (schedkeys.h).
 *
 * The events themselves are gone by the time a key comes again, so the
 * set holds each key and the line of its first listing, and the second
 * listings are reported at the end, in the order the reader has always
 * given them: by key, then by place in the schedule.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "record.h"
#include "schedkeys.h"

struct key_slot {
	const char *key;   /* NULL in a free slot */
	unsigned line;
};

struct duplicate {
	const char *key, *id;
	unsigned line, first_line;
	size_t order;
};

struct crier_sched_keys {
	struct crier_arena *arena;
	struct key_slot *slots;
	size_t count, capacity;    /* capacity: 0 or a power of 2 */
	struct duplicate *dups;
	size_t dup_count, dup_capacity;
};

struct crier_sched_keys *
crier_sched_keys_new(void)
{
	struct crier_sched_keys *k = crier_xcalloc(1, sizeof(*k));

	k->arena = crier_arena_new();
	return k;
}

static struct key_slot *
slot_of(struct key_slot *v, size_t capacity, const char *key)
{
	size_t i;

	for (i = (size_t)crier_hash_bytes(key, strlen(key)) & (capacity - 1); v[i].key != NULL &&
	    strcmp(v[i].key, key) != 0; i = (i + 1) & (capacity - 1))
		;
	return &v[i];
}

static void
grow(struct crier_sched_keys *k)
{
	struct key_slot *old = k->slots;
	size_t i, old_capacity = k->capacity;

	k->capacity = old_capacity > 0 ? 2 * old_capacity : 256;
	k->slots = crier_xcalloc(k->capacity, sizeof(*k->slots));
	for (i = 0; i < old_capacity; i++)
		if (old[i].key != NULL)
			*slot_of(k->slots, k->capacity, old[i].key) = old[i];
	free(old);
}

int
crier_sched_keys_add(struct crier_sched_keys *k, const char *key,
                     const char *id, unsigned line)
{
	struct key_slot *slot;
	struct duplicate *d;

	if (2 * (k->count + 1) > k->capacity)
		grow(k);
	slot = slot_of(k->slots, k->capacity, key);
	if (slot->key == NULL) {
		slot->key = crier_arena_strdup(k->arena, key);
		slot->line = line;
		k->count++;
		return 1;
	}
	k->dups = crier_xgrow(k->dups, &k->dup_capacity, k->dup_count + 1,
	                      sizeof(*k->dups));
	d = &k->dups[k->dup_count];
	*d = (struct duplicate){slot->key, crier_arena_strdup(k->arena, id),
	                        line, slot->line, k->dup_count};
	k->dup_count++;
	return 0;
}

static int
compare_duplicates(const void *a, const void *b)
{
	const struct duplicate *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : (x->order > y->order) - (x->order < y->order);
}

void
crier_sched_keys_report(struct crier_sched_keys *k, const char *path,
                        struct crier_diags *diags)
{
	size_t i;

	if (k->dup_count > 1)
		qsort(k->dups, k->dup_count, sizeof(*k->dups),
		      compare_duplicates);
	for (i = 0; i < k->dup_count; i++)
		crier_diag(diags, path, k->dups[i].line, 0, MSG_EVENT_DUPLICATE,
		           k->dups[i].id, k->dups[i].first_line);
}

void
crier_sched_keys_clear(struct crier_sched_keys *k)
{
	free(k->slots);
	free(k->dups);
	crier_arena_reset(k->arena);
	k->slots = NULL;
	k->dups = NULL;
	k->count = k->capacity = k->dup_count = k->dup_capacity = 0;
}

void
crier_sched_keys_free(struct crier_sched_keys *k)
{
	if (k == NULL)
		return;
	free(k->slots);
	free(k->dups);
	crier_arena_free(k->arena);
	free(k);
}
