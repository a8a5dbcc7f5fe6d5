#ifndef KOERS_PROCESSES_CITIZEN_REPO_H
#define KOERS_PROCESSES_CITIZEN_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "citizens/citizen_events.h"

/* SQL of the citizens' side of processes (sql/008_citizen_cases.sql):
 * category mappings, the facts of citizens' cases, proposed bottlenecks
 * from root causes, and the figures. Every statement filters on the
 * tenant. */

/* The step rule of a category mapping, with the stored mapping id (NULL
 * on create) merged with what the body changes: *ok = 1 when the mapping
 * has no step, or its step is a flow step (of any version) of its
 * process. */
kc_status citizen_repo_mapping_step_ok(kc_db_conn *conn, const char *tenant_id, const char *id,
                                       int has_process, const char *process_id, int has_step,
                                       const char *step_id, int *ok, kc_problem *pb) KC_MUST_CHECK;

/* Applies f to the facts of case f->case_id (creating its row). */
kc_status citizen_repo_apply_fact(kc_db_conn *conn, const char *tenant_id, const citizen_fact *f,
                                  kc_problem *pb) KC_MUST_CHECK;

/* Whether process_id is a process of the tenant (*process_known) and
 * step_id (may be NULL: *step_known 0) a flow step of it (*step_known). */
kc_status citizen_repo_root_target(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                   const char *step_id, int *process_known, int *step_known,
                                   kc_problem *pb) KC_MUST_CHECK;

/* The impact and effort of a new proposal (the core team adjusts them);
 * citizen_repo_propose's INSERT writes these. */
#define CITIZEN_PROPOSAL_IMPACT 3
#define CITIZEN_PROPOSAL_EFFORT 3

/* The proposal of root causes at (process_id, step_id; NULL: the process
 * as a whole): the citizens' cases bottleneck still proposed or open
 * there, else a new proposed one (impact and effort 3) whose id is
 * written to new_id (37 bytes; "" when none was made) and its score (as
 * the table's trigger set it) to *new_score. Case case_id is
 * added to it once: then case_count grows by one, case_days_over by
 * days_over, and a proposed one's description says the count; *counted
 * = 0 when the case was counted there before. */
kc_status citizen_repo_propose(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                               const char *step_id, const char *case_id, double days_over,
                               char *new_id, double *new_score, int *counted,
                               kc_problem *pb) KC_MUST_CHECK;

/* The citizens' figures of process_id for the Dutch days from..to
 * (YYYY-MM-DD, NULL: the default period, the twelve months up to today)
 * into *out (the caller's JSON, the representation without
 * months unless by_month). KC_NOT_FOUND for no such process. */
kc_status citizen_repo_figures(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                               const char *from, const char *to, int by_month, json_t **out,
                               kc_problem *pb) KC_MUST_CHECK;

/* The proposed and open bottlenecks from citizens' cases of process_id,
 * ranked by case_count x case_days_over (then case_count, age), at most
 * limit, each with up to 100 case ids (oldest first), into *items (the
 * caller's JSON array). KC_NOT_FOUND for no such process. */
kc_status citizen_repo_root_causes(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                   int limit, json_t **items, kc_problem *pb) KC_MUST_CHECK;

#endif
