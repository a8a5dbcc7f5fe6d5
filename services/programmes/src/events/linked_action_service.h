#ifndef KOERS_PROGRAMMES_LINKED_ACTION_SERVICE_H
#define KOERS_PROGRAMMES_LINKED_ACTION_SERVICE_H

#include <jansson.h>
#include "koers/db.h"

/* Actions linked to an improvement of the processes service
 * (processImprovementId): what the processes service's
 * improvement.completed does to them. */

/* Applies an improvement.completed event of tenant_id on conn, inside the
 * consumer's transaction: the improvement (the event's subject, else
 * data.id) completed at published_at (RFC 3339; else now), so each action
 * of the tenant linked to it gets improvementCompletedAt, and a planned or
 * in_progress one becomes done (completedAt the same instant) with the
 * event action.status.changed {id, programmeId, from, to} in the outbox.
 * A done or cancelled action keeps its status and gets no event. An event
 * without an improvement id is skipped (logged by id). Safe to apply
 * twice: the second time changes nothing. Only a database failure fails
 * (the event is retried). */
kc_status linked_action_service_apply(kc_db_conn *conn, const char *tenant_id, const char *event_id,
                                      const char *subject, const json_t *data,
                                      const char *published_at, kc_problem *pb) KC_MUST_CHECK;

#endif
