#include "official_service.h"

#include "catalogue_service.h"
#include "department_service.h"
#include "official_repo.h"

#define OFFICIAL_FIELDS(req)                                                                       \
    {.name = "name", .type = KC_T_STRING, .required = (req), .min_len = 1, .max_len = 200},        \
        {.name = "email",                                                                          \
         .type = KC_T_STRING,                                                                      \
         .required = (req),                                                                        \
         .max_len = 254,                                                                           \
         .format = KC_FMT_EMAIL},                                                                  \
        {.name = "departmentId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},       \
        {.name = "userSub", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 128},     \
    {                                                                                              \
        .name = "active", .type = KC_T_BOOL                                                        \
    }

static const kc_field official_fields_create[] = {OFFICIAL_FIELDS(1)};
static const kc_field official_fields_patch[] = {OFFICIAL_FIELDS(0)};

static void official_input_from_json(const json_t *body, official_input *in)
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
    if ((v = json_object_get(body, "departmentId")) != NULL) {
        in->has_department_id = 1;
        in->department_id = json_string_value(v); /* NULL for JSON null */
    }
    if ((v = json_object_get(body, "userSub")) != NULL) {
        in->has_user_sub = 1;
        in->user_sub = json_string_value(v);
    }
    if ((v = json_object_get(body, "active")) != NULL) {
        in->has_active = 1;
        in->active = json_is_true(v);
    }
}

kc_status official_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                  official *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    official_input in = {0};
    kc_status st;

    st = directory_service_open(pool, p, 1, NULL, body, official_fields_create,
                                CATALOGUE_NFIELDS(official_fields_create), &conn, pb);
    if (st != KC_OK)
        goto out;
    in.active = 1;
    official_input_from_json(body, &in);
    st = official_repo_insert(conn, p->tenant_id, &in, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status official_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                               official *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = directory_service_open(pool, p, 0, id, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = official_repo_get(conn, p->tenant_id, id, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status official_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                official **items, size_t *n, kc_keyset_next *next, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = directory_service_open(pool, p, 0, NULL, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = official_repo_list(conn, p->tenant_id, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status official_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, official *out,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    official_input in = {0};
    kc_status st;

    st = directory_service_open(pool, p, 1, id, body, official_fields_patch,
                                CATALOGUE_NFIELDS(official_fields_patch), &conn, pb);
    if (st != KC_OK)
        goto out;
    official_input_from_json(body, &in);
    st = official_repo_update(conn, p->tenant_id, id, &in, if_match, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}
