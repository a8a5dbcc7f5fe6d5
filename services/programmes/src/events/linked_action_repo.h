#ifndef KOERS_PROGRAMMES_LINKED_ACTION_REPO_H
#define KOERS_PROGRAMMES_LINKED_ACTION_REPO_H

#include <stddef.h>
#include "koers/db.h"

/* The actions linked to an improvement of the processes service
 * (actions.process_improvement_id). SQL only. */

/* An action the completion of its improvement changed. */
typedef struct linked_action_change {
    char id[37];
    char programme_id[37];
    char from[16]; /* its status before */
    char to[16];   /* and after (the same when only improvementCompletedAt was set) */
} linked_action_change;

/* Records on conn that improvement improvement_id of tenant_id completed
 * at `at` (RFC 3339; NULL: now): every action of the tenant linked to it
 * gets improvement_completed_at (kept when it has one), and a planned or
 * in_progress one becomes done with completed_at = at; each changed row
 * gets version + 1. Rows are locked and changed in id order. A row that
 * has nothing left to change (improvement_completed_at set, status done
 * or cancelled) is left alone and not listed: running it twice changes
 * nothing the second time. *changes (the caller's, free() it) lists the
 * changed actions, *n of them. Errors as kc_db_exec. */
kc_status linked_action_repo_complete(kc_db_conn *conn, const char *tenant_id,
                                      const char *improvement_id, const char *at,
                                      linked_action_change **changes, size_t *n,
                                      kc_problem *pb) KC_MUST_CHECK;

#endif
