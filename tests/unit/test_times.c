/*
 * test_times.c - parsing and formatting of times, zones and durations.
 *
 * Expected instants were worked out with date(1) and zdump(8).  Zone
 * tests use the system's tz database, as crier does.
 */
#include "test_common.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "times.h"
#include "tzif.h"

/* 2017-02-04T10:30:00Z, the instant most examples below name. */
#define FEB_4_2017_S INT64_C(1486204200)

struct parse_case {
	const char *text;
	enum crier_time_result result;
	int64_t epoch_s;        /* when result is CRIER_TIME_OK */
	int32_t offset_s;
	size_t err_col;         /* otherwise */
};

static enum crier_time_result
parse(const char *text, const char *zone, struct crier_time *out,
    size_t *err_col)
{
	return crier_time_parse(text, strlen(text), zone, out, err_col);
}

static void
check_parse(const struct parse_case *cases, size_t n, const char *zone)
{
	size_t i, err_col;
	struct crier_time t;

	for (i = 0; i < n; i++) {
		enum crier_time_result result;

		err_col = 999;
		result = parse(cases[i].text, zone, &t, &err_col);
		if (result != cases[i].result)
			fail_msg("\"%s\": result %d, want %d", cases[i].text,
			    (int)result, (int)cases[i].result);
		if (result == CRIER_TIME_OK) {
			assert_int_equal(t.epoch_s, cases[i].epoch_s);
			assert_int_equal(t.offset_s, cases[i].offset_s);
			assert_int_equal(err_col, 0);
		} else if (err_col != cases[i].err_col)
			fail_msg("\"%s\": column %zu, want %zu", cases[i].text,
			    err_col, cases[i].err_col);
	}
}

#define CHECK_PARSE(cases, zone) \
	check_parse((cases), sizeof(cases) / sizeof((cases)[0]), (zone))

/* RFC 3339 with Z, numeric offsets and fractions gives the same instant. */
static void
test_parse_rfc3339(void **state)
{
	static const struct parse_case cases[] = {
		{ "2017-02-04T10:30:00Z", CRIER_TIME_OK, FEB_4_2017_S, 0, 0 },
		{ "2017-02-04T11:30:00+01:00", CRIER_TIME_OK, FEB_4_2017_S,
		    3600, 0 },
		{ "2017-02-04T05:30:00-05:00", CRIER_TIME_OK, FEB_4_2017_S,
		    -18000, 0 },
		{ "2017-02-04T16:00:00+05:30", CRIER_TIME_OK, FEB_4_2017_S,
		    19800, 0 },
		{ "2017-02-04T10:30:00.999999Z", CRIER_TIME_OK, FEB_4_2017_S,
		    0, 0 },
		{ "2017-02-04T11:30:00.5+01:00", CRIER_TIME_OK, FEB_4_2017_S,
		    3600, 0 },
		{ "2017-02-04t10:30:00z", CRIER_TIME_OK, FEB_4_2017_S, 0, 0 },
		{ "2017-02-04 10:30:00Z", CRIER_TIME_OK, FEB_4_2017_S, 0, 0 },
		{ "2017-02-04T10:30:00-00:00", CRIER_TIME_OK, FEB_4_2017_S,
		    0, 0 },
		{ "2017-02-04T10:30:00+23:59", CRIER_TIME_OK,
		    FEB_4_2017_S - 86340, 86340, 0 },
		{ "1969-12-31T23:59:59Z", CRIER_TIME_OK, -1, 0, 0 },
		{ "0000-01-01T00:00:00Z", CRIER_TIME_OK,
		    INT64_C(-62167219200), 0, 0 },
		{ "9999-12-31T23:59:59Z", CRIER_TIME_OK,
		    INT64_C(253402300799), 0, 0 },
	};

	(void)state;
	CHECK_PARSE(cases, NULL);
	/* A zone does not change a time that carries its own offset. */
	CHECK_PARSE(cases, "Europe/Brussels");
}

/* Only LEN bytes are read, so values need no terminating NUL. */
static void
test_parse_reads_len_bytes(void **state)
{
	static const char text[] = "2017-02-04T10:30:00Zjunk";
	static const char with_nul[] = "2017-02-04T10:30:00\0Z";
	struct crier_time t;
	size_t err_col;

	(void)state;
	assert_int_equal(crier_time_parse(text, 20, NULL, &t, &err_col),
	    CRIER_TIME_OK);
	assert_int_equal(t.epoch_s, FEB_4_2017_S);
	assert_int_equal(crier_time_parse(with_nul, sizeof(with_nul) - 1,
	    NULL, &t, &err_col), CRIER_TIME_SYNTAX);
	assert_int_equal(err_col, 19);
	/* err_col may be NULL. */
	assert_int_equal(crier_time_parse(text, 10, NULL, &t, NULL),
	    CRIER_TIME_SYNTAX);
}

