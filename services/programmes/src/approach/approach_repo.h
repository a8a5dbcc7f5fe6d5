#ifndef KOERS_PROGRAMMES_APPROACH_REPO_H
#define KOERS_PROGRAMMES_APPROACH_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* Copies phases (a JSON array of {name, description?, steps: [{name,
 * description?, kind?, startsOn?, dueOn?}]}) into the phases and steps of
 * programme_id, in the order given (positions from 1), all steps planned.
 * In the caller's transaction. */
kc_status approach_repo_copy(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                             const json_t *phases, kc_problem *pb) KC_MUST_CHECK;

/* Writes approach version 1 of programme_id: the snapshot of its approach
 * as it is now (programmes.approach_snapshot), no checkpoint, no changes,
 * with reason and created_by. */
kc_status approach_repo_first_version(kc_db_conn *conn, const char *tenant_id,
                                      const char *programme_id, const char *reason,
                                      const char *created_by, kc_problem *pb) KC_MUST_CHECK;

/* The programme's approach as shown (programmes.approach_view), a new
 * object in *doc. KC_NOT_FOUND when the tenant has no such programme. */
kc_status approach_repo_view(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                             json_t **doc, kc_problem *pb) KC_MUST_CHECK;

/* The approach versions of the programme in order, without their
 * snapshots: a new array in *items. KC_NOT_FOUND without the programme. */
kc_status approach_repo_versions(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                 json_t **items, kc_problem *pb) KC_MUST_CHECK;

/* Approach version number of the programme with its snapshot's phases: a
 * new object in *doc. KC_NOT_FOUND when there is no such version. */
kc_status approach_repo_version(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                const char *number, json_t **doc, kc_problem *pb) KC_MUST_CHECK;

/* A step as a transition needs it, locked with its programme. */
typedef struct step_lock {
    char programme_status[16];
    char status[16];
    char phase_id[37];
    char checkpoint_id[37]; /* "" while the step has no checkpoint */
} step_lock;

/* Locks step_id of programme_id (the step for update, the programme for
 * share) and reads it into *out. KC_NOT_FOUND when the tenant's programme
 * has no such step. */
kc_status approach_repo_lock_step(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                  const char *step_id, step_lock *out,
                                  kc_problem *pb) KC_MUST_CHECK;

/* Sets the status of step_id: active records when it started, completed
 * when and by whom (sub) it was completed. *doc (a new object, the
 * caller's) is the step afterwards, with its programmeId and phaseId. */
kc_status approach_repo_set_step_status(kc_db_conn *conn, const char *tenant_id,
                                        const char *step_id, const char *status, const char *sub,
                                        json_t **doc, kc_problem *pb) KC_MUST_CHECK;

#endif
