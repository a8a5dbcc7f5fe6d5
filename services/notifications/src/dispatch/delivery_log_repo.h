#ifndef NOTIFICATIONS_DELIVERY_LOG_REPO_H
#define NOTIFICATIONS_DELIVERY_LOG_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "koers/keyset.h"

/* The deliveries log and the re-sends by hand: SQL of
 * dispatch/delivery_log_service.c. Every statement is bounded to the
 * caller's tenant. */

/* The filters of a subscription's deliveries log (NULL: not given). */
typedef struct delivery_log_filter {
    const char *state;
    const char *from; /* created at or after (RFC 3339) */
    const char *to;   /* created before                 */
} delivery_log_filter;

/* The subscription's status: "active" or "disabled" into status (16
 * bytes). KC_NOT_FOUND when the tenant has no such subscription. With
 * lock, the row is locked FOR SHARE until the transaction ends (a replay
 * and a disable do not cross). */
kc_status delivery_log_repo_subscription(kc_db_conn *conn, const char *tenant_id,
                                         const char *subscription_id, int lock, char *status,
                                         kc_problem *pb) KC_MUST_CHECK;

/* A page of the subscription's deliveries, oldest first (created_at, id):
 * *items a new JSON array of delivery documents. */
kc_status delivery_log_repo_list(kc_db_conn *conn, const char *tenant_id,
                                 const char *subscription_id, const delivery_log_filter *f,
                                 const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                 kc_problem *pb) KC_MUST_CHECK;

/* One delivery with its attemptLog and its message (*doc, new reference).
 * KC_NOT_FOUND when the tenant has no such delivery. */
kc_status delivery_log_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                                json_t **doc, kc_problem *pb) KC_MUST_CHECK;

/* The subscription id of the tenant's delivery id into subscription_id.
 * KC_NOT_FOUND when there is none. */
kc_status delivery_log_repo_owner(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  char subscription_id[37], kc_problem *pb) KC_MUST_CHECK;

/* A new delivery (replay) of the message of delivery id to the same
 * subscription, pending now; *doc the new delivery's document. */
kc_status delivery_log_repo_resend(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   json_t **doc, kc_problem *pb) KC_MUST_CHECK;

/* The range of a replay: by the messages' time [from, to) or their
 * sequence numbers (after_seq, to_seq]; state (NULL: any) of the original
 * deliveries. */
typedef struct delivery_replay_range {
    const char *from, *to;
    long long after_seq, to_seq; /* -1: not given */
    const char *state;
} delivery_replay_range;

/* How many distinct messages of the range had a delivery to the
 * subscription, counted up to max + 1 (*n). */
kc_status delivery_log_repo_replay_count(kc_db_conn *conn, const char *tenant_id,
                                         const char *subscription_id,
                                         const delivery_replay_range *r, int max, int *n,
                                         kc_problem *pb) KC_MUST_CHECK;

/* Queues one new delivery (replay, pending now) per distinct message of
 * the range that had a delivery to the subscription; *queued how many. */
kc_status delivery_log_repo_replay(kc_db_conn *conn, const char *tenant_id,
                                   const char *subscription_id, const delivery_replay_range *r,
                                   int *queued, kc_problem *pb) KC_MUST_CHECK;

#endif
