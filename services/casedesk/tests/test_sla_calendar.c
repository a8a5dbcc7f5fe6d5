/* LINK: sla/sla_calendar.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sla/sla_calendar.h"

#define HOUR 3600LL
#define DAY  86400LL

/* An instant given in UTC. */
static time_t utc(int y, int mo, int d, int h, int mi)
{
    return (time_t)((long long)sla_calendar_days_from_civil(y, mo, d) * DAY + h * HOUR + mi * 60LL);
}

static int day(int y, int m, int d)
{
    return sla_calendar_days_from_civil(y, m, d);
}

static sla_calendar_rules rules(int good_friday, sla_calendar_liberation lib)
{
    sla_calendar_rules r;
    memset(&r, 0, sizeof r);
    r.good_friday = good_friday;
    r.liberation_day = lib;
    return r;
}

static void test_civil_round_trip_and_weekday(void **state)
{
    int d, y, m, dd;
    (void)state;
    assert_int_equal(sla_calendar_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(sla_calendar_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(sla_calendar_days_from_civil(1969, 12, 31), -1);
    for (d = -800000; d <= 800000; d += 37) {
        sla_calendar_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(sla_calendar_days_from_civil(y, m, dd), d);
    }
    sla_calendar_civil_from_days(day(2024, 2, 29), &y, &m, &dd);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 2);
    assert_int_equal(dd, 29);
    assert_int_equal(sla_calendar_weekday(0), 3);                 /* Thursday */
    assert_int_equal(sla_calendar_weekday(-1), 2);                /* Wednesday */
    assert_int_equal(sla_calendar_weekday(day(2026, 11, 29)), 6); /* Sunday */
    assert_int_equal(sla_calendar_weekday(day(2025, 4, 21)), 0);  /* Monday */
    assert_int_equal(sla_calendar_weekday(day(1818, 3, 22)), 6);  /* Easter Sunday */
}

static void test_easter(void **state)
{
    static const int expect[][3] = {{1818, 3, 22}, {1943, 4, 25}, {1954, 4, 18}, {1961, 4, 2},
                                    {1974, 4, 14}, {2000, 4, 23}, {2008, 3, 23}, {2011, 4, 24},
                                    {2016, 3, 27}, {2019, 4, 21}, {2024, 3, 31}, {2025, 4, 20},
                                    {2026, 4, 5},  {2027, 3, 28}, {2028, 4, 16}, {2030, 4, 21},
                                    {2038, 4, 25}, {2049, 4, 18}, {2285, 3, 22}};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        int m = 0, d = 0;
        sla_calendar_easter(expect[i][0], &m, &d);
        assert_int_equal(m, expect[i][1]);
        assert_int_equal(d, expect[i][2]);
        assert_int_equal(sla_calendar_weekday(day(expect[i][0], m, d)), 6);
    }
}

typedef struct {
    int m, d;
    const char *name;
} holiday;

/* Every day off of year y under r, compared with the list, in order. */
static void assert_year(const sla_calendar_rules *r, int y, const holiday *want, size_t n)
{
    size_t found = 0;
    int d;
    for (d = day(y, 1, 1); d < day(y + 1, 1, 1); d++) {
        const char *name = NULL;
        int yy, mm, dd;
        if (!sla_calendar_is_holiday(r, d, &name)) {
            assert_null(name);
            continue;
        }
        sla_calendar_civil_from_days(d, &yy, &mm, &dd);
        assert_true(found < n);
        assert_int_equal(mm, want[found].m);
        assert_int_equal(dd, want[found].d);
        assert_string_equal(name, want[found].name);
        assert_false(sla_calendar_is_working_day(r, d));
        found++;
    }
    assert_int_equal(found, n);
}

static void test_holidays_2024(void **state)
{
    static const holiday want[] = {
        {1, 1, "New Year's Day"}, {3, 29, "Good Friday"},    {4, 1, "Easter Monday"},
        {4, 27, "King's Day"},    {5, 5, "Liberation Day"},  {5, 9, "Ascension Day"},
        {5, 20, "Whit Monday"},   {12, 25, "Christmas Day"}, {12, 26, "Boxing Day"}};
    sla_calendar_rules r = rules(1, SLA_CALENDAR_LIBERATION_EVERY_YEAR);
    (void)state;
    assert_year(&r, 2024, want, 9);
}

