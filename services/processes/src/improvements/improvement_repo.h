#ifndef KOERS_PROCESSES_IMPROVEMENT_REPO_H
#define KOERS_PROCESSES_IMPROVEMENT_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* An improvement as its rules need it, locked (FOR UPDATE) in the
 * caller's transaction: its process, status and version, the bottlenecks
 * it solves (a JSON array of ids, the caller's: improvement_lock_clear),
 * and its KPI with the values before and after ("" / has_* 0 when none). */
typedef struct improvement_lock {
    char process_id[37];
    char status[32];
    int version;
    json_t *bottleneck_ids;
    char kpi_id[37];
    int has_kpi_before, has_kpi_after;
    double kpi_before, kpi_after;
} improvement_lock;

/* Frees what the lock holds (the struct itself is the caller's); NULL is
 * fine. */
void improvement_lock_clear(improvement_lock *l);

/* Locks improvement id of the tenant and reads it into *out (cleared
 * first). KC_NOT_FOUND when the tenant has no such improvement. */
kc_status improvement_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                                improvement_lock *out, kc_problem *pb) KC_MUST_CHECK;

/* How many of bottleneck_ids (a JSON array of ids; NULL: none) are
 * bottlenecks of the tenant outside process_id, and whether kpi_id (NULL:
 * none) is a KPI of the tenant outside it. Ids the tenant does not have are
 * not counted (the resource kit names those). */
kc_status improvement_repo_outside(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                   const json_t *bottleneck_ids, const char *kpi_id,
                                   int *bottlenecks_outside, int *kpi_outside,
                                   kc_problem *pb) KC_MUST_CHECK;

/* Sets the status of improvement id, its drop reason (NULL unless
 * dropped) and completed_at (now when done, else cleared), bumps the
 * version; *version is the new one. */
kc_status improvement_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      const char *status, const char *drop_reason, int *version,
                                      kc_problem *pb) KC_MUST_CHECK;

/* Marks solved (solved_at now) each of bottleneck_ids (a JSON array of
 * ids) that is proposed or open, has at least one done improvement and
 * none proposed, planned or in progress. The bottlenecks are locked first
 * (in id order) and judged in a later statement, so that of two
 * improvements completing at the same time the second sees the first one
 * done. *solved (the caller's) is the JSON array of the ids solved now, in
 * id order. */
kc_status improvement_repo_solve_bottlenecks(kc_db_conn *conn, const char *tenant_id,
                                             const json_t *bottleneck_ids, json_t **solved,
                                             kc_problem *pb) KC_MUST_CHECK;

#endif
