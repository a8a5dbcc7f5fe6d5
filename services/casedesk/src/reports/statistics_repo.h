#ifndef KOERS_CASEDESK_STATISTICS_REPO_H
#define KOERS_CASEDESK_STATISTICS_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "casedesk.h"

/* The statistics of a period, computed in SQL: one query per group of
 * figures (inflow and first contact, outflow with resolution time, SLA
 * compliance and outcomes, open load, lead time per status, feedback), run
 * in one read-only snapshot and merged by group key. */

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

#endif
