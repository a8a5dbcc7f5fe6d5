#ifndef KOERS_PROCESSES_FLOW_REPO_H
#define KOERS_PROCESSES_FLOW_REPO_H

#include <jansson.h>
#include "flow/flow_model.h"
#include "flow/flow_picture.h"
#include "koers/db.h"

/* The SQL of a process's flow (sql/003_flow.sql, 005_flow_more.sql). Every
 * function runs on conn (inside the caller's transaction when it has one)
 * and filters on tenant_id. */

/* Which version flow_repo_get reads. */
#define FLOW_LATEST 0  /* the latest published version */
#define FLOW_DRAFT  -1 /* the draft */

/* The name of process process_id (*name, the caller's to free()).
 * KC_NOT_FOUND when the tenant has no such process. */
kc_status flow_repo_process_name(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                 char **name, kc_problem *pb) KC_MUST_CHECK;

/* One version of the process's flow with its steps in order (their team's
 * name joined): which is a number (1, 2, ...), FLOW_LATEST or FLOW_DRAFT.
 * *out (zeroed by the caller) is the caller's to flow_version_clear.
 * KC_NOT_FOUND when there is no such version. */
kc_status flow_repo_get(kc_db_conn *conn, const char *tenant_id, const char *process_id, int which,
                        flow_version *out, kc_problem *pb) KC_MUST_CHECK;

/* *has = 1 when the process has a draft. */
kc_status flow_repo_has_draft(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                              int *has, kc_problem *pb) KC_MUST_CHECK;

/* The published versions numbered after `after`, in number order, at most
 * limit (without steps; steps_count set); *more = 1 when there are more.
 * *items (the caller's: flow_version_array_free) holds *n. */
kc_status flow_repo_list(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                         long long after, int limit, flow_version **items, size_t *n, int *more,
                         kc_problem *pb) KC_MUST_CHECK;

/* Starts the draft of the process: a new version based on the latest
 * published one (if any) with a copy of its steps (new ids, the same step
 * keys). id (37 bytes) receives the draft's id. KC_CONFLICT when the
 * process has a draft (the unique index). */
kc_status flow_repo_start_draft(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                char *id, kc_problem *pb) KC_MUST_CHECK;

/* The process's draft locked (FOR UPDATE): its id and version.
 * KC_NOT_FOUND when the process has no draft. */
typedef struct flow_draft_lock {
    char id[37];
    int version;
    int steps_count;
} flow_draft_lock;

kc_status flow_repo_lock_draft(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                               flow_draft_lock *out, kc_problem *pb) KC_MUST_CHECK;

/* For each step of a draft's body (a validated array of step objects),
 * whether its teamId is a team of the tenant and its stepKey one of the
 * keys of the process's flow (any version): team_ok[i], key_ok[i] (arrays
 * of n, the caller's), 1 when absent. */
kc_status flow_repo_check_steps(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                const json_t *steps, int *team_ok, int *key_ok, size_t n,
                                kc_problem *pb) KC_MUST_CHECK;

/* Replaces the steps of draft draft_id with the array steps (validated;
 * position = index + 1; a step without stepKey gets a new key; a step
 * whose key the draft held keeps its id), bumps the draft's version into
 * *version. */
kc_status flow_repo_replace_steps(kc_db_conn *conn, const char *tenant_id, const char *draft_id,
                                  const json_t *steps, int *version, kc_problem *pb) KC_MUST_CHECK;

/* Deletes draft draft_id with its steps. */
kc_status flow_repo_discard_draft(kc_db_conn *conn, const char *tenant_id, const char *draft_id,
                                  kc_problem *pb) KC_MUST_CHECK;

/* Publishes draft draft_id of the process as the next number (*number):
 * note, published_by and now. KC_CONFLICT when that number was taken
 * concurrently (the unique index). */
kc_status flow_repo_publish(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                            const char *draft_id, const char *note, const char *published_by,
                            int *number, kc_problem *pb) KC_MUST_CHECK;

/* The markers of the picture of version version_id: for each of its
 * steps (steps[i] is position i + 1; n of them), the open or proposed
 * bottlenecks of the step's activity (its step key, whichever version's
 * step they were raised at) and their top score with the tenant's
 * weights (processes.bottleneck_score). Steps without any keep 0. */
kc_status flow_repo_markers(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                            const char *version_id, flow_picture_step *steps, size_t n,
                            kc_problem *pb) KC_MUST_CHECK;

#endif
