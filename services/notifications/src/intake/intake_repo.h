#ifndef NOTIFICATIONS_INTAKE_REPO_H
#define NOTIFICATIONS_INTAKE_REPO_H

#include <stddef.h>
#include <jansson.h>
#include "koers/db.h"

/* The intake's SQL: messages (one per event of another service), the
 * subscriptions a message may be for, the deliveries it makes, and the
 * pull endpoint's page of messages. Every statement filters on the
 * tenant. SQL only. */

/* A message as intake_repo_message_add stores it (all borrowed). */
typedef struct intake_message_in {
    const char *id; /* the event's id (a UUID) */
    const char *tenant_id;
    const char *source;
    const char *event_type;
    const char *kanaal;
    const char *order_key; /* the hoofdObject */
    const char *body;      /* the JSON text as sent */
} intake_message_in;

/* Inserts the message m; *seq is its seq, or 0 when a message with its id
 * was there already (nothing is changed then). Errors as kc_db_exec. */
kc_status intake_repo_message_add(kc_db_conn *conn, const intake_message_in *m, long long *seq,
                                  kc_problem *pb) KC_MUST_CHECK;

/* A subscription the intake considers: its id and its kanalen. */
typedef struct intake_subscription {
    char id[37];
    json_t *kanalen;
} intake_subscription;

/* The active subscriptions of tenant_id with an entry for kanaal in their
 * kanalen (the GIN index), oldest first, into *items (*n of them; the
 * caller frees them with intake_subscriptions_free). Errors as
 * kc_pg_rows. */
kc_status intake_repo_subscriptions(kc_db_conn *conn, const char *tenant_id, const char *kanaal,
                                    intake_subscription **items, size_t *n,
                                    kc_problem *pb) KC_MUST_CHECK;

/* Frees n subscriptions and the array; NULL is fine. */
void intake_subscriptions_free(intake_subscription *items, size_t n);

/* Adds one pending delivery (due now, not a replay) of the message seq
 * with order_key for each of the n subscription ids of tenant_id, in one
 * statement. n 0 does nothing. Errors as kc_db_exec. */
kc_status intake_repo_deliveries_add(kc_db_conn *conn, const char *tenant_id, long long seq,
                                     const char *order_key, const char *const *subscription_ids,
                                     size_t n, kc_problem *pb) KC_MUST_CHECK;

/* A message of the pull endpoint. */
typedef struct intake_pulled {
    long long seq;
    char id[37];
    char *body;
} intake_pulled;

/* Up to limit messages of tenant_id with seq > after (only kanaal's when
 * kanaal is not NULL), by seq, into *items (*n of them; the caller frees
 * them with intake_pulled_free); *more 1 when more follow. Errors as
 * kc_pg_rows. */
kc_status intake_repo_pull(kc_db_conn *conn, const char *tenant_id, long long after, int limit,
                           const char *kanaal, intake_pulled **items, size_t *n, int *more,
                           kc_problem *pb) KC_MUST_CHECK;

/* Frees n pulled messages and the array; NULL is fine. */
void intake_pulled_free(intake_pulled *items, size_t n);

#endif
