#ifndef KOERS_PROGRAMMES_EXAMPLE_BEHAVIOUR_REPO_H
#define KOERS_PROGRAMMES_EXAMPLE_BEHAVIOUR_REPO_H

#include "koers/db.h"

/* What an example behaviour's writes check against: its programme value,
 * the workshop (an activity) and the row itself. SQL only. */

/* The programme of programme value value_id of tenant_id (programme_id:
 * 37 bytes). KC_NOT_FOUND ("programme value <id> not found") otherwise. */
kc_status example_behaviour_repo_value(kc_db_conn *conn, const char *tenant_id,
                                       const char *value_id, char *programme_id,
                                       kc_problem *pb) KC_MUST_CHECK;

/* The programme (37 bytes) and kind (32 bytes) of activity activity_id of
 * tenant_id. KC_NOT_FOUND ("activity <id> not found") otherwise. */
kc_status example_behaviour_repo_activity(kc_db_conn *conn, const char *tenant_id,
                                          const char *activity_id, char *programme_id, char *kind,
                                          kc_problem *pb) KC_MUST_CHECK;

typedef struct example_behaviour_lock {
    char programme_id[37];
    char programme_value_id[37];
    char group_id[37]; /* "" without a group */
    char created_by[801];
} example_behaviour_lock;

/* Locks example behaviour id of tenant_id (FOR UPDATE, in the caller's
 * transaction) and reads it into *out. KC_NOT_FOUND ("example behaviour
 * <id> not found") otherwise. */
kc_status example_behaviour_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      example_behaviour_lock *out, kc_problem *pb) KC_MUST_CHECK;

#endif
