#ifndef NOTIFICATIONS_SUBSCRIPTION_REPO_H
#define NOTIFICATIONS_SUBSCRIPTION_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The subscriptions (abonnementen) of a tenant and their signing secrets:
 * SQL only. Every query filters on the tenant, so another tenant's id is
 * KC_NOT_FOUND. Sealed values travel as bytea hex text ("\x...") with
 * their key id (delivery/secret_box.h seals and opens them). Errors are
 * kc_db_exec's unless said. */

/* What a change of a subscription reads of it first. */
typedef struct sub_repo_row {
    long long version;
    char *callback_url; /* heap                                     */
    char *auth_sealed;  /* heap, bytea hex                          */
    char auth_key_id[32];
    json_t *kanalen; /* new reference                            */
    int signing;
    int active;     /* status = 'active'                        */
    int failing;    /* failing_since is set                     */
    int has_secret; /* a current signing secret exists          */
} sub_repo_row;

void sub_repo_row_free(sub_repo_row *r);

/* Inserts a subscription (status active, version 1). */
kc_status sub_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *id,
                          const char *callback_url, const char *auth_sealed,
                          const char *auth_key_id, const json_t *kanalen, int signing,
                          const char *created_by, kc_problem *pb) KC_MUST_CHECK;

/* Reads subscription id into *out (zeroed first; sub_repo_row_free it);
 * with for_update the row is locked for the transaction. KC_NOT_FOUND
 * naming it when the tenant has no such subscription. */
kc_status sub_repo_read(kc_db_conn *conn, const char *tenant_id, const char *id, int for_update,
                        sub_repo_row *out, kc_problem *pb) KC_MUST_CHECK;

/* The wire form of subscription id without its url, with its "id":
 * {id, callbackUrl, kanalen, signing, status, disabledReason,
 * failingSince, createdAt, updatedAt} (*doc, the caller's) and its
 * version. KC_NOT_FOUND naming it. */
kc_status sub_repo_doc(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **doc,
                       long long *version, kc_problem *pb) KC_MUST_CHECK;

/* Every subscription of the tenant in that wire form, by createdAt
 * (*items, a new array, the caller's). */
kc_status sub_repo_list(kc_db_conn *conn, const char *tenant_id, json_t **items,
                        kc_problem *pb) KC_MUST_CHECK;

/* Writes the members of a change and bumps the version. auth_sealed NULL
 * keeps the sealed auth value. status "active" clears disabled_reason;
 * "disabled" sets it to reason (NULL keeps it); enable clears
 * failing_since (a re-enabling by hand). *version gets the new version. */
kc_status sub_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                          const char *callback_url, const char *auth_sealed,
                          const char *auth_key_id, const json_t *kanalen, int signing,
                          const char *status, const char *reason, int enable, long long *version,
                          kc_problem *pb) KC_MUST_CHECK;

/* Deletes subscription id (its secrets and deliveries go with it).
 * KC_NOT_FOUND naming it. */
kc_status sub_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                          kc_problem *pb) KC_MUST_CHECK;

/* Cancels the open deliveries (pending, retrying) of subscription id;
 * *n gets how many. */
kc_status sub_repo_cancel_open(kc_db_conn *conn, const char *tenant_id, const char *id, int *n,
                               kc_problem *pb) KC_MUST_CHECK;

/* Stores a new current signing secret (valid_until NULL) of
 * subscription_id under row id secret_id. */
kc_status sub_repo_secret_insert(kc_db_conn *conn, const char *tenant_id, const char *secret_id,
                                 const char *subscription_id, const char *sealed,
                                 const char *key_id, kc_problem *pb) KC_MUST_CHECK;

/* Before a rotation: every earlier previous secret of subscription_id
 * that is still valid expires now, and the current one stays valid for
 * overlap_s seconds more: previous_valid_until gets that time (RFC 3339),
 * "" when there was no current secret. */
kc_status sub_repo_secret_retire(kc_db_conn *conn, const char *tenant_id,
                                 const char *subscription_id, long long overlap_s,
                                 char previous_valid_until[40], kc_problem *pb) KC_MUST_CHECK;

/* A signing secret as stored. */
typedef struct sub_repo_secret {
    char id[37];
    char *sealed; /* heap */
    char key_id[32];
} sub_repo_secret;

/* The currently valid signing secrets of subscription_id, the current one
 * first, at most two (*secrets, the caller's: free each .sealed, then the
 * array). */
kc_status sub_repo_secrets_valid(kc_db_conn *conn, const char *tenant_id,
                                 const char *subscription_id, sub_repo_secret **secrets, size_t *n,
                                 kc_problem *pb) KC_MUST_CHECK;

#endif
