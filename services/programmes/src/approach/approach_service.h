#ifndef KOERS_PROGRAMMES_APPROACH_SERVICE_H
#define KOERS_PROGRAMMES_APPROACH_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* A programme's approach: its phases and steps as they are now, the
 * versions it went through (each a snapshot), and the steps' moves.
 * Answers are new references in the wire form, the caller's. */

/* Gives the new programme programme_id its approach, in the caller's
 * transaction on conn: copied from approach template template_id (shipped
 * or the tenant's; KC_INVALID naming templateId when there is none) or,
 * with template_id NULL, from phases (checked by approach_shape_check),
 * then approach version 1 (the snapshot; reason "copied from template
 * <name>" or "the programme's own approach"; created by p's subject). */
kc_status approach_service_start(kc_db_conn *conn, const kc_principal *p, const char *programme_id,
                                 const char *template_id, const json_t *phases,
                                 kc_problem *pb) KC_MUST_CHECK;

/* {programmeId, version, phases: [... steps: [...]]} of programme id
 * (removed steps left out). KC_NOT_FOUND for another tenant's. */
kc_status approach_service_view(kc_db_pool *pool, const kc_principal *p, const char *id,
                                json_t **doc, kc_problem *pb) KC_MUST_CHECK;

/* {items: [{number, checkpointId, reason, changes, createdBy,
 * createdAt}], _links} of programme id, in order. */
kc_status approach_service_versions(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    json_t **doc, kc_problem *pb) KC_MUST_CHECK;

/* Approach version `number` (a positive integer, else KC_BAD_REQUEST
 * naming it) of programme id, with its snapshot's phases. */
kc_status approach_service_version(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   const char *number, json_t **doc, kc_problem *pb) KC_MUST_CHECK;

/* Moves step step_id of programme id to body.to (active | completed)
 * through the step table (planned -> active -> completed, planned ->
 * completed), in one transaction: only while the programme runs
 * (KC_CONFLICT otherwise), completed only when the step has its
 * checkpoint (KC_CONFLICT: the project team decides first), then the event
 * programme.step.completed {programmeId, stepId, phaseId, checkpointId}.
 * The caller: a programme lead, or a member of the programme's project
 * group (access_require_member). *doc is the step afterwards. */
kc_status approach_service_move_step(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     const char *step_id, const json_t *body, json_t **doc,
                                     kc_problem *pb) KC_MUST_CHECK;

#endif
