#ifndef KOERS_OUTBOX_H
#define KOERS_OUTBOX_H

#include <jansson.h>
#include "koers/db.h"

/* Transactional outbox. kc_outbox_add writes the event row with the caller's
 * connection, so it commits or rolls back with the change it describes.
 * The relay (one thread per service process) publishes pending rows in id
 * order to Redis with PUBLISH on "koers.<service>.<type>" as the envelope
 * {"id","type","tenant","time","subject","data"} and marks them sent. Only
 * one relay of a schema publishes at a time (advisory lock), so order per
 * subject holds across replicas. While Redis is down rows wait. Marking a
 * row sent also gives it the next number of the schema's outbox_seq (seq),
 * so seq grows in publication order; published rows stay in the table and
 * koers/event_log.h reads them back by seq (events replay). */
kc_status kc_outbox_add(kc_db_conn *conn, const char *schema, const char *type,
                        const char *tenant_id, const char *subject, const json_t *data,
                        kc_problem *pb) KC_MUST_CHECK;

/* One event of kc_outbox_add_many (borrowed; data NULL is {}). */
typedef struct kc_outbox_event {
    const char *type;
    const char *subject;
    const json_t *data;
} kc_outbox_event;

/* The n events of one tenant as kc_outbox_add writes them one by one, in
 * one statement (ids, and so publication, in the given order); n 1 is
 * kc_outbox_add. */
kc_status kc_outbox_add_many(kc_db_conn *conn, const char *schema, const char *tenant_id,
                             const kc_outbox_event *events, size_t n, kc_problem *pb) KC_MUST_CHECK;

typedef struct kc_outbox_relay kc_outbox_relay;

kc_status kc_outbox_relay_start(const char *conninfo, const char *schema, const char *service,
                                const char *redis_url, int poll_ms,
                                kc_outbox_relay **out) KC_MUST_CHECK;
/* Stops the thread (publishing what it holds first) and frees it. */
void kc_outbox_relay_stop(kc_outbox_relay *r);

/* Gauges for /metrics and /readyz (0 for a NULL relay), counted again
 * about once a second: the rows not yet published, the age in seconds of
 * the oldest of them, the rows published by this process, and whether
 * Redis answered (the relay PINGs it each second, so an outage shows
 * within about a second even with nothing to publish). */
long long kc_outbox_relay_pending(kc_outbox_relay *r);
long long kc_outbox_relay_oldest_pending_s(kc_outbox_relay *r);
long long kc_outbox_relay_published(kc_outbox_relay *r);
int kc_outbox_relay_redis_up(kc_outbox_relay *r);

/* Pings Redis at url (for /readyz). KC_OK or KC_UNAVAILABLE. */
kc_status kc_redis_ping(const char *redis_url);

#endif
