#ifndef NOTIFICATIONS_INTAKE_H
#define NOTIFICATIONS_INTAKE_H

#include <stddef.h>
#include "koers/db.h"

/* The intake: the events of casedesk, surveys, processes and programmes
 * (a consumer set each, koers/consumer_set.h: catch-up from the source's
 * replay with a stored cursor, woken by pub/sub, each event once) become
 * messages (intake/event_map.h) and, in the same transaction, one delivery
 * per active subscription of the tenant whose kanalen and filters match
 * (intake/filter_match.h); then the dispatcher is woken. Settings:
 * KOERS_NOTIFICATIONS_<SOURCE>_URL (CASEDESK, SURVEYS, PROCESSES,
 * PROGRAMMES; unset: that source is not followed), KOERS_NOTIFICATIONS_
 * EVENTS_KEY (events:read keys, one per tenant, comma-separated),
 * KOERS_NOTIFICATIONS_EVENTS_POLL_S. */

/* Reads the settings once at start. 0, or -1 with a message in err. */
int intake_configure(char *err, size_t errlen);

/* The four consumer sets as one worker (koers/service.h). */
kc_status intake_start(kc_db_pool *pool, void **handle) KC_MUST_CHECK;
void intake_stop(void *handle);

#endif
