/*
 * tzif.c - a zone's UTC offsets from its TZif file (RFC 8536), as glibc's
 * localtime_r() computes them, without setting TZ.
 *
 * Only what offsets need is kept: the transitions and their types, and
 * the POSIX TZ rule of the footer for instants after the last transition.
 * Leap-second records are skipped (the "right/" zones' leap seconds do
 * not change tm_gmtoff either).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "calendar.h"
#include "tzif.h"

#define SECONDS_PER_DAY 86400
/* The largest zone file is under 4 KiB; this leaves room for any. */
#define TZIF_MAX_BYTES (1024 * 1024)
#define HEADER_BYTES 44

/* One change of a POSIX TZ rule: "M3.5.0/2", "J60" or "59". */
struct rule {
	char kind;             /* 'M', 'J' (1 to 365, no Feb 29) or 'n' */
	int month, week, day;  /* kind 'M' */
	int yday;              /* kinds 'J' and 'n' */
	int32_t secs;          /* local time of day of the change */
};

struct crier_tzif {
	int64_t *times;        /* transitions, ascending */
	uint8_t *type_of;      /* the type each transition starts */
	size_t count;
	int32_t *utoff;        /* each type's offset, seconds east */
	uint8_t *is_dst;
	size_t type_count;
	bool has_rule;         /* the footer: after the last transition */
	bool has_dst;
	int32_t std_off, dst_off;
	struct rule start, end;  /* of daylight time */
};

/* ------------------------------------------------------------------ */
/* Calendar                                                            */
/* ------------------------------------------------------------------ */

/* The UTC year of EPOCH_S. */
static int64_t
year_of(int64_t epoch_s)
{
	int64_t days = epoch_s / SECONDS_PER_DAY -
	               (epoch_s % SECONDS_PER_DAY < 0), year;
	int month, day;

	crier_civil_from_days(days, &year, &month, &day);
	return year;
}

/* ------------------------------------------------------------------ */
/* The footer's POSIX TZ rule                                          */
/* ------------------------------------------------------------------ */

static bool
parse_number(const char **p, int max, int *out)
{
	int n = 0;

	if (**p < '0' || **p > '9')
		return false;
	while (**p >= '0' && **p <= '9') {
		n = n * 10 + (*(*p)++ - '0');
		if (n > max)
			return false;
	}
	*out = n;
	return true;
}

/* [+-]hh[:mm[:ss]], hours up to MAX_HOURS, as seconds. */
static bool
parse_hms(const char **p, int max_hours, int32_t *out)
{
	int sign = 1, h, m = 0, s = 0;

	if (**p == '+' || **p == '-')
		sign = *(*p)++ == '-' ? -1 : 1;
	if (!parse_number(p, max_hours, &h))
		return false;
	if (**p == ':' && (++*p, !parse_number(p, 59, &m)))
		return false;
	if (**p == ':' && (++*p, !parse_number(p, 59, &s)))
		return false;
	*out = sign * (h * 3600 + m * 60 + s);
	return true;
}

/* A zone abbreviation: three letters or more, or <...>. */
static bool
skip_name(const char **p)
{
	const char *start = *p;

	if (**p == '<') {
		*p = strchr(*p, '>');
		if (*p == NULL)
			return false;
		++*p;
		return true;
	}
	while ((**p >= 'A' && **p <= 'Z') || (**p >= 'a' && **p <= 'z'))
		++*p;
	return *p - start >= 3;
}

static bool
parse_rule(const char **p, struct rule *r)
{
	r->secs = 2 * 3600;
	if (**p == 'M') {
		++*p;
		r->kind = 'M';
		if (!parse_number(p, 12, &r->month) || r->month < 1 ||
		    *(*p)++ != '.' || !parse_number(p, 5, &r->week) ||
		    r->week < 1 || *(*p)++ != '.' || !parse_number(p, 6, &r->day))
			return false;
	} else if (**p == 'J') {
		++*p;
		r->kind = 'J';
		if (!parse_number(p, 365, &r->yday) || r->yday < 1)
			return false;
	} else {
		r->kind = 'n';
		if (!parse_number(p, 365, &r->yday))
			return false;
	}
	if (**p == '/') {
		++*p;
		return parse_hms(p, 167, &r->secs);
	}
	return true;
}