static void test_holidays_2025(void **state)
{
    static const holiday want[] = {{1, 1, "New Year's Day"},  {4, 21, "Easter Monday"},
                                   {4, 26, "King's Day"},     {5, 5, "Liberation Day"},
                                   {5, 29, "Ascension Day"},  {6, 9, "Whit Monday"},
                                   {12, 25, "Christmas Day"}, {12, 26, "Boxing Day"}};
    sla_calendar_rules r = rules(0, SLA_CALENDAR_LIBERATION_LUSTRUM);
    (void)state;
    assert_year(&r, 2025, want, 8);
}

static void test_holidays_2026(void **state)
{
    static const holiday want[] = {{1, 1, "New Year's Day"}, {4, 6, "Easter Monday"},
                                   {4, 27, "King's Day"},    {5, 14, "Ascension Day"},
                                   {5, 25, "Whit Monday"},   {12, 25, "Christmas Day"},
                                   {12, 26, "Boxing Day"}};
    static const holiday with_friday[] = {{1, 1, "New Year's Day"},  {4, 3, "Good Friday"},
                                          {4, 6, "Easter Monday"},   {4, 27, "King's Day"},
                                          {5, 14, "Ascension Day"},  {5, 25, "Whit Monday"},
                                          {12, 25, "Christmas Day"}, {12, 26, "Boxing Day"}};
    sla_calendar_rules r = rules(0, SLA_CALENDAR_LIBERATION_LUSTRUM);
    (void)state;
    assert_year(&r, 2026, want, 7);
    r.good_friday = 1;
    assert_year(&r, 2026, with_friday, 8);
    /* Easter Sunday and Whit Sunday are no holidays of their own */
    assert_false(sla_calendar_is_holiday(&r, day(2026, 4, 5), NULL));
    assert_false(sla_calendar_is_holiday(&r, day(2026, 5, 24), NULL));
}

static void test_kings_day_on_sunday(void **state)
{
    sla_calendar_rules r = rules(0, SLA_CALENDAR_LIBERATION_NEVER);
    const char *name = NULL;
    (void)state;
    /* 27 April 2014 and 2025 were Sundays: the Saturday before */
    assert_true(sla_calendar_is_holiday(&r, day(2014, 4, 26), &name));
    assert_string_equal(name, "King's Day");
    assert_false(sla_calendar_is_holiday(&r, day(2014, 4, 27), NULL));
    assert_true(sla_calendar_is_holiday(&r, day(2025, 4, 26), NULL));
    assert_false(sla_calendar_is_holiday(&r, day(2025, 4, 27), NULL));
    /* a Saturday 27th stays */
    assert_true(sla_calendar_is_holiday(&r, day(2024, 4, 27), NULL));
    assert_false(sla_calendar_is_holiday(&r, day(2024, 4, 26), NULL));
    assert_true(sla_calendar_is_working_day(&r, day(2024, 4, 26)));
    /* 2031: the 27th is a Sunday too */
    assert_true(sla_calendar_is_holiday(&r, day(2031, 4, 26), NULL));
    assert_false(sla_calendar_is_holiday(&r, day(2031, 4, 27), NULL));
}

static void test_good_friday_only_when_chosen(void **state)
{
    sla_calendar_rules r = rules(0, SLA_CALENDAR_LIBERATION_NEVER);
    const char *name = NULL;
    (void)state;
    assert_false(sla_calendar_is_holiday(&r, day(2025, 4, 18), &name));
    assert_null(name);
    assert_true(sla_calendar_is_working_day(&r, day(2025, 4, 18)));
    r.good_friday = 1;
    assert_true(sla_calendar_is_holiday(&r, day(2025, 4, 18), &name));
    assert_string_equal(name, "Good Friday");
    assert_false(sla_calendar_is_working_day(&r, day(2025, 4, 18)));
    /* no calendar at all: the national holidays only */
    assert_false(sla_calendar_is_holiday(NULL, day(2025, 4, 18), NULL));
    assert_true(sla_calendar_is_holiday(NULL, day(2025, 4, 21), NULL));
}

