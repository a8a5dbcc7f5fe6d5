#ifndef KOERS_PROCESSES_KPI_REPO_H
#define KOERS_PROCESSES_KPI_REPO_H

#include "koers/db.h"

/* A KPI as its writes need it: its process, direction and target, and the
 * process's owner and manager (staff ids, "" when none). */
typedef struct kpi_head {
    char process_id[37];
    char direction[32];
    double target;
    char owner_id[37];
    char manager_id[37];
} kpi_head;

/* Reads KPI id of the tenant into *out; with lock set the KPI row is
 * locked (FOR UPDATE) in the caller's transaction, which keeps the
 * measurements of one KPI recorded one at a time. KC_NOT_FOUND when the
 * tenant has no such KPI. */
kc_status kpi_repo_head(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                        kpi_head *out, kc_problem *pb) KC_MUST_CHECK;

#endif
