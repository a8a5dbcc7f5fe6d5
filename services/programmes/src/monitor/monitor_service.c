#include "monitor/monitor_service.h"

#include <stdio.h>
#include <string.h>
#include "koers/validate.h"
#include "monitor/monitor_repo.h"

/* The UTC midnight of day (YYYY-MM-DD, checked by the caller). */
static time_t day_start(const char *day)
{
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    if (sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

static void day_text(time_t t, char *out)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

kc_status monitor_service_period(const char *from, const char *to, time_t now, char *from_day,
                                 char *to_day, kc_problem *pb)
{
    time_t start, end;

    if (to != NULL)
        snprintf(to_day, 11, "%s", to);
    else
        day_text(now, to_day);
    end = day_start(to_day);
    if (from != NULL)
        snprintf(from_day, 11, "%s", from);
    else
        day_text(end - (time_t)MONITOR_DEFAULT_DAYS * 86400, from_day);
    start = day_start(from_day);
    if (start > end) {
        kc_problem_add_field(pb, "from", "is after to");
        return kc_problem_set(pb, KC_BAD_REQUEST, "the period starts (%s) after it ends (%s)",
                              from_day, to_day);
    }
    if ((end - start) / 86400 > MONITOR_MAX_DAYS) {
        kc_problem_add_field(pb, "from", "the period is longer than 3700 days");
        return kc_problem_set(pb, KC_BAD_REQUEST, "the period %s..%s is longer than %d days",
                              from_day, to_day, MONITOR_MAX_DAYS);
    }
    return KC_OK;
}

kc_status monitor_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                              const char *from, const char *to, json_t **out, kc_problem *pb)
{
    char from_day[11], to_day[11];
    kc_db_conn *conn = NULL;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = monitor_service_period(from, to, time(NULL), from_day, to_day, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = monitor_repo_doc(conn, p->tenant_id, id, from_day, to_day, out, pb);
    kc_db_release(pool, conn);
    return st;
}
