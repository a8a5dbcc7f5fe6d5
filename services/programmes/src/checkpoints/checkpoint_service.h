#ifndef KOERS_PROGRAMMES_CHECKPOINT_SERVICE_H
#define KOERS_PROGRAMMES_CHECKPOINT_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"

/* Checkpoints: after a step the project team weighs what it learnt and
 * decides to continue as planned or to adjust the approach. The only way
 * a programme's approach changes. */

struct kc_idem;

/* Records the decision of body {stepId, question, insights?, decision:
 * continue | adjust, rationale, groupId, presentIds?, changes?} on
 * programme_id, in one transaction that first locks the programme (one
 * decision at a time):
 * - KC_NOT_FOUND when the tenant has no such programme; KC_FORBIDDEN
 *   unless the caller runs programmes or is a member of groupId, the
 *   programme's project or steering group (access_require_member);
 * - KC_CONFLICT when the programme is not running, or the step is removed,
 *   completed or decided already;
 * - KC_INVALID naming each fault: the body's fields; stepId not a step of
 *   the programme; groupId not its project or steering group; each
 *   presentIds[j] not a member of that group; changes given with continue;
 *   with adjust 1..50 changes, each checked against the approach as the
 *   earlier ones leave it (approach_changes_apply) — one invalid change
 *   refuses the decision and nothing is written.
 * An adjust applies its changes, writes approach version number + 1 (its
 * snapshot, the checkpoint, reason = rationale, the changes) and makes it
 * the programme's current one; continue keeps the version. Then the
 * checkpoint (decidedBy the caller's subject) and the event
 * checkpoint.decided {id, programmeId, stepId, decision, approachVersion,
 * changes: ids, positions and dates only}, and group.members.changed
 * {groupId, programmeId} for each group whose members the changes
 * changed. Once per Idempotency-Key (idem may be inactive; *replayed = 1
 * for the stored answer). *answer (the caller's) is the checkpoint. */
kc_status checkpoint_service_decide(kc_db_pool *pool, const kc_principal *p,
                                    const char *programme_id, const struct kc_idem *idem,
                                    const json_t *body, json_t **answer, int *replayed,
                                    kc_problem *pb) KC_MUST_CHECK;

/* A page of programme_id's checkpoints in the order they were decided
 * (*items the caller's JSON array). KC_NOT_FOUND when the tenant has no
 * such programme. */
kc_status checkpoint_service_list(kc_db_pool *pool, const kc_principal *p, const char *programme_id,
                                  const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                  kc_problem *pb) KC_MUST_CHECK;

/* Checkpoint id into *out (the caller's). KC_NOT_FOUND when the tenant has
 * none. */
kc_status checkpoint_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                 json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
