/* The dispatcher's threads: KOERS_NOTIFICATIONS_WORKERS of them claim up
 * to DISPATCH_BATCH due deliveries at a time and work them (dispatch/dispatch_work.c) until none
 * is due, then wait for a wake (dispatch_wake) or the poll interval. One
 * process-wide wake point, so the intake can call dispatch_wake() without
 * a handle. Beside them a periodic thread purges old messages in bounded
 * batches and refreshes the failing-subscriptions gauge. */
#include "dispatch/dispatcher.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <openssl/rand.h>

#include "dispatch/dispatch_purge.h"
#include "dispatch/dispatch_work.h"
#include "koers/config.h"
#include "koers/log.h"
#include "koers/periodic.h"

#define DISPATCH_WORKERS_MAX    64
#define DISPATCH_HOUSEKEEPING_S 60
/* deliveries claimed in one statement: the claim costs about the same for
 * one as for 16, and the in-flight bound still holds per subscription */
#define DISPATCH_BATCH 16

typedef struct dispatch_settings {
    int workers;
    int poll_ms;
    int max_in_flight;
    int alert_every_s;
    int keep_days;
    char public_base_url[256];
} dispatch_settings;

static dispatch_settings settings = {4, 500, 2, 86400, 35, "http://127.0.0.1:8080"};

/* This process' lease id: random, so replicas never mistake one another's
 * leases. */
static char leased_by[33];

/* The wake point: a generation counter under a mutex, so a wake between two
 * looks for work is not lost. running: 1 between start and stop. */
static pthread_mutex_t wake_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cv;
static pthread_once_t wake_once = PTHREAD_ONCE_INIT;
static unsigned long wake_generation;
static int running;
static int stopping;

typedef struct dispatcher {
    kc_db_pool *pool;
    dispatch_work_config work;
    kc_periodic *housekeeping;
    int nthreads;
    pthread_t threads[DISPATCH_WORKERS_MAX];
} dispatcher;

int dispatch_configure(char *err, size_t errlen)
{
    unsigned char raw[16];
    size_t i;

    if (kc_env_int("KOERS_NOTIFICATIONS_WORKERS", 4, 1, DISPATCH_WORKERS_MAX, &settings.workers,
                   err, errlen) != 0)
        return -1;
    if (kc_env_int("KOERS_NOTIFICATIONS_POLL_MS", 500, 10, 60000, &settings.poll_ms, err, errlen) !=
        0)
        return -1;
    if (kc_env_int("KOERS_NOTIFICATIONS_MAX_IN_FLIGHT", 2, 1, 100, &settings.max_in_flight, err,
                   errlen) != 0)
        return -1;
    if (kc_env_int("KOERS_NOTIFICATIONS_ALERT_EVERY_S", 86400, 1, 30 * 86400,
                   &settings.alert_every_s, err, errlen) != 0)
        return -1;
    if (kc_env_int("KOERS_NOTIFICATIONS_KEEP_DAYS", 35, 30, 3650, &settings.keep_days, err,
                   errlen) != 0)
        return -1;
    if (RAND_bytes(raw, sizeof(raw)) != 1) {
        snprintf(err, errlen, "dispatch: no randomness for the lease id");
        return -1;
    }
    for (i = 0; i < sizeof(raw); i++)
        snprintf(leased_by + 2 * i, 3, "%02x", raw[i]);
    if (kc_env_str("KOERS_PUBLIC_BASE_URL", "http://127.0.0.1:8080", settings.public_base_url,
                   sizeof(settings.public_base_url), err, errlen) != 0)
        return -1;
    return 0;
}

/* The condition variable waits on the monotonic clock (a clock step does
 * not stretch a wait); made once, kept for the process. */
static void dispatch_wake_init(void)
{
    pthread_condattr_t attr;

    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&wake_cv, &attr);
    pthread_condattr_destroy(&attr);
}