static void test_liberation_day(void **state)
{
    sla_calendar_rules every = rules(0, SLA_CALENDAR_LIBERATION_EVERY_YEAR);
    sla_calendar_rules lustrum = rules(0, SLA_CALENDAR_LIBERATION_LUSTRUM);
    sla_calendar_rules never = rules(0, SLA_CALENDAR_LIBERATION_NEVER);
    const char *name = NULL;
    (void)state;
    assert_true(sla_calendar_is_holiday(&every, day(2026, 5, 5), &name));
    assert_string_equal(name, "Liberation Day");
    assert_false(sla_calendar_is_working_day(&every, day(2026, 5, 5)));
    assert_true(sla_calendar_is_holiday(&lustrum, day(2025, 5, 5), NULL));
    assert_true(sla_calendar_is_holiday(&lustrum, day(2030, 5, 5), NULL));
    assert_false(sla_calendar_is_holiday(&lustrum, day(2026, 5, 5), NULL));
    assert_true(sla_calendar_is_working_day(&lustrum, day(2026, 5, 5))); /* a Tuesday */
    assert_false(sla_calendar_is_holiday(&never, day(2025, 5, 5), NULL));
    assert_false(sla_calendar_is_holiday(&never, day(2030, 5, 5), NULL));
    assert_true(sla_calendar_is_working_day(&never, day(2025, 5, 5))); /* a Monday */
}

static void test_closing_days(void **state)
{
    int closing[] = {day(2026, 12, 31), day(2026, 12, 24), day(2026, 12, 25)};
    sla_calendar_rules r = rules(0, SLA_CALENDAR_LIBERATION_LUSTRUM);
    const char *name = NULL;
    (void)state;
    assert_true(sla_calendar_is_working_day(&r, day(2026, 12, 24)));
    r.closing_days = closing;
    r.nclosing = 3;
    assert_true(sla_calendar_is_holiday(&r, day(2026, 12, 24), &name));
    assert_string_equal(name, "closing day");
    assert_false(sla_calendar_is_working_day(&r, day(2026, 12, 24)));
    assert_true(sla_calendar_is_holiday(&r, day(2026, 12, 31), NULL));
    /* a closing day on a holiday keeps the holiday's name */
    assert_true(sla_calendar_is_holiday(&r, day(2026, 12, 25), &name));
    assert_string_equal(name, "Christmas Day");
    assert_true(sla_calendar_is_working_day(&r, day(2026, 12, 30)));
    /* Wednesday 23 Dec + 1 working day: 24 closed, 25/26 holidays, weekend → Mon 28 */
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 12, 23, 10, 0), 1, SLA_CALENDAR_WORKING_DAYS),
        utc(2026, 12, 28, 23, 0));
    /* + 4: Mon 28, Tue 29, Wed 30, (31 closed, Fri 1 Jan holiday) Mon 4 Jan */
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 12, 23, 10, 0), 4, SLA_CALENDAR_WORKING_DAYS),
        utc(2027, 1, 4, 23, 0));
}

static void test_amsterdam_offset_and_local_days(void **state)
{
    (void)state;
    /* 2026: CEST from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC */
    assert_int_equal(sla_calendar_amsterdam_offset(utc(2026, 1, 15, 12, 0)), 3600);
    assert_int_equal(sla_calendar_amsterdam_offset(utc(2026, 3, 29, 0, 59) + 59), 3600);
    assert_int_equal(sla_calendar_amsterdam_offset(utc(2026, 3, 29, 1, 0)), 7200);
    assert_int_equal(sla_calendar_amsterdam_offset(utc(2026, 7, 1, 0, 0)), 7200);
    assert_int_equal(sla_calendar_amsterdam_offset(utc(2026, 10, 25, 0, 59) + 59), 7200);
    assert_int_equal(sla_calendar_amsterdam_offset(utc(2026, 10, 25, 1, 0)), 3600);
    /* 2025: 30 March and 26 October */
    assert_int_equal(sla_calendar_amsterdam_offset(utc(2025, 3, 30, 0, 30)), 3600);
    assert_int_equal(sla_calendar_amsterdam_offset(utc(2025, 3, 30, 1, 30)), 7200);
    assert_int_equal(sla_calendar_amsterdam_offset(utc(2025, 10, 26, 0, 30)), 7200);
    assert_int_equal(sla_calendar_amsterdam_offset(utc(2025, 10, 26, 1, 30)), 3600);

    assert_int_equal(sla_calendar_local_day(utc(2026, 6, 30, 21, 59)), day(2026, 6, 30));
    assert_int_equal(sla_calendar_local_day(utc(2026, 6, 30, 22, 0)), day(2026, 7, 1));
    assert_int_equal(sla_calendar_local_day(utc(2026, 12, 31, 22, 59)), day(2026, 12, 31));
    assert_int_equal(sla_calendar_local_day(utc(2026, 12, 31, 23, 0)), day(2027, 1, 1));

    assert_int_equal(sla_calendar_local_midnight(day(2026, 1, 1)), utc(2025, 12, 31, 23, 0));
    assert_int_equal(sla_calendar_local_midnight(day(2026, 3, 29)), utc(2026, 3, 28, 23, 0));
    assert_int_equal(sla_calendar_local_midnight(day(2026, 3, 30)), utc(2026, 3, 29, 22, 0));
    assert_int_equal(sla_calendar_local_midnight(day(2026, 10, 25)), utc(2026, 10, 24, 22, 0));
    assert_int_equal(sla_calendar_local_midnight(day(2026, 10, 26)), utc(2026, 10, 25, 23, 0));
}

