#ifndef KOERS_PROCESSES_SETTINGS_REPO_H
#define KOERS_PROCESSES_SETTINGS_REPO_H

#include "koers/db.h"

/* The tenant's settings row: the coverage target and the scoring weights
 * of the backlog. */
typedef struct settings_row {
    int coverage_target; /* team managers that should own a process; -1: all of them */
    int has_weights;     /* 0: the default weights (all three NULL in the row) */
    double weight_impact;
    double weight_effort;
    double weight_frequency;
} settings_row;

/* The tenant's settings; coverage_target -1 and has_weights 0 for a
 * tenant without a row. */
kc_status settings_repo_get(kc_db_conn *conn, const char *tenant_id, settings_row *out,
                            kc_problem *pb) KC_MUST_CHECK;
/* Stores the coverage target (-1 stores "not set") and, when
 * set_weights, the weights (has_weights 0 stores the defaults: NULL),
 * else keeps the stored weights. */
kc_status settings_repo_put(kc_db_conn *conn, const char *tenant_id, const settings_row *in,
                            int set_weights, kc_problem *pb) KC_MUST_CHECK;

#endif
