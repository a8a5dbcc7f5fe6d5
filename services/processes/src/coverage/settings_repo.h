#ifndef KOERS_PROCESSES_SETTINGS_REPO_H
#define KOERS_PROCESSES_SETTINGS_REPO_H

#include "koers/db.h"

/* The tenant's coverage target (team managers that should own a process);
 * -1 when not set (all of them), also for a tenant without a row. */
kc_status settings_repo_get(kc_db_conn *conn, const char *tenant_id, int *coverage_target,
                            kc_problem *pb) KC_MUST_CHECK;
/* Stores it; -1 stores "not set". */
kc_status settings_repo_put(kc_db_conn *conn, const char *tenant_id, int coverage_target,
                            kc_problem *pb) KC_MUST_CHECK;

#endif
