#include "reports/worklist_service.h"

#include "reports/worklist_repo.h"

kc_status worklist_service_mine(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                worklist_item **items, size_t *n, kc_keyset_next *next,
                                kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char officer_id[37] = "";
    kc_status st;

    *items = NULL;
    *n = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    /* the caller's own work list: the liaison officer whose userSub is the
     * caller's JWT sub (a caller who is none has no work list) */
    st = worklist_repo_officer_by_sub(conn, p->tenant_id, p->subject, officer_id, pb);
    if (st != KC_OK)
        goto out;
    st = worklist_repo_officer_cases(conn, p->tenant_id, officer_id, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status worklist_service_officer(kc_db_pool *pool, const kc_principal *p, const char *officer_id,
                                   const kc_keyset *page, worklist_item **items, size_t *n,
                                   kc_keyset_next *next, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = kc_check_id("id", officer_id, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = worklist_repo_officer_exists(conn, p->tenant_id, officer_id, pb);
    if (st != KC_OK)
        goto out;
    st = worklist_repo_officer_cases(conn, p->tenant_id, officer_id, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status worklist_service_triage(kc_db_pool *pool, const kc_principal *p, const kc_keyset *page,
                                  worklist_item **items, size_t *n, kc_keyset_next *next,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = worklist_repo_triage(conn, p->tenant_id, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status worklist_service_overview(kc_db_pool *pool, const kc_principal *p, json_t **out,
                                    kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *out = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = worklist_repo_overview(conn, p->tenant_id, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}
