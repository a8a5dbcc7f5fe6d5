#ifndef KOERS_PROGRAMMES_VALUE_CATALOGUE_SERVICE_H
#define KOERS_PROGRAMMES_VALUE_CATALOGUE_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"

/* The tenant's core-value catalogue as the surveys service holds it: a
 * copy fed by its events, never edited here, and read by GET
 * /value-catalogue. */

/* Applies a surveys event of tenant_id on conn, inside the consumer's
 * transaction (value_rules.h, value_event_read): core_value.created and
 * .updated keep the value's name, active; core_value.deleted makes it not
 * active (kept with its name when the event carries one, for the
 * programme values named after it); brainstorm.value.promoted keeps the
 * value, active, and remembers the session that promoted it. Another type
 * changes nothing; a malformed event is skipped (logged by id). Applying
 * an event twice leaves what applying it once left. Only a database
 * failure fails (the event is retried). */
kc_status value_catalogue_service_apply(kc_db_conn *conn, const char *tenant_id,
                                        const char *event_id, const char *type, const char *subject,
                                        const json_t *data, kc_problem *pb) KC_MUST_CHECK;

/* A page of p's tenant's catalogue (*items [{valueId, name, active}], the
 * caller's; next for the following page); active NULL: all values, else
 * "true" or "false". */
kc_status value_catalogue_service_list(kc_db_pool *pool, const kc_principal *p, const char *active,
                                       const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                       kc_problem *pb) KC_MUST_CHECK;

#endif
