#ifndef KOERS_PROGRAMMES_PROGRAMME_REPO_H
#define KOERS_PROGRAMMES_PROGRAMME_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* A programme as its rules need it, locked (FOR UPDATE) in the caller's
 * transaction ("" for what it lacks). */
typedef struct programme_lock {
    char status[16];
    int version;
    char template_id[37];
    int approach_version;
    char starts_on[11];
    char ends_on[11];
} programme_lock;

/* Locks programme id of the tenant and reads it into *out. KC_NOT_FOUND
 * when the tenant has no such programme. */
kc_status programme_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                              programme_lock *out, kc_problem *pb) KC_MUST_CHECK;

/* Records the template the new programme id was copied from. */
kc_status programme_repo_set_template(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      const char *template_id, kc_problem *pb) KC_MUST_CHECK;

/* Moves programme id from `from` to `to` with reason (NULL: none) as its
 * status reason, bumps its version (*version: the new one) and records the
 * move in programme_status_changes (changed_by: sub). */
kc_status programme_repo_move(kc_db_conn *conn, const char *tenant_id, const char *id,
                              const char *from, const char *to, const char *reason, const char *sub,
                              int *version, kc_problem *pb) KC_MUST_CHECK;

/* The programme's timeline (programmes.programme_timeline): a new JSON
 * array in *items (the caller's). KC_NOT_FOUND when the tenant has no
 * programme id. */
kc_status programme_repo_timeline(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  json_t **items, kc_problem *pb) KC_MUST_CHECK;

#endif
