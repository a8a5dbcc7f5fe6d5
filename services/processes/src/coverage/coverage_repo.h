#ifndef KOERS_PROCESSES_COVERAGE_REPO_H
#define KOERS_PROCESSES_COVERAGE_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The coverage of one year, as the database knows it. A process counts for
 * the year when it was selected (selectedAt, else created) on or before its
 * last day and was not archived before its first day (days in Dutch time,
 * Europe/Amsterdam). Lists are JSON arrays
 * in the wire form (new references, the caller's). */
typedef struct coverage_rows {
    int team_managers; /* staff who manage at least one team */
    int covered;       /* of those, how many own a process of the year */
    int target;        /* the tenant's coverage target, -1 when not set */
    json_t *owners;    /* [{staffId, name, teamManager, processes: [{id, name, status}]}] */
    json_t *managers_without_process;  /* [{staffId, name, teamIds}] */
    json_t *processes_without_manager; /* [{id, name, status, ownerId}] */
} coverage_rows;

void coverage_rows_clear(coverage_rows *c);

kc_status coverage_repo_year(kc_db_conn *conn, const char *tenant_id, int year, coverage_rows *out,
                             kc_problem *pb) KC_MUST_CHECK;

#endif
