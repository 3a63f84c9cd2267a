/*
 * fieldvalue.c - one field's value as the model keeps it (fieldvalue.h):
 * converted, checked, and copied into the feed's arena.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fieldvalue.h"
#include "iri.h"
#include "suggest.h"

/* Records are parsed into scratch memory; the model keeps copies. */
const char *
crier_conv_keep(struct crier_conv *c, const char *s)
{
	return s != NULL ? crier_arena_strdup(c->arena, s) : NULL;
}

void
crier_conv_error(struct crier_conv *c, const struct crier_field *f,
                 enum crier_msg msg, const char *a, const char *b)
{
	crier_diag(c->diags, c->rec->path, f->value_line, f->value_column, msg,
	           a, b);
	c->errors++;
}

/* Kept as a URI (iri.h), which every output can carry as it is. */
const char *
crier_conv_url(struct crier_conv *c, const struct crier_field *f)
{
	const char *kept;
	char *uri;

	if (f == NULL)
		return NULL;
	/* Said without the URL, which the message would otherwise show. */
	if (crier_url_has_password(f->value)) {
		crier_conv_error(c, f, MSG_URL_PASSWORD, f->name, NULL);
		return NULL;
	}
	if (!crier_is_http_url(f->value)) {
		crier_conv_error(c, f, MSG_BAD_URL, f->value, NULL);
		return NULL;
	}
	if ((uri = crier_iri_to_uri(f->value)) == NULL) {
		crier_conv_error(c, f, MSG_BAD_IDN, f->value, NULL);
		return NULL;
	}
	kept = crier_conv_keep(c, uri);
	free(uri);
	return kept;
}

static int
is_ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * An address the feed validators accept: a local part of letters,
 * digits and !#$%&'*+-/=?^_`{|}~. and a domain of two or more labels of
 * letters, digits and '-', the last one starting with a letter or digit.
 * "root@localhost" and non-ASCII addresses are refused.
 */
static int
is_email(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len), *end = s + len, *p, *label;
	size_t labels = 0;

	if (at == NULL || at == s)
		return 0;
	for (p = s; p < at; p++)
		if (!is_ascii_alnum(*p) &&
		    strchr("!#$%&'*+-/=?^_`{|}~.", *p) == NULL)
			return 0;
	for (label = p = at + 1; p < end; p++) {
		if (is_ascii_alnum(*p) || *p == '-')
			continue;
		if (*p != '.' || p == label)
			return 0;
		labels++;
		label = p + 1;
	}
	/* LABEL is now the last one, which must not be empty either. */
	return labels > 0 && label < end && is_ascii_alnum(*label);
}

/* "Name" or "Name <email>". */
int
crier_conv_person(struct crier_conv *c, const struct crier_field *f,
                  struct crier_person *out)
{
	const char *v = f->value, *lt = strchr(v, '<'), *end;
	size_t name_len;

	out->name = NULL;
	out->email = NULL;
	if (lt == NULL) {
		if (strchr(v, '>') != NULL || strchr(v, '@') != NULL)
			goto bad;
		out->name = crier_arena_intern(c->arena, v, strlen(v));
		return 0;
	}
	end = v + strlen(v);
	if (end[-1] != '>')
		goto bad;
	name_len = (size_t)(lt - v);
	while (name_len > 0 && v[name_len - 1] == ' ')
		name_len--;
	if (name_len == 0)
		goto bad;
	if (!is_email(lt + 1, (size_t)(end - 1 - (lt + 1)))) {
		char *email = crier_arena_strndup(c->arena, lt + 1,
		                                  (size_t)(end - 1 - (lt + 1)));
		crier_conv_error(c, f, MSG_BAD_EMAIL, email, NULL);
		return -1;
	}
	out->name = crier_arena_intern(c->arena, v, name_len);
	out->email = crier_arena_intern(c->arena, lt + 1,
	                                (size_t)(end - 1 - (lt + 1)));
	return 0;
bad:
	crier_conv_error(c, f, MSG_BAD_PERSON, v, NULL);
	return -1;
}

struct crier_person *
crier_conv_people(struct crier_conv *c, enum field_index which, size_t *count)
{
	struct crier_person *people;
	size_t i, n = 0;

	for (i = 0; i < c->rec->field_count; i++)
		if (c->map->spec[i] == (int)which)
			n++;
	people = crier_arena_alloc(c->arena, n * sizeof(*people));
	*count = 0;
	for (i = 0; i < c->rec->field_count; i++)
		if (c->map->spec[i] == (int)which &&
		    crier_conv_person(c, &c->rec->fields[i],
		                      &people[*count]) == 0)
			(*count)++;
	return people;
}

const char **
crier_conv_list(struct crier_conv *c, enum field_index which, size_t *count)
{
	const char **list;
	size_t i, n = 0;

	for (i = 0; i < c->rec->field_count; i++)
		if (c->map->spec[i] == (int)which)
			n++;
	list = crier_arena_alloc(c->arena, n * sizeof(*list));
	*count = 0;
	for (i = 0; i < c->rec->field_count; i++)
		if (c->map->spec[i] == (int)which)
			list[(*count)++] = crier_arena_intern(c->arena,
			    c->rec->fields[i].value,
			    strlen(c->rec->fields[i].value));
	return list;
}

