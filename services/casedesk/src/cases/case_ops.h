#ifndef KOERS_CASEDESK_CASE_OPS_H
#define KOERS_CASEDESK_CASE_OPS_H

#include <jansson.h>
#include "koers/db.h"

/* Steps on a case that other parts of casedesk (referrals, the citizen's
 * tracking, reopen requests, the scheduler, privacy) take inside their own
 * transaction (conn has one open; the caller commits). Each writes its
 * timeline entry and its events through the outbox. */

/* Adds a timeline entry; is_public = the citizen sees it on the tracking
 * page. detail may be NULL. */
kc_status case_op_timeline_add(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                               const char *actor, const char *action, int is_public,
                               const json_t *detail, kc_problem *pb) KC_MUST_CHECK;

/* Resumes a case waiting on the citizen: waiting -> in_progress, both
 * deadlines moved by the suspended counted time (sla_calendar.h), lead time
 * of `waiting` booked, timeline 'resumed' (public), events
 * case.status.changed and case.resumed. *resumed = 0 (nothing done) when
 * the case is not waiting. KC_NOT_FOUND for no such case. */
kc_status case_op_resume(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                         const char *actor, int *resumed, kc_problem *pb) KC_MUST_CHECK;

/* Reopens a resolved or closed case: -> in_progress, outcome cleared,
 * reopen_count + 1, a new resolution deadline counted from now (the
 * category's term), SLA flags cleared, timeline 'reopened' (public, detail
 * {reason}), events case.status.changed and case.reopened. KC_CONFLICT when
 * the case is not resolved or closed. */
kc_status case_op_reopen(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                         const char *actor, const char *reason, kc_problem *pb) KC_MUST_CHECK;

/* Adds event `type` about the case (data: caseId, reference, categoryId,
 * district, status, priority, officerId, and the members of extra when
 * given; never the citizen). */
kc_status case_op_emit(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                       const char *type, const json_t *extra, kc_problem *pb) KC_MUST_CHECK;

#endif
