#ifndef NOTIFICATIONS_DELIVERY_LOG_SERVICE_H
#define NOTIFICATIONS_DELIVERY_LOG_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"

/* The deliveries log of a subscription and the re-sends by hand (one
 * delivery, or every message of a range). Everything is the caller's
 * tenant's: another tenant's ids are 404. */

#define DELIVERY_REPLAY_MAX 10000 /* messages per replay */

/* The states a delivery can be in (NULL-terminated), for the filters. */
extern const char *const delivery_states[];

/* A page of subscription_id's deliveries, filtered by state and by when
 * they were made [from, to) (each NULL when not given): *items a new JSON
 * array. KC_NOT_FOUND for a subscription the tenant does not have. */
kc_status delivery_log_service_list(kc_db_pool *pool, const kc_principal *p,
                                    const char *subscription_id, const char *state,
                                    const char *from, const char *to, const kc_keyset *page,
                                    json_t **items, kc_keyset_next *next,
                                    kc_problem *pb) KC_MUST_CHECK;

/* One delivery with its attemptLog and the message as sent (*out, new
 * reference). KC_BAD_REQUEST for an id that is not a UUID, KC_NOT_FOUND. */
kc_status delivery_log_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                   json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* A new delivery (replay) of delivery id's message to its subscription,
 * due now (*out the new delivery). KC_CONFLICT when the subscription is
 * disabled; KC_NOT_FOUND. The dispatcher is woken after the commit. */
kc_status delivery_log_service_resend(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Re-sends every message that had a delivery to subscription_id in the
 * range the body names ({"from", "to"} date-times or {"afterSeq",
 * "toSeq"}, optional "state" of those deliveries): *out {"queued": n}.
 * KC_INVALID naming the fields (a range of more than DELIVERY_REPLAY_MAX
 * messages too), KC_CONFLICT when the subscription is disabled,
 * KC_NOT_FOUND. */
kc_status delivery_log_service_replay(kc_db_pool *pool, const kc_principal *p,
                                      const char *subscription_id, const json_t *body, json_t **out,
                                      kc_problem *pb) KC_MUST_CHECK;

#endif