/* "STD offset [DST [offset] [,start[/time],end[/time]]]". */
static bool
parse_tz(struct crier_tzif *z, const char *p)
{
	static const struct rule us_start = {'M', 3, 2, 0, 0, 7200};
	static const struct rule us_end = {'M', 11, 1, 0, 0, 7200};
	int32_t off;

	/* POSIX offsets count west of UTC; utoff counts east. */
	if (!skip_name(&p) || !parse_hms(&p, 24, &off))
		return false;
	z->std_off = z->dst_off = -off;
	if (*p == '\0')
		return true;
	if (!skip_name(&p))
		return false;
	z->has_dst = true;
	z->dst_off = z->std_off + 3600;
	if (*p != ',' && *p != '\0') {
		if (!parse_hms(&p, 24, &off))
			return false;
		z->dst_off = -off;
	}
	if (*p == '\0') {
		/* glibc's rule when a TZ names DST but not when. */
		z->start = us_start;
		z->end = us_end;
		return true;
	}
	return *p++ == ',' && parse_rule(&p, &z->start) && *p++ == ',' &&
	       parse_rule(&p, &z->end) && *p == '\0';
}

/* The instant R happens in YEAR, on a clock OFFSET_S east of UTC. */
static int64_t
change_at(const struct rule *r, int64_t year, int32_t offset_s)
{
	int64_t days = crier_days_from_civil(year, 1, 1);
	int length, d, i, dow;

	if (r->kind == 'J') {
		days += r->yday - 1 + (r->yday >= 60 && crier_is_leap_year(year));
	} else if (r->kind == 'n') {
		days += r->yday;
	} else {
		days = crier_days_from_civil(year, r->month, 1);
		dow = crier_weekday_from_days(days);
		length = crier_days_in_month((int)year, r->month);
		d = r->day - dow;
		if (d < 0)
			d += 7;
		for (i = 1; i < r->week && d + 7 < length; i++)
			d += 7;
		days += d;
	}
	return days * SECONDS_PER_DAY + r->secs - offset_s;
}

static int32_t
rule_offset(const struct crier_tzif *z, int64_t epoch_s)
{
	int64_t year = year_of(epoch_s), start, end;
	bool is_dst;

	if (!z->has_dst)
		return z->std_off;
	start = change_at(&z->start, year, z->std_off);
	end = change_at(&z->end, year, z->dst_off);
	/* South of the equator, daylight time spans the new year. */
	if (start > end)
		is_dst = epoch_s < end || epoch_s >= start;
	else
		is_dst = epoch_s >= start && epoch_s < end;
	return is_dst ? z->dst_off : z->std_off;
}

/* ------------------------------------------------------------------ */
/* The file                                                            */
/* ------------------------------------------------------------------ */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The counts of a header: isut, isstd, leap, time, type, char. */
struct counts {
	size_t isut, isstd, leap, time, type, chars;
};

static bool
read_header(const unsigned char *p, size_t len, struct counts *c)
{
	if (len < HEADER_BYTES || memcmp(p, "TZif", 4) != 0)
		return false;
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chars = be32(p + 40);
	return c->type > 0 && c->type <= 256 && c->time < TZIF_MAX_BYTES &&
	       c->leap < TZIF_MAX_BYTES && c->chars < TZIF_MAX_BYTES &&
	       c->isut <= c->type && c->isstd <= c->type;
}

static size_t
block_bytes(const struct counts *c, size_t time_bytes)
{
	return c->time * time_bytes + c->time + c->type * 6 + c->chars +
	       c->leap * (time_bytes + 4) + c->isstd + c->isut;
}

