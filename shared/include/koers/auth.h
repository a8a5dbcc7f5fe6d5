#ifndef KOERS_AUTH_H
#define KOERS_AUTH_H

#include <stddef.h>
#include <jansson.h>
#include "koers/problem.h"

struct kc_db_pool;

/* Who is calling. A portal or system authenticates with an API key bound to
 * one tenant and a set of scopes; a staff member with a JWT: one of their
 * municipality's identity provider (OpenID Connect; the tenant is the
 * provider's, the roles mapped from its claims) or a service token (HS256,
 * carrying tenant, subject and roles). */
typedef enum { KC_PRINCIPAL_NONE = 0, KC_PRINCIPAL_API_KEY, KC_PRINCIPAL_STAFF } kc_principal_kind;

typedef struct kc_principal {
    kc_principal_kind kind;
    char tenant_id[37];
    char subject[128]; /* API key id, or the JWT "sub"                    */
    char roles[256];   /* space-separated; staff only                     */
    char scopes[256];  /* space-separated; API keys only                  */
    /* staff signed in through their identity provider (OpenID Connect):
     * the provider's display name and e-mail claims when it configures
     * them, else "". Personal data: never logged, never in an event. */
    char name[128];
    char email[256];
} kc_principal;

int kc_principal_has_role(const kc_principal *p, const char *role);
int kc_principal_has_scope(const kc_principal *p, const char *scope);

/* Allows a staff caller holding any of `roles` (space-separated; NULL = no
 * staff allowed) or an API key holding any of `scope` (space-separated;
 * NULL = no key allowed). A staff "admin" is allowed wherever some staff
 * role is (roles not NULL), never where only a key is: an admin does not
 * act as a portal or a respondent.
 * KC_UNAUTHENTICATED when p is NULL or no one, KC_FORBIDDEN otherwise (pb,
 * which may be NULL, names what was needed). The server calls it with each
 * route's declared access (koers/http.h) before the handler runs. */
kc_status kc_authorize(const kc_principal *p, const char *roles, const char *scope,
                       kc_problem *pb) KC_MUST_CHECK;

/* JWT, HS256 only. Checks signature (constant time), alg, iss, aud, exp,
 * nbf (60 s leeway) and the presence of "tenant" (a UUID) and "sub". */
kc_status kc_jwt_verify(const char *token, const char *secret, const char *issuer,
                        const char *audience, long long now, kc_principal *out,
                        kc_problem *pb) KC_MUST_CHECK;

/* Signs claims (borrowed) with HS256. Caller frees the result with free(). */
char *kc_jwt_sign(const json_t *claims, const char *secret);

/* SHA-256 of data as lowercase hex. */
void kc_sha256_hex(const void *data, size_t len, char out[65]);

/* A new random secret token "<prefix><43 base64url chars>" (32 random
 * bytes; prefix at most 20 characters) and the SHA-256 hex of the whole
 * token, for storing only the hash. KC_INTERNAL if randomness fails. */
kc_status kc_token_generate(const char *prefix, char token[64], char hash_hex[65]) KC_MUST_CHECK;

/* A new random API key "kk_<43 base64url chars>" and its SHA-256 hex. */
kc_status kc_api_key_generate(char key[64], char hash_hex[65]) KC_MUST_CHECK;

/* Random UUID v4 as text. */
kc_status kc_uuid_v4(char out[37]) KC_MUST_CHECK;

/* Authenticator: looks API keys up by hash in koers_iam.api_keys, verifies
 * JWTs with the configured secret, and refuses both when their tenant is
 * deactivated (koers_iam.tenants). Keys and tenant states are cached only
 * while kc_auth_listen's listener hears every revocation. */
typedef struct kc_auth kc_auth;

/* pool may be NULL (tests of the HTTP layer): then only JWTs are accepted,
 * their tenants unchecked, and an API key is KC_UNAVAILABLE. */
kc_status kc_auth_create(struct kc_db_pool *pool, const char *jwt_secret, const char *issuer,
                         const char *audience, kc_auth **out) KC_MUST_CHECK;
void kc_auth_free(kc_auth *a);

/* Starts the listener of revocations: one connection to database_url
 * (copied) LISTENing for the announcements of koers_iam's triggers (a key
 * revoked, changed or deleted; a tenant deactivated, activated, changed),
 * on a thread that kc_auth_free stops. Each announcement drops what the
 * cache holds of that key or tenant as soon as it arrives. Without it, or
 * while its connection is down or has not answered its heartbeat (every
 * second) for 3 s, nothing cached is used: every key and tenant is looked
 * up in the database; when it connects again the cache starts empty.
 * KC_INTERNAL when the thread cannot start or a listener already runs. */
kc_status kc_auth_listen(kc_auth *a, const char *database_url) KC_MUST_CHECK;

/* From the Authorization header (Bearer: a JWT if it has two dots, else an
 * API key) or X-API-Key. Both may be NULL: KC_UNAUTHENTICATED. A revoked or
 * unknown key, a key of a deactivated tenant ("invalid API key") and a JWT
 * of a deactivated tenant are KC_UNAUTHENTICATED. A database failure is
 * KC_UNAVAILABLE. */
kc_status kc_auth_authenticate(kc_auth *a, const char *authorization, const char *x_api_key,
                               kc_principal *out, kc_problem *pb) KC_MUST_CHECK;

#endif