/* Fields out of range are RANGE errors pointing at the field. */
static void
test_parse_range(void **state)
{
	static const struct parse_case cases[] = {
		{ "2017-02-29T00:00:00Z", CRIER_TIME_RANGE, 0, 0, 8 },
		{ "2016-02-29T00:00:00Z", CRIER_TIME_OK,
		    INT64_C(1456704000), 0, 0 },
		{ "2000-02-29T00:00:00Z", CRIER_TIME_OK,
		    INT64_C(951782400), 0, 0 },
		{ "1900-02-29T00:00:00Z", CRIER_TIME_RANGE, 0, 0, 8 },
		{ "2017-04-31T00:00:00Z", CRIER_TIME_RANGE, 0, 0, 8 },
		{ "2017-01-00T00:00:00Z", CRIER_TIME_RANGE, 0, 0, 8 },
		{ "2017-13-01T00:00:00Z", CRIER_TIME_RANGE, 0, 0, 5 },
		{ "2017-00-01T00:00:00Z", CRIER_TIME_RANGE, 0, 0, 5 },
		{ "2017-02-04T24:00:00Z", CRIER_TIME_RANGE, 0, 0, 11 },
		{ "2017-02-04T23:60:00Z", CRIER_TIME_RANGE, 0, 0, 14 },
		{ "2016-12-31T23:59:60Z", CRIER_TIME_RANGE, 0, 0, 17 },
		{ "2017-02-04T10:30:00+24:00", CRIER_TIME_RANGE, 0, 0, 20 },
		{ "2017-02-04T10:30:00-01:60", CRIER_TIME_RANGE, 0, 0, 23 },
		/* Range is checked before the zone is needed. */
		{ "2017-02-30 10:00", CRIER_TIME_RANGE, 0, 0, 8 },
	};

	(void)state;
	CHECK_PARSE(cases, NULL);
}

/* Syntax errors point at the first offending byte or malformed field. */
static void
test_parse_syntax_columns(void **state)
{
	static const struct parse_case cases[] = {
		{ "", CRIER_TIME_SYNTAX, 0, 0, 0 },
		{ " 2017-02-04T10:30:00Z", CRIER_TIME_SYNTAX, 0, 0, 0 },
		{ "17-02-04T10:30:00Z", CRIER_TIME_SYNTAX, 0, 0, 0 },
		{ "2017-02-4T10:30:00Z", CRIER_TIME_SYNTAX, 0, 0, 8 },
		{ "2017-2-04T10:30:00Z", CRIER_TIME_SYNTAX, 0, 0, 5 },
		{ "2017/02/04T10:30:00Z", CRIER_TIME_SYNTAX, 0, 0, 4 },
		{ "2017-02-04X10:30:00Z", CRIER_TIME_SYNTAX, 0, 0, 10 },
		{ "2017-02-04  10:30", CRIER_TIME_SYNTAX, 0, 0, 11 },
		{ "2017-02-04T1a:30:00Z", CRIER_TIME_SYNTAX, 0, 0, 11 },
		{ "2017-02-04T10.30:00Z", CRIER_TIME_SYNTAX, 0, 0, 13 },
		{ "2017-02-04T10:30", CRIER_TIME_SYNTAX, 0, 0, 16 },
		{ "2017-02-04T10:30Z", CRIER_TIME_SYNTAX, 0, 0, 16 },
		{ "2017-02-04T10:30:00", CRIER_TIME_SYNTAX, 0, 0, 19 },
		{ "2017-02-04T10:30:00.Z", CRIER_TIME_SYNTAX, 0, 0, 20 },
		{ "2017-02-04T10:30:00.", CRIER_TIME_SYNTAX, 0, 0, 20 },
		{ "2017-02-04T10:30:00 Z", CRIER_TIME_SYNTAX, 0, 0, 19 },
		{ "2017-02-04T10:30:00UTC", CRIER_TIME_SYNTAX, 0, 0, 19 },
		{ "2017-02-04T11:30:00+0100", CRIER_TIME_SYNTAX, 0, 0, 22 },
		{ "2017-02-04T11:30:00+01", CRIER_TIME_SYNTAX, 0, 0, 22 },
		{ "2017-02-04T11:30:00+01:0", CRIER_TIME_SYNTAX, 0, 0, 23 },
		{ "2017-02-04T10:30:00Z ", CRIER_TIME_SYNTAX, 0, 0, 20 },
		{ "2017-02-04T11:30:00+01:00x", CRIER_TIME_SYNTAX, 0, 0, 25 },
		/* The local form has no fractions and must end after them. */
		{ "2017-02-04 10:30:00.5", CRIER_TIME_SYNTAX, 0, 0, 21 },
		{ "2017-02-04 10:30:", CRIER_TIME_SYNTAX, 0, 0, 17 },
	};

	(void)state;
	CHECK_PARSE(cases, "Europe/Brussels");
}

