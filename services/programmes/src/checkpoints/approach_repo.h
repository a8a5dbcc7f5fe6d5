#ifndef KOERS_PROGRAMMES_APPROACH_REPO_H
#define KOERS_PROGRAMMES_APPROACH_REPO_H

#include <jansson.h>
#include "checkpoints/approach_model.h"
#include "koers/db.h"

/* A programme's approach and governance as a checkpoint changes them
 * (phases, steps, building blocks, groups, group members): loaded into an
 * approach_model, and written back one row at a time, inside the
 * decision's transaction. */

/* Loads programme_id's phases, steps (removed ones too), building blocks,
 * groups with their members, and of person_ids (a JSON array of id
 * strings) those that are persons of the tenant, into m (zeroed by the
 * caller; approach_model_clear it). KC_INTERNAL when out of memory. */
kc_status approach_repo_load(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                             const json_t *person_ids, approach_model *m,
                             kc_problem *pb) KC_MUST_CHECK;

/* Inserts a new phase (ph->id given) of programme_id. */
kc_status approach_repo_insert_phase(kc_db_conn *conn, const char *tenant_id,
                                     const char *programme_id, const am_phase *ph,
                                     kc_problem *pb) KC_MUST_CHECK;

/* Moves an existing phase to ph->position. */
kc_status approach_repo_move_phase(kc_db_conn *conn, const char *tenant_id, const am_phase *ph,
                                   kc_problem *pb) KC_MUST_CHECK;

/* Inserts a new step (s->id given; planned) of programme_id. */
kc_status approach_repo_insert_step(kc_db_conn *conn, const char *tenant_id,
                                    const char *programme_id, const am_step *s,
                                    kc_problem *pb) KC_MUST_CHECK;

/* Writes an existing step's phase, position (0: none, removed), status
 * and dates. */
kc_status approach_repo_update_step(kc_db_conn *conn, const char *tenant_id, const am_step *s,
                                    kc_problem *pb) KC_MUST_CHECK;

/* Writes a building block's title and description (NULL: kept), step,
 * working group and due date, with a new version. */
kc_status approach_repo_update_block(kc_db_conn *conn, const char *tenant_id, const am_block *b,
                                     kc_problem *pb) KC_MUST_CHECK;

/* A new version of group g, renamed when g->name is not NULL. */
kc_status approach_repo_update_group(kc_db_conn *conn, const char *tenant_id, const am_group *g,
                                     kc_problem *pb) KC_MUST_CHECK;

/* Makes the membership row what mb->role says: a new member, another
 * role, or (role "") no longer a member. */
kc_status approach_repo_write_member(kc_db_conn *conn, const char *tenant_id, const am_member *mb,
                                     kc_problem *pb) KC_MUST_CHECK;

#endif
