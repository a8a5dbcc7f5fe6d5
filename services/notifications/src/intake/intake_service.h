#ifndef NOTIFICATIONS_INTAKE_SERVICE_H
#define NOTIFICATIONS_INTAKE_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/consumer.h"
#include "koers/db.h"

/* The intake's rules: an event of another service becomes one message and
 * a pending delivery per matching subscription; the pull endpoint reads
 * the tenant's messages back. No HTTP here. */

/* Applies ev, an event of source ("casedesk", ...) of tenant_id, on conn
 * inside the consumer's transaction: stores its message (event_map.h,
 * URLs on base_url) unless one with the event's id exists (then nothing
 * more happens: an event seen twice makes one message and no second
 * deliveries), then adds a pending delivery for every active subscription
 * of the tenant whose kanalen and filters match (filter_match.h), and
 * wakes the dispatcher after the commit. An event without a UUID id or
 * tenant is logged and skipped (KC_OK: retrying would not help). Errors
 * as the repository's (the consumer retries the event). */
kc_status intake_service_apply(kc_db_conn *conn, const char *source, const char *base_url,
                               const char *tenant_id, const kc_consumer_event *ev,
                               kc_problem *pb) KC_MUST_CHECK;

/* The default and largest page of the pull endpoint. */
#define INTAKE_PULL_LIMIT_DEFAULT 100
#define INTAKE_PULL_LIMIT_MAX     1000

/* The caller's tenant's messages after seq `after` (only those on kanaal
 * unless NULL), at most limit, as [{seq, id, message}] with each message
 * as it was sent (*items, the caller's); *more 1 when more follow and
 * *last the seq of the page's last message (after when empty).
 * KC_BAD_REQUEST naming the parameter for after < 0, limit outside
 * 1..INTAKE_PULL_LIMIT_MAX or kanaal not a kanaal; else the database's
 * status. */
kc_status intake_service_pull(kc_db_pool *pool, const kc_principal *p, long long after, int limit,
                              const char *kanaal, json_t **items, int *more, long long *last,
                              kc_problem *pb) KC_MUST_CHECK;

#endif
