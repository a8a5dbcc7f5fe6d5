#ifndef KOERS_PROCESSES_BOTTLENECK_SERVICE_H
#define KOERS_PROCESSES_BOTTLENECK_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"

/* The rules of a bottleneck (knelpunt) beyond its columns, and the writes
 * that are more than a row: raising one (with its event), the core team's
 * decisions, the rescoring when the tenant's weights change. */

/* The resource kit's check of bottleneck_resource (koers/resource.h: run
 * in the write's transaction on conn after the columns are validated; id
 * NULL on create, body NULL on delete).
 * Who: raising (create) is PROCESS_CONTRIBUTE on body.processId (the
 * core team may), PATCH and DELETE PROCESS_STEER on the stored row's
 * process (process_service_authorise: KC_FORBIDDEN, KC_NOT_FOUND).
 * What (KC_INVALID naming each member at fault): source citizens_cases is
 * never set or left by hand; processId never changes; status changes only
 * through decisions (a create may say "open"); frequency and
 * frequencyUnit come both or neither; sessionId names a session of the
 * source's kind (an interview for source interview, a working session
 * for source session) and is required for those sources and absent for
 * the others; stepId, when set, is a step of a published flow version of
 * the same process.
 * A PATCH that changes impact, effort, frequency or frequencyUnit writes
 * bottleneck.prioritised {id, processId, score, quadrant, previousScore}
 * to the outbox (the score with the tenant's weights; rolled back with
 * the write if the write fails). */
kc_status bottleneck_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                   const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* Raises a bottleneck: the resource kit's create (columns, references,
 * the check above) inside one transaction with the event
 * bottleneck.raised {id, processId, stepId, source, impact, effort, score,
 * quadrant}, once per Idempotency-Key (idem may be inactive; *replayed = 1
 * for a stored answer). *row (the caller's) is the new bottleneck at
 * *version. */
kc_status bottleneck_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                    const json_t *body, json_t **row, long long *version,
                                    int *replayed, kc_problem *pb) KC_MUST_CHECK;

/* A decision of the core team on bottleneck id: body {decision: take_up
 * | dismiss | reopen, reason?} (reason required to dismiss), through the
 * status table (backlog/bottleneck_status.h); an illegal one is
 * KC_CONFLICT with "allowedDecisions" in pb's extras. PROCESS_STEER on
 * its process. if_match -1 = any version, else 412 when the bottleneck is
 * at another. The decision, its reason and time are kept on the row;
 * take_up writes bottleneck.prioritised {id, processId, score, quadrant}.
 * *out (the caller's) is the bottleneck afterwards, at *version. */
kc_status bottleneck_service_decide(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    const json_t *body, long long if_match, json_t **out,
                                    long long *version, kc_problem *pb) KC_MUST_CHECK;

/* Rescores the tenant's bottlenecks with its current weights, in the
 * caller's transaction on conn (the settings service, after changing the
 * weights). No events: a weights change re-ranks the whole backlog. */
kc_status bottleneck_service_rescore(kc_db_conn *conn, const char *tenant_id,
                                     kc_problem *pb) KC_MUST_CHECK;

#endif
