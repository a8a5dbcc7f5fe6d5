#include "reports/statistics_days.h"

#include <time.h>
#include "koers/config.h"
#include "koers/log.h"
#include "koers/periodic.h"
#include "reports/statistics_repo.h"

/* Days built per transaction: it holds stat_days locked, so a writer
 * marking an old day stale meanwhile waits for it (~40 ms a day of 900
 * cases). */
#define STAT_DAYS_BATCH 4
/* A tick stops after this many days or seconds (the stop waits for it). */
#define STAT_DAYS_TICK_MAX  496
#define STAT_DAYS_TICK_SECS 20

static int statistics_days_every_s = 60;

int statistics_days_configure(char *err, size_t errlen)
{
    int scheduler = 60;

    if (kc_env_int("KOERS_CASEDESK_SCHEDULER_EVERY_S", 60, 0, 86400, &scheduler, err, errlen) != 0)
        return -1;
    return kc_env_int("KOERS_CASEDESK_STATISTICS_EVERY_S", scheduler, 0, 86400,
                      &statistics_days_every_s, err, errlen);
}

kc_status statistics_days_pass(kc_db_pool *pool, int max_days, int *built, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    time_t start = time(NULL);
    kc_status st;

    *built = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    while (*built < max_days && time(NULL) - start < STAT_DAYS_TICK_SECS) {
        int n = 0, batch = max_days - *built;
        st = statistics_repo_refresh_days(conn, batch < STAT_DAYS_BATCH ? batch : STAT_DAYS_BATCH,
                                          &n, pb);
        if (st != KC_OK)
            goto out;
        *built += n;
        if (n < STAT_DAYS_BATCH)
            break;
    }
out:
    kc_db_release(pool, conn);
    return st;
}

/* One pass, logged (kc_periodic calls it). */
static void statistics_days_tick(void *arg)
{
    kc_problem pb;
    int built = 0;

    kc_problem_init(&pb);
    if (statistics_days_pass(arg, STAT_DAYS_TICK_MAX, &built, &pb) != KC_OK)
        kc_log(KC_LOG_WARN, NULL, "statistics days: %s (built again on a later pass)", pb.detail);
    if (built > 0)
        kc_log(KC_LOG_INFO, NULL, "statistics days: %d day(s) built", built);
    kc_problem_clear(&pb);
}

static kc_status statistics_days_start(kc_db_pool *pool, void **handle)
{
    kc_periodic *t = NULL;
    kc_status st;

    *handle = NULL;
    if (statistics_days_every_s == 0)
        return KC_OK;
    st = kc_periodic_start(statistics_days_every_s, 0, statistics_days_tick, pool, &t);
    *handle = t;
    return st;
}

static void statistics_days_stop(void *handle)
{
    kc_periodic_stop(handle);
}

const kc_service_worker statistics_days_worker = {
    .what = "statistics days thread",
    .start = statistics_days_start,
    .stop = statistics_days_stop,
};
