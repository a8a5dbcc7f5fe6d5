#ifndef KOERS_PROCESSES_CITIZEN_SERVICE_H
#define KOERS_PROCESSES_CITIZEN_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The citizens' side of a process: what the casedesk's events tell about
 * citizens' cases (facts per case, root causes turned into proposed
 * bottlenecks), and the figures read from them. */

/* The resource kit's check of category_mapping_resource (run in the
 * write's transaction; id NULL on create, body NULL on delete, which it
 * allows): a stepId must be a flow step of the mapping's process (the
 * stored row merged with the body). KC_OK or KC_INVALID naming stepId. */
kc_status citizen_service_check_mapping(kc_db_conn *conn, const kc_principal *p, const char *id,
                                        const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* Applies one casedesk event of tenant_id on conn, inside the consumer's
 * transaction (koers/consumer.h): the case's facts
 * (citizen_event_map), and for a case.resolved naming a root cause of a
 * process of the tenant the proposal at its step (citizen_repo_propose;
 * a step that is no flow step of the process counts for the process as a
 * whole; a new proposal adds bottleneck.raised to the outbox). A root
 * cause naming an unknown process is ignored and counted in the log; a
 * malformed event is skipped (logged by id and type). Safe to apply
 * twice: facts are set, not added, and a case counts once per proposal.
 * Only a database failure fails (the event is retried). */
kc_status citizen_service_apply_event(kc_db_conn *conn, const char *tenant_id, const char *event_id,
                                      const char *type, const char *subject, const json_t *data,
                                      const char *published_at, kc_problem *pb) KC_MUST_CHECK;

/* The citizens' figures of process id for p's tenant; from/to (query text,
 * YYYY-MM-DD Dutch days, NULL: the twelve months up to today; from after
 * to is 400) and group_by (NULL or "month"). *out is the caller's. */
kc_status citizen_service_figures(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  const char *from, const char *to, const char *group_by,
                                  json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* The proposals from citizens' root causes of process id, ranked
 * (citizen_repo_root_causes); limit is query text (1..100, NULL: 20).
 * *out {items} is the caller's. */
kc_status citizen_service_root_causes(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const char *limit, json_t **out,
                                      kc_problem *pb) KC_MUST_CHECK;

/* How many root causes named a process the tenant does not have (since
 * the start), for the log and the tests. */
long long citizen_service_unknown_root_causes(void);

#endif