void dispatch_wake(void)
{
    pthread_mutex_lock(&wake_mu);
    if (running) {
        wake_generation++;
        pthread_cond_broadcast(&wake_cv);
    }
    pthread_mutex_unlock(&wake_mu);
}

static int dispatch_stopping(void)
{
    int stop;

    pthread_mutex_lock(&wake_mu);
    stop = stopping;
    pthread_mutex_unlock(&wake_mu);
    return stop;
}

static void dispatch_housekeeping(void *arg)
{
    dispatcher *d = arg;

    dispatch_purge_run(d->pool, settings.keep_days);
    dispatch_failing_gauge(d->pool);
}

/* Waits for a wake newer than *seen or the poll interval; 1 when stopping. */
static int dispatch_wait(unsigned long *seen)
{
    struct timespec until;
    int stop;

    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += settings.poll_ms / 1000;
    until.tv_nsec += (long)(settings.poll_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&wake_mu);
    while (!stopping && wake_generation == *seen) {
        if (pthread_cond_timedwait(&wake_cv, &wake_mu, &until) == ETIMEDOUT)
            break;
    }
    *seen = wake_generation;
    stop = stopping;
    pthread_mutex_unlock(&wake_mu);
    return stop;
}

static void *dispatch_main(void *arg)
{
    dispatcher *d = arg;
    unsigned long seen = 0;
    int worked;

    do {
        /* work while something is due; wait when nothing was (or the
         * database failed: the poll interval paces the retries) */
        do {
            if (dispatch_work_round(d->pool, &d->work, DISPATCH_BATCH, &worked) != KC_OK)
                worked = 0;
        } while (worked > 0 && !dispatch_stopping());
    } while (!dispatch_wait(&seen));
    return NULL;
}

kc_status dispatch_start(kc_db_pool *pool, void **handle)
{
    dispatcher *d = NULL;
    kc_status st = KC_INTERNAL;
    int i;

    *handle = NULL;
    d = calloc(1, sizeof(*d));
    if (d == NULL)
        goto out;
    d->pool = pool;
    d->work.leased_by = leased_by;
    d->work.max_in_flight = settings.max_in_flight;
    d->work.alert_every_s = settings.alert_every_s;
    d->work.public_base_url = settings.public_base_url;
    pthread_once(&wake_once, dispatch_wake_init);
    pthread_mutex_lock(&wake_mu);
    running = 1;
    stopping = 0;
    pthread_mutex_unlock(&wake_mu);
    for (i = 0; i < settings.workers; i++) {
        if (pthread_create(&d->threads[i], NULL, dispatch_main, d) != 0)
            break;
        d->nthreads++;
    }
    if (d->nthreads == settings.workers &&
        kc_periodic_start(DISPATCH_HOUSEKEEPING_S, 1, dispatch_housekeeping, d, &d->housekeeping) !=
            KC_OK)
        d->housekeeping = NULL;
    if (d->nthreads < settings.workers || d->housekeeping == NULL) {
        dispatch_stop(d);
        d = NULL;
        goto out;
    }
    kc_log(KC_LOG_INFO, NULL,
           "dispatch: %d workers, poll every %d ms, %d in flight per subscription, messages kept "
           "%d days",
           settings.workers, settings.poll_ms, settings.max_in_flight, settings.keep_days);
    *handle = d;
    st = KC_OK;
out:
    return st;
}

void dispatch_stop(void *handle)
{
    dispatcher *d = handle;
    int i;

    if (d == NULL)
        return;
    kc_periodic_stop(d->housekeeping);
    pthread_mutex_lock(&wake_mu);
    stopping = 1;
    pthread_cond_broadcast(&wake_cv);
    pthread_mutex_unlock(&wake_mu);
    for (i = 0; i < d->nthreads; i++)
        pthread_join(d->threads[i], NULL);
    pthread_mutex_lock(&wake_mu);
    running = 0;
    pthread_mutex_unlock(&wake_mu);
    free(d);
}
