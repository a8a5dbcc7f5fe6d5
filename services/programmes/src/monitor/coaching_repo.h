#ifndef KOERS_PROGRAMMES_COACHING_REPO_H
#define KOERS_PROGRAMMES_COACHING_REPO_H

#include "koers/db.h"

/* A coaching entry as its rules need it, locked (FOR UPDATE) in the
 * caller's transaction; "" for a NULL column. */
typedef struct coaching_lock {
    char programme_id[37];
    char held_on[11];
    char follow_up_on[11];
    char team[801]; /* 200 characters of up to 4 bytes */
    char person_id[37];
} coaching_lock;

/* Locks coaching entry id of the tenant into *out. KC_NOT_FOUND
 * ("coaching entry <id> not found") when the tenant has none such. */
kc_status coaching_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                             coaching_lock *out, kc_problem *pb) KC_MUST_CHECK;

/* The programme of relapse signal id of the tenant into programme_id (37
 * bytes). KC_NOT_FOUND ("relapse signal <id> not found") when none. */
kc_status coaching_repo_signal_programme(kc_db_conn *conn, const char *tenant_id, const char *id,
                                         char *programme_id, kc_problem *pb) KC_MUST_CHECK;

#endif
