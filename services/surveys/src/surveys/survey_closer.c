#include "surveys/survey_closer.h"

#include <stdlib.h>
#include "koers/log.h"
#include "koers/periodic.h"
#include "surveys/survey_service.h"

struct survey_closer {
    kc_db_pool *pool;
    kc_periodic *thread;
};

/* One pass: close what is due, say so in the log. */
static void survey_closer_pass(void *arg)
{
    survey_closer *c = arg;
    int closed = 0;
    kc_problem pb;

    kc_problem_init(&pb);
    if (survey_service_close_due(c->pool, &closed, &pb) != KC_OK)
        kc_log(KC_LOG_WARN, NULL, "scheduled close pass failed: %s", pb.detail);
    else if (closed > 0)
        kc_log(KC_LOG_INFO, NULL, "scheduled close: %d survey(s) closed", closed);
    kc_problem_clear(&pb);
}

kc_status survey_closer_start(kc_db_pool *pool, int every_s, survey_closer **out)
{
    survey_closer *c;
    kc_status st;

    *out = NULL;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return KC_INTERNAL;
    c->pool = pool;
    st = kc_periodic_start(every_s, 1, survey_closer_pass, c, &c->thread);
    if (st != KC_OK) {
        free(c);
        return st;
    }
    *out = c;
    return KC_OK;
}

void survey_closer_stop(survey_closer *c)
{
    if (c == NULL)
        return;
    kc_periodic_stop(c->thread);
    free(c);
}
