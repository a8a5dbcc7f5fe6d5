#ifndef KOERS_PROGRAMMES_CHECKPOINT_REPO_H
#define KOERS_PROGRAMMES_CHECKPOINT_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "koers/keyset.h"

/* Checkpoints (the decisions after a step), the programme row they lock
 * and the approach versions an adjust makes. A checkpoint travels as its
 * wire JSON: {id, programmeId, stepId, question, insights, decision,
 * rationale, changes, groupId, presentIds, approachVersion, decidedBy,
 * decidedAt}. */

/* Locks programme_id's row (FOR UPDATE: one decision at a time) and reads
 * its status (16 bytes) and current approach version. KC_NOT_FOUND when
 * the tenant has no such programme. */
kc_status checkpoint_repo_lock_programme(kc_db_conn *conn, const char *tenant_id,
                                         const char *programme_id, char *status,
                                         int *approach_version, kc_problem *pb) KC_MUST_CHECK;

/* KC_OK when the tenant has programme_id, else KC_NOT_FOUND. */
kc_status checkpoint_repo_programme_exists(kc_db_conn *conn, const char *tenant_id,
                                           const char *programme_id, kc_problem *pb) KC_MUST_CHECK;

/* *id (37 bytes) is the checkpoint of step_id, "" when it has none. */
kc_status checkpoint_repo_of_step(kc_db_conn *conn, const char *tenant_id, const char *step_id,
                                  char *id, kc_problem *pb) KC_MUST_CHECK;

/* What a new checkpoint holds. insights and present_ids are JSON arrays
 * of strings; changes the kept list ([] for continue). */
typedef struct checkpoint_input {
    const char *id, *programme_id, *step_id, *question, *decision, *rationale, *group_id;
    const json_t *insights, *present_ids, *changes;
    int approach_version;
    const char *decided_by;
} checkpoint_input;

/* Inserts the checkpoint; *out (the caller's) is its wire JSON. */
kc_status checkpoint_repo_insert(kc_db_conn *conn, const char *tenant_id,
                                 const checkpoint_input *in, json_t **out,
                                 kc_problem *pb) KC_MUST_CHECK;

/* Writes approach version `number` of programme_id (its snapshot
 * programmes.approach_snapshot of the approach as it is now in this
 * transaction, made by checkpoint_id, with reason and changes) and makes
 * it the programme's current one (a new programme version). */
kc_status checkpoint_repo_new_version(kc_db_conn *conn, const char *tenant_id,
                                      const char *programme_id, int number,
                                      const char *checkpoint_id, const char *reason,
                                      const json_t *changes, const char *created_by,
                                      kc_problem *pb) KC_MUST_CHECK;

/* Checkpoint id's wire JSON into *out (the caller's). KC_NOT_FOUND when
 * the tenant has none. */
kc_status checkpoint_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                              kc_problem *pb) KC_MUST_CHECK;

/* A page of programme_id's checkpoints in the order they were decided
 * (*items, the caller's JSON array). */
kc_status checkpoint_repo_list(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                               const kc_keyset *page, json_t **items, kc_keyset_next *next,
                               kc_problem *pb) KC_MUST_CHECK;

#endif
