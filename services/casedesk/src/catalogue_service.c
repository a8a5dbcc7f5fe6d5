#include "catalogue_service.h"

#include "casedesk.h"

kc_status catalogue_service_open(kc_db_pool *pool, const kc_principal *p, catalogue_access access,
                                 const char *id, const json_t *body, const kc_field *fields,
                                 size_t nfields, kc_db_conn **conn, kc_problem *pb)
{
    kc_status st;

    *conn = NULL;
    if (access == CATALOGUE_MANAGE)
        st = kc_authorize(p, CASEDESK_ROLES_MANAGE, NULL, pb);
    else
        st = kc_authorize(p, CASEDESK_ROLES_READ, CASEDESK_SCOPE_READ, pb);
    if (st != KC_OK)
        goto out;
    if (id != NULL)
        st = kc_check_id("id", id, pb);
    if (st != KC_OK)
        goto out;
    if (body != NULL)
        st = kc_validate_json(body, fields, nfields, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_acquire(pool, conn, pb);
out:
    return st;
}
