#ifndef KOERS_EVENT_LOG_H
#define KOERS_EVENT_LOG_H

#include <stddef.h>
#include <jansson.h>
#include "koers/db.h"

/* Events replay: a service's published events read back from its outbox in
 * publication order. The relay (koers/outbox.h) gives each row a seq when
 * it publishes it; seq only grows, so a consumer that remembers the last
 * seq it read and asks for what comes after it misses nothing and sees
 * nothing twice. Rows not yet published have no seq and are not shown. */
typedef struct kc_event_log_entry {
    long long seq;
    char id[37]; /* the event id of the envelope */
    char *type;
    char *subject;
    json_t *data;
    char created_at[32];   /* RFC 3339 UTC, milliseconds */
    char published_at[32]; /* RFC 3339 UTC, milliseconds */
} kc_event_log_entry;

/* Up to limit (1..1000) events of tenant_id in schema's outbox with seq >
 * after_seq, in seq order, into *items (*n of them; the caller frees them
 * with kc_event_log_free); *has_more says whether more follow. schema is
 * validated before it is put in SQL. KC_INVALID for a bad schema, tenant or
 * limit; else kc_db_exec's status. */
kc_status kc_event_log_page(kc_db_conn *conn, const char *schema, const char *tenant_id,
                            long long after_seq, int limit, kc_event_log_entry **items, size_t *n,
                            int *has_more, kc_problem *pb) KC_MUST_CHECK;

/* Frees n entries and the array; NULL is fine. */
void kc_event_log_free(kc_event_log_entry *items, size_t n);

/* {seq, id, type, subject, data, createdAt, publishedAt} (new reference). */
json_t *kc_event_log_entry_to_json(const kc_event_log_entry *e);

struct kc_ctx;
/* The handler of a service's events replay, GET /<service>/v1/events
 * ?after=<seq>&limit=: the caller's tenant's published events in
 * publication order, {items: [{seq, id, type, subject, data, createdAt,
 * publishedAt}], _links: {self, next}}; next (after = the last seq of the
 * page) only when more follow. limit 1..1000, default 100. The route's
 * argument is the service's schema (e.g. "casedesk"); who may read is the
 * route's declared access (the consumers of other services hold keys with
 * scope events:read, koers/consumer.h). */
kc_status kc_event_log_http_list(struct kc_ctx *ctx, kc_problem *pb) KC_MUST_CHECK;

#endif
