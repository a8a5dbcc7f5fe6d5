#include "category_repo.h"

#include <stdio.h>
#include "casedesk_pg.h"
#include "catalogue_repo.h"

/* Column 6 is the keyset cursor's sort key; the SLA terms follow it. */
#define CATEGORY_BASE_COLS                                                                         \
    "id, name, sla_days, version, " CASEDESK_TS("created_at") ", " CASEDESK_TS("updated_at")
#define CATEGORY_SLA_COLS "first_contact_days, sla_unit, process_owner_id"
#define CATEGORY_COLS     CATEGORY_BASE_COLS ", " CASEDESK_TS_US("created_at") ", " CATEGORY_SLA_COLS

static void category_from_row(const PGresult *r, int row, void *item)
{
    category *c = item;

    kc_pg_copy(r, row, 0, c->id, sizeof(c->id));
    kc_pg_copy(r, row, 1, c->name, sizeof(c->name));
    c->sla_days = kc_pg_int(r, row, 2);
    c->version = kc_pg_int(r, row, 3);
    kc_pg_copy(r, row, 4, c->created_at, sizeof(c->created_at));
    kc_pg_copy(r, row, 5, c->updated_at, sizeof(c->updated_at));
    /* column 6 is the cursor key */
    c->first_contact_days = kc_pg_int(r, row, 7);
    kc_pg_copy(r, row, 8, c->sla_unit, sizeof(c->sla_unit));
    kc_pg_copy(r, row, 9, c->process_owner_id, sizeof(c->process_owner_id));
}

static const catalogue_table category_table = {
    .noun = "category",
    .item_size = sizeof(category),
    .from_row = category_from_row,
    .get_stmt = "casedesk_category_get",
    .get_sql = "SELECT " CATEGORY_COLS " FROM casedesk.categories WHERE tenant_id = $1 AND id = $2",
    .list_stmt = "casedesk_category_list",
    .list_sql = "SELECT " CATEGORY_COLS " FROM casedesk.categories WHERE tenant_id = $1 "
                "AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid)) "
                "ORDER BY created_at, id LIMIT $4",
    .version_col = 3,
    .key_col = 6,
};

kc_status category_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *name,
                               int sla_days, category *out, kc_problem *pb)
{
    category_new in = {name, sla_days, 2, NULL, NULL};
    return category_repo_create(conn, tenant_id, &in, out, pb);
}

kc_status category_repo_create(kc_db_conn *conn, const char *tenant_id, const category_new *in,
                               category *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO casedesk.categories (id, tenant_id, name, sla_days, first_contact_days, "
        "sla_unit, process_owner_id) "
        "VALUES (gen_random_uuid(), $1, $2, $3, $4, coalesce($5, 'working_days'), $6::uuid) "
        "RETURNING " CATEGORY_COLS;
    char sla[16], first[16];
    const char *params[6];

    snprintf(sla, sizeof(sla), "%d", in->sla_days);
    snprintf(first, sizeof(first), "%d", in->first_contact_days);
    params[0] = tenant_id;
    params[1] = in->name;
    params[2] = sla;
    params[3] = first;
    params[4] = in->sla_unit;
    params[5] = in->process_owner_id;
    return catalogue_repo_insert(conn, &category_table, "casedesk_category_insert", sql, 6, params,
                                 out, pb);
}

kc_status category_repo_official_state(kc_db_conn *conn, const char *tenant_id,
                                       const char *official_id, int *exists, int *active,
                                       kc_problem *pb)
{
    static const char sql[] =
        "SELECT active FROM casedesk.officials WHERE tenant_id = $1 AND id = $2::uuid";
    PGresult *res = NULL;
    const char *params[2] = {tenant_id, official_id};
    kc_status st;

    *exists = 0;
    *active = 0;
    st = kc_db_exec(conn, "casedesk_category_official", sql, 2, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1) {
        *exists = 1;
        *active = kc_pg_bool(res, 0, 0);
    }
    PQclear(res);
    return st;
}

kc_status category_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, category *out,
                            kc_problem *pb)
{
    return catalogue_repo_get(conn, &category_table, tenant_id, id, out, pb);
}

