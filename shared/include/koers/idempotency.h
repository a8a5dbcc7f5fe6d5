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

/* How the answer of a creation is kept for replays, when it must not be
 * kept as it is (it holds personal data, say). seal turns the answer into
 * the JSON that is stored (a new reference in *stored); open turns a stored
 * one back into the answer (a new reference in *answer; it may be stored
 * itself, with a reference taken) or fails with the problem the replay
 * answers with (e.g. KC_CONFLICT when the key it was sealed under has been
 * retired). Both get the tenant of the key; answer and stored are borrowed.
 * A NULL codec keeps answers as they are. */
typedef struct kc_idem_codec {
    kc_status (*seal)(const char *tenant_id, const json_t *answer, json_t **stored, kc_problem *pb);
    kc_status (*open)(const char *tenant_id, json_t *stored, json_t **answer, kc_problem *pb);
} kc_idem_codec;

/* Creates something once per key. fn runs inside a transaction on conn and
 * writes the 201 answer (new reference) to *answer; with an active key the
 * answer (sealed by codec, when given) is stored in the same transaction. A
 * retry with the same key gets the stored answer (opened by codec) with
 * *replayed = 1, and fn does not run; a concurrent request that stored the
 * key first is answered the same way. Without a key this is simply fn in a
 * transaction. On success *body (the caller's) is the answer; on failure
 * the transaction is rolled back and pb says why (fn's problem, e.g.
 * KC_CONFLICT of a unique name; KC_INVALID for the key used with another
 * request; the codec's open problem). */
typedef kc_status (*kc_idem_create_fn)(kc_db_conn *conn, void *arg, json_t **answer,
                                       kc_problem *pb);
kc_status kc_idem_create(kc_db_conn *conn, const char *schema, const kc_idem *idem,
                         const kc_idem_codec *codec, kc_idem_create_fn fn, void *arg, json_t **body,
                         int *replayed, kc_problem *pb) KC_MUST_CHECK;

/* kc_idem_create on a connection of pool, acquired for it and given back
 * after: the whole of a service's creation once per key, once its input is
 * checked. *body is NULL and *replayed 0 when no connection is to be had
 * (KC_UNAVAILABLE). */
kc_status kc_idem_run(kc_db_pool *pool, const char *schema, const kc_idem *idem,
                      const kc_idem_codec *codec, kc_idem_create_fn fn, void *arg, json_t **body,
                      int *replayed, kc_problem *pb) KC_MUST_CHECK;

#endif