/* A local time without a zone asks for one. */
static void
test_parse_needs_zone(void **state)
{
	static const struct parse_case cases[] = {
		{ "2017-02-04 11:30", CRIER_TIME_NEEDS_ZONE, 0, 0, 0 },
		{ "2017-02-04 11:30:15", CRIER_TIME_NEEDS_ZONE, 0, 0, 0 },
	};

	(void)state;
	CHECK_PARSE(cases, NULL);
}

/* Brussels is +01:00 in winter and +02:00 in summer. */
static void
test_local_brussels(void **state)
{
	static const struct parse_case cases[] = {
		{ "2017-02-04 11:30", CRIER_TIME_OK, FEB_4_2017_S, 3600, 0 },
		{ "2017-07-04 11:30:15", CRIER_TIME_OK, INT64_C(1499160615),
		    7200, 0 },
		/* Both sides of the spring gap (02:00 -> 03:00). */
		{ "2017-03-26 01:59", CRIER_TIME_OK, INT64_C(1490489940),
		    3600, 0 },
		{ "2017-03-26 03:00", CRIER_TIME_OK, INT64_C(1490490000),
		    7200, 0 },
		{ "2017-03-26 02:00", CRIER_TIME_GAP, 0, 0, 0 },
		{ "2017-03-26 02:30", CRIER_TIME_GAP, 0, 0, 0 },
		/* Both sides of the autumn overlap (03:00 -> 02:00). */
		{ "2017-10-29 01:59", CRIER_TIME_OK, INT64_C(1509235140),
		    7200, 0 },
		{ "2017-10-29 03:00", CRIER_TIME_OK, INT64_C(1509242400),
		    3600, 0 },
		{ "2017-10-29 02:30", CRIER_TIME_AMBIGUOUS, 0, 0, 0 },
		{ "2017-10-29 02:00:00", CRIER_TIME_AMBIGUOUS, 0, 0, 0 },
	};

	(void)state;
	CHECK_PARSE(cases, "Europe/Brussels");
}

/* Zones off the hour: Kolkata +05:30, Kathmandu +05:45. */
static void
test_local_fractional_zones(void **state)
{
	static const struct parse_case kolkata[] = {
		{ "2017-02-04 16:00", CRIER_TIME_OK, FEB_4_2017_S, 19800, 0 },
	};
	static const struct parse_case kathmandu[] = {
		{ "2017-02-04 16:15", CRIER_TIME_OK, FEB_4_2017_S, 20700, 0 },
	};

	(void)state;
	CHECK_PARSE(kolkata, "Asia/Kolkata");
	CHECK_PARSE(kathmandu, "Asia/Kathmandu");
}

/* Adelaide is +10:30 in its summer, +09:30 in winter, with DST edges. */
static void
test_local_adelaide(void **state)
{
	static const struct parse_case cases[] = {
		{ "2017-01-15 12:00", CRIER_TIME_OK, INT64_C(1484443800),
		    37800, 0 },
		{ "2017-07-15 12:00", CRIER_TIME_OK, INT64_C(1500085800),
		    34200, 0 },
		{ "2017-10-01 02:30", CRIER_TIME_GAP, 0, 0, 0 },
		{ "2017-04-02 02:30", CRIER_TIME_AMBIGUOUS, 0, 0, 0 },
	};

	(void)state;
	CHECK_PARSE(cases, "Australia/Adelaide");
}

