#ifndef KOERS_PROCESSES_COVERAGE_SERVICE_H
#define KOERS_PROCESSES_COVERAGE_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The coverage of `year` (text from the query, 2000..2100) for p's tenant:
 * the owners with their processes, the team managers without a process,
 * the processes without a manager, the share of team managers covered and
 * the tenant's target. *out is the representation (the caller's). */
kc_status coverage_service_get(kc_db_pool *pool, const kc_principal *p, const char *year,
                               json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* The tenant's settings {coverageTarget (null: all team managers),
 * weights {impact, effort, frequency} (the backlog's scoring weights; the
 * defaults 2, 1, 1 until set)}. */
kc_status settings_service_get(kc_db_pool *pool, const kc_principal *p, json_t **out,
                               kc_problem *pb) KC_MUST_CHECK;
/* Replaces the coverage target; the weights when body holds them (null:
 * back to the defaults; each a whole number 0..100, not all zero, else
 * KC_INVALID naming weights.<member>), rescoring the tenant's bottlenecks
 * in the same transaction. *out is the settings afterwards. */
kc_status settings_service_put(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                               json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
