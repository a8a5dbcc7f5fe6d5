#include "koers/periodic.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct kc_periodic {
    int every_s;
    int first_now;
    kc_periodic_fn fn;
    void *arg;
    int stopping;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
};

/* Waits every_s seconds or until stopped; 1 when stopped. */
static int periodic_wait(kc_periodic *p)
{
    struct timespec until;
    int stopping;

    pthread_mutex_lock(&p->mu);
    clock_gettime(CLOCK_MONOTONIC, &until); /* a clock step does not stretch the wait */
    until.tv_sec += p->every_s;
    while (!p->stopping) {
        if (pthread_cond_timedwait(&p->cv, &p->mu, &until) == ETIMEDOUT)
            break;
    }
    stopping = p->stopping;
    pthread_mutex_unlock(&p->mu);
    return stopping;
}

static void *periodic_main(void *arg)
{
    kc_periodic *p = arg;

    if (p->first_now)
        p->fn(p->arg);
    while (!periodic_wait(p))
        p->fn(p->arg);
    return NULL;
}

kc_status kc_periodic_start(int every_s, int first_now, kc_periodic_fn fn, void *arg,
                            kc_periodic **out)
{
    kc_periodic *p;
    pthread_condattr_t attr;

    *out = NULL;
    if (every_s < 1 || fn == NULL)
        return KC_INTERNAL;
    p = calloc(1, sizeof(*p));
    if (p == NULL)
        return KC_INTERNAL;
    p->every_s = every_s;
    p->first_now = first_now;
    p->fn = fn;
    p->arg = arg;
    pthread_mutex_init(&p->mu, NULL);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&p->cv, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&p->thread, NULL, periodic_main, p) != 0) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        free(p);
        return KC_INTERNAL;
    }
    *out = p;
    return KC_OK;
}

void kc_periodic_stop(kc_periodic *p)
{
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    p->stopping = 1;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}