/* Zones missing from the database, or not zone names, are BAD_ZONE. */
static void
test_local_bad_zone(void **state)
{
	static const struct parse_case cases[] = {
		{ "2017-02-04 11:30", CRIER_TIME_BAD_ZONE, 0, 0, 0 },
	};

	(void)state;
	CHECK_PARSE(cases, "Mars/Olympus");
	CHECK_PARSE(cases, "../etc/passwd");
	CHECK_PARSE(cases, "");
	CHECK_PARSE(cases, "UTC+5");
}

/* Zone names are checked before any file is opened or TZ is set. */
static void
test_zone_exists(void **state)
{
	static const char *const good[] = {
		"Europe/Brussels", "UTC", "Etc/GMT+5", "America/New_York",
		"Asia/Kathmandu",
	};
	static const char *const bad[] = {
		"", "Mars/Olympus", "../etc/passwd",
		"Europe/../Europe/Brussels",
		"./UTC", "/usr/share/zoneinfo/UTC", ":Europe/Brussels",
		"Europe/Brussels ", "Europe", "Europe/", "UTC+5",
		"EST5EDT,M3.2.0,M11.1.0", "Europe/Brussels\n",
	};
	size_t i;
	int32_t offset_s = 12345;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!crier_zone_exists(good[i]))
			fail_msg("\"%s\" should exist", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (crier_zone_exists(bad[i]))
			fail_msg("\"%s\" should not exist", bad[i]);
		assert_int_equal(crier_zone_offset(bad[i], 0, &offset_s), -1);
	}
	assert_false(crier_zone_exists(NULL));
	assert_int_equal(offset_s, 12345);
}

/* Offsets of a zone at an instant, before and after DST changes. */
static void
test_zone_offset(void **state)
{
	int32_t offset_s;

	(void)state;
	assert_int_equal(crier_zone_offset("Europe/Brussels", FEB_4_2017_S,
	    &offset_s), 0);
	assert_int_equal(offset_s, 3600);
	assert_int_equal(crier_zone_offset("Europe/Brussels",
	    INT64_C(1490490000), &offset_s), 0);
	assert_int_equal(offset_s, 7200);
	assert_int_equal(crier_zone_offset("Europe/Brussels",
	    INT64_C(1490490000) - 1, &offset_s), 0);
	assert_int_equal(offset_s, 3600);
	assert_int_equal(crier_zone_offset("America/New_York", FEB_4_2017_S,
	    &offset_s), 0);
	assert_int_equal(offset_s, -18000);
	assert_int_equal(crier_zone_offset("UTC", FEB_4_2017_S, &offset_s),
	    0);
	assert_int_equal(offset_s, 0);
}

/* A local parse that must give Brussels' winter offset. */
static void
assert_brussels_winter(void)
{
	struct crier_time t;
	size_t err_col;

	assert_int_equal(parse("2017-02-04 11:30", "Europe/Brussels", &t,
	    &err_col), CRIER_TIME_OK);
	assert_int_equal(t.epoch_s, FEB_4_2017_S);
	assert_int_equal(t.offset_s, 3600);
}

