#ifndef KOERS_CASEDESK_STATISTICS_REPO_H
#define KOERS_CASEDESK_STATISTICS_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "casedesk.h"

/* The statistics of a period: the closed days built into
 * casedesk.stat_day_groups (018) and the other days' raw facts, read in one
 * read-only snapshot; the counts and exact percentiles computed in C
 * (statistics_calc.h), the open load in SQL, merged by group key. */

/* How the cases are grouped. */
typedef enum {
    STATISTICS_NONE = 0,
    STATISTICS_CATEGORY,
    STATISTICS_DISTRICT,
    STATISTICS_OFFICER
} statistics_group;

/* The period's days: from and to (YYYY-MM-DD or NULL for the defaults: to
 * = today in Europe/Amsterdam, from = to - 29 days) resolved into
 * from_out/to_out; *ordered = from_out <= to_out; *within_5_years = from_out
 * is no earlier than five years before to_out. */
kc_status statistics_repo_period(kc_db_conn *conn, const char *from, const char *to,
                                 char from_out[11], char to_out[11], int *ordered,
                                 int *within_5_years, kc_problem *pb) KC_MUST_CHECK;

/* The items of the statistics of tenant_id for the days from..to
 * (inclusive, Europe/Amsterdam), grouped by group (new reference in
 * *items; see the casedesk README "Work lists, overview, statistics" for the members). */
kc_status statistics_repo_compute(kc_db_conn *conn, const char *tenant_id, const char *from,
                                  const char *to, statistics_group group, json_t **items,
                                  kc_problem *pb) KC_MUST_CHECK;

/* Builds up to max_days closed days (two days old or more) of any tenant
 * that are not fresh into casedesk.stat_day_groups, in one REPEATABLE READ
 * transaction that locks casedesk.stat_days first (writers that mark a day
 * stale wait for it; 018); *built = how many. When the lock is not had
 * within 500 ms (a writer's transaction still open) it fails (KC_INTERNAL
 * or KC_UNAVAILABLE; nothing is built, the next call tries again). */
kc_status statistics_repo_refresh_days(kc_db_conn *conn, int max_days, int *built,
                                       kc_problem *pb) KC_MUST_CHECK;

#endif
