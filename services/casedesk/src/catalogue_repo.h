#ifndef KOERS_CASEDESK_CATALOGUE_REPO_H
#define KOERS_CASEDESK_CATALOGUE_REPO_H

/* The SQL steps the catalogue repos (categories, liaison officers, routing
 * rules) share. For the *_repo.c files only: it speaks PGresult. */

#include <stddef.h>
#include <libpq-fe.h>
#include "koers/db.h"
#include "casedesk.h"

/* What the shared steps need to know of one table. Its column list starts
 * with id; get_sql takes ($1 tenant, $2 id); list_sql takes ($1 tenant,
 * $2 after_key, $3 after_id, $4 limit) and returns one row more than a page
 * when there is a next one. */
typedef struct catalogue_table {
    const char *noun; /* in problem details: "category %s not found" */
    size_t item_size; /* of the struct from_row fills */
    void (*from_row)(const PGresult *r, int row, void *item);
    const char *get_stmt, *get_sql;
    const char *list_stmt, *list_sql;
    int version_col; /* the row's version */
    int key_col;     /* the sort key of the list's cursor */
} catalogue_table;

/* Reads the row of id into out; KC_NOT_FOUND naming the noun if the tenant
 * has none. */
kc_status catalogue_repo_get(kc_db_conn *conn, const catalogue_table *t, const char *tenant_id,
                             const char *id, void *out, kc_problem *pb) KC_MUST_CHECK;

/* One keyset page: *items (an array of *n items of t->item_size, the
 * caller's: free its members, then free()) and where the next page starts. */
kc_status catalogue_repo_list(kc_db_conn *conn, const catalogue_table *t, const char *tenant_id,
                              const kc_keyset *page, void **items, size_t *n, kc_keyset_next *next,
                              kc_problem *pb) KC_MUST_CHECK;

/* Runs an INSERT ... RETURNING the table's columns and reads the row. */
kc_status catalogue_repo_insert(kc_db_conn *conn, const catalogue_table *t, const char *stmt,
                                const char *sql, int nparams, const char *const *params, void *out,
                                kc_problem *pb) KC_MUST_CHECK;

/* Runs an UPDATE of the row id (at expected_version, -1 = any) RETURNING
 * the table's columns and reads the row. When it changed nothing:
 * KC_NOT_FOUND if the row is absent, KC_PRECONDITION_FAILED if it is at
 * another version than expected, else KC_CONFLICT (changed concurrently). */
kc_status catalogue_repo_update(kc_db_conn *conn, const catalogue_table *t, const char *stmt,
                                const char *sql, int nparams, const char *const *params,
                                const char *tenant_id, const char *id, long long expected_version,
                                void *out, kc_problem *pb) KC_MUST_CHECK;

#endif