/* The caller's TZ neither changes results nor is changed by a lookup. */
static void
test_caller_tz_untouched(void **state)
{
	struct crier_time t;
	struct tm tm;
	time_t when = (time_t)FEB_4_2017_S;
	int32_t offset_s;
	size_t err_col;

	(void)state;
	setenv("TZ", "America/New_York", 1);
	tzset();
	assert_brussels_winter();
	assert_int_equal(crier_zone_offset("Asia/Kolkata", FEB_4_2017_S,
	    &offset_s), 0);
	assert_int_equal(offset_s, 19800);
	assert_int_equal(parse("2017-02-04T10:30:00Z", NULL, &t, &err_col),
	    CRIER_TIME_OK);
	assert_int_equal(t.epoch_s, FEB_4_2017_S);
	assert_string_equal(getenv("TZ"), "America/New_York");
	/* The C library answers in the caller's zone again, too. */
	assert_non_null(localtime_r(&when, &tm));
	assert_int_equal(tm.tm_gmtoff, -18000);

	/* An empty TZ stays empty; it is not the same as unset. */
	setenv("TZ", "", 1);
	assert_brussels_winter();
	assert_string_equal(getenv("TZ"), "");

	unsetenv("TZ");
	tzset();
	assert_brussels_winter();
	assert_null(getenv("TZ"));
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void
copy_file(const char *from, const char *to)
{
	char data[65536];
	size_t len;
	FILE *fp = fopen(from, "rb");

	assert_non_null(fp);
	len = fread(data, 1, sizeof(data), fp);
	fclose(fp);
	assert_true(len > 4 && len < sizeof(data));
	write_file(to, data, len);
}

/*
 * TZDIR moves the database; only regular TZif files there are zones.
 */
static void
test_zone_tzdir(void **state)
{
	char dir[] = "/tmp/crier-test-times-XXXXXX";
	char sub[256], fake[512], copy[512], fifo[512], subdir[512];
	struct crier_time t;
	int32_t offset_s;
	size_t err_col;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/Fake", dir);
	snprintf(fake, sizeof(fake), "%s/NotTZif", sub);
	snprintf(copy, sizeof(copy), "%s/Kolkata", sub);
	snprintf(fifo, sizeof(fifo), "%s/Fifo", sub);
	snprintf(subdir, sizeof(subdir), "%s/Dir", sub);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(mkdir(subdir, 0700), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	write_file(fake, "TZi\n", 4);
	copy_file("/usr/share/zoneinfo/Asia/Kolkata", copy);

	setenv("TZDIR", dir, 1);
	assert_true(crier_zone_exists("Fake/Kolkata"));
	assert_false(crier_zone_exists("Fake/NotTZif"));
	assert_false(crier_zone_exists("Fake/Fifo"));
	assert_false(crier_zone_exists("Fake/Dir"));
	assert_false(crier_zone_exists("Europe/Brussels"));
	assert_int_equal(crier_zone_offset("Fake/Kolkata", FEB_4_2017_S,
	    &offset_s), 0);
	assert_int_equal(offset_s, 19800);
	assert_int_equal(parse("2017-02-04 16:00", "Fake/Kolkata", &t,
	    &err_col), CRIER_TIME_OK);
	assert_int_equal(t.epoch_s, FEB_4_2017_S);
	unsetenv("TZDIR");

	unlink(fake);
	unlink(copy);
	unlink(fifo);
	rmdir(subdir);
	rmdir(sub);
	rmdir(dir);
}

/*
 * A zone's file is read once per process, on first use: times read after
 * the file is gone still have their offsets, until the cache is freed.
 */
static void
test_zone_read_once(void **state)
{
	char dir[] = "/tmp/crier-test-times-XXXXXX";
	char sub[256], copy[512];
	struct crier_time t;
	int32_t offset_s;
	size_t err_col;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/Once", dir);
	snprintf(copy, sizeof(copy), "%s/Kolkata", sub);
	assert_int_equal(mkdir(sub, 0700), 0);
	copy_file("/usr/share/zoneinfo/Asia/Kolkata", copy);
	setenv("TZDIR", dir, 1);
	assert_int_equal(crier_zone_offset("Once/Kolkata", FEB_4_2017_S,
	    &offset_s), 0);
	unlink(copy);
	offset_s = 0;
	assert_true(crier_zone_exists("Once/Kolkata"));
	assert_int_equal(crier_zone_offset("Once/Kolkata", FEB_4_2017_S,
	    &offset_s), 0);
	assert_int_equal(offset_s, 19800);
	assert_int_equal(parse("2017-02-04 16:00", "Once/Kolkata", &t,
	    &err_col), CRIER_TIME_OK);
	assert_int_equal(t.epoch_s, FEB_4_2017_S);
	crier_zone_cache_free();
	assert_false(crier_zone_exists("Once/Kolkata"));
	unsetenv("TZDIR");
	rmdir(sub);
	rmdir(dir);
}

struct format_case {
	int64_t epoch_s;
	int32_t offset_s;
	const char *rfc3339;
	const char *rfc822;
};

/* RFC 3339 text, with "Z" only for a zero offset; RFC 822 always in GMT. */
static void
test_format(void **state)
{
	static const struct format_case cases[] = {
		{ FEB_4_2017_S, 3600, "2017-02-04T11:30:00+01:00",
		    "Sat, 04 Feb 2017 10:30:00 GMT" },
		{ FEB_4_2017_S, 0, "2017-02-04T10:30:00Z",
		    "Sat, 04 Feb 2017 10:30:00 GMT" },
		{ FEB_4_2017_S, -18000, "2017-02-04T05:30:00-05:00",
		    "Sat, 04 Feb 2017 10:30:00 GMT" },
		{ FEB_4_2017_S, -34200, "2017-02-04T01:00:00-09:30",
		    "Sat, 04 Feb 2017 10:30:00 GMT" },
		{ FEB_4_2017_S, 20700, "2017-02-04T16:15:00+05:45",
		    "Sat, 04 Feb 2017 10:30:00 GMT" },
		{ 0, -3600, "1969-12-31T23:00:00-01:00",
		    "Thu, 01 Jan 1970 00:00:00 GMT" },
		{ -1, 0, "1969-12-31T23:59:59Z",
		    "Wed, 31 Dec 1969 23:59:59 GMT" },
		{ INT64_C(-2208988800), 0, "1900-01-01T00:00:00Z",
		    "Mon, 01 Jan 1900 00:00:00 GMT" },
		{ INT64_C(2147483648), 0, "2038-01-19T03:14:08Z",
		    "Tue, 19 Jan 2038 03:14:08 GMT" },
		{ INT64_C(4107542400), 3600, "2100-03-01T01:00:00+01:00",
		    "Mon, 01 Mar 2100 00:00:00 GMT" },
		{ INT64_C(-62167219200), 0, "0000-01-01T00:00:00Z",
		    "Sat, 01 Jan 0000 00:00:00 GMT" },
		/* An LMT offset loses its seconds but keeps the instant. */
		{ 0, 1050, "1970-01-01T00:17:00+00:17",
		    "Thu, 01 Jan 1970 00:00:00 GMT" },
		{ 0, -1050, "1969-12-31T23:43:00-00:17",
		    "Thu, 01 Jan 1970 00:00:00 GMT" },
		/* Instants the formats cannot show are clamped. */
		{ INT64_MAX, 0, "9999-12-31T23:59:59Z",
		    "Fri, 31 Dec 9999 23:59:59 GMT" },
		{ INT64_MIN, 0, "0000-01-01T00:00:00Z",
		    "Sat, 01 Jan 0000 00:00:00 GMT" },
		{ INT64_MAX, INT32_MAX, "9999-12-31T23:59:59+23:59",
		    "Fri, 31 Dec 9999 23:59:59 GMT" },
		{ INT64_MIN, INT32_MIN, "0000-01-01T00:00:00-23:59",
		    "Sat, 01 Jan 0000 00:00:00 GMT" },
	};
	char rfc3339[CRIER_RFC3339_SIZE], rfc822[CRIER_RFC822_SIZE];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct crier_time t = { cases[i].epoch_s, cases[i].offset_s };

		crier_time_rfc3339(t, rfc3339);
		assert_string_equal(rfc3339, cases[i].rfc3339);
		crier_time_rfc822(t, rfc822);
		assert_string_equal(rfc822, cases[i].rfc822);
	}
}

/*
 * Over years 0001-9999, formatting agrees with the C library's gmtime_r
 * and parses back to the same instant and offset.
 */
static void
test_format_round_trip(void **state)
{
	const int64_t first_s = INT64_C(-62135596800);  /* 0001-01-01 */
	const int64_t last_s = INT64_C(253402300799);   /* 9999-12-31 */
	const int64_t step_s = INT64_C(86400) * 37 + 3607;
	char buf[CRIER_RFC3339_SIZE], want[80];
	struct crier_time t, back;
	struct crier_civil c;
	int64_t epoch_s, n = 0;
	size_t err_col;

	(void)state;
	for (epoch_s = first_s; epoch_s <= last_s; epoch_s += step_s) {
		time_t when = (time_t)epoch_s;
		struct tm tm;

		t.epoch_s = epoch_s;
		t.offset_s = 0;
		assert_non_null(gmtime_r(&when, &tm));
		snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
		crier_time_rfc3339(t, buf);
		assert_string_equal(buf, want);
		crier_time_civil(t, &c);
		assert_int_equal(c.weekday, tm.tm_wday);

		/* Offsets in whole minutes, scattered over -23:59..+23:59. */
		t.offset_s = (int32_t)((n++ * 97 % 2879 - 1439) * 60);
		crier_time_rfc3339(t, buf);
		assert_int_equal(parse(buf, NULL, &back, &err_col),
		    CRIER_TIME_OK);
		assert_int_equal(back.epoch_s, t.epoch_s);
		assert_int_equal(back.offset_s, t.offset_s);
	}
}

/* Broken-down time in the time's own offset, with the weekday. */
static void
test_civil(void **state)
{
	static const struct {
		int64_t epoch_s;
		int32_t offset_s;
		struct crier_civil want;
	} cases[] = {
		{ FEB_4_2017_S, 3600, { 2017, 2, 4, 11, 30, 0, 6 } },
		{ 0, 0, { 1970, 1, 1, 0, 0, 0, 4 } },
		{ 0, -3600, { 1969, 12, 31, 23, 0, 0, 3 } },
		{ INT64_C(951782400), 0, { 2000, 2, 29, 0, 0, 0, 2 } },
		{ INT64_C(4107499200), 0, { 2100, 2, 28, 12, 0, 0, 0 } },
		{ INT64_C(4107542400), 0, { 2100, 3, 1, 0, 0, 0, 1 } },
		{ INT64_C(-62167219200), 0, { 0, 1, 1, 0, 0, 0, 6 } },
		{ INT64_C(-62167219201), 0, { -1, 12, 31, 23, 59, 59, 5 } },
		/* Civil time keeps an offset's seconds. */
		{ 0, 1050, { 1970, 1, 1, 0, 17, 30, 4 } },
	};
	struct crier_civil c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct crier_time t = { cases[i].epoch_s, cases[i].offset_s };

		crier_time_civil(t, &c);
		assert_memory_equal(&c, &cases[i].want, sizeof(c));
	}
	/* Absurd instants are clamped, not overflowed. */
	crier_time_civil((struct crier_time){ INT64_MAX, INT32_MAX }, &c);
	assert_int_equal(c.year, 1000000000);
	crier_time_civil((struct crier_time){ INT64_MIN, INT32_MIN }, &c);
	assert_int_equal(c.year, -1000000000);
}