static void test_deadlines_working_days(void **state)
{
    sla_calendar_rules r = rules(0, SLA_CALENDAR_LIBERATION_LUSTRUM);
    time_t fri = utc(2026, 11, 13, 9, 0); /* Friday 10:00 CET */
    (void)state;
    /* n = 0: the end of the day itself, weekend or not */
    assert_int_equal(sla_calendar_deadline(&r, fri, 0, SLA_CALENDAR_WORKING_DAYS),
                     utc(2026, 11, 13, 23, 0));
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 11, 14, 9, 0), 0, SLA_CALENDAR_WORKING_DAYS),
        utc(2026, 11, 14, 23, 0));
    /* over the weekend */
    assert_int_equal(sla_calendar_deadline(&r, fri, 1, SLA_CALENDAR_WORKING_DAYS),
                     utc(2026, 11, 16, 23, 0));
    assert_int_equal(sla_calendar_deadline(&r, fri, 2, SLA_CALENDAR_WORKING_DAYS),
                     utc(2026, 11, 17, 23, 0));
    assert_int_equal(sla_calendar_deadline(&r, fri, 10, SLA_CALENDAR_WORKING_DAYS),
                     utc(2026, 11, 27, 23, 0));
    /* filed on a Saturday or Sunday: Monday is the first working day */
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 11, 14, 12, 0), 1, SLA_CALENDAR_WORKING_DAYS),
        utc(2026, 11, 16, 23, 0));
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 11, 15, 12, 0), 1, SLA_CALENDAR_WORKING_DAYS),
        utc(2026, 11, 16, 23, 0));
    /* late on Friday local time, already Friday 23:30 local = 22:30 UTC */
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 11, 13, 22, 30), 1, SLA_CALENDAR_WORKING_DAYS),
        utc(2026, 11, 16, 23, 0));
    /* Friday 23:30 UTC is Saturday local: still Monday */
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 11, 13, 23, 30), 1, SLA_CALENDAR_WORKING_DAYS),
        utc(2026, 11, 16, 23, 0));
    /* Christmas and New Year: Wed 24 Dec 2025 + 3 → 29, 30, 31 Dec */
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2025, 12, 24, 8, 0), 3, SLA_CALENDAR_WORKING_DAYS),
        utc(2025, 12, 31, 23, 0));
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2025, 12, 24, 8, 0), 5, SLA_CALENDAR_WORKING_DAYS),
        utc(2026, 1, 5, 23, 0));
    /* Easter 2026: Thursday 2 April + 1, with and without Good Friday */
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 4, 2, 10, 0), 1, SLA_CALENDAR_WORKING_DAYS),
        utc(2026, 4, 3, 22, 0));
    r.good_friday = 1;
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 4, 2, 10, 0), 1, SLA_CALENDAR_WORKING_DAYS),
        utc(2026, 4, 7, 22, 0));
    /* Ascension (Thu 14 May 2026): Wed 13 + 1 → Fri 15 */
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 5, 13, 10, 0), 1, SLA_CALENDAR_WORKING_DAYS),
        utc(2026, 5, 15, 22, 0));
}

