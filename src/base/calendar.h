/*
 * calendar.h - proleptic Gregorian dates as day counts (calendar.c).
 */
#ifndef CRIER_CALENDAR_H
#define CRIER_CALENDAR_H

#include <stdint.h>

int crier_is_leap_year(int64_t year);
/* Days in MONTH (1 to 12) of YEAR. */
int crier_days_in_month(int year, int month);
/* Days since 1970-01-01 of a date. */
int64_t crier_days_from_civil(int64_t year, int month, int day);
/* The inverse of crier_days_from_civil(). */
void crier_civil_from_days(int64_t days, int64_t *year, int *month,
                           int *day);
/* 0 = Sunday. */
int crier_weekday_from_days(int64_t days);

#endif /* CRIER_CALENDAR_H */
