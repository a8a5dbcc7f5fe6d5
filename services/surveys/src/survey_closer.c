#include "survey_closer.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include "koers/log.h"
#include "survey_service.h"

struct survey_closer {
    kc_db_pool *pool;
    int every_s;
    int stopping;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
};

static void *survey_closer_main(void *arg)
{
    survey_closer *c = arg;
    struct timespec until;
    int closed, stopping;
    kc_problem pb;

    for (;;) {
        kc_problem_init(&pb);
        closed = 0;
        if (survey_service_close_due(c->pool, &closed, &pb) != KC_OK)
            kc_log(KC_LOG_WARN, NULL, "scheduled close pass failed: %s", pb.detail);
        else if (closed > 0)
            kc_log(KC_LOG_INFO, NULL, "scheduled close: %d survey(s) closed", closed);
        kc_problem_clear(&pb);

        pthread_mutex_lock(&c->mu);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += c->every_s;
        while (!c->stopping) {
            if (pthread_cond_timedwait(&c->cv, &c->mu, &until) == ETIMEDOUT)
                break;
        }
        stopping = c->stopping;
        pthread_mutex_unlock(&c->mu);
        if (stopping)
            break;
    }
    return NULL;
}

kc_status survey_closer_start(kc_db_pool *pool, int every_s, survey_closer **out)
{
    survey_closer *c;

    *out = NULL;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return KC_INTERNAL;
    c->pool = pool;
    c->every_s = every_s;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    if (pthread_create(&c->thread, NULL, survey_closer_main, c) != 0) {
        pthread_cond_destroy(&c->cv);
        pthread_mutex_destroy(&c->mu);
        free(c);
        return KC_INTERNAL;
    }
    *out = c;
    return KC_OK;
}

void survey_closer_stop(survey_closer *c)
{
    if (c == NULL)
        return;
    pthread_mutex_lock(&c->mu);
    c->stopping = 1;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    free(c);
}
