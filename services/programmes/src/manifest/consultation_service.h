#ifndef KOERS_PROGRAMMES_CONSULTATION_SERVICE_H
#define KOERS_PROGRAMMES_CONSULTATION_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The consultation of a manifest: rounds (the staff meetings of steps 3
 * and 4), the views every employee gives on each statement in a round
 * (anonymous or named, one per person per statement and round through
 * the round's salted voter), the support figures and the comments, with
 * the figures of groups below the tenant's minimum group size withheld
 * (consultation_support.h). */

struct kc_idem;

/* POST /manifests/{id}/rounds {stepId? (a step of the programme: 422)}:
 * opens round number + 1 with a fresh salt; 409 unless the manifest is in
 * consultation and has no open round. A lead's. Once per
 * Idempotency-Key. */
kc_status consultation_service_open(kc_db_pool *pool, const kc_principal *p,
                                    const char *manifest_id, const struct kc_idem *idem,
                                    const json_t *body, json_t **answer, int *replayed,
                                    kc_problem *pb) KC_MUST_CHECK;

/* POST /consultation-rounds/{id}/close: closes an open round (409 when
 * closed), erases its salt and every voter of its views, and publishes
 * consultation.round.closed {id, manifestId, programmeId, number,
 * statements: [{statementId, views, support, supportWithRemark, object}]}
 * (null counts for a statement below the minimum group size). The round
 * afterwards in *out. A lead's. */
kc_status consultation_service_close(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* GET /manifests/{id}/rounds: {items} by number. */
kc_status consultation_service_rounds(kc_db_pool *pool, const kc_principal *p,
                                      const char *manifest_id, json_t **out,
                                      kc_problem *pb) KC_MUST_CHECK;

/* PUT /consultation-rounds/{id}/statements/{statementId}/view {stance,
 * reason? (required unless support), department, anonymous}: the caller's
 * view, or their changed view (*added 0). A named view needs the caller
 * to be a person of the tenant (422). 409 when the round is closed; 404
 * when the statement is not one of the round's manifest. *out is the view
 * as given, without any id. */
kc_status consultation_service_put_view(kc_db_pool *pool, const kc_principal *p,
                                        const char *round_id, const char *statement_id,
                                        const json_t *body, json_t **out, int *added,
                                        kc_problem *pb) KC_MUST_CHECK;

/* GET /manifests/{id}/support?round=&by=department: {minGroupSize, items}
 * (consultation_support_items); round 0: every round; 422 for a round
 * the manifest does not have. */
kc_status consultation_service_support(kc_db_pool *pool, const kc_principal *p,
                                       const char *manifest_id, int round, int by_department,
                                       json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* GET /manifests/{id}/comments?round=: {minGroupSize, items} of the
 * reasons: {viewId, statementId, round, stance, reason, department (null
 * when its group is below the minimum), person (a named view's name, else
 * null)} by statement, round, stance and reason. */
kc_status consultation_service_comments(kc_db_pool *pool, const kc_principal *p,
                                        const char *manifest_id, int round, json_t **out,
                                        kc_problem *pb) KC_MUST_CHECK;

#endif
