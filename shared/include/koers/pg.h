#ifndef KOERS_PG_H
#define KOERS_PG_H

/* The libpq level of the database, for repository files only: the
 * *_repo.c files of every service and the shared library's own repository
 * files (the list in tests/lint/layers.sh). Running SQL (kc_db_exec), the raw
 * connection (kc_db_pg) and reading PGresult cells; a PGresult never
 * leaves a repo. Services and handlers include koers/db.h instead, which
 * keeps libpq out of their reach (make lint-layers checks it). With
 * koers/params.h, a statement's parameters are bound in placeholder order. */

#include <stddef.h>
#include <jansson.h>
#include <libpq-fe.h>
#include "koers/db.h"
#include "koers/keyset.h"
#include "koers/params.h"
#include "koers/problem.h"

/* Runs sql with text parameters (NULL entries are SQL NULL). With a
 * stmt_name (a static string, unique per SQL text) the statement is
 * prepared on this connection the first time. On success *out (may be NULL
 * if not wanted) holds the result, which the caller PQclear()s. Errors are
 * mapped from SQLSTATE: 23505 -> KC_CONFLICT, 23503/23514/22xxx ->
 * KC_INVALID, 40001/40P01 -> KC_CONFLICT, 08xxx/57Pxx -> KC_UNAVAILABLE,
 * else KC_INTERNAL (logged, not shown to the client). */
kc_status kc_db_exec(kc_db_conn *conn, const char *stmt_name, const char *sql, int nparams,
                     const char *const *params, PGresult **out, kc_problem *pb) KC_MUST_CHECK;

/* The libpq connection under a pooled one (borrowed: it stays the pool's). */
PGconn *kc_db_pg(kc_db_conn *conn);

/* Copies a cell into dst (truncated to n-1 bytes); "" for SQL NULL. A
 * timestamptz cell is written as RFC 3339 UTC with milliseconds
 * (kc_db_format_timestamp). */
void kc_pg_copy(const PGresult *r, int row, int col, char *dst, size_t n);
/* A heap copy of a cell, NULL for SQL NULL (or on allocation failure). */
char *kc_pg_strdup(const PGresult *r, int row, int col);
/* A cell parsed as JSON (new reference), NULL for SQL NULL or bad JSON. */
json_t *kc_pg_json(const PGresult *r, int row, int col);
/* A cell as int; 0 for SQL NULL. */
int kc_pg_int(const PGresult *r, int row, int col);
/* 1 for a boolean cell "t". */
int kc_pg_bool(const PGresult *r, int row, int col);

/* Runs a statement that answers at most one row (kc_db_exec: stmt, sql,
 * params) and hands that row to from_row(r, 0, out); with from_row NULL
 * only that the row exists matters (out is not used). When the statement
 * answers no row, the status is KC_NOT_FOUND with the printf-style detail
 * missing_fmt, e.g. `"case %s not found", id`; other failures are
 * kc_db_exec's. The "one row or 404" of every repository. */
kc_status kc_pg_one(struct kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                    const char *const *params,
                    void (*from_row)(const PGresult *r, int row, void *out), void *out,
                    kc_problem *pb, const char *missing_fmt, ...)
    __attribute__((format(printf, 9, 10))) KC_MUST_CHECK;

/* Runs a statement (kc_db_exec: stmt, sql, params) and decodes its rows, at
 * most max of them (max < 0: all), each filled by from_row into a new
 * zeroed array of item_size elements (*items, the caller's, *n of them; the
 * caller frees each element and then the array). *more (NULL when not
 * wanted) is 1 when the statement answered more than max rows: a bounded
 * list asks LIMIT max + 1 to learn whether there is more. On failure
 * *items is NULL, *n 0, and the status is kc_db_exec's or KC_INTERNAL (out
 * of memory). */
kc_status kc_pg_rows(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                     const char *const *params, int max, size_t item_size,
                     void (*from_row)(const PGresult *r, int row, void *item), void **items,
                     size_t *n, int *more, kc_problem *pb) KC_MUST_CHECK;

/* The LIMIT of a keyset list query, as its text parameter: page->limit + 1,
 * the one row more telling kc_pg_list whether there is a next page. */
void kc_pg_page_limit(const kc_keyset *page, char *dst, size_t n);

/* Appends the last three parameters of a keyset list query to p: the sort
 * key and id the page starts after (as page holds them) and the LIMIT
 * (page->limit + 1, as kc_pg_page_limit). */
void kc_pg_page_params(kc_params *p, const kc_keyset *page);

/* Runs a keyset list query (kc_db_exec: stmt, sql, params; its LIMIT
 * parameter from kc_pg_page_limit) and decodes the page: up to page->limit
 * rows, each filled by from_row into a new zeroed array of item_size
 * elements (*items, the caller's, *n of them; the caller frees each element
 * and then the array), and, when the query found the row more, the sort
 * key (key_col) and id (column 0) of the last row taken into next
 * (next->has_more = 0 otherwise). On failure *items is NULL, *n 0, and the
 * status is kc_db_exec's or KC_INTERNAL (out of memory). */
kc_status kc_pg_list(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                     const char *const *params, const kc_keyset *page, int key_col,
                     size_t item_size, void (*from_row)(const PGresult *r, int row, void *item),
                     void **items, size_t *n, kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

/* Runs a statement whose result is not wanted with the parameters p
 * (kc_params_check first: after a failed append nothing runs and the
 * status is KC_INTERNAL), then empties p (kc_params_free) whatever
 * happened: the end of a repository's write. Otherwise kc_db_exec's
 * status. */
kc_status kc_pg_exec_params(kc_db_conn *conn, const char *stmt, const char *sql, kc_params *p,
                            kc_problem *pb) KC_MUST_CHECK;

/* kc_pg_one for a statement whose one row holds an integer in column 0 (a
 * count, a flag), with the parameters p (checked first and emptied after,
 * as kc_pg_exec_params): *n is that integer (0 for SQL NULL and on
 * failure). No row is KC_NOT_FOUND, "no answer". */
kc_status kc_pg_one_int(kc_db_conn *conn, const char *stmt, const char *sql, kc_params *p, int *n,
                        kc_problem *pb) KC_MUST_CHECK;

/* kc_pg_one_int for a statement whose one row holds an id in column 0
 * (the SQL answers '' when there is none): copied into id ("" on
 * failure). */
kc_status kc_pg_one_id(kc_db_conn *conn, const char *stmt, const char *sql, kc_params *p,
                       char id[37], kc_problem *pb) KC_MUST_CHECK;

/* kc_pg_one for a statement whose row holds a JSON document in column
 * doc_col (the wire form SQL builds): *doc is that document (a new
 * reference, the caller's; NULL on failure). No row is KC_NOT_FOUND with
 * missing_fmt; a document that does not parse (or SQL NULL) is
 * KC_INTERNAL, "out of memory". */
kc_status kc_pg_one_doc(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                        const char *const *params, int doc_col, json_t **doc, kc_problem *pb,
                        const char *missing_fmt, ...)
    __attribute__((format(printf, 9, 10))) KC_MUST_CHECK;

/* kc_pg_list for a keyset list whose rows hold their JSON document in
 * column doc_col: *items is a new JSON array (the caller's) of up to
 * page->limit documents, next as kc_pg_list fills it. A document that does
 * not parse (or SQL NULL) is KC_INTERNAL, "out of memory"; on failure
 * *items is NULL. */
kc_status kc_pg_list_docs(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                          const char *const *params, const kc_keyset *page, int key_col,
                          int doc_col, json_t **items, kc_keyset_next *next,
                          kc_problem *pb) KC_MUST_CHECK;

#endif
