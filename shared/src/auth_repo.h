#ifndef KOERS_AUTH_REPO_H
#define KOERS_AUTH_REPO_H

#include "koers/auth.h"

/* The IAM repository: the one place where the platform's tenants and API
 * keys (schema koers_iam) meet SQL. Private to the shared library: the
 * authenticator (auth.c) looks keys up, koers-admin creates tenants and
 * keys and revokes keys; and to their tests. Not part of the public shared
 * library contract. */

struct kc_db_pool;
struct kc_db_conn;

/* An active API key as stored in koers_iam.api_keys. */
typedef struct kc_api_key_record {
    char key_id[37];
    char tenant_id[37];
    char scopes[256]; /* space-separated */
} kc_api_key_record;

/* Looks up the active (not revoked) API key whose SHA-256 hex is key_hash.
 * On KC_OK, *found is 1 and rec is filled, or *found is 0 when no such key
 * exists. Any database failure is KC_UNAVAILABLE (the cause is logged), so
 * that a caller never mistakes an outage for an unknown key. */
kc_status kc_auth_lookup_key(struct kc_db_pool *pool, const char *key_hash, kc_api_key_record *rec,
                             int *found, kc_problem *pb) KC_MUST_CHECK;

/* Adds tenant id (a new UUID) with name and slug. A slug already taken is
 * KC_CONFLICT naming it. */
kc_status kc_auth_tenant_insert(struct kc_db_conn *conn, const char *id, const char *name,
                                const char *slug, kc_problem *pb) KC_MUST_CHECK;

/* KC_OK when tenant id exists, else KC_NOT_FOUND naming it. */
kc_status kc_auth_tenant_exists(struct kc_db_conn *conn, const char *id,
                                kc_problem *pb) KC_MUST_CHECK;

/* Adds API key id (a new UUID) of tenant_id, stored as the SHA-256 hex of
 * the key, with its scopes (space-separated). */
kc_status kc_auth_api_key_insert(struct kc_db_conn *conn, const char *id, const char *tenant_id,
                                 const char *name, const char *key_hash, const char *scopes,
                                 kc_problem *pb) KC_MUST_CHECK;

/* Revokes API key id; KC_NOT_FOUND naming it when no such key is active. */
kc_status kc_auth_api_key_revoke(struct kc_db_conn *conn, const char *id,
                                 kc_problem *pb) KC_MUST_CHECK;

#endif
