#include "surveys/settings_service.h"

#include "koers/validate.h"
#include "surveys/settings_repo.h"
#include "surveys.h"

static const kc_field settings_fields[] = {
    {.name = "minGroupSize", .type = KC_T_INT, .required = 1, .min = 2, .max = 100},
};

kc_status settings_service_get(kc_db_pool *pool, const kc_principal *p, json_t **out,
                               kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    int n = 0;
    kc_status st;

    *out = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = settings_repo_min_group_size(conn, p->tenant_id, &n, pb);
    if (st == KC_OK)
        *out = json_pack("{s:i}", "minGroupSize", n);
    kc_db_release(pool, conn);
    return st;
}

kc_status settings_service_put(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                               json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    int n;
    kc_status st;

    *out = NULL;
    st = kc_validate_json(body, settings_fields, 1, pb);
    if (st != KC_OK)
        goto out;
    n = (int)json_integer_value(json_object_get(body, "minGroupSize"));
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = settings_repo_put(conn, p->tenant_id, n, pb);
    if (st == KC_OK)
        *out = json_pack("{s:i}", "minGroupSize", n);
out:
    kc_db_release(pool, conn);
    return st;
}