/* Durations in short and ISO 8601 form. */
static void
test_duration_valid(void **state)
{
	static const struct {
		const char *text;
		int64_t seconds;
	} cases[] = {
		{ "25m", 1500 }, { "1h", 3600 }, { "1h30m", 5400 },
		{ "90s", 90 }, { "1h30m15s", 5415 }, { "1h15s", 3615 },
		{ "0h1s", 1 }, { "PT1H30M", 5400 }, { "PT25M", 1500 },
		{ "PT90S", 90 }, { "PT1H30M15S", 5415 }, { "pt1h30m", 5400 },
		{ "9223372036854775807s", INT64_MAX },
		{ "2562047788015215h", INT64_C(2562047788015215) * 3600 },
		{ "2562047788015215h30m7s", INT64_MAX },
	};
	int64_t seconds;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		seconds = 0;
		if (crier_duration_parse(cases[i].text, strlen(cases[i].text),
		    &seconds) != 0)
			fail_msg("\"%s\" should parse", cases[i].text);
		assert_int_equal(seconds, cases[i].seconds);
	}
	/* Only LEN bytes are read. */
	assert_int_equal(crier_duration_parse("25mjunk", 3, &seconds), 0);
	assert_int_equal(seconds, 1500);
}

/* Anything else, zero and overflow are refused. */
static void
test_duration_invalid(void **state)
{
	static const char *const cases[] = {
		"", "1.5h", "-5m", "+5m", "5", "m", "h1", "1m1h", "1h1h",
		"1s1m", "0m", "0h0m0s", "PT", "PT0S", "P1D", "P1H", "T1H",
		"PT-1H", "1d", "1h ", " 1h", "1 h", "1h30", "PT1.5H",
		"9223372036854775808s", "2562047788015216h",
		"2562047788015215h30m8s", "99999999999999999999s",
	};
	int64_t seconds = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (crier_duration_parse(cases[i], strlen(cases[i]),
		    &seconds) != -1)
			fail_msg("\"%s\" should be refused", cases[i]);
	assert_int_equal(seconds, 42);
}

