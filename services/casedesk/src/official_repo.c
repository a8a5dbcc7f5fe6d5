#include "official_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casedesk_pg.h"
#include "catalogue_repo.h"

#define OFFICIAL_COLS                                                                              \
    "o.id, o.name, o.email, o.department_id, o.user_sub, o.active, o.version, " CASEDESK_TS(       \
        "o.created_at") ", " CASEDESK_TS("o.updated_at") ", " CASEDESK_TS_US("o.created_at")

static void official_from_row(const PGresult *r, int row, void *item)
{
    official *o = item;

    kc_pg_copy(r, row, 0, o->id, sizeof(o->id));
    o->name = kc_pg_strdup(r, row, 1);
    o->email = kc_pg_strdup(r, row, 2);
    kc_pg_copy(r, row, 3, o->department_id, sizeof(o->department_id));
    o->user_sub = kc_pg_strdup(r, row, 4);
    o->active = kc_pg_bool(r, row, 5);
    o->version = kc_pg_int(r, row, 6);
    kc_pg_copy(r, row, 7, o->created_at, sizeof(o->created_at));
    kc_pg_copy(r, row, 8, o->updated_at, sizeof(o->updated_at));
}

static const catalogue_table official_table = {
    .noun = "official",
    .item_size = sizeof(official),
    .from_row = official_from_row,
    .get_stmt = "casedesk_official_get",
    .get_sql =
        "SELECT " OFFICIAL_COLS " FROM casedesk.officials o WHERE o.tenant_id = $1 AND o.id = $2",
    .list_stmt = "casedesk_official_list",
    .list_sql =
        "SELECT " OFFICIAL_COLS " FROM casedesk.officials o WHERE o.tenant_id = $1 "
        "AND ($2::timestamptz IS NULL OR (o.created_at, o.id) > ($2::timestamptz, $3::uuid)) "
        "ORDER BY o.created_at, o.id LIMIT $4",
    .version_col = 6,
    .key_col = 9,
};

/* What a write's constraint violation means to the client: the department
 * (the only foreign key) or the userSub (the only unique column besides the
 * id). */
static kc_status official_violation(kc_status st, const char *user_sub, kc_problem *pb)
{
    if (st == KC_INVALID) {
        kc_problem_set(pb, KC_INVALID, "the department must be a department of the directory");
        kc_problem_add_field(pb, "departmentId", "no such department");
    } else if (st == KC_CONFLICT && user_sub != NULL) {
        kc_problem_set(pb, KC_CONFLICT, "userSub %s belongs to another official", user_sub);
    }
    return st;
}

kc_status official_repo_insert(kc_db_conn *conn, const char *tenant_id, const official_input *in,
                               official *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO casedesk.officials AS o (id, tenant_id, name, email, department_id, "
        "user_sub, active) VALUES (gen_random_uuid(), $1, $2, $3, $4::uuid, $5, $6) "
        "RETURNING " OFFICIAL_COLS;
    const char *params[6];

    params[0] = tenant_id;
    params[1] = in->name;
    params[2] = in->email;
    params[3] = in->department_id;
    params[4] = in->user_sub;
    params[5] = in->active ? "true" : "false";
    return official_violation(catalogue_repo_insert(conn, &official_table,
                                                    "casedesk_official_insert", sql, 6, params, out,
                                                    pb),
                              in->user_sub, pb);
}

kc_status official_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, official *out,
                            kc_problem *pb)
{
    return catalogue_repo_get(conn, &official_table, tenant_id, id, out, pb);
}

kc_status official_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                             official **items, size_t *n, kc_keyset_next *next, kc_problem *pb)
{
    void *list = NULL;
    kc_status st;

    st = catalogue_repo_list(conn, &official_table, tenant_id, page, &list, n, next, pb);
    *items = list;
    return st;
}

kc_status official_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                               const official_input *patch, long long expected_version,
                               official *out, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE casedesk.officials o SET "
        "name = CASE WHEN $3::boolean THEN $4 ELSE o.name END, "
        "email = CASE WHEN $5::boolean THEN $6 ELSE o.email END, "
        "department_id = CASE WHEN $7::boolean THEN $8::uuid ELSE o.department_id END, "
        "user_sub = CASE WHEN $9::boolean THEN $10 ELSE o.user_sub END, "
        "active = CASE WHEN $11::boolean THEN $12::boolean ELSE o.active END, "
        "version = o.version + 1, updated_at = now() "
        "WHERE o.tenant_id = $1 AND o.id = $2 "
        "AND ($13::integer IS NULL OR o.version = $13::integer) RETURNING " OFFICIAL_COLS;
    char ver[24];
    const char *params[13];
    kc_status st;

    snprintf(ver, sizeof(ver), "%lld", expected_version);
    params[0] = tenant_id;
    params[1] = id;
    params[2] = patch->has_name ? "true" : "false";
    params[3] = patch->has_name ? patch->name : NULL;
    params[4] = patch->has_email ? "true" : "false";
    params[5] = patch->has_email ? patch->email : NULL;
    params[6] = patch->has_department_id ? "true" : "false";
    params[7] = patch->has_department_id ? patch->department_id : NULL;
    params[8] = patch->has_user_sub ? "true" : "false";
    params[9] = patch->has_user_sub ? patch->user_sub : NULL;
    params[10] = patch->has_active ? "true" : "false";
    params[11] = patch->has_active ? (patch->active ? "true" : "false") : NULL;
    params[12] = expected_version >= 0 ? ver : NULL;
    st = catalogue_repo_update(conn, &official_table, "casedesk_official_update", sql, 13, params,
                               tenant_id, id, expected_version, out, pb);
    /* a unique violation, not a concurrent change (which is a conflict too) */
    if (st == KC_CONFLICT && (!patch->has_user_sub || strstr(pb->detail, "already exists") == NULL))
        return st;
    return official_violation(st, patch->has_user_sub ? patch->user_sub : NULL, pb);
}
