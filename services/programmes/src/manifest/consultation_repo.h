#ifndef KOERS_PROGRAMMES_CONSULTATION_REPO_H
#define KOERS_PROGRAMMES_CONSULTATION_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The SQL of consultation rounds and the views given in them. Every
 * function filters on the tenant. A round's salt leaves this file only
 * as the hex text the service computes a voter with. */

/* A round as its rules need it, locked with its manifest. salt_hex is
 * the bytea hex text ("\x..."; "" when closed). */
typedef struct round_lock {
    char id[37];
    char manifest_id[37];
    char programme_id[37];
    char status[8];
    char salt_hex[80];
    int number;
    int manifest_number;
} round_lock;

/* A count of the views of one stance (see consultation_support.h). */
typedef struct view_count_row {
    char statement_id[37];
    char department[804];
    char stance[24];
    int round;
    int n;
} view_count_row;

/* A statement in a round. */
typedef struct view_cell_row {
    char statement_id[37];
    int round;
} view_cell_row;

/* What a view holds (borrowed; reason and person_id may be NULL). */
typedef struct view_input {
    const char *round_id;
    const char *statement_id;
    const char *voter_hex;
    const char *department;
    const char *stance;
    const char *reason;
    int anonymous;
    const char *person_id;
} view_input;

/* 1 in *ok when step_id is a step of programme_id. */
kc_status round_repo_step_ok(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                             const char *step_id, int *ok, kc_problem *pb) KC_MUST_CHECK;

/* Opens round id of manifest_id numbered one past its last, with salt
 * (hex bytea text), and answers its wire form in *out. */
kc_status round_repo_open(kc_db_conn *conn, const char *tenant_id, const char *id,
                          const char *manifest_id, const char *step_id, const char *salt_hex,
                          const char *opened_by, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Locks round id and its manifest into *out. KC_NOT_FOUND when the
 * tenant has no such round. */
kc_status round_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id, round_lock *out,
                          kc_problem *pb) KC_MUST_CHECK;

/* Closes round id: closed_at now, the salt and every voter of its views
 * erased; answers its wire form in *out. */
kc_status round_repo_close(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                           kc_problem *pb) KC_MUST_CHECK;

/* The rounds of manifest_id by number, a new array in *out. */
kc_status round_repo_list(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                          json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* 1 in *ok when statement_id is a statement of manifest_id. */
kc_status view_repo_statement_ok(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                                 const char *statement_id, int *ok, kc_problem *pb) KC_MUST_CHECK;

/* The person of the tenant who signs in as subject into person_id (""
 * when there is none). */
kc_status view_repo_person_of(kc_db_conn *conn, const char *tenant_id, const char *subject,
                              char person_id[37], kc_problem *pb) KC_MUST_CHECK;

/* Gives the view, or changes the one its voter gave on the statement in
 * the round; *added 1 when it is new. */
kc_status view_repo_put(kc_db_conn *conn, const char *tenant_id, const view_input *in, int *added,
                        kc_problem *pb) KC_MUST_CHECK;

/* The counts of the views of manifest_id per statement, round, department
 * and stance (of round number `round` only when it is > 0), in the order
 * of the statements, rounds and departments: *rows (the caller frees),
 * *n of them. */
kc_status view_repo_counts(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                           int round, view_count_row **rows, size_t *n,
                           kc_problem *pb) KC_MUST_CHECK;

/* Every statement of manifest_id in every round (of round number `round`
 * only when > 0), in the order of the statements then rounds: *rows (the
 * caller frees), *n of them. */
kc_status view_repo_cells(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                          int round, view_cell_row **rows, size_t *n, kc_problem *pb) KC_MUST_CHECK;

/* The views of manifest_id with a reason (of round number `round` only
 * when > 0), a new array in *out of {viewId, statementId, round, stance,
 * reason, department, groupViews (the views of its statement, department
 * and round), person (the name of a named view, else null)}, ordered by
 * statement, round, stance, reason and view id: never in the order they
 * were given. */
kc_status view_repo_comments(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                             int round, json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* 1 in *ok when round number `round` exists for manifest_id. */
kc_status round_repo_number_ok(kc_db_conn *conn, const char *tenant_id, const char *manifest_id,
                               int round, int *ok, kc_problem *pb) KC_MUST_CHECK;

#endif
