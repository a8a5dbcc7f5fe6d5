#include "core_value_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include "koers/pg.h"

#define CV_COLS                                                                                    \
    "id, name, description, version, created_at, updated_at, created_at::text AS cursor_key"

static void core_value_from_row(const PGresult *r, int row, void *item)
{
    core_value *v = item;

    kc_pg_copy(r, row, 0, v->id, sizeof(v->id));
    kc_pg_copy(r, row, 1, v->name, sizeof(v->name));
    kc_pg_copy(r, row, 2, v->description, sizeof(v->description));
    v->version = kc_pg_int(r, row, 3);
    kc_pg_copy(r, row, 4, v->created_at, sizeof(v->created_at));
    kc_pg_copy(r, row, 5, v->updated_at, sizeof(v->updated_at));
}

/* A unique violation of the name index: say which name. */
static kc_status core_value_name_taken(kc_status st, const char *name, kc_problem *pb)
{
    if (st == KC_CONFLICT && name != NULL) {
        kc_problem_clear(pb);
        st = kc_problem_set(pb, KC_CONFLICT, "a core value named \"%s\" already exists", name);
    }
    return st;
}

kc_status core_value_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *name,
                                 const char *description, core_value *out, kc_problem *pb)
{
    static const char sql[] = "INSERT INTO surveys.core_values (id, tenant_id, name, description) "
                              "VALUES (gen_random_uuid(), $1, $2, $3) RETURNING " CV_COLS;
    const char *params[3] = {tenant_id, name, description};
    PGresult *res = NULL;
    kc_status st;

    st = kc_db_exec(conn, "surveys_cv_insert", sql, 3, params, &res, pb);
    st = core_value_name_taken(st, name, pb);
    if (st == KC_OK)
        core_value_from_row(res, 0, out);
    PQclear(res);
    return st;
}

kc_status core_value_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                              core_value *out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT " CV_COLS " FROM surveys.core_values WHERE tenant_id = $1 AND id = $2";
    const char *params[2] = {tenant_id, id};
    PGresult *res = NULL;
    kc_status st;

    st = kc_db_exec(conn, "surveys_cv_get", sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 0) {
        st = kc_problem_set(pb, KC_NOT_FOUND, "core value %s not found", id);
        goto out;
    }
    core_value_from_row(res, 0, out);
out:
    PQclear(res);
    return st;
}

kc_status core_value_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                               core_value **items, size_t *n, kc_keyset_next *next, kc_problem *pb)
{
    static const char sql[] =
        "SELECT " CV_COLS " FROM surveys.core_values WHERE tenant_id = $1 "
        "AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid)) "
        "ORDER BY created_at, id LIMIT $4";
    void *list = NULL;
    char limit[16];
    const char *params[4];
    kc_status st;

    kc_pg_page_limit(page, limit, sizeof(limit));
    params[0] = tenant_id;
    params[1] = page->after_key;
    params[2] = page->after_id;
    params[3] = limit;
    st = kc_pg_list(conn, "surveys_cv_list", sql, 4, params, page, 6, sizeof(core_value),
                    core_value_from_row, &list, n, next, pb);
    *items = list;
    return st;
}

kc_status core_value_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const char *name, const char *description,
                                 long long expected_version, core_value *out, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE surveys.core_values SET name = coalesce($3, name), "
        "description = coalesce($4, description), version = version + 1, updated_at = now() "
        "WHERE tenant_id = $1 AND id = $2 AND ($5::integer IS NULL OR version = $5::integer) "
        "RETURNING " CV_COLS;
    char ver[24];
    const char *params[5];
    PGresult *res = NULL;
    core_value cur;
    kc_status st;

    snprintf(ver, sizeof(ver), "%lld", expected_version);
    params[0] = tenant_id;
    params[1] = id;
    params[2] = name;
    params[3] = description;
    params[4] = expected_version >= 0 ? ver : NULL;
    st = kc_db_exec(conn, "surveys_cv_update", sql, 5, params, &res, pb);
    st = core_value_name_taken(st, name, pb);
    if (st != KC_OK)
        goto out;
    if (PQntuples(res) == 1) {
        core_value_from_row(res, 0, out);
        goto out;
    }
    st = core_value_repo_get(conn, tenant_id, id, &cur, pb);
    if (st == KC_OK)
        st = kc_problem_set(pb, KC_PRECONDITION_FAILED, "core value %s is at version %d, not %lld",
                            id, cur.version, expected_version);
out:
    PQclear(res);
    return st;
}

kc_status core_value_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 kc_problem *pb)
{
    static const char sql[] =
        "DELETE FROM surveys.core_values WHERE tenant_id = $1 AND id = $2 RETURNING id";
    const char *params[2] = {tenant_id, id};
    PGresult *res = NULL;
    kc_status st;

    st = kc_db_exec(conn, "surveys_cv_delete", sql, 2, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 0)
        st = kc_problem_set(pb, KC_NOT_FOUND, "core value %s not found", id);
    PQclear(res);
    return st;
}
