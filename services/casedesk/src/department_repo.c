#include "department_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include "casedesk_pg.h"
#include "catalogue_repo.h"

#define DEPARTMENT_COLS                                                                            \
    "d.id, d.name, d.team_manager_id, d.version, " CASEDESK_TS("d.created_at") ", " CASEDESK_TS(   \
        "d.updated_at") ", " CASEDESK_TS_US("d.created_at")

static void department_from_row(const PGresult *r, int row, void *item)
{
    department *d = item;

    kc_pg_copy(r, row, 0, d->id, sizeof(d->id));
    d->name = kc_pg_strdup(r, row, 1);
    kc_pg_copy(r, row, 2, d->team_manager_id, sizeof(d->team_manager_id));
    d->version = kc_pg_int(r, row, 3);
    kc_pg_copy(r, row, 4, d->created_at, sizeof(d->created_at));
    kc_pg_copy(r, row, 5, d->updated_at, sizeof(d->updated_at));
}

static const catalogue_table department_table = {
    .noun = "department",
    .item_size = sizeof(department),
    .from_row = department_from_row,
    .get_stmt = "casedesk_department_get",
    .get_sql = "SELECT " DEPARTMENT_COLS
               " FROM casedesk.departments d WHERE d.tenant_id = $1 AND d.id = $2",
    .list_stmt = "casedesk_department_list",
    .list_sql =
        "SELECT " DEPARTMENT_COLS " FROM casedesk.departments d WHERE d.tenant_id = $1 "
        "AND ($2::timestamptz IS NULL OR (d.created_at, d.id) > ($2::timestamptz, $3::uuid)) "
        "ORDER BY d.created_at, d.id LIMIT $4",
    .version_col = 3,
    .key_col = 6,
};

/* The only foreign key a write can break is the team manager's. */
static kc_status department_fk(kc_status st, kc_problem *pb)
{
    if (st != KC_INVALID)
        return st;
    kc_problem_set(pb, KC_INVALID, "the team manager must be an official of the directory");
    kc_problem_add_field(pb, "teamManagerId", "no such official");
    return KC_INVALID;
}

kc_status department_repo_insert(kc_db_conn *conn, const char *tenant_id,
                                 const department_input *in, department *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO casedesk.departments AS d (id, tenant_id, name, team_manager_id) "
        "VALUES (gen_random_uuid(), $1, $2, $3::uuid) RETURNING " DEPARTMENT_COLS;
    const char *params[3] = {tenant_id, in->name, in->team_manager_id};

    return department_fk(catalogue_repo_insert(conn, &department_table,
                                               "casedesk_department_insert", sql, 3, params, out,
                                               pb),
                         pb);
}

kc_status department_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                              department *out, kc_problem *pb)
{
    return catalogue_repo_get(conn, &department_table, tenant_id, id, out, pb);
}

kc_status department_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                               department **items, size_t *n, kc_keyset_next *next, kc_problem *pb)
{
    void *list = NULL;
    kc_status st;

    st = catalogue_repo_list(conn, &department_table, tenant_id, page, &list, n, next, pb);
    *items = list;
    return st;
}

kc_status department_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const department_input *patch, long long expected_version,
                                 department *out, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE casedesk.departments d SET "
        "name = CASE WHEN $3::boolean THEN $4 ELSE d.name END, "
        "team_manager_id = CASE WHEN $5::boolean THEN $6::uuid ELSE d.team_manager_id END, "
        "version = d.version + 1, updated_at = now() "
        "WHERE d.tenant_id = $1 AND d.id = $2 "
        "AND ($7::integer IS NULL OR d.version = $7::integer) RETURNING " DEPARTMENT_COLS;
    char ver[24];
    const char *params[7];

    snprintf(ver, sizeof(ver), "%lld", expected_version);
    params[0] = tenant_id;
    params[1] = id;
    params[2] = patch->has_name ? "true" : "false";
    params[3] = patch->has_name ? patch->name : NULL;
    params[4] = patch->has_team_manager_id ? "true" : "false";
    params[5] = patch->has_team_manager_id ? patch->team_manager_id : NULL;
    params[6] = expected_version >= 0 ? ver : NULL;
    return department_fk(catalogue_repo_update(conn, &department_table,
                                               "casedesk_department_update", sql, 7, params,
                                               tenant_id, id, expected_version, out, pb),
                         pb);
}

kc_status department_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 kc_problem *pb)
{
    /* The EXISTS sees the row as it was before the DELETE, so "deleted 0,
     * existed" means it is still referred to. */
    static const char sql[] =
        "WITH d AS (DELETE FROM casedesk.departments WHERE tenant_id = $1 AND id = $2 "
        "AND NOT EXISTS (SELECT 1 FROM casedesk.officials WHERE tenant_id = $1 "
        "AND department_id = $2) "
        "AND NOT EXISTS (SELECT 1 FROM casedesk.referrals WHERE tenant_id = $1 "
        "AND department_id = $2) "
        "RETURNING 1) "
        "SELECT (SELECT count(*) FROM d), "
        "EXISTS (SELECT 1 FROM casedesk.departments WHERE tenant_id = $1 AND id = $2)";
    PGresult *res = NULL;
    const char *params[2] = {tenant_id, id};
    kc_status st;

    st = kc_db_exec(conn, "casedesk_department_delete", sql, 2, params, &res, pb);
    if (st == KC_INVALID) /* an official or referral added concurrently: foreign key */
        st = kc_problem_set(pb, KC_CONFLICT, "department %s is in use", id);
    if (st != KC_OK)
        goto out;
    if (kc_pg_int(res, 0, 0) == 1)
        goto out;
    if (kc_pg_bool(res, 0, 1))
        st = kc_problem_set(pb, KC_CONFLICT, "department %s is in use by officials or referrals",
                            id);
    else
        st = kc_problem_set(pb, KC_NOT_FOUND, "department %s not found", id);
out:
    PQclear(res);
    return st;
}
