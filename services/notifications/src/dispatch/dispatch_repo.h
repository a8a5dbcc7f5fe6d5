#ifndef NOTIFICATIONS_DISPATCH_REPO_H
#define NOTIFICATIONS_DISPATCH_REPO_H

#include <stddef.h>
#include "koers/db.h"

/* The dispatcher's SQL: claiming due deliveries, recording an attempt and
 * what follows from it, the alert gate, the retention purge. Every
 * statement names its tenant where it touches one tenant's rows. */

/* A claimed delivery: what a worker needs to send it, and its lease. */
typedef struct dispatch_claim {
    char id[37];
    char tenant_id[37];
    char subscription_id[37];
    char message_id[37];
    char lease_until[48]; /* the lease as the database wrote it: the token of
                             dispatch_repo_finish */
    int attempts;         /* attempts made before this one */
    char *body;           /* the message as stored (heap) */
} dispatch_claim;

/* Frees the bodies of n claims and the array; NULL is fine. */
void dispatch_claims_free(dispatch_claim *claims, size_t n);

/* Claims up to limit due deliveries for leased_by, each leased for lease_s
 * seconds, in one statement (FOR UPDATE SKIP LOCKED, so two claimers
 * never get the same row): due (pending or retrying, next_attempt_at
 * passed), not leased (or the lease ran out), no earlier open delivery of
 * the same subscription and order_key, the subscription active and fewer
 * than max_in_flight deliveries of it leased, this claim's included.
 * Oldest due first: the claim walks the due deliveries in next_attempt_at
 * order and stops after limit candidates, so its cost follows the rows it
 * passes over, not the whole backlog. *claims (the caller's, dispatch_claims_free) holds *n
 * of them. */
kc_status dispatch_repo_claim(kc_db_conn *conn, const char *leased_by, int lease_s,
                              int max_in_flight, int limit, dispatch_claim **claims, size_t *n,
                              kc_problem *pb) KC_MUST_CHECK;

/* One attempt of a claimed delivery and the state it leaves. */
typedef struct dispatch_result {
    const char *state;      /* "delivered", "retrying" or "failed"         */
    long long delay_ms;     /* retrying: next_attempt_at = now() + delay   */
    const char *started_at; /* RFC 3339, when the attempt began            */
    long duration_ms;
    int status_code;   /* 0: none came                               */
    const char *error; /* when status_code is 0 (at most 200 chars)  */
} dispatch_result;

/* Records the attempt of claim c (its row in delivery_attempts, numbered
 * c->attempts + 1) and the delivery's new state, releasing the lease;
 * only while the lease is still leased_by's (and the delivery still
 * open): otherwise nothing is written and the status is KC_NOT_FOUND
 * (another worker took the delivery over, or it was cancelled). */
kc_status dispatch_repo_finish(kc_db_conn *conn, const dispatch_claim *c, const char *leased_by,
                               const dispatch_result *r, kc_problem *pb) KC_MUST_CHECK;

/* Gives claim c back unworked (its lease cleared, so any claimer may
 * take it at once), only while the lease is still leased_by's; a lease
 * that changed hands is left alone. */
kc_status dispatch_repo_release(kc_db_conn *conn, const dispatch_claim *c, const char *leased_by,
                                kc_problem *pb) KC_MUST_CHECK;

/* A delivery went through: clears the subscription's failing_since.
 * *recovered 1 when it was set (the subscription recovered). */
kc_status dispatch_repo_recovered(kc_db_conn *conn, const char *tenant_id,
                                  const char *subscription_id, int *recovered,
                                  kc_problem *pb) KC_MUST_CHECK;

/* The callback answered 410 Gone: the subscription is disabled (reason
 * gone) and its open deliveries cancelled. *disabled 1 when it was active
 * until now; *cancelled how many deliveries were cancelled. */
kc_status dispatch_repo_gone(kc_db_conn *conn, const char *tenant_id, const char *subscription_id,
                             int *disabled, int *cancelled, kc_problem *pb) KC_MUST_CHECK;

/* What an alert about a failing subscription tells. */
typedef struct dispatch_alert {
    char failing_since[40];
    int failed_deliveries; /* failed since failing_since */
    char *callback_url;    /* heap: only its host goes into the mail */
    char *alert_email;     /* heap, NULL when the tenant set none    */
} dispatch_alert;

void dispatch_alert_clear(dispatch_alert *a);

/* A delivery failed (a dead letter): sets the subscription's
 * failing_since when it is not set yet, then takes the alert gate: when
 * its last alert is older than every_s seconds (or there was none), this
 * caller, and only this one across replicas, sets last_alert_at and gets
 * *alert = 1 with what the alert tells in *a (the caller's,
 * dispatch_alert_clear); else *alert = 0. */
kc_status dispatch_repo_failing(kc_db_conn *conn, const char *tenant_id,
                                const char *subscription_id, int every_s, int *alert,
                                dispatch_alert *a, kc_problem *pb) KC_MUST_CHECK;

/* Deletes up to batch messages older than keep_days days (their
 * deliveries and attempts go with them); *deleted how many. */
kc_status dispatch_repo_purge(kc_db_conn *conn, int keep_days, int batch, int *deleted,
                              kc_problem *pb) KC_MUST_CHECK;

/* How many active subscriptions are failing (for the gauge). */
kc_status dispatch_repo_failing_count(kc_db_conn *conn, int *n, kc_problem *pb) KC_MUST_CHECK;

#endif
