/* Fakes of the pool and the transactions: see koers_test.h. A file of its
 * own: the linker takes it from libkoers_test.a only into a test that
 * wraps these functions (the outbox's fake is kt_outbox_fake.c, so a test
 * may check events with a fake of its own and still use these). */
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
