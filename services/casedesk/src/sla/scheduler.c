#include "sla/scheduler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/config.h"
#include "koers/log.h"
#include "koers/periodic.h"
#include "privacy/privacy_pass.h"
#include "referrals/referral_scan.h"
#include "sla/sla_scan.h"

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
    int expired = 0;

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
    scheduler_step(privacy_expire_answers_pass(pool, as_of, &expired, &local), &local,
                   "expiry of stored answers", &first, pb);
    if (expired > 0)
        kc_log(KC_LOG_INFO, NULL, "scheduler: %d stored Idempotency-Key answer(s) expired",
               expired);
    return first;
}

/* ---- the worker ------------------------------------------------------------ */

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

/* One pass at the present time, logged (kc_periodic calls it). */
static void scheduler_tick(void *arg)
{
    scheduler_result result;
    kc_problem pb;

    memset(&result, 0, sizeof(result));
    kc_problem_init(&pb);
    if (scheduler_pass(arg, time(NULL), &result, &pb) != KC_OK)
        kc_log(KC_LOG_WARN, NULL, "scheduler pass failed: %s", pb.detail);
    scheduler_log_result(&result);
    kc_problem_clear(&pb);
}

static kc_status scheduler_start(kc_db_pool *pool, void **handle)
{
    kc_periodic *t = NULL;
    kc_status st;

    *handle = NULL;
    if (scheduler_every_s == 0) {
        kc_log(KC_LOG_INFO, NULL,
               "scheduler: KOERS_CASEDESK_SCHEDULER_EVERY_S=0, passes run only on request");
        return KC_OK;
    }
    /* the first pass after a period: a replica starting during a rollout
     * does not add a pass to the others' */
    st = kc_periodic_start(scheduler_every_s, 0, scheduler_tick, pool, &t);
    *handle = t;
    return st;
}

static void scheduler_stop(void *handle)
{
    kc_periodic_stop(handle);
}

const kc_service_worker scheduler_worker = {
    .what = "scheduler thread",
    .start = scheduler_start,
    .stop = scheduler_stop,
};
