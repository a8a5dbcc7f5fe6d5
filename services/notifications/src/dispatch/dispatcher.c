/* The dispatcher's threads: KOERS_NOTIFICATIONS_WORKERS of them wait for a
 * wake (dispatch_wake) or the poll interval, then claim due deliveries and
 * work them (dispatch/dispatch_work.c). One process-wide wake point, so the
 * intake can call dispatch_wake() without a handle. */
#include "dispatch/dispatcher.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "koers/config.h"
#include "koers/log.h"

#define DISPATCH_WORKERS_MAX 64

typedef struct dispatch_settings {
    int workers;
    int poll_ms;
} dispatch_settings;

static dispatch_settings settings = {4, 500};

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
    int nthreads;
    pthread_t threads[DISPATCH_WORKERS_MAX];
} dispatcher;

int dispatch_configure(char *err, size_t errlen)
{
    if (kc_env_int("KOERS_NOTIFICATIONS_WORKERS", 4, 1, DISPATCH_WORKERS_MAX, &settings.workers,
                   err, errlen) != 0)
        return -1;
    if (kc_env_int("KOERS_NOTIFICATIONS_POLL_MS", 500, 10, 60000, &settings.poll_ms, err, errlen) !=
        0)
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

    (void)d;
    while (!dispatch_wait(&seen)) {
    }
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
    if (d->nthreads < settings.workers) {
        dispatch_stop(d);
        d = NULL;
        goto out;
    }
    kc_log(KC_LOG_INFO, NULL, "dispatch: %d workers, poll every %d ms", settings.workers,
           settings.poll_ms);
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
