#ifndef KOERS_PROGRAMMES_ACTION_REPO_H
#define KOERS_PROGRAMMES_ACTION_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The SQL of actions' rules and of their trace (the kit holds their plain
 * reads and writes). Every function filters on the tenant. */

/* An action as its rules need it, locked in the caller's transaction:
 * its programme, status, version and its owner's sign-in subject (""
 * when it has no owner or the owner signs in nowhere). */
typedef struct action_lock {
    char id[37];
    char programme_id[37];
    char proposal_id[37];
    char decision_id[37];
    char status[16];
    char owner_sub[132];
    int version;
} action_lock;

/* Locks action id (FOR UPDATE) into *out. KC_NOT_FOUND when the tenant
 * has no such action. */
kc_status action_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                           action_lock *out, kc_problem *pb) KC_MUST_CHECK;

/* Sets the status of action id (completed_at now when done), its result
 * when result is not NULL, bumps the version. */
kc_status action_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const char *status, const char *result,
                                 kc_problem *pb) KC_MUST_CHECK;

/* The trace of action id, a new object in *out: {action, decision,
 * proposal, derivedFrom: [each ancestor proposal (derived_from, followed
 * recursively) with its decisions and its depth, nearest first],
 * buildingBlock, step, phase, workingGroup, programme: {id, name}} (step
 * and phase null when the building block has no step). KC_NOT_FOUND when
 * the tenant has no such action. */
kc_status action_repo_trace(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                            kc_problem *pb) KC_MUST_CHECK;

#endif
