#ifndef KOERS_IDEMPOTENCY_H
#define KOERS_IDEMPOTENCY_H

#include <jansson.h>
#include "koers/db.h"

/* Idempotency-Key for POSTs that create. The first answer is stored in
 * <schema>.idempotency_keys in the same transaction as the creation; a
 * retry with the same key (and tenant) gets that answer again and creates
 * nothing. The same key with a different body is KC_INVALID. */
typedef struct kc_idem {
    int active; /* a key was sent                              */
    char key[256];
    char tenant_id[37];
    char request_hash[65]; /* SHA-256 of method, path and body            */
} kc_idem;

/* Looks up a stored answer. *found = 1 with status and body (new ref) when
 * this key was used before with the same request. */
kc_status kc_idem_lookup(kc_db_conn *conn, const char *schema, const kc_idem *idem, int *found,
                         int *http_status, json_t **body, kc_problem *pb) KC_MUST_CHECK;

/* Stores the answer (inside the caller's transaction). */
kc_status kc_idem_store(kc_db_conn *conn, const char *schema, const kc_idem *idem, int http_status,
                        const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* Creates something once per key. fn runs inside a transaction on conn and
 * writes the 201 answer (new reference) to *answer; with an active key the
 * answer is stored in the same transaction. A retry with the same key gets
 * the stored answer (*replayed = 1, *http_status as stored) and fn does not
 * run. Without a key this is simply fn in a transaction. On success *body
 * (the caller's) is the answer; on failure the transaction is rolled back
 * and pb says why (fn's problem, e.g. KC_CONFLICT of a unique name). */
typedef kc_status (*kc_idem_create_fn)(kc_db_conn *conn, void *arg, json_t **answer,
                                       kc_problem *pb);
kc_status kc_idem_create(kc_db_conn *conn, const char *schema, const kc_idem *idem,
                         kc_idem_create_fn fn, void *arg, int *http_status, json_t **body,
                         int *replayed, kc_problem *pb) KC_MUST_CHECK;

#endif
