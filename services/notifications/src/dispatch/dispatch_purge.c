#include "dispatch/dispatch_purge.h"

#include "dispatch/dispatch_repo.h"
#include "koers/log.h"
#include "koers/metrics.h"

long dispatch_purge_run(kc_db_pool *pool, int keep_days)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    long total = 0;
    int deleted = DISPATCH_PURGE_BATCH, batches;
    kc_status st = KC_OK;

    kc_problem_init(&pb);
    st = kc_db_acquire(pool, &conn, &pb);
    for (batches = 0;
         st == KC_OK && deleted == DISPATCH_PURGE_BATCH && batches < DISPATCH_PURGE_MAX_BATCHES;
         batches++) {
        st = dispatch_repo_purge(conn, keep_days, DISPATCH_PURGE_BATCH, &deleted, &pb);
        if (st == KC_OK)
            total += deleted;
    }
    kc_db_release(pool, conn);
    if (st != KC_OK) {
        kc_log(KC_LOG_ERROR, NULL, "dispatch: purging old messages failed (%s: %s)",
               kc_status_title(st), pb.detail);
        total = -1;
    } else if (total > 0) {
        kc_log(KC_LOG_INFO, NULL, "dispatch: purged %ld messages older than %d days", total,
               keep_days);
    }
    kc_problem_clear(&pb);
    return total;
}

void dispatch_failing_gauge(kc_db_pool *pool)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    int n = 0;
    kc_status st;

    kc_problem_init(&pb);
    st = kc_db_acquire(pool, &conn, &pb);
    if (st == KC_OK)
        st = dispatch_repo_failing_count(conn, &n, &pb);
    kc_db_release(pool, conn);
    if (st == KC_OK)
        kc_metrics_gauge_set("notifications_failing_subscriptions", NULL, n);
    else
        kc_log(KC_LOG_WARN, NULL, "dispatch: counting failing subscriptions failed (%s)",
               kc_status_title(st));
    kc_problem_clear(&pb);
}
