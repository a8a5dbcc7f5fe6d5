#include "category_service.h"

#include "catalogue_service.h"
#include "category_repo.h"

static const kc_field category_fields_create[] = {
    {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 100},
    {.name = "slaDays", .type = KC_T_INT, .min = 1, .max = 365},
};
static const kc_field category_fields_patch[] = {
    {.name = "name", .type = KC_T_STRING, .min_len = 1, .max_len = 100},
    {.name = "slaDays", .type = KC_T_INT, .min = 1, .max = 365},
};

kc_status category_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                  category *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    const json_t *sla;
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_MANAGE, NULL, body, category_fields_create,
                                CATALOGUE_NFIELDS(category_fields_create), &conn, pb);
    if (st != KC_OK)
        goto out;
    sla = json_object_get(body, "slaDays");
    st = category_repo_insert(conn, p->tenant_id, json_string_value(json_object_get(body, "name")),
                              sla != NULL ? (int)json_integer_value(sla) : 10, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status category_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                               category *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_READ, id, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = category_repo_get(conn, p->tenant_id, id, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status category_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                category **items, size_t *n, kc_keyset_next *next, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = catalogue_service_open(pool, p, CATALOGUE_READ, NULL, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = category_repo_list(conn, p->tenant_id, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status category_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const json_t *body, long long if_match, category *out,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    category_patch patch = {0};
    const json_t *v;
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_MANAGE, id, body, category_fields_patch,
                                CATALOGUE_NFIELDS(category_fields_patch), &conn, pb);
    if (st != KC_OK)
        goto out;
    if ((v = json_object_get(body, "name")) != NULL) {
        patch.has_name = 1;
        patch.name = json_string_value(v);
    }
    if ((v = json_object_get(body, "slaDays")) != NULL) {
        patch.has_sla_days = 1;
        patch.sla_days = (int)json_integer_value(v);
    }
    st = category_repo_update(conn, p->tenant_id, id, &patch, if_match, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status category_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_MANAGE, id, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = category_repo_delete(conn, p->tenant_id, id, pb);
out:
    kc_db_release(pool, conn);
    return st;
}