kc_status category_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                             category **items, size_t *n, kc_keyset_next *next, kc_problem *pb)
{
    void *list = NULL;
    kc_status st;

    st = catalogue_repo_list(conn, &category_table, tenant_id, page, &list, n, next, pb);
    *items = list;
    return st;
}

kc_status category_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                               const category_patch *patch, long long expected_version,
                               category *out, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE casedesk.categories SET name = CASE WHEN $3::boolean THEN $4 ELSE name END, "
        "sla_days = CASE WHEN $5::boolean THEN $6::integer ELSE sla_days END, "
        "first_contact_days = CASE WHEN $8::boolean THEN $9::integer ELSE first_contact_days END, "
        "sla_unit = CASE WHEN $10::boolean THEN $11 ELSE sla_unit END, "
        "process_owner_id = CASE WHEN $12::boolean THEN $13::uuid ELSE process_owner_id END, "
        "version = version + 1, updated_at = now() "
        "WHERE tenant_id = $1 AND id = $2 AND ($7::integer IS NULL OR version = $7::integer) "
        "RETURNING " CATEGORY_COLS;
    char sla[16], first[16], ver[24];
    const char *params[13];

    snprintf(sla, sizeof(sla), "%d", patch->sla_days);
    snprintf(first, sizeof(first), "%d", patch->first_contact_days);
    snprintf(ver, sizeof(ver), "%lld", expected_version);
    params[0] = tenant_id;
    params[1] = id;
    params[2] = patch->has_name ? "true" : "false";
    params[3] = patch->has_name ? patch->name : NULL;
    params[4] = patch->has_sla_days ? "true" : "false";
    params[5] = patch->has_sla_days ? sla : NULL;
    params[6] = expected_version >= 0 ? ver : NULL;
    params[7] = patch->has_first_contact_days ? "true" : "false";
    params[8] = patch->has_first_contact_days ? first : NULL;
    params[9] = patch->has_sla_unit && patch->sla_unit != NULL ? "true" : "false";
    params[10] = patch->has_sla_unit ? patch->sla_unit : NULL;
    params[11] = patch->has_process_owner_id ? "true" : "false";
    params[12] = patch->has_process_owner_id ? patch->process_owner_id : NULL;
    return catalogue_repo_update(conn, &category_table, "casedesk_category_update", sql, 13, params,
                                 tenant_id, id, expected_version, out, pb);
}

kc_status category_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                               kc_problem *pb)
{
    /* The EXISTS sees the row as it was before the DELETE, so "deleted 0,
     * existed" means it is still referred to. */
    static const char sql[] =
        "WITH d AS (DELETE FROM casedesk.categories WHERE tenant_id = $1 AND id = $2 "
        "AND NOT EXISTS (SELECT 1 FROM casedesk.cases WHERE tenant_id = $1 AND category_id = $2) "
        "AND NOT EXISTS (SELECT 1 FROM casedesk.routing_rules WHERE tenant_id = $1 AND category_id "
        "= $2) "
        "RETURNING 1) "
        "SELECT (SELECT count(*) FROM d), "
        "EXISTS (SELECT 1 FROM casedesk.categories WHERE tenant_id = $1 AND id = $2)";
    PGresult *res = NULL;
    const char *params[2] = {tenant_id, id};
    kc_status st;

    st = kc_db_exec(conn, "casedesk_category_delete", sql, 2, params, &res, pb);
    if (st == KC_INVALID) /* a case filed concurrently: foreign key */
        st = kc_problem_set(pb, KC_CONFLICT, "category %s is in use", id);
    if (st != KC_OK)
        goto out;
    if (kc_pg_int(res, 0, 0) == 1)
        goto out;
    if (kc_pg_bool(res, 0, 1))
        st = kc_problem_set(pb, KC_CONFLICT, "category %s is in use by cases or routing rules", id);
    else
        st = kc_problem_set(pb, KC_NOT_FOUND, "category %s not found", id);
out:
    PQclear(res);
    return st;
}
