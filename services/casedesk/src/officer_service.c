#include "officer_service.h"

#include "catalogue_service.h"
#include "officer_repo.h"

#define OFFICER_FIELDS(req)                                                                        \
    {.name = "name", .type = KC_T_STRING, .required = (req), .min_len = 1, .max_len = 200},        \
        {.name = "email",                                                                          \
         .type = KC_T_STRING,                                                                      \
         .required = (req),                                                                        \
         .max_len = 254,                                                                           \
         .format = KC_FMT_EMAIL},                                                                  \
        {.name = "categoryIds",                                                                    \
         .type = KC_T_ARRAY,                                                                       \
         .max_len = 100,                                                                           \
         .item_type = KC_T_STRING,                                                                 \
         .item_format = KC_FMT_UUID},                                                              \
        {.name = "districts",                                                                      \
         .type = KC_T_ARRAY,                                                                       \
         .max_len = 100,                                                                           \
         .item_type = KC_T_STRING,                                                                 \
         .item_max_len = 100},                                                                     \
        {.name = "capacity", .type = KC_T_INT, .min = 1, .max = 1000},                             \
        {.name = "active", .type = KC_T_BOOL},                                                     \
        {.name = "userSub", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 128},     \
    {                                                                                              \
        .name = "openCases", .type = KC_T_INT                                                      \
    }

static const kc_field officer_fields_create[] = {OFFICER_FIELDS(1)};
static const kc_field officer_fields_patch[] = {OFFICER_FIELDS(0)};

/* Reads the members present in a validated body into in. openCases is
 * read-only: accepted (clients echo what they read) and ignored. */
static void officer_input_from_json(const json_t *body, officer_input *in)
{
    const json_t *v;

    if ((v = json_object_get(body, "name")) != NULL) {
        in->has_name = 1;
        in->name = json_string_value(v);
    }
    if ((v = json_object_get(body, "email")) != NULL) {
        in->has_email = 1;
        in->email = json_string_value(v);
    }
    if ((v = json_object_get(body, "categoryIds")) != NULL) {
        in->has_category_ids = 1;
        in->category_ids = v;
    }
    if ((v = json_object_get(body, "districts")) != NULL) {
        in->has_districts = 1;
        in->districts = v;
    }
    if ((v = json_object_get(body, "capacity")) != NULL) {
        in->has_capacity = 1;
        in->capacity = (int)json_integer_value(v);
    }
    if ((v = json_object_get(body, "active")) != NULL) {
        in->has_active = 1;
        in->active = json_is_true(v);
    }
    if ((v = json_object_get(body, "userSub")) != NULL) {
        in->has_user_sub = 1;
        in->user_sub = json_string_value(v); /* NULL for JSON null */
    }
}

kc_status officer_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                 officer *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *empty = json_array();
    officer_input in = {0};
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_MANAGE, NULL, body, officer_fields_create,
                                CATALOGUE_NFIELDS(officer_fields_create), &conn, pb);
    if (st != KC_OK)
        goto out;
    in.capacity = 10;
    in.active = 1;
    in.category_ids = empty;
    in.districts = empty;
    officer_input_from_json(body, &in);
    st = officer_repo_insert(conn, p->tenant_id, &in, out, pb);
out:
    kc_db_release(pool, conn);
    json_decref(empty);
    return st;
}

kc_status officer_service_get(kc_db_pool *pool, const kc_principal *p, const char *id, officer *out,
                              kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_READ, id, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = officer_repo_get(conn, p->tenant_id, id, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status officer_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                               officer **items, size_t *n, kc_keyset_next *next, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = catalogue_service_open(pool, p, CATALOGUE_READ, NULL, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = officer_repo_list(conn, p->tenant_id, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status officer_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 const json_t *body, long long if_match, officer *out,
                                 kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    officer_input in = {0};
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_MANAGE, id, body, officer_fields_patch,
                                CATALOGUE_NFIELDS(officer_fields_patch), &conn, pb);
    if (st != KC_OK)
        goto out;
    officer_input_from_json(body, &in);
    st = officer_repo_update(conn, p->tenant_id, id, &in, if_match, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}
