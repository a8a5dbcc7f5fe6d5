#include "department_service.h"

#include "catalogue_service.h"
#include "department_repo.h"

static const kc_field department_fields_create[] = {
    {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
    {.name = "teamManagerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
};
static const kc_field department_fields_patch[] = {
    {.name = "name", .type = KC_T_STRING, .min_len = 1, .max_len = 200},
    {.name = "teamManagerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
};

kc_status directory_service_open(kc_db_pool *pool, const kc_principal *p, int write, const char *id,
                                 const json_t *body, const kc_field *fields, size_t nfields,
                                 kc_db_conn **conn, kc_problem *pb)
{
    kc_status st;

    *conn = NULL;
    st = kc_authorize(p, write ? CASEDESK_ROLES_MANAGE : CASEDESK_ROLES_READ, NULL, pb);
    if (st != KC_OK)
        goto out;
    st = catalogue_service_open(pool, p, write ? CATALOGUE_MANAGE : CATALOGUE_READ, id, body,
                                fields, nfields, conn, pb);
out:
    return st;
}

static void department_input_from_json(const json_t *body, department_input *in)
{
    const json_t *v;

    if ((v = json_object_get(body, "name")) != NULL) {
        in->has_name = 1;
        in->name = json_string_value(v);
    }
    if ((v = json_object_get(body, "teamManagerId")) != NULL) {
        in->has_team_manager_id = 1;
        in->team_manager_id = json_string_value(v); /* NULL for JSON null */
    }
}

kc_status department_service_create(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                                    department *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    department_input in = {0};
    kc_status st;

    st = directory_service_open(pool, p, 1, NULL, body, department_fields_create,
                                CATALOGUE_NFIELDS(department_fields_create), &conn, pb);
    if (st != KC_OK)
        goto out;
    department_input_from_json(body, &in);
    st = department_repo_insert(conn, p->tenant_id, &in, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status department_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 department *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = directory_service_open(pool, p, 0, id, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = department_repo_get(conn, p->tenant_id, id, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status department_service_list(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                  department **items, size_t *n, kc_keyset_next *next,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = directory_service_open(pool, p, 0, NULL, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = department_repo_list(conn, p->tenant_id, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status department_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, long long if_match, department *out,
                                    kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    department_input in = {0};
    kc_status st;

    st = directory_service_open(pool, p, 1, id, body, department_fields_patch,
                                CATALOGUE_NFIELDS(department_fields_patch), &conn, pb);
    if (st != KC_OK)
        goto out;
    department_input_from_json(body, &in);
    st = department_repo_update(conn, p->tenant_id, id, &in, if_match, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status department_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = directory_service_open(pool, p, 1, id, NULL, NULL, 0, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = department_repo_delete(conn, p->tenant_id, id, pb);
out:
    kc_db_release(pool, conn);
    return st;
}
