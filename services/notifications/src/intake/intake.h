#ifndef NOTIFICATIONS_INTAKE_H
#define NOTIFICATIONS_INTAKE_H

#include <stddef.h>
#include "koers/consumer.h"
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
 * KOERS_NOTIFICATIONS_EVENTS_POLL_S. The same keys serve every source: an
 * events:read key is its tenant's and reads every service's replay. The
 * consumers are named "notifications-<source>.<tenant>". URLs in the
 * messages start with KOERS_PUBLIC_BASE_URL (default
 * http://127.0.0.1:8080, the gateway). */

/* Reads the settings once at start (the variables above and
 * KOERS_REDIS_URL). 0, or -1 with the variable named in err. */
int intake_configure(char *err, size_t errlen);

/* The four consumer sets as one worker (koers/service.h). */
kc_status intake_start(kc_db_pool *pool, void **handle) KC_MUST_CHECK;
void intake_stop(void *handle);

/* The handler of the four sets (kc_consumer_set_handler): user is the
 * source's name ("casedesk", "surveys", "processes" or "programmes");
 * intake_service_apply for it, in the consumer's transaction, with the
 * configured base URL. */
kc_status intake_on_event(kc_db_conn *conn, const char *tenant_id, const kc_consumer_event *ev,
                          void *user, kc_problem *pb) KC_MUST_CHECK;

#endif