static void test_deadlines_across_dst(void **state)
{
    sla_calendar_rules r = rules(0, SLA_CALENDAR_LIBERATION_LUSTRUM);
    time_t spring = utc(2026, 3, 27, 9, 0);  /* Friday 10:00 CET */
    time_t autumn = utc(2026, 10, 23, 8, 0); /* Friday 10:00 CEST */
    (void)state;
    /* the end of Monday is local midnight in CEST (22:00 UTC) */
    assert_int_equal(sla_calendar_deadline(&r, spring, 1, SLA_CALENDAR_WORKING_DAYS),
                     utc(2026, 3, 30, 22, 0));
    assert_int_equal(sla_calendar_deadline(&r, spring, 0, SLA_CALENDAR_WORKING_DAYS),
                     utc(2026, 3, 27, 23, 0));
    assert_int_equal(sla_calendar_deadline(&r, spring, 1, SLA_CALENDAR_CALENDAR_DAYS),
                     utc(2026, 3, 28, 23, 0));
    assert_int_equal(sla_calendar_deadline(&r, spring, 2, SLA_CALENDAR_CALENDAR_DAYS),
                     utc(2026, 3, 29, 22, 0));
    /* and back to CET in October */
    assert_int_equal(sla_calendar_deadline(&r, autumn, 1, SLA_CALENDAR_WORKING_DAYS),
                     utc(2026, 10, 26, 23, 0));
    assert_int_equal(sla_calendar_deadline(&r, autumn, 1, SLA_CALENDAR_CALENDAR_DAYS),
                     utc(2026, 10, 24, 22, 0));
    assert_int_equal(sla_calendar_deadline(&r, autumn, 2, SLA_CALENDAR_CALENDAR_DAYS),
                     utc(2026, 10, 25, 23, 0));
}

static void test_deadlines_calendar_days(void **state)
{
    sla_calendar_rules r = rules(1, SLA_CALENDAR_LIBERATION_EVERY_YEAR);
    (void)state;
    /* holidays and weekends count in calendar days */
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2025, 12, 24, 8, 0), 3, SLA_CALENDAR_CALENDAR_DAYS),
        utc(2025, 12, 27, 23, 0));
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 11, 13, 9, 0), 10, SLA_CALENDAR_CALENDAR_DAYS),
        utc(2026, 11, 23, 23, 0));
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2026, 2, 27, 9, 0), 1, SLA_CALENDAR_CALENDAR_DAYS),
        utc(2026, 2, 28, 23, 0));
    assert_int_equal(
        sla_calendar_deadline(&r, utc(2028, 2, 28, 9, 0), 1, SLA_CALENDAR_CALENDAR_DAYS),
        utc(2028, 2, 29, 23, 0));
}

static void test_counted_seconds(void **state)
{
    sla_calendar_rules r = rules(0, SLA_CALENDAR_LIBERATION_LUSTRUM);
    (void)state;
    /* Fri 15:00 → Mon 10:00 local: 9 h of Friday + 10 h of Monday */
    assert_int_equal(sla_calendar_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                  utc(2026, 11, 6, 14, 0), utc(2026, 11, 9, 9, 0)),
                     19 * HOUR);
    assert_int_equal(sla_calendar_counted_seconds(&r, SLA_CALENDAR_CALENDAR_DAYS,
                                                  utc(2026, 11, 6, 14, 0), utc(2026, 11, 9, 9, 0)),
                     67 * HOUR);
    /* the same across the change to summer time */
    assert_int_equal(sla_calendar_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                  utc(2026, 3, 27, 14, 0), utc(2026, 3, 30, 8, 0)),
                     19 * HOUR);
    assert_int_equal(sla_calendar_counted_seconds(&r, SLA_CALENDAR_CALENDAR_DAYS,
                                                  utc(2026, 3, 27, 14, 0), utc(2026, 3, 30, 8, 0)),
                     66 * HOUR);
    /* inside a weekend: nothing counts */
    assert_int_equal(sla_calendar_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                  utc(2026, 11, 7, 8, 0), utc(2026, 11, 8, 20, 0)),
                     0);
    /* within one working day */
    assert_int_equal(sla_calendar_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                  utc(2026, 11, 10, 8, 0),
                                                  utc(2026, 11, 10, 9, 30)),
                     90 * 60);
    /* Thu 2 Apr 15:00 → Tue 7 Apr 10:00 (CEST) over Easter */
    assert_int_equal(sla_calendar_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                  utc(2026, 4, 2, 13, 0), utc(2026, 4, 7, 8, 0)),
                     43 * HOUR);
    r.good_friday = 1;
    assert_int_equal(sla_calendar_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                  utc(2026, 4, 2, 13, 0), utc(2026, 4, 7, 8, 0)),
                     19 * HOUR);
    /* empty and reversed intervals */
    assert_int_equal(sla_calendar_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                  utc(2026, 4, 2, 13, 0), utc(2026, 4, 2, 13, 0)),
                     0);
    assert_int_equal(sla_calendar_counted_seconds(&r, SLA_CALENDAR_CALENDAR_DAYS,
                                                  utc(2026, 4, 3, 13, 0), utc(2026, 4, 2, 13, 0)),
                     0);
}

