/*
 * times.c - RFC 3339 and local times in, RFC 3339 and RFC 822 out.
 *
 * Calendar arithmetic is done here with integers (Howard Hinnant's
 * days_from_civil and civil_from_days), so output never depends on the
 * locale, TZ or the width of time_t.  Zone offsets come from the tz
 * database's own files (tzif.c), read as glibc reads them, because the
 * database is the one thing we must not copy.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "calendar.h"
#include "times.h"
#include "tzif.h"

#define SECONDS_PER_DAY 86400

/* Offsets are whole minutes in both output formats, at most 23:59. */
#define OFFSET_MAX_S (23 * 3600 + 59 * 60)

/* Years the formats can show, and years a struct crier_civil can hold. */
#define FORMAT_YEAR_MIN 0
#define FORMAT_YEAR_MAX 9999
#define CIVIL_YEAR_MIN (-1000000000)
#define CIVIL_YEAR_MAX 1000000000

#define ZONE_DIR_DEFAULT "/usr/share/zoneinfo"
#define ZONE_PATH_SIZE 4096

/* The fixed columns of "YYYY-MM-DDTHH:MM:SS", for range errors. */
enum {
	COL_MONTH = 5,
	COL_DAY = 8,
	COL_HOUR = 11,
	COL_MINUTE = 14,
	COL_SECOND = 17
};

static const char day_names[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};

static const char month_names[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/*
 * EPOCH_S + OFFSET_S, held within years YEAR_MIN..YEAR_MAX.  Clamping
 * before adding keeps the sum from overflowing for any input.
 */
static int64_t
local_seconds(int64_t epoch_s, int32_t offset_s, int64_t year_min,
    int64_t year_max)
{
	int64_t min_s = crier_days_from_civil(year_min, 1, 1) * SECONDS_PER_DAY;
	int64_t max_s = crier_days_from_civil(year_max + 1, 1, 1) *
	    SECONDS_PER_DAY - 1;
	int64_t local_s;

	if (epoch_s < min_s - INT32_MAX)
		epoch_s = min_s - INT32_MAX;
	else if (epoch_s > max_s + INT32_MAX)
		epoch_s = max_s + INT32_MAX;
	local_s = epoch_s + offset_s;
	if (local_s < min_s)
		return min_s;
	if (local_s > max_s)
		return max_s;
	return local_s;
}

/* LOCAL_S must already lie within CIVIL_YEAR_MIN..CIVIL_YEAR_MAX. */
static void
civil_from_seconds(int64_t local_s, struct crier_civil *out)
{
	int64_t days = local_s / SECONDS_PER_DAY;
	int64_t secs = local_s % SECONDS_PER_DAY;
	int64_t year;

	if (secs < 0) {
		secs += SECONDS_PER_DAY;
		days--;
	}
	crier_civil_from_days(days, &year, &out->month, &out->day);
	out->year = (int)year;
	out->hour = (int)(secs / 3600);
	out->minute = (int)(secs / 60 % 60);
	out->second = (int)(secs % 60);
	out->weekday = crier_weekday_from_days(days);
}

/* ------------------------------------------------------------------ */
/* Zones                                                               */
/* ------------------------------------------------------------------ */

/*
 * Only names that look like IANA names reach the file system and TZ.
 * '.' is not allowed at all, so no component can be "." or "..", and
 * ':' is not, so glibc never reads the name as a path or a POSIX rule.
 */
static int
zone_name_is_valid(const char *zone)
{
	static const char allowed[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_+-/";
	size_t len = strlen(zone);

	return len > 0 && zone[0] != '/' && strspn(zone, allowed) == len;
}

/* The path of ZONE's file, where glibc would look for it, or -1. */
static int
zone_path(const char *zone, char path[ZONE_PATH_SIZE])
{
	const char *dir = getenv("TZDIR");
	int n;

	if (dir == NULL || *dir == '\0')
		dir = ZONE_DIR_DEFAULT;
	n = snprintf(path, ZONE_PATH_SIZE, "%s/%s", dir, zone);
	return n < 0 || n >= ZONE_PATH_SIZE ? -1 : 0;
}

/*
 * Whether PATH is a regular file in TZif format.  O_NONBLOCK keeps a
 * FIFO from hanging us before fstat() can refuse it.
 */
static int
file_is_tzif(const char *path)
{
	char magic[4];
	struct stat st;
	int fd, is_tzif;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1)
		return 0;
	is_tzif = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "TZif", sizeof(magic)) == 0;
	close(fd);
	return is_tzif;
}

