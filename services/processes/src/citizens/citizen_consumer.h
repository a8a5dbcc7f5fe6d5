#ifndef KOERS_PROCESSES_CITIZEN_CONSUMER_H
#define KOERS_PROCESSES_CITIZEN_CONSUMER_H

#include <stddef.h>
#include "koers/db.h"

/* The consumers of the casedesk's events (koers/consumer_set.h: one
 * durable consumer per tenant's key, name "citizen-cases.<tenant>"): a
 * background worker of the service (koers/service.h) that applies each
 * event once (citizen_service_apply_event) and catches up after an outage
 * through the casedesk's events replay. */

/* Reads KOERS_PROCESSES_CASEDESK_URL (the casedesk's base URL, e.g.
 * http://127.0.0.1:8081), KOERS_PROCESSES_CASEDESK_EVENTS_KEY (casedesk API
 * keys with scope events:read only, separated by commas: one per tenant
 * whose cases are read, at most 32), KOERS_REDIS_URL (the wake-ups; default as the common
 * configuration) and KOERS_PROCESSES_CASEDESK_POLL_S (catch up at least
 * this often, 1..3600, default 5). Without the URL or the key the
 * consumer does not start (start logs it). 0, or -1 with the variable
 * named in err. */
int citizen_consumer_configure(char *err, size_t errlen);

/* The worker's start and stop (kc_service_worker). Without a casedesk URL
 * or key, start logs once that the citizens' figures stay empty and gives
 * a NULL handle; stop accepts NULL. */
kc_status citizen_consumer_start(kc_db_pool *pool, void **handle) KC_MUST_CHECK;
void citizen_consumer_stop(void *handle);

#endif
