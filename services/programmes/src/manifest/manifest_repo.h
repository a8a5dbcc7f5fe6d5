#ifndef KOERS_PROGRAMMES_MANIFEST_REPO_H
#define KOERS_PROGRAMMES_MANIFEST_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The SQL of manifests' rules (the kit holds their plain reads and
 * writes) and of the tenant's settings. Every function filters on the
 * tenant. */

/* A manifest as its rules need it, locked in the caller's transaction. */
typedef struct manifest_lock {
    char id[37];
    char programme_id[37];
    char status[16];
    int number;
    int version;
} manifest_lock;

/* Locks the programme (FOR UPDATE, so two creates of one programme never
 * interleave). KC_NOT_FOUND when the tenant has no such programme. */
kc_status manifest_repo_lock_programme(kc_db_conn *conn, const char *tenant_id,
                                       const char *programme_id, kc_problem *pb) KC_MUST_CHECK;

/* The programme's manifest in draft or consultation into open_id ("" when
 * there is none). */
kc_status manifest_repo_open_of(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                char open_id[37], kc_problem *pb) KC_MUST_CHECK;

/* Locks manifest id (FOR UPDATE) into *out. KC_NOT_FOUND when the tenant
 * has no such manifest. */
kc_status manifest_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                             manifest_lock *out, kc_problem *pb) KC_MUST_CHECK;

/* Inserts manifest id of programme_id as a draft numbered one past the
 * programme's last (based_on_id may be NULL), copying the statements of
 * based_on_id with their current texts as revision 1, and answers its
 * wire form in *out. */
kc_status manifest_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *id,
                               const char *programme_id, const char *title, const char *preamble,
                               const char *based_on_id, const char *created_by, json_t **out,
                               kc_problem *pb) KC_MUST_CHECK;

/* Moves manifest id to status (adopted stamps adopted_at and adopted_by);
 * bumps its version. */
kc_status manifest_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const char *status, const char *by,
                                   kc_problem *pb) KC_MUST_CHECK;

/* Supersedes the programme's adopted manifest other than id (by id) and
 * writes its id and number into superseded_id and *superseded_number
 * ("" and 0 when there was none). */
kc_status manifest_repo_supersede(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                  const char *id, char superseded_id[37], int *superseded_number,
                                  kc_problem *pb) KC_MUST_CHECK;

/* How many statements manifest id has. */
kc_status manifest_repo_statement_count(kc_db_conn *conn, const char *tenant_id, const char *id,
                                        int *count, kc_problem *pb) KC_MUST_CHECK;

/* 1 in *open when manifest id has an open consultation round. */
kc_status manifest_repo_has_open_round(kc_db_conn *conn, const char *tenant_id, const char *id,
                                       int *open, kc_problem *pb) KC_MUST_CHECK;

/* The tenant's minimum group size (5 when it set none). */
kc_status manifest_repo_min_group_size(kc_db_conn *conn, const char *tenant_id, int *out,
                                       kc_problem *pb) KC_MUST_CHECK;

/* The tenant's settings {minGroupSize, version, updatedAt} (the defaults
 * at version 0 when it set none), a new object in *out. */
kc_status manifest_repo_settings(kc_db_conn *conn, const char *tenant_id, json_t **out,
                                 kc_problem *pb) KC_MUST_CHECK;

/* Sets the tenant's minimum group size (its row made when missing). */
kc_status manifest_repo_set_min_group_size(kc_db_conn *conn, const char *tenant_id, int size,
                                           kc_problem *pb) KC_MUST_CHECK;

#endif