/*
 * Zones are read once per process: a build reads thousands of times in a
 * handful of zones, and each used to open and parse the zone's file.
 * Entries are keyed by the file's path, so that a TZDIR set later finds
 * its own files.  Only zone files get an entry (the database has some
 * hundreds), never a name that is none, which a record may make up.  The
 * loading threads share the table under ZONE_LOCK; an entry, once in,
 * never changes until crier_zone_cache_free().
 */
struct zone_entry {
	struct zone_entry *next;
	struct crier_tzif *tzif;    /* NULL: TZif, but it would not parse */
	char path[];
};

#define ZONE_BUCKETS 64

static struct zone_entry *zone_cache[ZONE_BUCKETS];
static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
path_hash(const char *path)
{
	size_t h = 5381;

	while (*path != '\0')
		h = h * 33 + (unsigned char)*path++;
	return h % ZONE_BUCKETS;
}

/*
 * ZONE's entry, its file read the first time; NULL when ZONE is not a
 * zone.  Only names that pass zone_name_is_valid() reach the file system.
 */
static const struct zone_entry *
zone_entry(const char *zone)
{
	char path[ZONE_PATH_SIZE];
	struct zone_entry *e;
	size_t h;

	if (zone == NULL || !zone_name_is_valid(zone) ||
	    zone_path(zone, path) == -1)
		return NULL;
	h = path_hash(path);
	pthread_mutex_lock(&zone_lock);
	for (e = zone_cache[h]; e != NULL && strcmp(e->path, path) != 0;
	     e = e->next)
		;
	if (e == NULL && file_is_tzif(path)) {
		e = crier_xmalloc(sizeof(*e) + strlen(path) + 1);
		strcpy(e->path, path);
		e->tzif = crier_tzif_load(path);
		e->next = zone_cache[h];
		zone_cache[h] = e;
	}
	pthread_mutex_unlock(&zone_lock);
	return e;
}

void
crier_zone_cache_free(void)
{
	struct zone_entry *e, *next;
	size_t i;

	pthread_mutex_lock(&zone_lock);
	for (i = 0; i < ZONE_BUCKETS; i++) {
		for (e = zone_cache[i]; e != NULL; e = next) {
			next = e->next;
			crier_tzif_free(e->tzif);
			free(e);
		}
		zone_cache[i] = NULL;
	}
	pthread_mutex_unlock(&zone_lock);
}

int
crier_zone_exists(const char *zone)
{
	return zone_entry(zone) != NULL;
}

/*
 * ZONE's offsets, read from its file rather than through TZ and tzset(),
 * which would change the whole process's zone; NULL when ZONE is not a
 * zone.  Borrowed from the cache: not to be freed.
 */
static const struct crier_tzif *
zone_load(const char *zone)
{
	const struct zone_entry *e = zone_entry(zone);

	return e != NULL ? e->tzif : NULL;
}

int
crier_zone_offset(const char *zone, int64_t epoch_s, int32_t *offset_s)
{
	const struct crier_tzif *z = zone_load(zone);

	if (z == NULL)
		return -1;
	*offset_s = crier_tzif_offset(z, epoch_s);
	return 0;
}

/*
 * Finds the instants at which the wall clock of zone Z reads LOCAL_S
 * (local fields counted as if UTC).  Every offset that can apply is in
 * force within a day of it, so the candidates are the offsets a day
 * before, at, and a day after; each is kept if it is in force at the
 * instant it implies.
 */
static enum crier_time_result
resolve_in(const struct crier_tzif *z, int64_t local_s,
           struct crier_time *out)
{
	static const int64_t probes_s[3] = { -SECONDS_PER_DAY, 0,
	    SECONDS_PER_DAY };
	int32_t candidates[3], valid_s = 0, offset_s;
	int i, j, n_candidates = 0, n_valid = 0;

	for (i = 0; i < 3; i++) {
		offset_s = crier_tzif_offset(z, local_s + probes_s[i]);
		for (j = 0; j < n_candidates; j++)
			if (candidates[j] == offset_s)
				break;
		if (j == n_candidates)
			candidates[n_candidates++] = offset_s;
	}
	for (i = 0; i < n_candidates; i++) {
		/* In force: the wall clock reads LOCAL_S at that instant. */
		if (crier_tzif_offset(z, local_s - candidates[i]) ==
		    candidates[i]) {
			valid_s = candidates[i];
			n_valid++;
		}
	}
	if (n_valid == 0)
		return CRIER_TIME_GAP;
	if (n_valid > 1)
		return CRIER_TIME_AMBIGUOUS;
	out->epoch_s = local_s - valid_s;
	out->offset_s = valid_s;
	return CRIER_TIME_OK;
}

