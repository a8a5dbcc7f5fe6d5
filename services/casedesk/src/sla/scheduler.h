#ifndef KOERS_CASEDESK_SCHEDULER_H
#define KOERS_CASEDESK_SCHEDULER_H

#include <time.h>
#include "koers/db.h"
#include "koers/service.h"

/* The casedesk's scheduler: one pass finds cases and referrals that are
 * nearly due, due and overdue (sla_scan.c, referral_scan.c) and runs the
 * privacy passes (privacy_pass.h). Every row is taken with FOR UPDATE SKIP
 * LOCKED and its "done" flag set in the same transaction as its events, so
 * any number of replicas may run passes at once and each thing happens
 * once. The worker runs a pass every KOERS_CASEDESK_SCHEDULER_EVERY_S
 * seconds (default 60; 0 = only on request); POST /scheduler-runs runs one
 * now (admin), with asOf when KOERS_CASEDESK_CLOCK_OVERRIDE=true. */

typedef struct scheduler_result {
    int first_contact_breaches;
    int sla_warnings;
    int sla_breaches;
    int referral_reminders;
    int referral_overdue;
    int escalations;
    int anonymised;
    int rekeyed;
} scheduler_result;

kc_status scheduler_pass(kc_db_pool *pool, time_t as_of, scheduler_result *out,
                         kc_problem *pb) KC_MUST_CHECK;

/* Reads KOERS_CASEDESK_SCHEDULER_EVERY_S and KOERS_CASEDESK_CLOCK_OVERRIDE. */
int scheduler_configure(char *err, size_t errlen);
int scheduler_clock_override_allowed(void);

/* The worker for kc_service_def.workers. */
extern const kc_service_worker scheduler_worker;

#endif
