#include "core_value_service.h"

#include "koers/validate.h"
#include "core_value_repo.h"

static const kc_field core_value_fields_create[] = {
    {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 100},
    {.name = "description", .type = KC_T_STRING, .max_len = 1000},
};
static const kc_field core_value_fields_patch[] = {
    {.name = "name", .type = KC_T_STRING, .min_len = 1, .max_len = 100},
    {.name = "description", .type = KC_T_STRING, .max_len = 1000},
};
#define CV_NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* Authorizes, checks id and body, and takes a connection (*conn is NULL on
 * failure; the caller releases it in any case). */
static kc_status core_value_open(kc_db_pool *pool, const kc_principal *p, int manage,
                                 const char *id, const json_t *body, const kc_field *fields,
                                 size_t nfields, kc_db_conn **conn, kc_problem *pb)
{
    kc_status st;

    *conn = NULL;
    st = manage ? kc_authorize(p, SURVEYS_ROLES_MANAGE, NULL, pb)
                : kc_authorize(p, SURVEYS_ROLES_READ, SURVEYS_SCOPE_READ, pb);
    if (st == KC_OK && id != NULL)
        st = kc_check_id("id", id, pb);
    if (st == KC_OK && body != NULL)
        st = kc_validate_json(body, fields, nfields, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, conn, pb);
    return st;
}

typedef struct core_value_new {
    const char *tenant_id, *name, *description;
} core_value_new;

static kc_status core_value_insert_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    const core_value_new *in = arg;
    core_value v;
    kc_status st;

    st = core_value_repo_insert(conn, in->tenant_id, in->name, in->description, &v, pb);
    if (st == KC_OK)
        *answer = core_value_to_json(&v);
    return st;
}

kc_status core_value_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                    const json_t *body, int *http_status, json_t **answer,
                                    int *replayed, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    core_value_new in;
    const char *d;
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = core_value_open(pool, p, 1, NULL, body, core_value_fields_create,
                         CV_NFIELDS(core_value_fields_create), &conn, pb);
    if (st != KC_OK)
        goto out;
    d = json_string_value(json_object_get(body, "description"));
    in.tenant_id = p->tenant_id;
    in.name = json_string_value(json_object_get(body, "name"));
    in.description = d != NULL ? d : "";
    *http_status = 201;
    st = kc_idem_create(conn, SURVEYS_SCHEMA, idem, NULL, core_value_insert_fn, &in, answer,
                        replayed, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status core_value_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 core_value *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = core_value_open(pool, p, 0, id, NULL, NULL, 0, &conn, pb);
    if (st == KC_OK)
        st = core_value_repo_get(conn, p->tenant_id, id, out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status core_value_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                  core_value **items, size_t *n, kc_keyset_next *next,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = core_value_open(pool, p, 0, NULL, NULL, NULL, 0, &conn, pb);
    if (st == KC_OK)
        st = core_value_repo_list(conn, p->tenant_id, page, items, n, next, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status core_value_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, long long if_match, core_value *out,
                                    kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = core_value_open(pool, p, 1, id, body, core_value_fields_patch,
                         CV_NFIELDS(core_value_fields_patch), &conn, pb);
    if (st == KC_OK)
        st = core_value_repo_update(
            conn, p->tenant_id, id, json_string_value(json_object_get(body, "name")),
            json_string_value(json_object_get(body, "description")), if_match, out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status core_value_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = core_value_open(pool, p, 1, id, NULL, NULL, 0, &conn, pb);
    if (st == KC_OK)
        st = core_value_repo_delete(conn, p->tenant_id, id, pb);
    kc_db_release(pool, conn);
    return st;
}
