#ifndef KOERS_PROGRAMMES_STATEMENT_REPO_H
#define KOERS_PROGRAMMES_STATEMENT_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The SQL of a manifest's statements and their revisions. Every function
 * filters on the tenant. */

/* A statement as its rules need it, locked with its manifest in the
 * caller's transaction. */
typedef struct statement_lock {
    char id[37];
    char manifest_id[37];
    char programme_id[37];
    char manifest_status[16];
    int position;
    int revision;
    int version;
} statement_lock;

/* What a new statement holds (borrowed strings; example_behaviour_id and
 * text may be NULL: text then is the behaviour's statement; position 0:
 * last). */
typedef struct statement_input {
    const char *id;
    const char *manifest_id;
    const char *programme_value_id;
    const char *example_behaviour_id;
    const char *text;
    int position;
    const char *created_by;
} statement_input;

/* 1 in *ok when programme_value_id is a value of programme_id. */
kc_status statement_repo_value_ok(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                                  const char *programme_value_id, int *ok,
                                  kc_problem *pb) KC_MUST_CHECK;

/* The statement of example behaviour id when it is one of
 * programme_value_id (a new string in *text, the caller frees), else
 * NULL. */
kc_status statement_repo_behaviour_text(kc_db_conn *conn, const char *tenant_id, const char *id,
                                        const char *programme_value_id, char **text,
                                        kc_problem *pb) KC_MUST_CHECK;

/* Inserts the statement at its position (later ones move one down) with
 * its revision 1, and answers its wire form in *out. */
kc_status statement_repo_insert(kc_db_conn *conn, const char *tenant_id, const statement_input *in,
                                json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Locks statement id and its manifest (FOR UPDATE) into *out.
 * KC_NOT_FOUND when the tenant has no such statement. */
kc_status statement_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                              statement_lock *out, kc_problem *pb) KC_MUST_CHECK;

/* The statements of manifest_id in their order, a new array in *out. */
kc_status statement_repo_list(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                              json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Statement id's wire form, a new object in *out. */
kc_status statement_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                             kc_problem *pb) KC_MUST_CHECK;

/* A draft's change of text: the statement and its current revision get
 * text; version + 1. */
kc_status statement_repo_set_text(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  const char *text, kc_problem *pb) KC_MUST_CHECK;

/* A revision in consultation: revision + 1 with text, kept in
 * statement_revisions with reason, round_id (NULL: none) and view_ids (a
 * JSON array of uuids); version + 1. */
kc_status statement_repo_revise(kc_db_conn *conn, const char *tenant_id, const char *id,
                                const char *text, const char *reason, const char *round_id,
                                const json_t *view_ids, const char *created_by,
                                kc_problem *pb) KC_MUST_CHECK;

/* Moves statement id of manifest_id from position `from` to `to` (the
 * ones between shift by one); version + 1. to is clamped to the
 * manifest's statements. */
kc_status statement_repo_move(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                              const char *id, int from, int to, kc_problem *pb) KC_MUST_CHECK;

/* Deletes statement id (with its revisions) and closes the gap. */
kc_status statement_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                                const char *id, int position, kc_problem *pb) KC_MUST_CHECK;

/* How many of view_ids (a JSON array of uuids) are views of statement
 * id, into *n. */
kc_status statement_repo_views_of(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  const json_t *view_ids, int *n, kc_problem *pb) KC_MUST_CHECK;

/* The latest consultation round of manifest_id (open or closed) into
 * round_id ("" when there is none). */
kc_status statement_repo_latest_round(kc_db_conn *conn, const char *tenant_id,
                                      const char *manifest_id, char round_id[37],
                                      kc_problem *pb) KC_MUST_CHECK;

/* The revisions of statement id, oldest first, a new array in *out. */
kc_status statement_repo_revisions(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