const char *
crier_conv_zone(struct crier_conv *c, const struct crier_field *f,
                const char *fallback)
{
	if (f == NULL)
		return fallback;
	if (fallback != NULL && strcmp(f->value, fallback) == 0)
		return fallback;
	if (!crier_zone_exists(f->value)) {
		char *hint = crier_zone_suggest(f->value);

		crier_conv_error(c, f, hint != NULL ? MSG_BAD_ZONE_HINT :
		                 MSG_BAD_ZONE, f->value, hint);
		free(hint);
	}
	/*
	 * Even an unknown zone is kept: the times read in it then fail
	 * quietly (CRIER_TIME_BAD_ZONE), instead of each saying that it
	 * needs a zone, when the one mistake is the zone's name.
	 */
	return crier_conv_keep(c, f->value);
}

int
crier_conv_time(struct crier_conv *c, const struct crier_field *f,
                const char *zone, struct crier_time *out)
{
	size_t col = 0;
	enum crier_time_result r;
	struct crier_field at;

	r = crier_time_parse(f->value, strlen(f->value), zone, out, &col);
	if (r == CRIER_TIME_OK && !crier_time_is_writable(*out)) {
		crier_conv_error(c, f, MSG_TIME_BEYOND_YEARS, f->value, NULL);
		return -1;
	}
	if (r == CRIER_TIME_OK)
		return 0;
	/* Point at the offending character inside the value. */
	at = *f;
	at.value_column += crier_utf8_count(f->value, col);
	switch (r) {
	case CRIER_TIME_SYNTAX:
		crier_conv_error(c, &at, MSG_BAD_TIME_SYNTAX, f->value, NULL);
		break;
	case CRIER_TIME_RANGE:
		crier_conv_error(c, &at, MSG_BAD_TIME_RANGE, f->value, NULL);
		break;
	case CRIER_TIME_NEEDS_ZONE:
		crier_conv_error(c, f, MSG_TIME_NEEDS_ZONE, f->value, NULL);
		break;
	case CRIER_TIME_BAD_ZONE:
		/* The Timezone field has been reported already. */
		c->errors++;
		break;
	case CRIER_TIME_GAP:
		crier_conv_error(c, f, MSG_TIME_IN_GAP, f->value, zone);
		break;
	case CRIER_TIME_AMBIGUOUS:
		crier_conv_error(c, f, MSG_TIME_AMBIGUOUS, f->value, zone);
		break;
	case CRIER_TIME_OK:
		break;
	}
	return -1;
}

int
crier_conv_bool(struct crier_conv *c, const struct crier_field *f, bool *out)
{
	*out = false;
	if (f == NULL || crier_boolean_parse(f->value, out) == 0)
		return 0;
	crier_conv_error(c, f, MSG_BAD_BOOLEAN, f->value, NULL);
	return -1;
}

static int
is_lower_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/*
 * RFC 4151: tag:AUTHORITY,DATE:SPECIFIC.  The W3C validator also wants
 * the authority in lower case and the whole URI in ASCII, and so do we:
 * entry ids are built from it and must never need to change.
 */
int
crier_is_tag_uri(const char *s)
{
	const char *p = s + 4, *comma;
	int digits;

	if (strncmp(s, "tag:", 4) != 0 || (comma = strchr(p, ',')) == NULL ||
	    comma == p)
		return 0;
	for (; p < comma; p++)
		if (!is_lower_alnum(*p) && !strchr("-.@_", *p))
			return 0;
	for (p = comma + 1, digits = 0; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (digits != 4)
		return 0;
	while (*p == '-' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
	    p[2] <= '9')
		p += 3;
	if (*p++ != ':')
		return 0;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F ||
		    strchr("\"<>\\^`{|}#", *p))
			return 0;
	return 1;
}

/* Record ids become part of entry ids: keep them plain ASCII. */
int
crier_is_record_id(const char *s)
{
	if (*s == '\0' || *s == '/' || *s == '.')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || is_lower_alnum(*s) ||
		    strchr("-_./", *s)))
			return 0;
	return 1;
}

/* A BCP 47 language tag, loosely: en, en-GB, zh-Hant-TW. */
int
crier_is_language_tag(const char *s)
{
	size_t n = 0, part = 0;

	for (; ; s++) {
		if (*s == '-' || *s == '\0') {
			if (n == 0 || n > 8 || (part == 0 && n > 3) ||
			    (part == 0 && n < 2))
				return 0;
			if (*s == '\0')
				return 1;
			part++;
			n = 0;
		} else if ((*s >= 'A' && *s <= 'Z') || is_lower_alnum(*s)) {
			n++;
		} else {
			return 0;
		}
	}
}

const char *
crier_conv_value(struct crier_conv *c, const struct crier_field_map *m,
                 enum field_index i)
{
	return m->first[i] != NULL ? crier_conv_keep(c, m->first[i]->value) :
	       NULL;
}
