#include "officer_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casedesk_pg.h"
#include "catalogue_repo.h"

#define OFFICER_COLS                                                                               \
    "o.id, o.name, o.email, array_to_json(o.category_ids)::text, "                                 \
    "array_to_json(o.districts)::text, o.capacity, o.active, "                                     \
    "(SELECT count(*) FROM casedesk.cases c WHERE c.tenant_id = o.tenant_id AND c.officer_id = "   \
    "o.id "                                                                                        \
    "AND c.status NOT IN ('resolved', 'closed'))::integer, o.version, " CASEDESK_TS(               \
        "o.created_at") ", " CASEDESK_TS("o.updated_at") ", " CASEDESK_TS_US("o.created_at") ", "  \
                                                                                             "o."  \
                                                                                             "use" \
                                                                                             "r_"  \
                                                                                             "sub"

static void officer_from_row(const PGresult *r, int row, void *item)
{
    officer *o = item;

    kc_pg_copy(r, row, 0, o->id, sizeof(o->id));
    o->name = kc_pg_strdup(r, row, 1);
    o->email = kc_pg_strdup(r, row, 2);
    o->category_ids = kc_pg_json(r, row, 3);
    o->districts = kc_pg_json(r, row, 4);
    o->capacity = kc_pg_int(r, row, 5);
    o->active = kc_pg_bool(r, row, 6);
    o->open_cases = kc_pg_int(r, row, 7);
    o->version = kc_pg_int(r, row, 8);
    kc_pg_copy(r, row, 9, o->created_at, sizeof(o->created_at));
    kc_pg_copy(r, row, 10, o->updated_at, sizeof(o->updated_at));
    o->user_sub = kc_pg_strdup(r, row, 12);
}

/* A unique violation (kc_db_exec's "already exists") here can only be the
 * tenant's userSub (ids are random): say so, naming the field. A conflict
 * of another kind (a concurrent change) is left as it is. */
static kc_status officer_user_sub_taken(kc_status st, const char *user_sub, kc_problem *pb)
{
    if (st != KC_CONFLICT || user_sub == NULL || strstr(pb->detail, "already exists") == NULL)
        return st;
    kc_problem_add_field(pb, "userSub", "already used by another liaison officer");
    return kc_problem_set(pb, KC_CONFLICT,
                          "userSub %s is already used by another liaison officer of the tenant",
                          user_sub);
}

static const catalogue_table officer_table = {
    .noun = "liaison officer",
    .item_size = sizeof(officer),
    .from_row = officer_from_row,
    .get_stmt = "casedesk_officer_get",
    .get_sql = "SELECT " OFFICER_COLS
               " FROM casedesk.liaison_officers o WHERE o.tenant_id = $1 AND o.id = $2",
    .list_stmt = "casedesk_officer_list",
    .list_sql =
        "SELECT " OFFICER_COLS " FROM casedesk.liaison_officers o WHERE o.tenant_id = $1 "
        "AND ($2::timestamptz IS NULL OR (o.created_at, o.id) > ($2::timestamptz, $3::uuid)) "
        "ORDER BY o.created_at, o.id LIMIT $4",
    .version_col = 8,
    .key_col = 11,
};

kc_status officer_repo_insert(kc_db_conn *conn, const char *tenant_id, const officer_input *in,
                              officer *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO casedesk.liaison_officers AS o (id, tenant_id, name, email, category_ids, "
        "districts, "
        "capacity, active, user_sub) VALUES (gen_random_uuid(), $1, $2, $3, "
        "ARRAY(SELECT json_array_elements_text($4::json))::uuid[], "
        "ARRAY(SELECT json_array_elements_text($5::json)), $6, $7, $8) RETURNING " OFFICER_COLS;
    char *cats = NULL, *districts = NULL;
    char cap[16];
    const char *params[8];
    kc_status st;

    cats = json_dumps(in->category_ids, JSON_COMPACT);
    districts = json_dumps(in->districts, JSON_COMPACT);
    if (cats == NULL || districts == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    snprintf(cap, sizeof(cap), "%d", in->capacity);
    params[0] = tenant_id;
    params[1] = in->name;
    params[2] = in->email;
    params[3] = cats;
    params[4] = districts;
    params[5] = cap;
    params[6] = in->active ? "true" : "false";
    params[7] = in->user_sub;
    st = catalogue_repo_insert(conn, &officer_table, "casedesk_officer_insert", sql, 8, params, out,
                               pb);
    st = officer_user_sub_taken(st, in->user_sub, pb);
out:
    free(cats);
    free(districts);
    return st;
}

kc_status officer_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, officer *out,
                           kc_problem *pb)
{
    return catalogue_repo_get(conn, &officer_table, tenant_id, id, out, pb);
}

kc_status officer_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                            officer **items, size_t *n, kc_keyset_next *next, kc_problem *pb)
{
    void *list = NULL;
    kc_status st;

    st = catalogue_repo_list(conn, &officer_table, tenant_id, page, &list, n, next, pb);
    *items = list;
    return st;
}

