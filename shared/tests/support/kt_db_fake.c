/* Fakes of the pool, the transactions and the outbox: see koers_test.h.
 * A file of its own: the linker takes it from libkoers_test.a only into a
 * test that wraps these functions. */
#include <stdio.h>
#include <string.h>

#include "koers_test.h"

kt_db_record kt_db;

void kt_db_reset(void)
{
    memset(&kt_db, 0, sizeof(kt_db));
}

KT_FAKE(kc_db_acquire);
kc_status __wrap_kc_db_acquire(kc_db_pool *pool, kc_db_conn **out, kc_problem *pb)
{
    (void)pool;
    *out = NULL;
    if (kt_db.acquire_status != KC_OK)
        return kc_problem_set(pb, kt_db.acquire_status, "no connection");
    kt_db.acquired++;
    *out = KT_DB_CONN;
    return KC_OK;
}

KT_FAKE(kc_db_release);
void __wrap_kc_db_release(kc_db_pool *pool, kc_db_conn *conn)
{
    (void)pool;
    if (conn != NULL)
        kt_db.released++;
}

KT_FAKE(kc_db_begin);
kc_status __wrap_kc_db_begin(kc_db_conn *conn, kc_problem *pb)
{
    (void)conn;
    (void)pb;
    kt_db.begun++;
    return KC_OK;
}

KT_FAKE(kc_db_commit);
kc_status __wrap_kc_db_commit(kc_db_conn *conn, kc_problem *pb)
{
    (void)conn;
    (void)pb;
    kt_db.committed++;
    return KC_OK;
}

KT_FAKE(kc_db_rollback);
void __wrap_kc_db_rollback(kc_db_conn *conn)
{
    (void)conn;
    kt_db.rolled_back++;
}

KT_FAKE(kc_outbox_add);
kc_status __wrap_kc_outbox_add(kc_db_conn *conn, const char *schema, const char *type,
                               const char *tenant_id, const char *aggregate_id, const json_t *data,
                               kc_problem *pb)
{
    (void)conn;
    (void)schema;
    (void)tenant_id;
    (void)aggregate_id;
    (void)data;
    (void)pb;
    if (kt_db.nevents < (int)KC_NELEMS(kt_db.events))
        snprintf(kt_db.events[kt_db.nevents++], sizeof(kt_db.events[0]), "%s", type);
    return KC_OK;
}
