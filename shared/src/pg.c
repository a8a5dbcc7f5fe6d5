#include "koers/pg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/problem.h"

/* pg_type.oid of timestamptz (catalog/pg_type_d.h, stable across versions) */
#define KC_PG_TIMESTAMPTZ 1184

void kc_pg_copy(const PGresult *r, int row, int col, char *dst, size_t n)
{
    const char *v;
    size_t len;

    if (n == 0)
        return;
    dst[0] = '\0';
    if (PQgetisnull(r, row, col))
        return;
    v = PQgetvalue(r, row, col);
    if (PQftype(r, col) == KC_PG_TIMESTAMPTZ && kc_db_format_timestamp(v, dst, n) == 0)
        return;
    len = strlen(v);
    if (len > n - 1)
        len = n - 1;
    memcpy(dst, v, len);
    dst[len] = '\0';
}

char *kc_pg_strdup(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return NULL;
    return strdup(PQgetvalue(r, row, col));
}

json_t *kc_pg_json(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return NULL;
    return json_loadb(PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col), 0, NULL);
}

int kc_pg_int(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return 0;
    return atoi(PQgetvalue(r, row, col));
}

int kc_pg_bool(const PGresult *r, int row, int col)
{
    return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

kc_status kc_pg_one(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                    const char *const *params,
                    void (*from_row)(const PGresult *r, int row, void *out), void *out,
                    kc_problem *pb, const char *missing_fmt, ...)
{
    PGresult *res = NULL;
    char detail[sizeof(pb->detail)];
    va_list ap;
    kc_status st;

    st = kc_db_exec(conn, stmt, sql, nparams, params, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 0) {
        va_start(ap, missing_fmt);
        vsnprintf(detail, sizeof(detail), missing_fmt, ap);
        va_end(ap);
        st = kc_problem_set(pb, KC_NOT_FOUND, "%s", detail);
        goto out;
    }
    if (from_row != NULL)
        from_row(res, 0, out);
out:
    PQclear(res);
    return st;
}

/* The first take rows of res, each filled by from_row, in a new zeroed
 * array of item_size elements; NULL when out of memory. */
static void *rows_decode(const PGresult *res, int take, size_t item_size,
                         void (*from_row)(const PGresult *r, int row, void *item))
{
    char *list = calloc(take > 0 ? (size_t)take : 1, item_size);
    int i;

    if (list != NULL)
        for (i = 0; i < take; i++)
            from_row(res, i, list + (size_t)i * item_size);
    return list;
}

kc_status kc_pg_rows(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                     const char *const *params, int max, size_t item_size,
                     void (*from_row)(const PGresult *r, int row, void *item), void **items,
                     size_t *n, int *more, kc_problem *pb)
{
    PGresult *res = NULL;
    int rows, take;
    kc_status st;

    *items = NULL;
    *n = 0;
    if (more != NULL)
        *more = 0;
    st = kc_db_exec(conn, stmt, sql, nparams, params, &res, pb);
    if (st != KC_OK)
        goto out;
    rows = PQntuples(res);
    take = max >= 0 && rows > max ? max : rows;
    *items = rows_decode(res, take, item_size, from_row);
    if (*items == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    *n = (size_t)take;
    if (more != NULL)
        *more = rows > take;
out:
    PQclear(res);
    return st;
}

void kc_pg_page_limit(const kc_keyset *page, char *dst, size_t n)
{
    snprintf(dst, n, "%d", page->limit + 1);
}

void kc_pg_page_params(kc_params *p, const kc_keyset *page)
{
    kc_params_text(p, page->after_key);
    kc_params_text(p, page->after_id);
    kc_params_int(p, (long long)page->limit + 1);
}

/* A keyset list's next: when the query found the row more (rows > take),
 * the sort key (key_col) and id (column 0) of the last row taken. */
static void page_next(const PGresult *res, int rows, int take, int key_col, kc_keyset_next *next)
{
    if (rows <= take)
        return;
    next->has_more = 1;
    kc_pg_copy(res, take - 1, key_col, next->key, sizeof(next->key));
    kc_pg_copy(res, take - 1, 0, next->id, sizeof(next->id));
}

kc_status kc_pg_list(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                     const char *const *params, const kc_keyset *page, int key_col,
                     size_t item_size, void (*from_row)(const PGresult *r, int row, void *item),
                     void **items, size_t *n, kc_keyset_next *next, kc_problem *pb)
{
    PGresult *res = NULL;
    void *list = NULL;
    int rows, take;
    kc_status st;

    *items = NULL;
    *n = 0;
    next->has_more = 0;
    st = kc_db_exec(conn, stmt, sql, nparams, params, &res, pb);
    if (st != KC_OK)
        goto out;
    rows = PQntuples(res);
    take = rows > page->limit ? page->limit : rows;
    list = rows_decode(res, take, item_size, from_row);
    if (list == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    page_next(res, rows, take, key_col, next);
    *items = list;
    *n = (size_t)take;
out:
    PQclear(res);
    return st;
}

kc_status kc_pg_exec_params(kc_db_conn *conn, const char *stmt, const char *sql, kc_params *p,
                            kc_problem *pb)
{
    kc_status st;

    st = kc_params_check(p, pb);
    if (st == KC_OK)
        st = kc_db_exec(conn, stmt, sql, kc_params_count(p), kc_params_values(p), NULL, pb);
    kc_params_free(p);
    return st;
}

static void int_from_row(const PGresult *r, int row, void *out)
{
    *(int *)out = kc_pg_int(r, row, 0);
}

static void id_from_row(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 37);
}

/* kc_pg_one with the parameters p, checked first and emptied after. */
static kc_status one_params(kc_db_conn *conn, const char *stmt, const char *sql, kc_params *p,
                            void (*from_row)(const PGresult *r, int row, void *out), void *out,
                            kc_problem *pb)
{
    kc_status st;

    st = kc_params_check(p, pb);
    if (st == KC_OK)
        st = kc_pg_one(conn, stmt, sql, kc_params_count(p), kc_params_values(p), from_row, out, pb,
                       "no answer");
    kc_params_free(p);
    return st;
}

kc_status kc_pg_one_int(kc_db_conn *conn, const char *stmt, const char *sql, kc_params *p, int *n,
                        kc_problem *pb)
{
    kc_status st;

    *n = 0;
    st = one_params(conn, stmt, sql, p, int_from_row, n, pb);
    if (st != KC_OK)
        *n = 0;
    return st;
}

kc_status kc_pg_one_id(kc_db_conn *conn, const char *stmt, const char *sql, kc_params *p,
                       char id[37], kc_problem *pb)
{
    kc_status st;

    id[0] = '\0';
    st = one_params(conn, stmt, sql, p, id_from_row, id, pb);
    if (st != KC_OK)
        id[0] = '\0';
    return st;
}

typedef struct doc_cell {
    int col;
    json_t *doc;
} doc_cell;

static void doc_from_row(const PGresult *r, int row, void *out)
{
    doc_cell *c = out;

    c->doc = kc_pg_json(r, row, c->col);
}

kc_status kc_pg_one_doc(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                        const char *const *params, int doc_col, json_t **doc, kc_problem *pb,
                        const char *missing_fmt, ...)
{
    doc_cell cell = {doc_col, NULL};
    char detail[sizeof(pb->detail)];
    va_list ap;
    kc_status st;

    va_start(ap, missing_fmt);
    vsnprintf(detail, sizeof(detail), missing_fmt, ap);
    va_end(ap);
    st = kc_pg_one(conn, stmt, sql, nparams, params, doc_from_row, &cell, pb, "%s", detail);
    if (st == KC_OK && cell.doc == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    *doc = cell.doc;
    return st;
}

kc_status kc_pg_list_docs(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                          const char *const *params, const kc_keyset *page, int key_col,
                          int doc_col, json_t **items, kc_keyset_next *next, kc_problem *pb)
{
    PGresult *res = NULL;
    json_t *doc;
    int rows, take, i;
    kc_status st;

    *items = NULL;
    next->has_more = 0;
    st = kc_db_exec(conn, stmt, sql, nparams, params, &res, pb);
    if (st != KC_OK)
        goto out;
    rows = PQntuples(res);
    take = rows > page->limit ? page->limit : rows;
    *items = json_array();
    for (i = 0; *items != NULL && i < take; i++) {
        doc = kc_pg_json(res, i, doc_col);
        if (doc == NULL || json_array_append_new(*items, doc) != 0) {
            json_decref(*items);
            *items = NULL;
        }
    }
    if (*items == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    page_next(res, rows, take, key_col, next);
out:
    PQclear(res);
    return st;
}
