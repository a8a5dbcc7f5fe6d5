#include "scheduler.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/config.h"
#include "koers/log.h"
#include "privacy_pass.h"
#include "referral_scan.h"
#include "sla_scan.h"

/* Cases re-sealed per pass at most (privacy_rekey_pass). */
#define SCHEDULER_REKEY_LIMIT 500

static int scheduler_every_s = 60;
static int scheduler_clock_override;

int scheduler_configure(char *err, size_t errlen)
{
    char override[16];

    if (kc_env_int("KOERS_CASEDESK_SCHEDULER_EVERY_S", 60, 0, 86400, &scheduler_every_s, err,
                   errlen) != 0)
        return -1;
    if (kc_env_str("KOERS_CASEDESK_CLOCK_OVERRIDE", "false", override, sizeof(override), err,
                   errlen) != 0)
        return -1;
    if (strcmp(override, "true") == 0) {
        scheduler_clock_override = 1;
        kc_log(KC_LOG_WARN, NULL,
               "KOERS_CASEDESK_CLOCK_OVERRIDE=true: scheduler runs may name their own clock "
               "(asOf); never in production");
    } else if (strcmp(override, "false") == 0 || override[0] == '\0') {
        scheduler_clock_override = 0;
    } else {
        snprintf(err, errlen, "KOERS_CASEDESK_CLOCK_OVERRIDE must be true or false");
        return -1;
    }
    return 0;
}

int scheduler_clock_override_allowed(void)
{
    return scheduler_clock_override;
}

/* Runs one step of a pass: its failure goes to pb when it is the first,
 * else only to the log; the pass goes on with the next step. */
static void scheduler_step(kc_status st, kc_problem *local, const char *what, kc_status *first,
                           kc_problem *pb)
{
    if (st != KC_OK) {
        if (*first == KC_OK) {
            *first = st;
            kc_problem_set(pb, st, "%s", local->detail);
        }
        kc_log(KC_LOG_WARN, NULL, "scheduler: %s failed: %s", what, local->detail);
    }
    kc_problem_clear(local);
}

kc_status scheduler_pass(kc_db_pool *pool, time_t as_of, scheduler_result *out, kc_problem *pb)
{
    sla_scan_counts sla = {0};
    referral_scan_counts ref = {0};
    kc_status first = KC_OK;
    kc_problem local;

    memset(out, 0, sizeof(*out));
    kc_problem_init(&local);
    scheduler_step(sla_scan_run(pool, as_of, &sla, &local), &local, "SLA scan", &first, pb);
    out->first_contact_breaches = sla.first_contact_breaches;
    out->sla_breaches = sla.breaches;
    out->sla_warnings = sla.warnings;
    scheduler_step(referral_scan_run(pool, as_of, &ref, &local), &local, "referral scan", &first,
                   pb);
    out->referral_reminders = ref.reminders;
    out->referral_overdue = ref.overdue;
    out->escalations = ref.escalations;
    scheduler_step(privacy_retention_pass(pool, as_of, &out->anonymised, &local), &local,
                   "retention pass", &first, pb);
    scheduler_step(privacy_rekey_pass(pool, SCHEDULER_REKEY_LIMIT, &out->rekeyed, &local), &local,
                   "rekey pass", &first, pb);
    return first;
}

/* ---- the worker ------------------------------------------------------------ */

typedef struct scheduler_thread {
    kc_db_pool *pool;
    int every_s;
    int stopping;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
} scheduler_thread;

static void scheduler_log_result(const scheduler_result *r)
{
    if (r->first_contact_breaches + r->sla_warnings + r->sla_breaches + r->referral_reminders +
            r->referral_overdue + r->escalations + r->anonymised + r->rekeyed ==
        0)
        return;
    kc_log(KC_LOG_INFO, NULL,
           "scheduler pass: %d first contact breach(es), %d SLA warning(s), %d SLA breach(es), "
           "%d referral reminder(s), %d referral(s) overdue, %d escalation(s), %d anonymised, "
           "%d rekeyed",
           r->first_contact_breaches, r->sla_warnings, r->sla_breaches, r->referral_reminders,
           r->referral_overdue, r->escalations, r->anonymised, r->rekeyed);
}

static void *scheduler_main(void *arg)
{
    scheduler_thread *t = arg;
    scheduler_result result;
    struct timespec until;
    kc_problem pb;
    int stopping;

    for (;;) {
        pthread_mutex_lock(&t->mu);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += t->every_s;
        while (!t->stopping) {
            if (pthread_cond_timedwait(&t->cv, &t->mu, &until) == ETIMEDOUT)
                break;
        }
        stopping = t->stopping;
        pthread_mutex_unlock(&t->mu);
        if (stopping)
            break;

        kc_problem_init(&pb);
        if (scheduler_pass(t->pool, time(NULL), &result, &pb) != KC_OK)
            kc_log(KC_LOG_WARN, NULL, "scheduler pass failed: %s", pb.detail);
        scheduler_log_result(&result);
        kc_problem_clear(&pb);
    }
    return NULL;
}

static kc_status scheduler_start(kc_db_pool *pool, void **handle)
{
    scheduler_thread *t;

    *handle = NULL;
    if (scheduler_every_s == 0) {
        kc_log(KC_LOG_INFO, NULL,
               "scheduler: KOERS_CASEDESK_SCHEDULER_EVERY_S=0, passes run only on request");
        return KC_OK;
    }
    t = calloc(1, sizeof(*t));
    if (t == NULL)
        return KC_INTERNAL;
    t->pool = pool;
    t->every_s = scheduler_every_s;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    if (pthread_create(&t->thread, NULL, scheduler_main, t) != 0) {
        pthread_cond_destroy(&t->cv);
        pthread_mutex_destroy(&t->mu);
        free(t);
        return KC_INTERNAL;
    }
    *handle = t;
    return KC_OK;
}

static void scheduler_stop(void *handle)
{
    scheduler_thread *t = handle;

    if (t == NULL)
        return;
    pthread_mutex_lock(&t->mu);
    t->stopping = 1;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

const kc_service_worker scheduler_worker = {
    .what = "scheduler thread",
    .start = scheduler_start,
    .stop = scheduler_stop,
};
