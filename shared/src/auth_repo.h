#ifndef KOERS_AUTH_REPO_H
#define KOERS_AUTH_REPO_H

#include "koers/auth.h"

/* The IAM repository: the one place where the platform's tenants and API
 * keys (schema koers_iam) meet SQL. Private to the shared library: the
 * authenticator (auth.c, oidc.c) looks keys, tenants and identity
 * providers up, koers-admin creates,
 * lists, revokes and (de)activates them; and to their tests. Not part of
 * the public shared library contract. The listener that hears of
 * revocations is auth_listen_repo.h. */

struct kc_db_pool;
struct kc_db_conn;

/* An active API key as stored in koers_iam.api_keys, and its tenant's
 * state when it was read. */
typedef struct kc_api_key_record {
    char key_id[37];
    char tenant_id[37];
    char scopes[256]; /* space-separated */
    int tenant_deactivated;
} kc_api_key_record;

/* An API key as koers-admin lists it (never the key: only its hash is
 * stored, and not shown). revoked_at is "" while the key is active. */
typedef struct kc_api_key_info {
    char id[37];
    char name[201];
    char scopes[256];
    char created_at[40];
    char revoked_at[40];
} kc_api_key_info;

/* An enabled identity provider as stored in koers_iam.identity_providers,
 * what the authenticator needs of it. role_map is the JSON text of the
 * row's role_map (malloc'd; kc_identity_provider_record_clear frees it);
 * discovery_url, name_claim and email_claim are "" when NULL. */
typedef struct kc_identity_provider_record {
    char id[37];
    char tenant_id[37];
    char issuer[501];
    char discovery_url[501];
    char audience[201];
    char roles_claim[201];
    char name_claim[101];
    char email_claim[101];
    char *role_map;
} kc_identity_provider_record;

void kc_identity_provider_record_clear(kc_identity_provider_record *rec);

/* Looks up the enabled identity provider whose issuer is exactly issuer.
 * On KC_OK, *found is 1 and rec is filled, or 0 when there is none (or it
 * is disabled). Any database failure, and a row whose values do not fit
 * the record, is KC_UNAVAILABLE (the cause is logged, never a value). */
kc_status kc_auth_lookup_provider(struct kc_db_pool *pool, const char *issuer,
                                  kc_identity_provider_record *rec, int *found,
                                  kc_problem *pb) KC_MUST_CHECK;

/* Looks up the active (not revoked) API key whose SHA-256 hex is key_hash,
 * with its tenant's state. On KC_OK, *found is 1 and rec is filled, or
 * *found is 0 when no such key exists. Any database failure is
 * KC_UNAVAILABLE (the cause is logged), so that a caller never mistakes an
 * outage for an unknown key. */
kc_status kc_auth_lookup_key(struct kc_db_pool *pool, const char *key_hash, kc_api_key_record *rec,
                             int *found, kc_problem *pb) KC_MUST_CHECK;

/* Whether tenant_id is deactivated (*deactivated 1) or not (0; also when no
 * such tenant exists). Any database failure is KC_UNAVAILABLE, logged. */
kc_status kc_auth_lookup_tenant(struct kc_db_pool *pool, const char *tenant_id, int *deactivated,
                                kc_problem *pb) KC_MUST_CHECK;

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

/* Deactivates (deactivated 1; a second time keeps the first moment) or
 * activates (0) tenant id; KC_NOT_FOUND naming it when there is no such
 * tenant. The koers_iam trigger announces it to every authenticator when
 * the transaction commits. */
kc_status kc_auth_tenant_set_deactivated(struct kc_db_conn *conn, const char *id, int deactivated,
                                         kc_problem *pb) KC_MUST_CHECK;

/* Every API key of tenant_id, oldest first, into *keys (*n of them; the
 * caller frees the array with free()). */
kc_status kc_auth_api_key_list(struct kc_db_conn *conn, const char *tenant_id,
                               kc_api_key_info **keys, size_t *n, kc_problem *pb) KC_MUST_CHECK;

#endif
