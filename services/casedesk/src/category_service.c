#include "category_service.h"

#include "catalogue_service.h"
#include "category_repo.h"

static const char *const sla_units[] = {"working_days", "calendar_days", NULL};

static const kc_field category_fields_create[] = {
    {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 100},
    {.name = "slaDays", .type = KC_T_INT, .min = 1, .max = 365},
    {.name = "firstContactDays", .type = KC_T_INT, .min = 1, .max = 365},
    {.name = "slaUnit", .type = KC_T_STRING, .enum_values = sla_units},
    {.name = "processOwnerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
};
static const kc_field category_fields_patch[] = {
    {.name = "name", .type = KC_T_STRING, .min_len = 1, .max_len = 100},
    {.name = "slaDays", .type = KC_T_INT, .min = 1, .max = 365},
    {.name = "firstContactDays", .type = KC_T_INT, .min = 1, .max = 365},
    {.name = "slaUnit", .type = KC_T_STRING, .enum_values = sla_units},
    {.name = "processOwnerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
};

/* The process owner must be an active official of the tenant: 422 naming
 * processOwnerId otherwise. NULL (none) is always fine. */
static kc_status check_process_owner(kc_db_conn *conn, const char *tenant_id,
                                     const char *official_id, kc_problem *pb)
{
    int exists = 0, active = 0;
    kc_status st;

    if (official_id == NULL)
        return KC_OK;
    st = category_repo_official_state(conn, tenant_id, official_id, &exists, &active, pb);
    if (st != KC_OK)
        return st;
    if (!exists) {
        kc_problem_add_field(pb, "processOwnerId", "no official with this id");
        return kc_problem_set(pb, KC_INVALID, "official %s not found", official_id);
    }
    if (!active) {
        kc_problem_add_field(pb, "processOwnerId", "the official is not active");
        return kc_problem_set(pb, KC_INVALID, "official %s is not active", official_id);
    }
    return KC_OK;
}

/* A foreign key failure of the write: the process owner went away meanwhile. */
static kc_status process_owner_fk(kc_status st, const char *official_id, kc_problem *pb)
{
    if (st == KC_INVALID && official_id != NULL && pb->invalid_params == NULL) {
        kc_problem_add_field(pb, "processOwnerId", "no official with this id");
        st = kc_problem_set(pb, KC_INVALID, "official %s not found", official_id);
    }
    return st;
}

kc_status category_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                  category *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    category_new in = {NULL, 10, 2, NULL, NULL};
    const json_t *v;
    kc_status st;

    st = catalogue_service_open(pool, p, CATALOGUE_MANAGE, NULL, body, category_fields_create,
                                CATALOGUE_NFIELDS(category_fields_create), &conn, pb);
    if (st != KC_OK)
        goto out;
    in.name = json_string_value(json_object_get(body, "name"));
    if ((v = json_object_get(body, "slaDays")) != NULL)
        in.sla_days = (int)json_integer_value(v);
    if ((v = json_object_get(body, "firstContactDays")) != NULL)
        in.first_contact_days = (int)json_integer_value(v);
    in.sla_unit = json_string_value(json_object_get(body, "slaUnit"));
    in.process_owner_id = json_string_value(json_object_get(body, "processOwnerId"));
    st = check_process_owner(conn, p->tenant_id, in.process_owner_id, pb);
    if (st != KC_OK)
        goto out;
    st = category_repo_create(conn, p->tenant_id, &in, out, pb);
    st = process_owner_fk(st, in.process_owner_id, pb);
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
    if ((v = json_object_get(body, "firstContactDays")) != NULL) {
        patch.has_first_contact_days = 1;
        patch.first_contact_days = (int)json_integer_value(v);
    }
    if ((v = json_object_get(body, "slaUnit")) != NULL) {
        patch.has_sla_unit = 1;
        patch.sla_unit = json_string_value(v);
    }
    if ((v = json_object_get(body, "processOwnerId")) != NULL) {
        patch.has_process_owner_id = 1;
        patch.process_owner_id = json_string_value(v); /* NULL for JSON null */
    }
    st = check_process_owner(conn, p->tenant_id, patch.process_owner_id, pb);
    if (st != KC_OK)
        goto out;
    st = category_repo_update(conn, p->tenant_id, id, &patch, if_match, out, pb);
    st = process_owner_fk(st, patch.process_owner_id, pb);
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