kc_status officer_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                              const officer_input *patch, long long expected_version, officer *out,
                              kc_problem *pb)
{
    static const char sql[] =
        "UPDATE casedesk.liaison_officers o SET "
        "name = CASE WHEN $3::boolean THEN $4 ELSE o.name END, "
        "email = CASE WHEN $5::boolean THEN $6 ELSE o.email END, "
        "category_ids = CASE WHEN $7::boolean "
        "THEN ARRAY(SELECT json_array_elements_text($8::json))::uuid[] ELSE o.category_ids END, "
        "districts = CASE WHEN $9::boolean "
        "THEN ARRAY(SELECT json_array_elements_text($10::json)) ELSE o.districts END, "
        "capacity = CASE WHEN $11::boolean THEN $12::integer ELSE o.capacity END, "
        "active = CASE WHEN $13::boolean THEN $14::boolean ELSE o.active END, "
        "user_sub = CASE WHEN $16::boolean THEN $17 ELSE o.user_sub END, "
        "version = o.version + 1, updated_at = now() "
        "WHERE o.tenant_id = $1 AND o.id = $2 "
        "AND ($15::integer IS NULL OR o.version = $15::integer) RETURNING " OFFICER_COLS;
    char *cats = NULL, *districts = NULL;
    char cap[16], ver[24];
    const char *params[17];
    kc_status st;

    if (patch->has_category_ids)
        cats = json_dumps(patch->category_ids, JSON_COMPACT);
    if (patch->has_districts)
        districts = json_dumps(patch->districts, JSON_COMPACT);
    if ((patch->has_category_ids && cats == NULL) || (patch->has_districts && districts == NULL)) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    snprintf(cap, sizeof(cap), "%d", patch->capacity);
    snprintf(ver, sizeof(ver), "%lld", expected_version);
    params[0] = tenant_id;
    params[1] = id;
    params[2] = patch->has_name ? "true" : "false";
    params[3] = patch->has_name ? patch->name : NULL;
    params[4] = patch->has_email ? "true" : "false";
    params[5] = patch->has_email ? patch->email : NULL;
    params[6] = patch->has_category_ids ? "true" : "false";
    params[7] = cats;
    params[8] = patch->has_districts ? "true" : "false";
    params[9] = districts;
    params[10] = patch->has_capacity ? "true" : "false";
    params[11] = patch->has_capacity ? cap : NULL;
    params[12] = patch->has_active ? "true" : "false";
    params[13] = patch->has_active ? (patch->active ? "true" : "false") : NULL;
    params[14] = expected_version >= 0 ? ver : NULL;
    params[15] = patch->has_user_sub ? "true" : "false";
    params[16] = patch->has_user_sub ? patch->user_sub : NULL;
    st = catalogue_repo_update(conn, &officer_table, "casedesk_officer_update", sql, 17, params,
                               tenant_id, id, expected_version, out, pb);
    st = officer_user_sub_taken(st, patch->has_user_sub ? patch->user_sub : NULL, pb);
out:
    free(cats);
    free(districts);
    return st;
}

kc_status officer_repo_count_known(kc_db_conn *conn, const char *tenant_id, const json_t *ids,
                                   int *distinct, int *known, kc_problem *pb)
{
    static const char sql[] =
        "WITH ids AS (SELECT DISTINCT v::uuid AS id FROM json_array_elements_text($2::json) v) "
        "SELECT (SELECT count(*) FROM ids)::integer, (SELECT count(*) FROM "
        "casedesk.liaison_officers o "
        "WHERE o.tenant_id = $1 AND o.id IN (SELECT id FROM ids))::integer";
    PGresult *res = NULL;
    char *text = NULL;
    const char *params[2];
    kc_status st;

    text = json_dumps(ids, JSON_COMPACT);
    if (text == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    params[0] = tenant_id;
    params[1] = text;
    st = kc_db_exec(conn, "casedesk_officer_count_known", sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    *distinct = kc_pg_int(res, 0, 0);
    *known = kc_pg_int(res, 0, 1);
out:
    free(text);
    PQclear(res);
    return st;
}
