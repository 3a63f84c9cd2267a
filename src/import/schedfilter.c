/*
 * schedfilter.c - the import filters (schedfilter.h).
 *
 * A filter that matches nothing is nearly always a typo ("--track
 * Rustt"), and importing nothing without a word, or with --prune
 * removing every record, is no way to find out.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "diag.h"
#include "schedfilter.h"
#include "suggest.h"

static const char *const option_names[] = {
	[CRIER_FILTER_TRACK] = "--track",
	[CRIER_FILTER_ROOM] = "--room",
	[CRIER_FILTER_SPEAKER] = "--speaker",
	[CRIER_FILTER_TYPE] = "--type",
	[CRIER_FILTER_EVENT] = "--event",
	[CRIER_FILTER_MATCH] = "--match",
};

struct crier_sched_filters {
	const struct crier_import_filter *items;
	size_t count;
	regex_t *res;                 /* set for the --match ones */
	char *is_compiled;            /* per filter: res[i] is set */
	char *has_matched;            /* per filter */
	struct crier_suggest *hints;  /* per filter */
};

struct crier_sched_filters *
crier_sched_filters_new(const struct crier_import_options *opt,
                        struct crier_diags *diags)
{
	struct crier_sched_filters *f = crier_xcalloc(1, sizeof(*f));
	char why[256];
	size_t i;
	int rc, errors = 0;

	f->items = opt->filters;
	f->count = opt->filter_count;
	f->res = crier_xcalloc(f->count + 1, sizeof(*f->res));
	f->has_matched = crier_xcalloc(f->count + 1, 1);
	f->is_compiled = crier_xcalloc(f->count + 1, 1);
	f->hints = crier_xcalloc(f->count + 1, sizeof(*f->hints));
	for (i = 0; i < f->count; i++) {
		crier_suggest_start(&f->hints[i], f->items[i].value);
		if (f->items[i].kind != CRIER_FILTER_MATCH)
			continue;
		rc = regcomp(&f->res[i], f->items[i].value,
		             REG_EXTENDED | REG_ICASE | REG_NOSUB);
		if (rc != 0) {
			regerror(rc, &f->res[i], why, sizeof(why));
			crier_diag(diags, "--match", 0, 0, MSG_BAD_REGEX,
			           f->items[i].value, why);
			errors++;
		} else {
			f->is_compiled[i] = 1;
		}
	}
	if (errors > 0) {
		crier_sched_filters_free(f);
		return NULL;
	}
	return f;
}

/* Whether VALUE is NAME; if not, NAME is weighed as what was meant. */
static int
same_name(struct crier_suggest *hint, const char *value, const char *name)
{
	if (name == NULL)
		return 0;
	if (strcasecmp(name, value) == 0)
		return 1;
	crier_suggest_consider(hint, name);
	return 0;
}

static int
filter_matches(struct crier_sched_filters *f, size_t i,
               const struct crier_sched_facts *ev)
{
	const char *v = f->items[i].value;
	struct crier_suggest *h = &f->hints[i];
	size_t k;
	int found = 0;

	switch (f->items[i].kind) {
	case CRIER_FILTER_TRACK:
		return same_name(h, v, ev->track);
	case CRIER_FILTER_ROOM:
		return same_name(h, v, ev->room);
	case CRIER_FILTER_TYPE:
		return same_name(h, v, ev->type);
	case CRIER_FILTER_SPEAKER:
		for (k = 0; k < ev->person_count; k++)
			found |= same_name(h, v, ev->persons[k]);
		return found;
	case CRIER_FILTER_EVENT:
		return (ev->id != NULL && strcmp(ev->id, v) == 0) ||
		    (ev->guid != NULL && strcmp(ev->guid, v) == 0);
	case CRIER_FILTER_MATCH:
		return ev->title != NULL &&
		    regexec(&f->res[i], ev->title, 0, NULL, 0) == 0;
	}
	return 0;
}

int
crier_sched_filters_select(struct crier_sched_filters *f,
                           const struct crier_sched_facts *ev)
{
	unsigned seen = 0, matched = 0, bit;
	size_t i;

	for (i = 0; i < f->count; i++) {
		bit = 1u << f->items[i].kind;
		seen |= bit;
		if (filter_matches(f, i, ev)) {
			matched |= bit;
			f->has_matched[i] = 1;
		}
	}
	return matched == seen;
}

int
crier_sched_filters_report(const struct crier_sched_filters *f,
                           const char *schedule_file, size_t selected,
                           struct crier_diags *diags)
{
	const char *hint;
	size_t i;
	int errors = 0;

	for (i = 0; i < f->count; i++) {
		if (f->has_matched[i])
			continue;
		hint = crier_suggest_result(&f->hints[i]);
		if (hint != NULL)
			crier_diag(diags, option_names[f->items[i].kind], 0, 0,
			           MSG_FILTER_NO_MATCH_HINT, f->items[i].value,
			           hint);
		else
			crier_diag(diags, option_names[f->items[i].kind], 0, 0,
			           MSG_FILTER_NO_MATCH, f->items[i].value);
		errors++;
	}
	if (errors == 0 && f->count > 0 && selected == 0) {
		crier_diag(diags, schedule_file, 0, 0, MSG_FILTERS_NO_MATCH);
		errors++;
	}
	return errors;
}

void
crier_sched_filters_free(struct crier_sched_filters *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->count; i++) {
		if (f->is_compiled[i])
			regfree(&f->res[i]);
		crier_suggest_end(&f->hints[i]);
	}
	free(f->res);
	free(f->has_matched);
	free(f->is_compiled);
	free(f->hints);
	free(f);
}