/* Fills Z from the data block at P (TIME_BYTES 4 or 8 per instant). */
static bool
read_block(struct crier_tzif *z, const unsigned char *p,
           const struct counts *c, size_t time_bytes)
{
	size_t i;

	z->count = c->time;
	z->type_count = c->type;
	z->times = crier_xcalloc(c->time + 1, sizeof(*z->times));
	z->type_of = crier_xcalloc(c->time + 1, 1);
	z->utoff = crier_xcalloc(c->type, sizeof(*z->utoff));
	z->is_dst = crier_xcalloc(c->type, 1);
	for (i = 0; i < c->time; i++, p += time_bytes)
		z->times[i] = time_bytes == 8 ? be64(p) : (int32_t)be32(p);
	for (i = 0; i < c->time; i++) {
		z->type_of[i] = *p++;
		if (z->type_of[i] >= c->type)
			return false;
	}
	for (i = 0; i < c->type; i++, p += 6) {
		z->utoff[i] = (int32_t)be32(p);
		z->is_dst[i] = p[4];
	}
	return true;
}

/* The version 2+ part, after the version 1 part, and its footer. */
static bool
read_v2(struct crier_tzif *z, const unsigned char *p, size_t len)
{
	struct counts c;
	size_t n;
	const unsigned char *footer, *nl;
	char *tz;
	bool ok;

	if (!read_header(p, len, &c) ||
	    (n = HEADER_BYTES + block_bytes(&c, 8)) > len ||
	    !read_block(z, p + HEADER_BYTES, &c, 8))
		return false;
	footer = p + n;
	if (footer >= p + len || *footer != '\n')
		return true;
	nl = memchr(footer + 1, '\n', (size_t)(p + len - footer - 1));
	if (nl == NULL || nl == footer + 1)
		return true;
	tz = crier_xmalloc((size_t)(nl - footer));
	memcpy(tz, footer + 1, (size_t)(nl - footer - 1));
	tz[nl - footer - 1] = '\0';
	ok = parse_tz(z, tz);
	free(tz);
	/* Like glibc, an unreadable rule leaves the last transition's type. */
	z->has_rule = ok;
	return true;
}

static bool
parse_file(struct crier_tzif *z, const unsigned char *p, size_t len)
{
	struct counts c;
	size_t v1;

	if (!read_header(p, len, &c))
		return false;
	v1 = HEADER_BYTES + block_bytes(&c, 4);
	if (v1 > len)
		return false;
	if (p[4] >= '2')
		return read_v2(z, p + v1, len - v1);
	return read_block(z, p + HEADER_BYTES, &c, 4);
}

/* The whole regular file at PATH, in *OUT (free() it); its length. */
static ssize_t
slurp(const char *path, unsigned char **out)
{
	struct stat st;
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	*out = NULL;
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size <= TZIF_MAX_BYTES) {
		*out = crier_xmalloc((size_t)st.st_size + 1);
		n = read(fd, *out, (size_t)st.st_size);
		if (n != (ssize_t)st.st_size)
			n = -1;
	}
	close(fd);
	return n;
}

struct crier_tzif *
crier_tzif_load(const char *path)
{
	struct crier_tzif *z;
	unsigned char *data;
	ssize_t len = slurp(path, &data);

	if (len < 0) {
		free(data);
		return NULL;
	}
	z = crier_xcalloc(1, sizeof(*z));
	if (!parse_file(z, data, (size_t)len)) {
		crier_tzif_free(z);
		z = NULL;
	}
	free(data);
	return z;
}

void
crier_tzif_free(struct crier_tzif *z)
{
	if (z == NULL)
		return;
	free(z->times);
	free(z->type_of);
	free(z->utoff);
	free(z->is_dst);
	free(z);
}

int32_t
crier_tzif_offset(const struct crier_tzif *z, int64_t epoch_s)
{
	size_t lo, hi, i;

	if (z->count == 0 || epoch_s < z->times[0]) {
		/* glibc: the first standard-time type, else the first. */
		for (i = 0; i < z->type_count && z->is_dst[i]; i++)
			;
		return z->utoff[i < z->type_count ? i : 0];
	}
	if (epoch_s >= z->times[z->count - 1])
		return z->has_rule ? rule_offset(z, epoch_s) :
		       z->utoff[z->type_of[z->count - 1]];
	/* The last transition at or before EPOCH_S. */
	lo = 0;
	hi = z->count - 1;
	while (lo + 1 < hi) {
		i = lo + (hi - lo) / 2;
		if (epoch_s < z->times[i])
			hi = i;
		else
			lo = i;
	}
	return z->utoff[z->type_of[lo]];
}
