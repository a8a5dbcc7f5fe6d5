#ifndef KOERS_PROGRAMMES_BUILDING_BLOCK_REPO_H
#define KOERS_PROGRAMMES_BUILDING_BLOCK_REPO_H

#include "koers/db.h"

/* A building block as its rules need it, locked (FOR UPDATE) in the
 * caller's transaction: its programme, working group ("" when none) and
 * status. */
typedef struct building_block_lock {
    char programme_id[37];
    char working_group_id[37];
    char status[16];
} building_block_lock;

/* Locks building block id of the tenant and reads it into *out.
 * KC_NOT_FOUND ("building block <id> not found") when the tenant has no
 * such building block. */
kc_status building_block_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   building_block_lock *out, kc_problem *pb) KC_MUST_CHECK;

/* A step as a building block refers to it: its programme and status. */
typedef struct building_block_step {
    char programme_id[37];
    char status[16];
} building_block_step;

/* Reads step id of the tenant into *out. KC_NOT_FOUND ("step <id> not
 * found") when the tenant has no such step. */
kc_status building_block_repo_step(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   building_block_step *out, kc_problem *pb) KC_MUST_CHECK;

#endif
