#ifndef KOERS_PROCESSES_IMPROVEMENT_SERVICE_H
#define KOERS_PROCESSES_IMPROVEMENT_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The rules of an improvement's write, the resource kit's check of
 * improvement_resource (run in the write's transaction on conn; id NULL on
 * create, body NULL on delete). The caller must steer the improvement's
 * process (process_service_authorise; on PATCH and DELETE the stored
 * process, the row locked). An improvement stays with its process: a
 * PATCH naming another processId is KC_INVALID naming it. Its bottleneckIds
 * and kpiId must be of the same process (KC_INVALID naming them); a done
 * improvement keeps its bottlenecks (KC_CONFLICT naming bottleneckIds);
 * only a proposed improvement is deleted (KC_CONFLICT: drop it instead).
 * KC_NOT_FOUND when id is not the tenant's. */
kc_status improvement_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                    const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* Moves improvement id to body.to (body.reason required when it is
 * dropped: KC_INVALID naming reason) through the transition table, in one
 * transaction with the event improvement.status.changed {id, processId,
 * from, to} and, when done, improvement.completed {id, processId,
 * bottleneckIds, solvedBottleneckIds, kpiId, kpiBefore, kpiAfter}. Done
 * or dropped, each of its bottlenecks with a done improvement and none
 * proposed, planned or in progress is marked solved in that transaction
 * (status.changed then also carries solvedBottleneckIds). if_match -1 =
 * any version, else 412 when the improvement is at another. An illegal
 * move is KC_CONFLICT with "allowedTransitions"; a caller who does not
 * steer its process KC_FORBIDDEN. *out (the caller's) is the improvement
 * afterwards, at *version. */
kc_status improvement_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   const json_t *body, long long if_match, json_t **out,
                                   long long *version, kc_problem *pb) KC_MUST_CHECK;

#endif
