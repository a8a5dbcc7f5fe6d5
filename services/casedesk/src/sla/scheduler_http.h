#ifndef KOERS_CASEDESK_SCHEDULER_HTTP_H
#define KOERS_CASEDESK_SCHEDULER_HTTP_H

#include "koers/http.h"

/* POST /casedesk/v1/scheduler-runs (admin): one scheduler pass now, body
 * {asOf?} (asOf only when KOERS_CASEDESK_CLOCK_OVERRIDE=true, else 422
 * naming it) -> 200 {asOf, firstContactBreaches, slaWarnings, slaBreaches,
 * referralReminders, referralOverdue, escalations, anonymised, rekeyed}
 * (what this pass did). */
kc_status scheduler_http_run(kc_ctx *ctx, kc_problem *pb);

#endif
