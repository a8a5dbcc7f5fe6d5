#ifndef KOERS_CASEDESK_SLA_CALENDAR_H
#define KOERS_CASEDESK_SLA_CALENDAR_H

#include <stddef.h>
#include <time.h>

/* The working-day calendar of a Dutch municipality, pure (no I/O, no
 * global state, no TZ variable): dates are day numbers (days since
 * 1970-01-01), instants are time_t (UTC). The local time is Europe/Amsterdam
 * by the EU rule (CET, CEST from the last Sunday of March 01:00 UTC to the
 * last Sunday of October 01:00 UTC). */

typedef enum {
    SLA_CALENDAR_LIBERATION_NEVER = 0,
    SLA_CALENDAR_LIBERATION_LUSTRUM,
    SLA_CALENDAR_LIBERATION_EVERY_YEAR
} sla_calendar_liberation;

typedef enum { SLA_CALENDAR_WORKING_DAYS = 0, SLA_CALENDAR_CALENDAR_DAYS } sla_calendar_unit;

/* A tenant's choices. closing_days: extra days off (day numbers, any
 * order; borrowed). Liberation Day (5 May) is a day off every year, in the
 * years divisible by 5 (lustrum), or never. */
typedef struct sla_calendar_rules {
    int good_friday;
    sla_calendar_liberation liberation_day;
    const int *closing_days;
    size_t nclosing;
} sla_calendar_rules;

/* Day number of a civil date (proleptic Gregorian) and back. */
int sla_calendar_days_from_civil(int y, int m, int d);
void sla_calendar_civil_from_days(int days, int *y, int *m, int *d);
/* 0 = Monday .. 6 = Sunday. */
int sla_calendar_weekday(int days);

/* Easter Sunday of year (Gregorian computus). */
void sla_calendar_easter(int year, int *month, int *day);

/* 1 when days is a public holiday or a closing day under r; *name (may be
 * NULL) gets a static English name ("King's Day", "closing day"; a closing
 * day that is also a holiday keeps the holiday's name), NULL when not.
 * r may be NULL: the national holidays only (no Good Friday, no Liberation
 * Day). Holidays are reported whatever the weekday (Boxing Day on a
 * Saturday is one); Easter Sunday and Whit Sunday are not listed. */
int sla_calendar_is_holiday(const sla_calendar_rules *r, int days, const char **name);
/* 1 for Monday..Friday that is not a holiday or closing day. */
int sla_calendar_is_working_day(const sla_calendar_rules *r, int days);

/* Europe/Amsterdam offset from UTC at t, in seconds (3600 or 7200). */
long sla_calendar_amsterdam_offset(time_t t);
/* The local (Amsterdam) day number of instant t. */
int sla_calendar_local_day(time_t t);
/* The instant local midnight starts day number `days`. */
time_t sla_calendar_local_midnight(int days);

/* The deadline of a term of n days started at `from`: the end (local
 * midnight after) of the n-th working day (SLA_CALENDAR_WORKING_DAYS) or calendar
 * day (SLA_CALENDAR_CALENDAR_DAYS) after from's local date. n >= 0; n = 0 is the end
 * of from's own day. */
time_t sla_calendar_deadline(const sla_calendar_rules *r, time_t from, int n,
                             sla_calendar_unit unit);

/* How much of [a, b) counts: with SLA_CALENDAR_WORKING_DAYS the seconds of it that
 * fall on working days (local), with SLA_CALENDAR_CALENDAR_DAYS b - a. 0 if b <= a. */
long long sla_calendar_counted_seconds(const sla_calendar_rules *r, sla_calendar_unit unit,
                                       time_t a, time_t b);

/* Moves deadline t later by s counted seconds: with SLA_CALENDAR_WORKING_DAYS only
 * working days' time is used (a deadline at a day's end moves to a later
 * working day's end when s is whole days); with SLA_CALENDAR_CALENDAR_DAYS t + s. */
time_t sla_calendar_add_counted_seconds(const sla_calendar_rules *r, sla_calendar_unit unit,
                                        time_t t, long long s);

#endif
