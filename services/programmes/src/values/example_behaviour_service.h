#ifndef KOERS_PROGRAMMES_EXAMPLE_BEHAVIOUR_SERVICE_H
#define KOERS_PROGRAMMES_EXAMPLE_BEHAVIOUR_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

struct kc_idem;

/* Example behaviour for a programme's core values
 * (example_behaviour_resource): who writes it and what it may name. A lead
 * or coordinator writes any; a group member writes the example behaviour
 * of their group (access_require_member with the group). */

/* Creates an example behaviour once per Idempotency-Key: body
 * {programmeValueId, statement (1..1000), workshopId?, groupId?}; the
 * programme is the value's, createdBy the caller. workshopId must be an
 * activity of kind workshop of that programme, groupId a group of it (422
 * naming programmeValueId, workshopId, groupId otherwise). Without a group
 * only a lead writes (403); with one, a lead or a member of that group.
 * *answer (the caller's) is the example behaviour; example_behaviour.
 * created in the same transaction. */
kc_status example_behaviour_service_create(kc_db_pool *pool, const kc_principal *p,
                                           const struct kc_idem *idem, const json_t *body,
                                           json_t **answer, int *replayed,
                                           kc_problem *pb) KC_MUST_CHECK;

/* The kit's check of example_behaviour_resource (in the write's
 * transaction; id NULL on create, body NULL on delete): a create is
 * example_behaviour_service_create's; a PATCH or DELETE needs a lead or a
 * member of the row's group (403; 404 for another tenant's id); a PATCH
 * keeps programmeId, programmeValueId and createdBy (422 naming them), and
 * a new workshopId or groupId follows the create's rules (a new group:
 * the caller must be a member of it too; removing the group: a lead). */
kc_status example_behaviour_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                          const json_t *body, kc_problem *pb) KC_MUST_CHECK;

#endif
