#ifndef KOERS_CONSUMER_H
#define KOERS_CONSUMER_H

#include <jansson.h>
#include "koers/db.h"

/* Durable event consumer: a service applies another service's events
 * (its "source") exactly once, in the source's publication order, and
 * misses none, also when it was down, Redis was down, or it crashed
 * half-way.
 *
 * How: the source's events replay (GET <base>/<source>/v1/events?after=
 * <seq>&limit=, koers/event_log.h) is the only way events come in. The
 * consumer keeps, in the consuming service's schema, the seq of the last
 * event it applied (a cursor per consumer name and source) and reads the
 * replay page by page after it until the source says there is no more. It
 * does so at start, whenever the Redis pub/sub channel "koers.<source>.*"
 * announces an event (the envelope carries no seq: it is only a wake-up),
 * each time its subscription is (re)established (what was published while
 * it was not subscribed is read then), and every poll_s seconds as a
 * safety net. Each event is applied in one transaction with the cursor
 * advance and a record of its id in consumer_processed: a crash before the
 * commit leaves nothing, after it the event is never applied again, and an
 * event id seen again under another seq is skipped (the cursor still moves
 * on). The cursor row is locked in that transaction, so replicas of the
 * consuming service may all run the consumer. A failing handler rolls its
 * event back; the consumer retries with backoff and never skips it (later
 * events wait: order is kept). */

typedef struct kc_consumer kc_consumer;

/* One event of the source, borrowed for the duration of the handler call. */
typedef struct kc_consumer_event {
    long long seq;         /* position in the source's replay (grows)        */
    const char *id;        /* the event id (the envelope's "id")             */
    const char *type;      /* e.g. "case.closed"                             */
    const char *subject;   /* e.g. the case id                               */
    const json_t *data;    /* the event's data (an object, or JSON null)     */
    const char *time;      /* when it was published, RFC 3339 ("" if unknown) */
    const char *tenant_id; /* the consumer's tenant_id (the key's tenant), or NULL */
} kc_consumer_event;

/* Applies ev with conn, inside the transaction that also advances the
 * cursor: the handler only runs statements on conn (no commit, no
 * rollback; its repository functions take conn). KC_OK commits; any other
 * status rolls the event back and it is retried later (pb's detail is
 * logged: keep personal data out of it). An event the service does not
 * care about is simply KC_OK. */
typedef kc_status (*kc_consumer_handler)(kc_db_conn *conn, const kc_consumer_event *ev, void *user,
                                         kc_problem *pb);

/* What a service gives the consumer; strings are copied by
 * kc_consumer_start, pool and user are borrowed until kc_consumer_stop. A
 * 0 in a number means its default. */
typedef struct kc_consumer_config {
    const char *name;       /* the consumer, e.g. "case-figures" ([a-z0-9_.-]) */
    const char *schema;     /* the consuming service's schema (cursor tables)  */
    const char *source;     /* the source service, e.g. "casedesk"             */
    const char *source_url; /* its base URL, e.g. "http://casedesk:8081"       */
    const char *api_key;    /* a key of the source that can read events only
                               (e.g. from KOERS_<SVC>_<SOURCE>_EVENTS_KEY);
                               never logged. An API key is a tenant's: one
                               consumer (name) per tenant read.              */
    const char *redis_url;  /* NULL or "": no pub/sub, poll only              */
    const char *tenant_id;  /* NULL, or only this tenant's envelopes wake it  */
    kc_db_pool *pool;
    kc_consumer_handler handler;
    void *user;
    int page_limit;          /* events per replay page (1..1000), default 100     */
    int poll_s;              /* catch up at least this often, default 30          */
    int max_attempts;        /* failed catch-ups in a row before waiting for the
                                next notification or poll, default 5            */
    int backoff_min_ms;      /* first retry after this, doubling, default 100     */
    int backoff_max_ms;      /* up to this, default 5000                          */
    int http_timeout_s;      /* per replay request, default 10                    */
    int keep_processed_days; /* processed ids kept this long, default 30      */
} kc_consumer_config;

/* Checks cfg, starts the consumer's thread (which connects on its own:
 * the source, the database and Redis may be down at start) and the pub/sub
 * subscription, into *out. KC_INVALID when a required setting is missing
 * or malformed (logged without the key), KC_INTERNAL when out of memory or
 * threads. */
kc_status kc_consumer_start(const kc_consumer_config *cfg, kc_consumer **out) KC_MUST_CHECK;

/* Asks for a catch-up now (e.g. after a service learned of new events in
 * another way). Thread-safe; NULL is fine. */
void kc_consumer_wake(kc_consumer *c);

/* Stops the subscription and the thread (an event being applied finishes
 * or rolls back first; a replay request in flight ends within its
 * timeout) and frees c. NULL is fine. */
void kc_consumer_stop(kc_consumer *c);

/* Gauges for /metrics and /readyz: the last seq applied (as far as this
 * process knows; -1 before the cursor was read), the events this process
 * applied, and 1 while the last catch-up reached the end of the replay. */
long long kc_consumer_cursor(kc_consumer *c);
long long kc_consumer_applied(kc_consumer *c);
int kc_consumer_current(kc_consumer *c);

#endif