/*
 * Zone lookups leave the environment alone: TZ is the very string the
 * caller set, not a copy put back (setenv(3) in the middle would have
 * replaced it, and raced with any other thread reading the environment).
 */
static void
test_environment_untouched(void **state)
{
	struct crier_time t;
	const char *tz;
	int32_t offset_s;
	size_t err_col;

	(void)state;
	setenv("TZ", "America/New_York", 1);
	tz = getenv("TZ");
	assert_int_equal(crier_zone_offset("Europe/Brussels", FEB_4_2017_S,
	    &offset_s), 0);
	assert_int_equal(parse("2017-02-04 11:30", "Asia/Kolkata", &t,
	    &err_col), CRIER_TIME_OK);
	assert_ptr_equal(getenv("TZ"), tz);
	unsetenv("TZ");
}

/*
 * Zones whose rules are unusual: southern summers across the new year,
 * half-hour and negative DST, changes at 24:00 or -1:00, zones that
 * dropped or gained DST, and footers (the rule after the last transition
 * in the file) of every shape.
 */
static const char *const oracle_zones[] = {
	"UTC", "Europe/Brussels", "Europe/London", "Europe/Dublin",
	"Europe/Moscow", "America/New_York", "America/St_Johns",
	"America/Santiago", "America/Sao_Paulo", "America/Nuuk",
	"America/Havana", "America/Asuncion", "Atlantic/Azores",
	"Africa/Casablanca", "Africa/Cairo", "Asia/Tehran", "Asia/Jerusalem",
	"Asia/Kolkata", "Asia/Kathmandu", "Australia/Sydney",
	"Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham",
	"Pacific/Apia", "Pacific/Kiritimati", "Antarctica/Troll",
	"Etc/GMT+5",
};

