#include "catalogue_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include "casedesk_pg.h"

kc_status catalogue_repo_get(kc_db_conn *conn, const catalogue_table *t, const char *tenant_id,
                             const char *id, void *out, kc_problem *pb)
{
    PGresult *res = NULL;
    const char *params[2] = {tenant_id, id};
    kc_status st;

    st = kc_db_exec(conn, t->get_stmt, t->get_sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 0) {
        st = kc_problem_set(pb, KC_NOT_FOUND, "%s %s not found", t->noun, id);
        goto out;
    }
    t->from_row(res, 0, out);
out:
    PQclear(res);
    return st;
}

kc_status catalogue_repo_list(kc_db_conn *conn, const catalogue_table *t, const char *tenant_id,
                              const kc_keyset *page, void **items, size_t *n, kc_keyset_next *next,
                              kc_problem *pb)
{
    char limit[16];
    const char *params[4];
    kc_status st;

    kc_pg_page_limit(page, limit, sizeof(limit));
    params[0] = tenant_id;
    params[1] = page->after_key;
    params[2] = page->after_id;
    params[3] = limit;
    st = kc_pg_list(conn, t->list_stmt, t->list_sql, 4, params, page, t->key_col, t->item_size,
                    t->from_row, items, n, next, pb);
    return st;
}

kc_status catalogue_repo_insert(kc_db_conn *conn, const catalogue_table *t, const char *stmt,
                                const char *sql, int nparams, const char *const *params, void *out,
                                kc_problem *pb)
{
    PGresult *res = NULL;
    kc_status st;

    st = kc_db_exec(conn, stmt, sql, nparams, params, &res, pb);
    if (st != KC_OK)
        goto out;
    t->from_row(res, 0, out);
out:
    PQclear(res);
    return st;
}

/* After an UPDATE matched nothing: was the row absent, at another version,
 * or changed between the two statements? */
static kc_status catalogue_missing_or_stale(kc_db_conn *conn, const catalogue_table *t,
                                            const char *tenant_id, const char *id,
                                            long long expected_version, kc_problem *pb)
{
    PGresult *res = NULL;
    const char *params[2] = {tenant_id, id};
    kc_status st;

    st = kc_db_exec(conn, t->get_stmt, t->get_sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 0)
        st = kc_problem_set(pb, KC_NOT_FOUND, "%s %s not found", t->noun, id);
    else if (expected_version >= 0)
        st = kc_problem_set(pb, KC_PRECONDITION_FAILED, "%s %s is at version %d, not %lld", t->noun,
                            id, kc_pg_int(res, 0, t->version_col), expected_version);
    else
        st = kc_problem_set(pb, KC_CONFLICT, "%s %s changed concurrently", t->noun, id);
out:
    PQclear(res);
    return st;
}

kc_status catalogue_repo_update(kc_db_conn *conn, const catalogue_table *t, const char *stmt,
                                const char *sql, int nparams, const char *const *params,
                                const char *tenant_id, const char *id, long long expected_version,
                                void *out, kc_problem *pb)
{
    PGresult *res = NULL;
    kc_status st;

    st = kc_db_exec(conn, stmt, sql, nparams, params, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 0) {
        st = catalogue_missing_or_stale(conn, t, tenant_id, id, expected_version, pb);
        goto out;
    }
    t->from_row(res, 0, out);
out:
    PQclear(res);
    return st;
}
