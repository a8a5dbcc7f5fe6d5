#ifndef KOERS_AUTH_REPO_H
#define KOERS_AUTH_REPO_H

#include "koers/auth.h"

/* Private to the authenticator (auth.c) and its tests: the one place where
 * API keys meet SQL. Not part of the public shared library contract. */

struct kc_db_pool;

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

#endif
