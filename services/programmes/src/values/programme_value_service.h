#ifndef KOERS_PROGRAMMES_PROGRAMME_VALUE_SERVICE_H
#define KOERS_PROGRAMMES_PROGRAMME_VALUE_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"

struct kc_idem;

/* A programme's core values (programme_value_resource): made from the
 * catalogue, a survey's results or a brainstorm session, each recording
 * where it came from. */

/* Adds a core value to programme_id of p's tenant, once per Idempotency-
 * Key: body {valueId, source: catalogue | survey | brainstorm, sourceRef?,
 * position? (default after the last)}. catalogue: valueId an active value
 * of the catalogue copy, no sourceRef; survey: sourceRef a survey among
 * the programme's surveyIds whose closed results hold the value;
 * brainstorm: sourceRef a session that promoted the value. The name is
 * copied (the catalogue's, else the event's). 400 for a programme id that
 * is no UUID, 404 for no such programme, 422 naming valueId, source,
 * sourceRef or position, 409 when the programme has the value already.
 * *answer (the caller's) is the programme value; programme_value.created
 * in the same transaction. */
kc_status programme_value_service_create(kc_db_pool *pool, const kc_principal *p,
                                         const char *programme_id, const struct kc_idem *idem,
                                         const json_t *body, json_t **answer, int *replayed,
                                         kc_problem *pb) KC_MUST_CHECK;

/* A page of the values of programme_id (*items, the caller's; next for
 * the following page). 400 for an id that is no UUID, 404 for no such
 * programme of the tenant. */
kc_status programme_value_service_list(kc_db_pool *pool, const kc_principal *p,
                                       const char *programme_id, const kc_keyset *page,
                                       json_t **items, kc_keyset_next *next,
                                       kc_problem *pb) KC_MUST_CHECK;

/* The kit's check of programme_value_resource: values are made only by
 * programme_value_service_create (a create through the kit is not
 * routed); a PATCH changes the position only (another member: 422 naming
 * it); a DELETE is the kit's (409 while referred to). */
kc_status programme_value_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                        const json_t *body, kc_problem *pb) KC_MUST_CHECK;

#endif
