#ifndef KOERS_PROGRAMMES_DECISION_SERVICE_H
#define KOERS_PROGRAMMES_DECISION_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"
#include "proposals/proposal_rules.h"

/* The project group's decisions on proposals, and the actions approvals
 * make. */

/* POST /proposals/{id}/decisions: body {outcome: approved | rejected |
 * returned, reason (required unless approved), groupId? (the programme's
 * project group, its default), presentIds? (members of that group),
 * action? {title?, ownerId? (a person of the tenant), dueOn?} (approved
 * only)}; faults KC_INVALID naming each. Only a submitted proposal is
 * decided (KC_CONFLICT with allowedTransitions). Caller: a lead or a member
 * of the project group (KC_FORBIDDEN). In one transaction: the decision
 * (decided_by = the caller's subject), the proposal's status, for an
 * approval a planned action (title default the proposal's), the event
 * proposal.decided {id, programmeId, decisionId, outcome, actionId?}.
 * Once per Idempotency-Key; *answer (the caller's) is the decision with
 * its actionId. */
kc_status decision_service_decide(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const kc_idem *idem, const json_t *body, json_t **answer,
                                  int *replayed, kc_problem *pb) KC_MUST_CHECK;

/* Writes the event proposal.decided {id, programmeId, decisionId, outcome,
 * actionId (when action_id is neither NULL nor "")} of proposal cur in the
 * caller's transaction on conn: a decision's, a split's or a merge's. */
kc_status decision_service_decided_event(kc_db_conn *conn, const kc_principal *p,
                                         const proposal_brief *cur, const char *decision_id,
                                         const char *outcome, const char *action_id,
                                         kc_problem *pb) KC_MUST_CHECK;

/* GET /proposals/{id}/decisions: {items: [its decisions in order, splits
 * and merges too]} in *out (the caller's). KC_NOT_FOUND when the proposal
 * is not the tenant's. */
kc_status decision_service_list(kc_db_pool *pool, const kc_principal *p, const char *id,
                                json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
