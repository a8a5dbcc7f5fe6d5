#include "sla/sla_calendar.h"

/* Calendar arithmetic after Howard Hinnant's "chrono-compatible low-level
 * date algorithms" (proleptic Gregorian, day 0 = 1970-01-01). Everything
 * here is pure: no TZ, no locale, no global state. */

#define SECONDS_PER_DAY 86400LL

static long long floor_div(long long a, long long b)
{
    long long q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

int sla_calendar_days_from_civil(int y, int m, int d)
{
    long long yy = (long long)y - (m <= 2 ? 1 : 0);
    long long era = floor_div(yy, 400);
    long long yoe = yy - era * 400;                                    /* [0, 399] */
    long long doy = (153LL * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             /* [0, 146096] */
    return (int)(era * 146097 + doe - 719468);
}

void sla_calendar_civil_from_days(int days, int *y, int *m, int *d)
{
    long long z = (long long)days + 719468;
    long long era = floor_div(z, 146097);
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long dd = doy - (153 * mp + 2) / 5 + 1;
    long long mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2 ? 1 : 0));
    *m = (int)mm;
    *d = (int)dd;
}

int sla_calendar_weekday(int days)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0) */
    return (int)(((long long)days % 7 + 7 + 3) % 7);
}

void sla_calendar_easter(int year, int *month, int *day)
{
    /* the anonymous Gregorian algorithm (Meeus/Jones/Butcher) */
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    *month = (h + l - 7 * m + 114) / 31;
    *day = (h + l - 7 * m + 114) % 31 + 1;
}

static const char *public_holiday(const sla_calendar_rules *r, int days)
{
    int y, m, d, em, ed, easter, since;
    sla_calendar_civil_from_days(days, &y, &m, &d);
    if (m == 1 && d == 1)
        return "New Year's Day";
    if (m == 12 && d == 25)
        return "Christmas Day";
    if (m == 12 && d == 26)
        return "Boxing Day";
    if (m == 4 && (d == 26 || d == 27)) {
        /* 27 April; when that is a Sunday, the Saturday before */
        int kings = sla_calendar_days_from_civil(y, 4, 27);
        if (sla_calendar_weekday(kings) == 6)
            kings--;
        if (days == kings)
            return "King's Day";
    }
    if (m == 5 && d == 5 && r != NULL) {
        if (r->liberation_day == SLA_CALENDAR_LIBERATION_EVERY_YEAR ||
            (r->liberation_day == SLA_CALENDAR_LIBERATION_LUSTRUM && y % 5 == 0))
            return "Liberation Day";
    }
    if (m < 3 || m > 6)
        return NULL;
    sla_calendar_easter(y, &em, &ed);
    easter = sla_calendar_days_from_civil(y, em, ed);
    since = days - easter;
    if (since == -2 && r != NULL && r->good_friday)
        return "Good Friday";
    if (since == 1)
        return "Easter Monday";
    if (since == 39)
        return "Ascension Day";
    if (since == 50)
        return "Whit Monday";
    return NULL;
}

int sla_calendar_is_holiday(const sla_calendar_rules *r, int days, const char **name)
{
    const char *found = public_holiday(r, days);
    size_t i;
    if (found == NULL && r != NULL && r->closing_days != NULL) {
        for (i = 0; i < r->nclosing; i++) {
            if (r->closing_days[i] == days) {
                found = "closing day";
                break;
            }
        }
    }
    if (name != NULL)
        *name = found;
    return found != NULL;
}

int sla_calendar_is_working_day(const sla_calendar_rules *r, int days)
{
    return sla_calendar_weekday(days) < 5 && !sla_calendar_is_holiday(r, days, NULL);
}

/* The last Sunday of month m (31-day months only: March, October). */
static int last_sunday(int y, int m)
{
    int last = sla_calendar_days_from_civil(y, m, 31);
    return last - (sla_calendar_weekday(last) + 1) % 7;
}

long sla_calendar_amsterdam_offset(time_t t)
{
    long long tt = (long long)t;
    int y, m, d;
    long long start, end;
    sla_calendar_civil_from_days((int)floor_div(tt, SECONDS_PER_DAY), &y, &m, &d);
    start = (long long)last_sunday(y, 3) * SECONDS_PER_DAY + 3600;
    end = (long long)last_sunday(y, 10) * SECONDS_PER_DAY + 3600;
    return (tt >= start && tt < end) ? 7200L : 3600L;
}

int sla_calendar_local_day(time_t t)
{
    return (int)floor_div((long long)t + sla_calendar_amsterdam_offset(t), SECONDS_PER_DAY);
}

time_t sla_calendar_local_midnight(int days)
{
    /* Local midnight is 22:00 or 23:00 UTC the day before; the clocks change
     * at 01:00 UTC, so 22:00 UTC the day before has the offset of midnight. */
    long long utc_midnight = (long long)days * SECONDS_PER_DAY;
    return (time_t)(utc_midnight - sla_calendar_amsterdam_offset((time_t)(utc_midnight - 7200)));
}

time_t sla_calendar_deadline(const sla_calendar_rules *r, time_t from, int n,
                             sla_calendar_unit unit)
{
    int day = sla_calendar_local_day(from);
    int counted = 0;
    if (n < 0)
        n = 0;
    if (unit == SLA_CALENDAR_CALENDAR_DAYS) {
        day += n;
    } else {
        while (counted < n) {
            day++;
            if (sla_calendar_is_working_day(r, day))
                counted++;
        }
    }
    return sla_calendar_local_midnight(day + 1);
}

long long sla_calendar_counted_seconds(const sla_calendar_rules *r, sla_calendar_unit unit,
                                       time_t a, time_t b)
{
    long long total = 0;
    int day, last;
    if (b <= a)
        return 0;
    if (unit == SLA_CALENDAR_CALENDAR_DAYS)
        return (long long)b - (long long)a;
    last = sla_calendar_local_day(b);
    for (day = sla_calendar_local_day(a); day <= last; day++) {
        long long lo = (long long)sla_calendar_local_midnight(day);
        long long hi = (long long)sla_calendar_local_midnight(day + 1);
        if (!sla_calendar_is_working_day(r, day))
            continue;
        if (lo < (long long)a)
            lo = (long long)a;
        if (hi > (long long)b)
            hi = (long long)b;
        if (hi > lo)
            total += hi - lo;
    }
    return total;
}

time_t sla_calendar_add_counted_seconds(const sla_calendar_rules *r, sla_calendar_unit unit,
                                        time_t t, long long s)
{
    long long cur = (long long)t;
    int day;
    if (s <= 0)
        return t;
    if (unit == SLA_CALENDAR_CALENDAR_DAYS)
        return (time_t)(cur + s);
    /* A deadline at a day's end is the next day's local midnight: counting
     * starts in that next day, and a remainder that exactly fills a working
     * day ends at that day's end (its next midnight). */
    for (day = sla_calendar_local_day(t);; day++) {
        long long lo = (long long)sla_calendar_local_midnight(day);
        long long hi = (long long)sla_calendar_local_midnight(day + 1);
        long long avail;
        if (!sla_calendar_is_working_day(r, day))
            continue;
        if (lo < cur)
            lo = cur;
        avail = hi - lo;
        if (avail <= 0)
            continue;
        if (s <= avail)
            return (time_t)(lo + s);
        s -= avail;
    }
}