static void test_add_counted_seconds(void **state)
{
    sla_calendar_rules r = rules(0, SLA_CALENDAR_LIBERATION_LUSTRUM);
    time_t end_wed = utc(2026, 11, 11, 23, 0); /* the end of Wednesday 11 Nov */
    (void)state;
    assert_int_equal(sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS, end_wed, 0),
                     end_wed);
    /* whole days: from a day's end to a later working day's end */
    assert_int_equal(sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS, end_wed, DAY),
                     utc(2026, 11, 12, 23, 0));
    assert_int_equal(
        sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS, end_wed, 2 * DAY),
        utc(2026, 11, 13, 23, 0));
    assert_int_equal(
        sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS, end_wed, 3 * DAY),
        utc(2026, 11, 16, 23, 0));
    /* 19 h into Thursday */
    assert_int_equal(
        sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS, end_wed, 19 * HOUR),
        utc(2026, 11, 12, 18, 0));
    /* Friday 16:00 + 10 h: 8 h of Friday, 2 h of Monday */
    assert_int_equal(sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                      utc(2026, 11, 13, 15, 0), 10 * HOUR),
                     utc(2026, 11, 16, 1, 0));
    /* a deadline on a Saturday starts counting on Monday */
    assert_int_equal(sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                      utc(2026, 11, 14, 12, 0), 1 * HOUR),
                     utc(2026, 11, 16, 0, 0));
    /* across summer time: end of Fri 27 March + 1 day = end of Monday (CEST) */
    assert_int_equal(sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                      utc(2026, 3, 27, 23, 0), DAY),
                     utc(2026, 3, 30, 22, 0));
    /* over Easter 2026 with Good Friday: end of Thu 2 April + 1 day = end of Tue 7 */
    r.good_friday = 1;
    assert_int_equal(sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                                      utc(2026, 4, 2, 22, 0), DAY),
                     utc(2026, 4, 7, 22, 0));
    /* calendar days: plain addition */
    assert_int_equal(
        sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_CALENDAR_DAYS, end_wed, 67 * HOUR),
        end_wed + 67 * HOUR);
    assert_int_equal(sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_CALENDAR_DAYS, end_wed, -5),
                     end_wed);
}

static void test_suspension_moves_deadline(void **state)
{
    /* filed Wed 4 Nov 2026 10:00 with 5 working days; suspended from Fri
     * 15:00 to Mon 10:00 → 19 counted hours; the deadline moves by them */
    sla_calendar_rules r = rules(0, SLA_CALENDAR_LIBERATION_LUSTRUM);
    time_t due = sla_calendar_deadline(&r, utc(2026, 11, 4, 9, 0), 5, SLA_CALENDAR_WORKING_DAYS);
    long long s;
    (void)state;
    assert_int_equal(due, utc(2026, 11, 11, 23, 0)); /* end of Wed 11 Nov */
    s = sla_calendar_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS, utc(2026, 11, 6, 14, 0),
                                     utc(2026, 11, 9, 9, 0));
    assert_int_equal(sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS, due, s),
                     utc(2026, 11, 12, 18, 0));
    /* a whole working week suspended moves it by five working days */
    s = sla_calendar_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS,
                                     sla_calendar_local_midnight(day(2026, 11, 16)),
                                     sla_calendar_local_midnight(day(2026, 11, 23)));
    assert_int_equal(s, 5 * DAY);
    assert_int_equal(sla_calendar_add_counted_seconds(&r, SLA_CALENDAR_WORKING_DAYS, due, s),
                     utc(2026, 11, 18, 23, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil_round_trip_and_weekday),
        cmocka_unit_test(test_easter),
        cmocka_unit_test(test_holidays_2024),
        cmocka_unit_test(test_holidays_2025),
        cmocka_unit_test(test_holidays_2026),
        cmocka_unit_test(test_kings_day_on_sunday),
        cmocka_unit_test(test_good_friday_only_when_chosen),
        cmocka_unit_test(test_liberation_day),
        cmocka_unit_test(test_closing_days),
        cmocka_unit_test(test_amsterdam_offset_and_local_days),
        cmocka_unit_test(test_deadlines_working_days),
        cmocka_unit_test(test_deadlines_across_dst),
        cmocka_unit_test(test_deadlines_calendar_days),
        cmocka_unit_test(test_counted_seconds),
        cmocka_unit_test(test_add_counted_seconds),
        cmocka_unit_test(test_suspension_moves_deadline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
