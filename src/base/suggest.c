/*
 * suggest.c - "did you mean" (suggest.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "suggest.h"

#define LONGEST 64

size_t
crier_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[LONGEST], diag, up, cost;

	if (la >= LONGEST || lb >= LONGEST)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			cost = (a[i - 1] | 0x20) == (b[j - 1] | 0x20) ? 0 : 1;
			row[j] = diag + cost;
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

/* How far a typo may be: a quarter of the word, at most 3 edits. */
static size_t
typo_limit(const char *word)
{
	size_t limit = strlen(word) / 4 + 1;

	return limit > 3 ? 3 : limit;
}

/* Whether WORD is in CANDIDATE, ignoring ASCII case. */
static int
contains_word(const char *candidate, const char *word)
{
	size_t n = strlen(word);

	for (; n >= 3 && *candidate != '\0'; candidate++)
		if (strncasecmp(candidate, word, n) == 0)
			return 1;
	return 0;
}

void
crier_suggest_start(struct crier_suggest *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->distance = SIZE_MAX;
}

void
crier_suggest_consider(struct crier_suggest *s, const char *candidate)
{
	size_t d = crier_edit_distance(s->word, candidate);

	/* Holding the word whole is as good as the worst typo allowed. */
	if (d > typo_limit(s->word) && contains_word(candidate, s->word))
		d = typo_limit(s->word);
	if (d >= s->distance || strcmp(candidate, s->word) == 0)
		return;
	free(s->best);
	s->best = crier_xstrdup(candidate);
	s->distance = d;
}

const char *
crier_suggest_result(const struct crier_suggest *s)
{
	return s->distance <= typo_limit(s->word) ? s->best : NULL;
}

void
crier_suggest_end(struct crier_suggest *s)
{
	free(s->best);
	s->best = NULL;
}

/*
 * tzdata.zi names each zone on a line "Z NAME ..." and each alias on a
 * line "L TARGET NAME"; both are names a Timezone may give.
 */
char *
crier_zone_suggest(const char *zone)
{
	const char *dir = getenv("TZDIR");
	struct crier_suggest s;
	char path[4096], line[512], *name, *end, *hint;
	FILE *f;

	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	snprintf(path, sizeof(path), "%s/tzdata.zi", dir);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	crier_suggest_start(&s, zone);
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((line[0] != 'Z' && line[0] != 'L') || line[1] != ' ')
			continue;
		name = line + 2;
		if (line[0] == 'L' && (name = strchr(name, ' ')) != NULL)
			name++;
		if (name == NULL)
			continue;
		end = name + strcspn(name, " \t\n");
		*end = '\0';
		crier_suggest_consider(&s, name);
	}
	fclose(f);
	hint = crier_suggest_result(&s) != NULL ? crier_xstrdup(s.best) : NULL;
	crier_suggest_end(&s);
	return hint;
}
