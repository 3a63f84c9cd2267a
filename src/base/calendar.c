/*
 * calendar.c - proleptic Gregorian dates as day counts, with integers
 * only, so that nothing depends on the width of time_t or on the C
 * library's tables.
 */
#include <stdint.h>

#include "calendar.h"

int
crier_is_leap_year(int64_t year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int
crier_days_in_month(int year, int month)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month == 2 && crier_is_leap_year(year))
		return 29;
	return days[month - 1];
}

/*
 * Days since 1970-01-01 of a proleptic Gregorian date.  Years start in
 * March so that the leap day is the last day of its year, and eras of 400
 * years repeat exactly (Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms").
 */
int64_t
crier_days_from_civil(int64_t year, int month, int day)
{
	int64_t era, yoe, doy, doe;

	year -= month <= 2;
	era = (year >= 0 ? year : year - 399) / 400;
	yoe = year - era * 400;
	doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
void
crier_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t era, doe, yoe, doy, mp;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

/* 0 = Sunday; 1970-01-01 was a Thursday. */
int
crier_weekday_from_days(int64_t days)
{
	return (int)(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}
