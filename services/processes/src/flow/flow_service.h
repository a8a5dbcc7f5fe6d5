#ifndef KOERS_PROCESSES_FLOW_SERVICE_H
#define KOERS_PROCESSES_FLOW_SERVICE_H

#include <jansson.h>
#include "flow/flow_model.h"
#include "koers/auth.h"
#include "koers/db.h"

/* The flow of a process: its ordered steps, edited as the one draft and
 * published as numbered, immutable versions (who, when, why), and its
 * pictures. Reads are the route's (any reader of the tenant); writes are
 * the process's stewards' (process_service_authorise, PROCESS_STEER). A
 * process of another tenant is KC_NOT_FOUND everywhere. */

/* The most steps of a version and the most inputs or outputs of a step. */
#define FLOW_STEPS_MAX 200
#define FLOW_ITEMS_MAX 50

/* Which version a read means: a number (1, 2, ...), or one of these. */
#define FLOW_WHICH_LATEST 0
#define FLOW_WHICH_DRAFT  -1

/* Reads version `which` of process_id's flow with its steps into *out
 * (zeroed by the caller; flow_version_clear) and *draft_exists (1 when the
 * process has a draft). KC_NOT_FOUND naming the process, or the version
 * ("no published flow yet", "no draft", "no flow version N"). */
kc_status flow_service_get(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                           int which, flow_version *out, int *draft_exists,
                           kc_problem *pb) KC_MUST_CHECK;

/* The published versions numbered after `after`, in number order, at
 * most limit (steps not read): *items (flow_version_array_free) holds *n;
 * *more = 1 when there are more. */
kc_status flow_service_list(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                            long long after, int limit, flow_version **items, size_t *n, int *more,
                            kc_problem *pb) KC_MUST_CHECK;

/* Starts the draft of process_id: a copy of the latest published version's
 * steps (new ids, the same step keys), or empty. *out is the draft.
 * KC_CONFLICT when the process has a draft already; KC_FORBIDDEN for a
 * caller who does not steer the process. */
kc_status flow_service_start_draft(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                                   flow_version *out, kc_problem *pb) KC_MUST_CHECK;

/* Replaces the draft's steps with body.steps (the array's order is the
 * order of the steps): each {stepKey?, name, teamId?, role?, inputs?,
 * outputs?, normHours?} with a team or a role (or both), a team of the
 * tenant, a stepKey of this process's flow used once; at most
 * FLOW_STEPS_MAX steps. if_match -1 = any version, else KC_PRECONDITION_FAILED when
 * the draft is at another. KC_INVALID naming each field at fault
 * ("steps[2].teamId"). *out is the draft afterwards. */
kc_status flow_service_put_draft(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                                 const json_t *body, long long if_match, flow_version *out,
                                 kc_problem *pb) KC_MUST_CHECK;

/* Discards the draft (if_match as above). KC_NOT_FOUND when there is none. */
kc_status flow_service_discard_draft(kc_db_pool *pool, const kc_principal *p,
                                     const char *process_id, long long if_match,
                                     kc_problem *pb) KC_MUST_CHECK;

/* Publishes the draft as the next number with body.note (why, required)
 * and the caller's sub as publisher, in one transaction with the event
 * process.flow.published {processId, versionId, number, steps}. A draft
 * without steps is KC_INVALID naming "steps"; if_match as above. *out is
 * the published version. */
kc_status flow_service_publish(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                               const json_t *body, long long if_match, flow_version *out,
                               kc_problem *pb) KC_MUST_CHECK;

/* The pictures of a version. */
typedef enum { FLOW_PICTURE_SVG, FLOW_PICTURE_MERMAID } flow_picture_format;

/* Renders version `which` of process_id's flow (with the open bottlenecks
 * of each step's activity as markers) in format: *text (the caller's to
 * free()), *len bytes. KC_NOT_FOUND as flow_service_get. */
kc_status flow_service_picture(kc_db_pool *pool, const kc_principal *p, const char *process_id,
                               int which, flow_picture_format format, char **text, size_t *len,
                               kc_problem *pb) KC_MUST_CHECK;

#endif
