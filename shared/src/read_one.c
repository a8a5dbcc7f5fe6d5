#include "koers/read_one.h"

#include "koers/validate.h"

kc_status kc_read_one(kc_db_pool *pool, const kc_principal *p, const char *id, kc_read_fn read,
                      json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = read(conn, p->tenant_id, id, out, pb);
    kc_db_release(pool, conn);
    return st;
}
