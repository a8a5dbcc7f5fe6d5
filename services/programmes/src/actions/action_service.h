#ifndef KOERS_PROGRAMMES_ACTION_SERVICE_H
#define KOERS_PROGRAMMES_ACTION_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* Actions: what approved proposals become (made by
 * proposals/decision_service.c), carried out by their owner. */

/* The kit's check of action_resource (PATCH; run in the write's
 * transaction, the action locked): the caller must be a lead or the
 * action's owner, the person with the caller's userSub (KC_FORBIDDEN);
 * programmeId, proposalId, decisionId and status may be echoed but not
 * changed (KC_INVALID naming them). An action is never made or deleted
 * through the kit (KC_FORBIDDEN). KC_NOT_FOUND when id is not the
 * tenant's. */
kc_status action_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                               const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* POST /actions/{id}/transitions (kc_action_fn): body {to, result?};
 * planned -> in_progress -> done, planned | in_progress -> cancelled
 * (else KC_CONFLICT with allowedTransitions); done stamps completedAt;
 * result, when given, is kept. Caller as the check. Event
 * action.status.changed {id, programmeId, from, to} in the same
 * transaction. if_match -1 any version, else 412 at another. *out is the
 * action afterwards. */
kc_status action_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                              const json_t *body, long long if_match, json_t **out,
                              long long *version, kc_problem *pb) KC_MUST_CHECK;

/* GET /actions/{id}/trace: from the action back to its decision, its
 * proposal and the proposals that one was split or merged from (with
 * their decisions), the building block, step, phase, working group and
 * programme (action_repo_trace), a new object in *out. KC_NOT_FOUND when
 * the action is not the tenant's. */
kc_status action_service_trace(kc_db_pool *pool, const kc_principal *p, const char *id,
                               json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
