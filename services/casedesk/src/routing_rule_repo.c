#include "routing_rule_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include "casedesk_pg.h"
#include "catalogue_repo.h"

/* The list is ordered by position, then id: its cursor key is the position,
 * zero-padded so that text order is list order, with the id beside it. */
#define RULE_COLS                                                                                  \
    "id, name, position, category_id, district, array_to_json(keywords)::text, "                   \
    "array_to_json(officer_ids)::text, active, version, " CASEDESK_TS(                             \
        "created_at") ", " CASEDESK_TS("updated_at") ", lpad(position::text, 10, '0')"

static void routing_rule_from_row(const PGresult *r, int row, void *item)
{
    routing_rule *o = item;

    kc_pg_copy(r, row, 0, o->id, sizeof(o->id));
    o->name = kc_pg_strdup(r, row, 1);
    o->position = kc_pg_int(r, row, 2);
    kc_pg_copy(r, row, 3, o->category_id, sizeof(o->category_id));
    o->district = kc_pg_strdup(r, row, 4);
    o->keywords = kc_pg_json(r, row, 5);
    o->officer_ids = kc_pg_json(r, row, 6);
    o->active = kc_pg_bool(r, row, 7);
    o->version = kc_pg_int(r, row, 8);
    kc_pg_copy(r, row, 9, o->created_at, sizeof(o->created_at));
    kc_pg_copy(r, row, 10, o->updated_at, sizeof(o->updated_at));
}

static const catalogue_table routing_rule_table = {
    .noun = "routing rule",
    .item_size = sizeof(routing_rule),
    .from_row = routing_rule_from_row,
    .get_stmt = "casedesk_rule_get",
    .get_sql = "SELECT " RULE_COLS " FROM casedesk.routing_rules WHERE tenant_id = $1 AND id = $2",
    .list_stmt = "casedesk_rule_list",
    .list_sql = "SELECT " RULE_COLS " FROM casedesk.routing_rules WHERE tenant_id = $1 "
                "AND ($2::text IS NULL OR (position, id) > ($2::integer, $3::uuid)) "
                "ORDER BY position, id LIMIT $4",
    .version_col = 8,
    .key_col = 11,
};

/* A foreign key fault here can only be the category. */
static kc_status routing_rule_map_fk(kc_status st, kc_problem *pb)
{
    if (st == KC_INVALID) {
        kc_problem_set(pb, KC_INVALID, "categoryId does not name a category");
        kc_problem_add_field(pb, "categoryId", "no such category");
    }
    return st;
}

kc_status routing_rule_repo_insert(kc_db_conn *conn, const char *tenant_id,
                                   const routing_rule_input *in, routing_rule *out, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO casedesk.routing_rules (id, tenant_id, name, position, category_id, district, "
        "keywords, officer_ids, active) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, "
        "ARRAY(SELECT json_array_elements_text($6::json)), "
        "ARRAY(SELECT json_array_elements_text($7::json))::uuid[], $8) RETURNING " RULE_COLS;
    char *kw = NULL, *ids = NULL;
    char pos[16];
    const char *params[8];
    kc_status st;

    kw = json_dumps(in->keywords, JSON_COMPACT);
    ids = json_dumps(in->officer_ids, JSON_COMPACT);
    if (kw == NULL || ids == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    snprintf(pos, sizeof(pos), "%d", in->position);
    params[0] = tenant_id;
    params[1] = in->name;
    params[2] = pos;
    params[3] = in->category_id;
    params[4] = in->district;
    params[5] = kw;
    params[6] = ids;
    params[7] = in->active ? "true" : "false";
    st = routing_rule_map_fk(catalogue_repo_insert(conn, &routing_rule_table,
                                                   "casedesk_rule_insert", sql, 8, params, out, pb),
                             pb);
out:
    free(kw);
    free(ids);
    return st;
}

kc_status routing_rule_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                                routing_rule *out, kc_problem *pb)
{
    return catalogue_repo_get(conn, &routing_rule_table, tenant_id, id, out, pb);
}

kc_status routing_rule_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                                 routing_rule **items, size_t *n, kc_keyset_next *next,
                                 kc_problem *pb)
{
    void *list = NULL;
    kc_status st;

    st = catalogue_repo_list(conn, &routing_rule_table, tenant_id, page, &list, n, next, pb);
    *items = list;
    return st;
}

