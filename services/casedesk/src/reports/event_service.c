#include "reports/event_service.h"

kc_status event_service_page(kc_db_pool *pool, const kc_principal *p, long long after, int limit,
                             kc_event_log_entry **items, size_t *n, int *has_more, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    *n = 0;
    *has_more = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = kc_event_log_page(conn, CASEDESK_SCHEMA, p->tenant_id, after, limit, items, n, has_more,
                           pb);
out:
    kc_db_release(pool, conn);
    return st;
}
