#ifndef KOERS_PROGRAMMES_BUILDING_BLOCK_REPO_H
#define KOERS_PROGRAMMES_BUILDING_BLOCK_REPO_H

#include "koers/db.h"

/* A building block as the rules on it and under it need it, locked in the
 * caller's transaction: its programme, working group ("" when none) and
 * status. */
typedef struct building_block_lock {
    char programme_id[37];
    char working_group_id[37];
    char status[16];
} building_block_lock;

/* How building_block_repo_lock locks the row: FOR UPDATE to change the
 * block, FOR SHARE to write under it (its proposals). */
typedef enum { BUILDING_BLOCK_FOR_UPDATE, BUILDING_BLOCK_FOR_SHARE } building_block_lock_mode;

/* Locks building block id of the tenant (mode) and reads it into *out.
 * KC_NOT_FOUND ("building block <id> not found") when the tenant has no
 * such building block. */
kc_status building_block_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   building_block_lock_mode mode, building_block_lock *out,
                                   kc_problem *pb) KC_MUST_CHECK;

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