/* glibc's offset for ZONE at T, through TZ, as crier once asked it. */
static long
glibc_offset(int64_t t)
{
	time_t when = (time_t)t;
	struct tm tm;

	assert_non_null(localtime_r(&when, &tm));
	return tm.tm_gmtoff;
}

/*
 * The offsets read from the zone files are the C library's under TZ, at
 * instants spread over 1850 to 2150 (so before the first transition, in
 * the table, and after it, where the footer's rule applies), and hour by
 * hour through 2024 and 2099, across every change of those years.
 */
static void
test_zone_offsets_match_libc(void **state)
{
	char path[512];
	struct crier_tzif *z;
	int64_t t, from = -3786825600, to = 5680281600, y2024 = 1704067200,
	        y2099 = 4070908800;
	size_t i, checked = 0;

	(void)state;
	for (i = 0; i < sizeof(oracle_zones) / sizeof(oracle_zones[0]); i++) {
		snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s",
		         oracle_zones[i]);
		z = crier_tzif_load(path);
		if (z == NULL)
			continue;  /* an older database without this zone */
		setenv("TZ", oracle_zones[i], 1);
		tzset();
		for (t = from; t < to; t += 5 * 86400 + 1237, checked++)
			if (crier_tzif_offset(z, t) != glibc_offset(t))
				fail_msg("%s at %lld: %ld, glibc %ld",
				         oracle_zones[i], (long long)t,
				         (long)crier_tzif_offset(z, t),
				         glibc_offset(t));
		for (t = y2024; t < y2024 + 366 * 86400; t += 1800, checked++)
			assert_int_equal(crier_tzif_offset(z, t), glibc_offset(t));
		for (t = y2099; t < y2099 + 365 * 86400; t += 1800, checked++)
			assert_int_equal(crier_tzif_offset(z, t), glibc_offset(t));
		crier_tzif_free(z);
	}
	unsetenv("TZ");
	tzset();
	assert_true(checked > 100000);
}

/* What is not a TZif file, or is cut short, is no zone. */
static void
test_tzif_refused(void **state)
{
	char dir[] = "/tmp/crier-tzif-XXXXXX", path[64];
	unsigned char data[4096];
	FILE *fp;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/zone", dir);
	assert_null(crier_tzif_load(path));
	write_file(path, "TZif2", 5);
	assert_null(crier_tzif_load(path));
	fp = fopen("/usr/share/zoneinfo/Europe/Brussels", "rb");
	assert_non_null(fp);
	len = fread(data, 1, sizeof(data), fp);
	fclose(fp);
	write_file(path, data, len / 2);
	assert_null(crier_tzif_load(path));
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_rfc3339),
		cmocka_unit_test(test_parse_reads_len_bytes),
		cmocka_unit_test(test_parse_range),
		cmocka_unit_test(test_parse_syntax_columns),
		cmocka_unit_test(test_parse_needs_zone),
		cmocka_unit_test(test_local_brussels),
		cmocka_unit_test(test_local_fractional_zones),
		cmocka_unit_test(test_local_adelaide),
		cmocka_unit_test(test_local_bad_zone),
		cmocka_unit_test(test_zone_exists),
		cmocka_unit_test(test_zone_offset),
		cmocka_unit_test(test_caller_tz_untouched),
		cmocka_unit_test(test_environment_untouched),
		cmocka_unit_test(test_zone_offsets_match_libc),
		cmocka_unit_test(test_tzif_refused),
		cmocka_unit_test(test_zone_tzdir),
		cmocka_unit_test(test_zone_read_once),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_civil),
		cmocka_unit_test(test_duration_valid),
		cmocka_unit_test(test_duration_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
