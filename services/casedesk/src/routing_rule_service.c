#include "routing_rule_service.h"

#include <string.h>
#include "catalogue_service.h"
#include "officer_repo.h"
#include "routing_rule_repo.h"

#define RULE_FIELDS(req)                                                                           \
    {.name = "name", .type = KC_T_STRING, .required = (req), .min_len = 1, .max_len = 100},        \
        {.name = "position", .type = KC_T_INT, .required = (req), .min = 0, .max = 1000000000},    \
        {.name = "categoryId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},         \
        {.name = "district", .type = KC_T_STRING, .nullable = 1, .max_len = 100},                  \
        {.name = "keywords",                                                                       \
         .type = KC_T_ARRAY,                                                                       \
         .max_len = 50,                                                                            \
         .item_type = KC_T_STRING,                                                                 \
         .item_max_len = 100},                                                                     \
        {.name = "officerIds",                                                                     \
         .type = KC_T_ARRAY,                                                                       \
         .required = (req),                                                                        \
         .min_len = 1,                                                                             \
         .max_len = 100,                                                                           \
         .item_type = KC_T_STRING,                                                                 \
         .item_format = KC_FMT_UUID},                                                              \
    {                                                                                              \
        .name = "active", .type = KC_T_BOOL                                                        \
    }

static const kc_field routing_rule_fields_create[] = {RULE_FIELDS(1)};
static const kc_field routing_rule_fields_patch[] = {RULE_FIELDS(0)};

static void routing_rule_input_from_json(const json_t *body, routing_rule_input *in)
{
    const json_t *v;

    if ((v = json_object_get(body, "name")) != NULL) {
        in->has_name = 1;
        in->name = json_string_value(v);
    }
    if ((v = json_object_get(body, "position")) != NULL) {
        in->has_position = 1;
        in->position = (int)json_integer_value(v);
    }
    if ((v = json_object_get(body, "categoryId")) != NULL) {
        in->has_category_id = 1;
        in->category_id = json_string_value(v); /* NULL for JSON null */
    }
    if ((v = json_object_get(body, "district")) != NULL) {
        in->has_district = 1;
        in->district = json_string_value(v);
    }
    if ((v = json_object_get(body, "keywords")) != NULL) {
        in->has_keywords = 1;
        in->keywords = v;
    }
    if ((v = json_object_get(body, "officerIds")) != NULL) {
        in->has_officer_ids = 1;
        in->officer_ids = v;
    }
    if ((v = json_object_get(body, "active")) != NULL) {
        in->has_active = 1;
        in->active = json_is_true(v);
    }
}

/* Rules the field list cannot say: no empty keyword (it would match every
 * description), and a pool of this tenant's officers only. */
static kc_status routing_rule_check(kc_db_conn *conn, const char *tenant_id,
                                    const routing_rule_input *in, kc_problem *pb)
{
    size_t i;
    int distinct = 0, known = 0;
    kc_status st = KC_OK;

    for (i = 0; in->has_keywords && i < json_array_size(in->keywords); i++) {
        if (json_string_length(json_array_get(in->keywords, i)) == 0) {
            kc_problem_set(pb, KC_INVALID, "a keyword must not be empty");
            kc_problem_add_field(pb, "keywords", "must not contain an empty keyword");
            st = KC_INVALID;
            goto out;
        }
    }
    if (!in->has_officer_ids)
        goto out;
    st = officer_repo_count_known(conn, tenant_id, in->officer_ids, &distinct, &known, pb);
    if (st != KC_OK)
        goto out;
    if (known != distinct) {
        kc_problem_set(pb, KC_INVALID, "officerIds names %d unknown liaison officer(s)",
                       distinct - known);
        kc_problem_add_field(pb, "officerIds", "every id must be a liaison officer");
        st = KC_INVALID;
    }
out:
    return st;
}

kc_status routing_rule_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                      routing_rule *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *empty = json_array();
    routing_rule_input in = {0};
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_MANAGE, NULL, body, routing_rule_fields_create,
                                CATALOGUE_NFIELDS(routing_rule_fields_create), &conn, pb);
    if (st != KC_OK)
        goto out;
    in.active = 1;
    in.keywords = empty;
    routing_rule_input_from_json(body, &in);
    in.has_keywords = 1;
    st = routing_rule_check(conn, p->tenant_id, &in, pb);
    if (st != KC_OK)
        goto out;
    st = routing_rule_repo_insert(conn, p->tenant_id, &in, out, pb);
out:
    kc_db_release(pool, conn);
    json_decref(empty);
    return st;
}

kc_status routing_rule_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   routing_rule *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_READ, id, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = routing_rule_repo_get(conn, p->tenant_id, id, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status routing_rule_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                    routing_rule **items, size_t *n, kc_keyset_next *next,
                                    kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = catalogue_service_open(pool, p, CATALOGUE_READ, NULL, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = routing_rule_repo_list(conn, p->tenant_id, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status routing_rule_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const json_t *body, long long if_match, routing_rule *out,
                                      kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    routing_rule_input in = {0};
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_MANAGE, id, body, routing_rule_fields_patch,
                                CATALOGUE_NFIELDS(routing_rule_fields_patch), &conn, pb);
    if (st != KC_OK)
        goto out;
    routing_rule_input_from_json(body, &in);
    st = routing_rule_check(conn, p->tenant_id, &in, pb);
    if (st != KC_OK)
        goto out;
    st = routing_rule_repo_update(conn, p->tenant_id, id, &in, if_match, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status routing_rule_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_MANAGE, id, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = routing_rule_repo_delete(conn, p->tenant_id, id, pb);
out:
    kc_db_release(pool, conn);
    return st;
}
