#ifndef KOERS_CASEDESK_SLA_SCAN_H
#define KOERS_CASEDESK_SLA_SCAN_H

#include <time.h>
#include "koers/db.h"

/* The scheduler's look at the cases of every tenant (scheduler.h): cases
 * not resolved or closed and not suspended get
 *  - case.sla.breached {deadline: "first_contact", dueAt} once, when no
 *    first contact was made by firstContactDue (first_contact_breached_at);
 *  - case.sla.breached {deadline: "resolution", dueAt} once, at
 *    resolutionDue (sla_breached_at);
 *  - case.sla.warning {deadline: "resolution", dueAt} once, from
 *    slaWarningHours before resolutionDue until it (sla_warned_at);
 * each with an internal timeline entry (sla_breached / sla_warning). Rows
 * are taken in batches with FOR UPDATE SKIP LOCKED and flagged in the same
 * transaction as their events, so replicas running this at once share the
 * work and each thing happens once. The counts are what this call did. */
typedef struct sla_scan_counts {
    int first_contact_breaches;
    int breaches;
    int warnings;
} sla_scan_counts;

kc_status sla_scan_run(kc_db_pool *pool, time_t as_of, sla_scan_counts *out,
                       kc_problem *pb) KC_MUST_CHECK;

#endif