static enum crier_time_result
resolve_local(int64_t local_s, const char *zone, struct crier_time *out)
{
	const struct crier_tzif *z;

	if (zone == NULL)
		return CRIER_TIME_NEEDS_ZONE;
	if ((z = zone_load(zone)) == NULL)
		return CRIER_TIME_BAD_ZONE;
	return resolve_in(z, local_s, out);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

struct scan {
	const char *text;
	size_t len;
	size_t pos;
	size_t err_col;
};

struct fields {
	int year, month, day, hour, minute, second;
	int has_offset;
	int offset_hours, offset_minutes;
	int offset_sign;
	size_t offset_col;      /* of the offset's hours */
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The next byte if it is one of ACCEPT, else 0. */
static char
scan_peek(const struct scan *s, const char *accept)
{
	char c;

	if (s->pos >= s->len)
		return 0;
	c = s->text[s->pos];
	return c != '\0' && strchr(accept, c) != NULL ? c : 0;
}

static int
scan_char(struct scan *s, const char *accept)
{
	if (scan_peek(s, accept) == 0) {
		s->err_col = s->pos;
		return -1;
	}
	s->pos++;
	return 0;
}

/*
 * Exactly WIDTH digits.  A short or broken field is blamed on its first
 * column: in "2017-02-4T" the culprit is the day "4", not the 'T'.
 */
static int
scan_number(struct scan *s, int width, int *value)
{
	int i;

	if (s->len - s->pos < (size_t)width) {
		s->err_col = s->pos;
		return -1;
	}
	*value = 0;
	for (i = 0; i < width; i++) {
		if (!is_digit(s->text[s->pos + i])) {
			s->err_col = s->pos;
			return -1;
		}
		*value = *value * 10 + (s->text[s->pos + i] - '0');
	}
	s->pos += width;
	return 0;
}

static int
scan_date(struct scan *s, struct fields *f)
{
	if (scan_number(s, 4, &f->year) == -1 || scan_char(s, "-") == -1 ||
	    scan_number(s, 2, &f->month) == -1 || scan_char(s, "-") == -1 ||
	    scan_number(s, 2, &f->day) == -1)
		return -1;
	return 0;
}

/* "Z", "z", "+HH:MM" or "-HH:MM" (RFC 3339 section 5.6, time-offset). */
static int
scan_offset(struct scan *s, struct fields *f)
{
	char c = scan_peek(s, "Zz+-");

	f->has_offset = 1;
	f->offset_sign = c == '-' ? -1 : 1;
	f->offset_hours = f->offset_minutes = 0;
	f->offset_col = s->pos + 1;
	if (scan_char(s, "Zz+-") == -1)
		return -1;
	if (c == 'Z' || c == 'z')
		return 0;
	if (scan_number(s, 2, &f->offset_hours) == -1 ||
	    scan_char(s, ":") == -1 ||
	    scan_number(s, 2, &f->offset_minutes) == -1)
		return -1;
	return 0;
}

/*
 * The time after the date.  Only a space-separated time may stop after
 * the minutes or seconds, with no offset: that is the local form.  A
 * 'T' promises RFC 3339, which always has seconds and an offset.
 */
static int
scan_clock(struct scan *s, struct fields *f)
{
	int is_local_allowed = scan_peek(s, " ") != 0;

	f->has_offset = 0;
	f->second = 0;
	if (scan_char(s, "Tt ") == -1 ||
	    scan_number(s, 2, &f->hour) == -1 || scan_char(s, ":") == -1 ||
	    scan_number(s, 2, &f->minute) == -1)
		return -1;
	if (is_local_allowed && s->pos == s->len)
		return 0;
	if (scan_char(s, ":") == -1 || scan_number(s, 2, &f->second) == -1)
		return -1;
	if (is_local_allowed && s->pos == s->len)
		return 0;
	if (scan_peek(s, ".") != 0) {
		/* Fractions are allowed and dropped: feeds show seconds. */
		s->pos++;
		if (s->pos >= s->len || !is_digit(s->text[s->pos])) {
			s->err_col = s->pos;
			return -1;
		}
		while (s->pos < s->len && is_digit(s->text[s->pos]))
			s->pos++;
	}
	return scan_offset(s, f);
}

static enum crier_time_result
scan_time(struct scan *s, struct fields *f)
{
	if (scan_date(s, f) == -1 || scan_clock(s, f) == -1)
		return CRIER_TIME_SYNTAX;
	if (s->pos != s->len) {
		s->err_col = s->pos;
		return CRIER_TIME_SYNTAX;
	}
	return CRIER_TIME_OK;
}

/*
 * A leap second (:60) is refused: time_t cannot hold it, and no feed
 * reader needs one.
 */
static enum crier_time_result
check_fields(const struct fields *f, size_t *err_col)
{
	if (f->month < 1 || f->month > 12)
		*err_col = COL_MONTH;
	else if (f->day < 1 || f->day > crier_days_in_month(f->year, f->month))
		*err_col = COL_DAY;
	else if (f->hour > 23)
		*err_col = COL_HOUR;
	else if (f->minute > 59)
		*err_col = COL_MINUTE;
	else if (f->second > 59)
		*err_col = COL_SECOND;
	else if (f->has_offset && f->offset_hours > 23)
		*err_col = f->offset_col;
	else if (f->has_offset && f->offset_minutes > 59)
		*err_col = f->offset_col + 3;
	else
		return CRIER_TIME_OK;
	return CRIER_TIME_RANGE;
}

enum crier_time_result
crier_time_parse(const char *text, size_t len, const char *zone,
    struct crier_time *out, size_t *err_col)
{
	struct scan s = { text, len, 0, 0 };
	struct fields f = { 0 };
	enum crier_time_result result;
	int64_t local_s;

	if ((result = scan_time(&s, &f)) == CRIER_TIME_OK &&
	    (result = check_fields(&f, &s.err_col)) == CRIER_TIME_OK) {
		local_s = crier_days_from_civil(f.year, f.month, f.day) *
		    SECONDS_PER_DAY + f.hour * 3600 + f.minute * 60 + f.second;
		if (f.has_offset) {
			out->offset_s = f.offset_sign *
			    (f.offset_hours * 3600 + f.offset_minutes * 60);
			out->epoch_s = local_s - out->offset_s;
		} else
			result = resolve_local(local_s, zone, out);
	}
	if (err_col != NULL)
		*err_col = s.err_col;
	return result;
}

/*
 * Durations: "1h30m15s" (each unit at most once, in that order) or the
 * ISO 8601 time part "PT1H30M15S".  Letters may be either case.
 */
int
crier_duration_parse(const char *text, size_t len, int64_t *seconds)
{
	static const struct {
		char unit;
		int64_t seconds;
	} units[] = { { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };
	const size_t n_units = sizeof(units) / sizeof(units[0]);
	size_t pos = 0, next_unit = 0;
	int64_t total = 0, count;
	char unit;

	if (len >= 2 && ascii_lower(text[0]) == 'p' &&
	    ascii_lower(text[1]) == 't')
		pos = 2;
	while (pos < len) {
		if (!is_digit(text[pos]))
			return -1;
		for (count = 0; pos < len && is_digit(text[pos]); pos++) {
			if (count > (INT64_MAX - (text[pos] - '0')) / 10)
				return -1;
			count = count * 10 + (text[pos] - '0');
		}
		if (pos == len)
			return -1;
		unit = ascii_lower(text[pos++]);
		while (next_unit < n_units && units[next_unit].unit != unit)
			next_unit++;
		if (next_unit == n_units ||
		    count > (INT64_MAX - total) / units[next_unit].seconds)
			return -1;
		total += count * units[next_unit++].seconds;
	}
	if (total <= 0)
		return -1;
	*seconds = total;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Formatting                                                          */
/* ------------------------------------------------------------------ */

/* WIDTH decimal digits of VALUE (0 <= VALUE < 10^WIDTH). */
static char *
put_digits(char *p, int value, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + value % 10);
		value /= 10;
	}
	return p + width;
}

static char *
put_text(char *p, const char *text)
{
	size_t len = strlen(text);

	memcpy(p, text, len);
	return p + len;
}

/*
 * The civil time and offset that the formats will show for T.  Offsets
 * lose their seconds (truncated toward zero, as for LMT +00:17:30) and
 * the civil time is computed from the shown offset, so the text still
 * names the instant T.  Instants outside years 0000-9999 are clamped.
 */
static int32_t
printable_civil(struct crier_time t, struct crier_civil *civil)
{
	int32_t offset_s = t.offset_s;

	if (offset_s > OFFSET_MAX_S)
		offset_s = OFFSET_MAX_S;
	else if (offset_s < -OFFSET_MAX_S)
		offset_s = -OFFSET_MAX_S;
	offset_s -= offset_s % 60;
	civil_from_seconds(local_seconds(t.epoch_s, offset_s,
	    FORMAT_YEAR_MIN, FORMAT_YEAR_MAX), civil);
	return offset_s;
}

/* "+HH" then SEPARATOR then "MM". */
static char *
put_offset(char *p, int32_t offset_s, const char *separator)
{
	*p++ = offset_s < 0 ? '-' : '+';
	if (offset_s < 0)
		offset_s = -offset_s;
	p = put_digits(p, offset_s / 3600, 2);
	p = put_text(p, separator);
	return put_digits(p, offset_s / 60 % 60, 2);
}

static char *
put_clock(char *p, const struct crier_civil *c)
{
	p = put_digits(p, c->hour, 2);
	*p++ = ':';
	p = put_digits(p, c->minute, 2);
	*p++ = ':';
	return put_digits(p, c->second, 2);
}

void
crier_time_rfc3339(struct crier_time t, char buf[CRIER_RFC3339_SIZE])
{
	struct crier_civil c;
	int32_t offset_s = printable_civil(t, &c);
	char *p = buf;

	p = put_digits(p, c.year, 4);
	*p++ = '-';
	p = put_digits(p, c.month, 2);
	*p++ = '-';
	p = put_digits(p, c.day, 2);
	*p++ = 'T';
	p = put_clock(p, &c);
	if (offset_s == 0)
		*p++ = 'Z';
	else
		p = put_offset(p, offset_s, ":");
	*p = '\0';
}

void
crier_time_rfc3339_shifted(struct crier_time t, uint32_t shift_us,
                           char buf[CRIER_RFC3339_FRAC_SIZE])
{
	char whole[CRIER_RFC3339_SIZE];
	uint32_t frac_us;
	size_t clock_len = 19;   /* YYYY-MM-DDTHH:MM:SS */

	if (shift_us == 0 || shift_us >= 1000000) {
		crier_time_rfc3339(t, buf);
		return;
	}
	t.epoch_s--;
	frac_us = 1000000 - shift_us;
	crier_time_rfc3339(t, whole);
	if (frac_us % 1000 == 0)
		snprintf(buf, CRIER_RFC3339_FRAC_SIZE, "%.*s.%03u%s",
		         (int)clock_len, whole, (unsigned)(frac_us / 1000),
		         whole + clock_len);
	else
		snprintf(buf, CRIER_RFC3339_FRAC_SIZE, "%.*s.%06u%s",
		         (int)clock_len, whole, (unsigned)frac_us,
		         whole + clock_len);
}

/*
 * RFC 822 section 5 with RFC 1123's four-digit year; the zone is always
 * numeric, "+0000" for UTC, as RSS readers expect.
 */
void
crier_time_rfc822(struct crier_time t, char buf[CRIER_RFC822_SIZE])
{
	struct crier_civil c;
	char *p = buf;

	/*
	 * Always in GMT: the W3C validator questions numeric zones that are
	 * not whole hours or common US ones (ProblematicalRFC822Date), and
	 * some RSS readers misread any offset.
	 */
	t.offset_s = 0;
	printable_civil(t, &c);
	p = put_text(p, day_names[c.weekday]);
	p = put_text(p, ", ");
	p = put_digits(p, c.day, 2);
	*p++ = ' ';
	p = put_text(p, month_names[c.month - 1]);
	*p++ = ' ';
	p = put_digits(p, c.year, 4);
	*p++ = ' ';
	p = put_clock(p, &c);
	p = put_text(p, " GMT");
	*p = '\0';
}

int
crier_time_is_writable(struct crier_time t)
{
	struct crier_civil local, utc;

	crier_time_civil(t, &local);
	t.offset_s = 0;
	crier_time_civil(t, &utc);
	return local.year >= 1 && local.year <= 9999 && utc.year >= 1 &&
	       utc.year <= 9999;
}

void
crier_time_civil(struct crier_time t, struct crier_civil *out)
{
	civil_from_seconds(local_seconds(t.epoch_s, t.offset_s,
	    CIVIL_YEAR_MIN, CIVIL_YEAR_MAX), out);
}
