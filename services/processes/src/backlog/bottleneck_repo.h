#ifndef KOERS_PROCESSES_BOTTLENECK_REPO_H
#define KOERS_PROCESSES_BOTTLENECK_REPO_H

#include "koers/db.h"

/* The SQL of a bottleneck's rules (the resource kit writes the rows
 * themselves): the stored row as the rules need it, the step and session
 * checks, the score with the tenant's weights, the decisions, and the
 * rescoring when the weights change. All run on conn in the caller's
 * transaction. */

/* A bottleneck as its rules see it. Ids are "" when NULL. */
typedef struct bottleneck_row {
    char process_id[37];
    char step_id[37];
    char session_id[37];
    char source[32];
    char status[32];
    int impact;
    int effort;
    int has_frequency; /* frequency and frequency_unit are both set */
    long frequency;
    char frequency_unit[8];
    int score_tenths; /* the stored score times ten */
    int version;
} bottleneck_row;

/* Reads bottleneck id of the tenant and locks it (FOR UPDATE) until the
 * transaction ends. KC_NOT_FOUND naming it when the tenant has none. */
kc_status bottleneck_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                               bottleneck_row *out, kc_problem *pb) KC_MUST_CHECK;

/* *fits = 1 when step_id is a step of a published flow version of process
 * process_id of the tenant, else 0. */
kc_status bottleneck_repo_step_fits(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                    const char *step_id, int *fits, kc_problem *pb) KC_MUST_CHECK;

/* The kind of session session_id of the tenant ("interview",
 * "working_session") into kind (n bytes); "" when the tenant has none. */
kc_status bottleneck_repo_session_kind(kc_db_conn *conn, const char *tenant_id,
                                       const char *session_id, char *kind, size_t n,
                                       kc_problem *pb) KC_MUST_CHECK;

/* The score (in tenths) a bottleneck of the tenant with these members has
 * with the tenant's current weights (processes.bottleneck_tenant_score);
 * frequency_unit NULL: frequency unknown. */
kc_status bottleneck_repo_score(kc_db_conn *conn, const char *tenant_id, int impact, int effort,
                                long frequency, const char *frequency_unit, int *score_tenths,
                                kc_problem *pb) KC_MUST_CHECK;

/* Records a decision: the new status, the decision, its reason (NULL:
 * none) and now; reopening clears solved_at. Bumps the version (*version
 * is the new one). */
kc_status bottleneck_repo_decide(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const char *status, const char *decision, const char *reason,
                                 int *version, kc_problem *pb) KC_MUST_CHECK;

/* Rescores every bottleneck of the tenant with its current weights,
 * holding the tenant's weights lock (sql/006_backlog_more.sql) so that no
 * bottleneck is scored with the old weights meanwhile; *changed is how
 * many scores changed. */
kc_status bottleneck_repo_rescore(kc_db_conn *conn, const char *tenant_id, long *changed,
                                  kc_problem *pb) KC_MUST_CHECK;

#endif
