/*
 * times.h - reading and writing the times in records and feeds.
 *
 * Pure functions of their arguments: nothing here reads the clock, the
 * locale or the caller's TZ.  Zone lookups use the system's time zone
 * database (TZDIR, else /usr/share/zoneinfo).
 */
#ifndef CRIER_TIMES_H
#define CRIER_TIMES_H

#include <stddef.h>
#include <stdint.h>

/* An instant, and the UTC offset it was written (or is shown) with. */
struct crier_time {
	int64_t epoch_s;
	int32_t offset_s;
};

enum crier_time_result {
	CRIER_TIME_OK = 0,
	CRIER_TIME_SYNTAX,      /* not a time we understand */
	CRIER_TIME_RANGE,       /* fields out of range (month 13, Feb 30, ...) */
	CRIER_TIME_NEEDS_ZONE,  /* a local time, but no zone was given */
	CRIER_TIME_BAD_ZONE,    /* the zone is not in the time zone database */
	CRIER_TIME_GAP,         /* local time skipped by a DST change */
	CRIER_TIME_AMBIGUOUS    /* local time that happens twice (DST ends) */
};

/*
 * Parses TEXT (LEN bytes, not NUL-terminated) as either
 *   RFC 3339:  2017-02-04T11:30:00+01:00, ...Z, fractional seconds
 *              dropped, 'T' or 't' or one space between date and time;
 *   local:     2017-02-04 11:30 or 2017-02-04 11:30:15, read in ZONE
 *              (an IANA name such as "Europe/Brussels"; may be NULL).
 * On CRIER_TIME_OK fills *out; for a local time the offset is the zone's
 * offset at that instant.  *err_col is set to the 0-based byte offset in
 * TEXT where the problem lies (0 when it concerns the whole value).
 */
enum crier_time_result crier_time_parse(const char *text, size_t len,
                                        const char *zone,
                                        struct crier_time *out,
                                        size_t *err_col);

/*
 * Whether ZONE names a zone in the time zone database.  A zone's file is
 * read once per process, by any thread, on first use.
 */
int crier_zone_exists(const char *zone);

/* Frees the zones read so far (crier_cleanup()). */
void crier_zone_cache_free(void);

/*
 * Offset from UTC in seconds of ZONE at instant EPOCH_S.  Returns 0 and
 * sets *offset_s, or -1 if the zone is unknown.
 */
int crier_zone_offset(const char *zone, int64_t epoch_s, int32_t *offset_s);

/*
 * Parses a duration: "25m", "1h", "1h30m", "90s", or ISO 8601 "PT1H30M".
 * Returns 0 and sets *seconds (> 0), or -1.
 */
int crier_duration_parse(const char *text, size_t len, int64_t *seconds);

/* Buffer sizes, terminating NUL included. */
#define CRIER_RFC3339_SIZE 26   /* 2017-02-04T11:30:00+01:00 */
#define CRIER_RFC822_SIZE 32    /* Sat, 04 Feb 2017 10:30:00 GMT */

/*
 * Formats T in its own offset: "2017-02-04T11:30:00+01:00", or with "Z"
 * when the offset is zero.  Always seconds, never fractions.
 */
void crier_time_rfc3339(struct crier_time t, char buf[CRIER_RFC3339_SIZE]);

/*
 * Formats T minus SHIFT_US microseconds (under a second) as RFC 3339,
 * with a fraction of 3 digits (6 when it needs them) when there is one.
 */
#define CRIER_RFC3339_FRAC_SIZE 33   /* 2017-02-04T11:29:59.999999+01:00 */
void crier_time_rfc3339_shifted(struct crier_time t, uint32_t shift_us,
                                char buf[CRIER_RFC3339_FRAC_SIZE]);

/*
 * Whether T falls within years 0001-9999 both in UTC and in its own
 * offset, as every format crier writes needs (four-digit years; iCalendar
 * in UTC, the feeds in the offset).
 */
int crier_time_is_writable(struct crier_time t);

/* Formats T as RFC 822 with a four-digit year, always in GMT. */
void crier_time_rfc822(struct crier_time t, char buf[CRIER_RFC822_SIZE]);

/*
 * Broken-down civil time of T in its own offset (proleptic Gregorian),
 * for writers that show "Saturday 4 February 2017, 11:30".
 */
struct crier_civil {
	int year, month, day;   /* month 1-12, day 1-31 */
	int hour, minute, second;
	int weekday;            /* 0 = Sunday */
};
void crier_time_civil(struct crier_time t, struct crier_civil *out);

#endif /* CRIER_TIMES_H */