kc_status routing_rule_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   const routing_rule_input *patch, long long expected_version,
                                   routing_rule *out, kc_problem *pb)
{
    static const char sql[] =
        "UPDATE casedesk.routing_rules SET "
        "name = CASE WHEN $3::boolean THEN $4 ELSE name END, "
        "position = CASE WHEN $5::boolean THEN $6::integer ELSE position END, "
        "category_id = CASE WHEN $7::boolean THEN $8::uuid ELSE category_id END, "
        "district = CASE WHEN $9::boolean THEN $10 ELSE district END, "
        "keywords = CASE WHEN $11::boolean "
        "THEN ARRAY(SELECT json_array_elements_text($12::json)) ELSE keywords END, "
        "officer_ids = CASE WHEN $13::boolean "
        "THEN ARRAY(SELECT json_array_elements_text($14::json))::uuid[] ELSE officer_ids END, "
        "active = CASE WHEN $15::boolean THEN $16::boolean ELSE active END, "
        "version = version + 1, updated_at = now() "
        "WHERE tenant_id = $1 AND id = $2 "
        "AND ($17::integer IS NULL OR version = $17::integer) RETURNING " RULE_COLS;
    char *kw = NULL, *ids = NULL;
    char pos[16], ver[24];
    const char *params[17];
    kc_status st;

    if (patch->has_keywords)
        kw = json_dumps(patch->keywords, JSON_COMPACT);
    if (patch->has_officer_ids)
        ids = json_dumps(patch->officer_ids, JSON_COMPACT);
    if ((patch->has_keywords && kw == NULL) || (patch->has_officer_ids && ids == NULL)) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    snprintf(pos, sizeof(pos), "%d", patch->position);
    snprintf(ver, sizeof(ver), "%lld", expected_version);
    params[0] = tenant_id;
    params[1] = id;
    params[2] = patch->has_name ? "true" : "false";
    params[3] = patch->has_name ? patch->name : NULL;
    params[4] = patch->has_position ? "true" : "false";
    params[5] = patch->has_position ? pos : NULL;
    params[6] = patch->has_category_id ? "true" : "false";
    params[7] = patch->has_category_id ? patch->category_id : NULL;
    params[8] = patch->has_district ? "true" : "false";
    params[9] = patch->has_district ? patch->district : NULL;
    params[10] = patch->has_keywords ? "true" : "false";
    params[11] = kw;
    params[12] = patch->has_officer_ids ? "true" : "false";
    params[13] = ids;
    params[14] = patch->has_active ? "true" : "false";
    params[15] = patch->has_active ? (patch->active ? "true" : "false") : NULL;
    params[16] = expected_version >= 0 ? ver : NULL;
    st = routing_rule_map_fk(catalogue_repo_update(conn, &routing_rule_table,
                                                   "casedesk_rule_update", sql, 17, params,
                                                   tenant_id, id, expected_version, out, pb),
                             pb);
out:
    free(kw);
    free(ids);
    return st;
}

kc_status routing_rule_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   kc_problem *pb)
{
    static const char sql[] = "DELETE FROM casedesk.routing_rules WHERE tenant_id = $1 AND id = $2";
    PGresult *res = NULL;
    const char *params[2] = {tenant_id, id};
    kc_status st;

    st = kc_db_exec(conn, "casedesk_rule_delete", sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    if (atoi(PQcmdTuples(res)) == 0)
        st = kc_problem_set(pb, KC_NOT_FOUND, "routing rule %s not found", id);
out:
    PQclear(res);
    return st;
}
