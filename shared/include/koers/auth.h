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
 * staff JWTs, and refuses both when their tenant is deactivated
 * (koers_iam.tenants). A JWT whose "iss" is the platform's own issuer is a
 * service token (HS256 with the configured secret: tests, koers-admin,
 * service-to-service calls); any other issuer must be an enabled identity
 * provider of koers_iam.identity_providers, whose keys come from its JWK
 * Set (OpenID Connect discovery, fetched and cached per provider). Keys,
 * tenant states and provider rows are cached only while kc_auth_listen's
 * listener hears every change. */
typedef struct kc_auth kc_auth;

/* The authenticator's settings. kc_auth_options_init fills the defaults
 * (koers/config.h reads them from the environment: KOERS_AUTH_SERVICE_TOKENS,
 * KOERS_OIDC_*). The strings are borrowed by kc_auth_create, which copies
 * them. */
typedef struct kc_auth_options {
    const char *jwt_secret;   /* service tokens: the HS256 secret            */
    const char *issuer;       /* their "iss" (KOERS_JWT_ISSUER)              */
    const char *audience;     /* their "aud" (KOERS_JWT_AUDIENCE)            */
    int service_tokens;       /* 1 (default): service tokens accepted; 0: a
                               * token of `issuer` is refused, 401           */
    int oidc_allow_http;      /* 1: discovery and JWKS over http too (tests,
                               * the local stack); 0 (default): https only   */
    int oidc_clock_skew_s;    /* leeway on exp, nbf, iat; 60                 */
    int oidc_refresh_min_s;   /* at most one JWKS fetch per provider per this
                               * many seconds on an unknown kid; 30          */
    int oidc_fetch_timeout_s; /* each discovery or JWKS request; 5         */
    int oidc_jwks_ttl_s;      /* a fetched key set is used this long, then
                               * fetched again; 3600                        */
} kc_auth_options;

/* The defaults above, with the service tokens' secret, issuer and audience
 * (borrowed; may be NULL until set). */
void kc_auth_options_init(kc_auth_options *o, const char *jwt_secret, const char *issuer,
                          const char *audience);

/* pool may be NULL (tests of the HTTP layer): then only service tokens are
 * accepted, their tenants unchecked; an API key is KC_UNAVAILABLE and a
 * token of any other issuer "unknown token issuer". KC_INTERNAL on bad
 * options (a NULL string, a setting out of range) or memory. */
kc_status kc_auth_create(struct kc_db_pool *pool, const kc_auth_options *opts,
                         kc_auth **out) KC_MUST_CHECK;
void kc_auth_free(kc_auth *a);

/* Starts the listener of revocations: one connection to database_url
 * (copied) LISTENing for the announcements of koers_iam's triggers (a key
 * revoked, changed or deleted; a tenant deactivated, activated, changed;
 * an identity provider added, changed or deleted), on a thread that
 * kc_auth_free stops. Each announcement drops what the cache holds of that
 * key, tenant or provider as soon as it arrives. Without it, or while its
 * connection is down or has not answered its heartbeat (every second) for
 * 3 s, nothing cached is used: every key, tenant and provider is looked up
 * in the database; when it connects again the cache starts empty (the
 * providers' key sets are kept: they come from the providers, not the
 * database). KC_INTERNAL when the thread cannot start or a listener
 * already runs. */
kc_status kc_auth_listen(kc_auth *a, const char *database_url) KC_MUST_CHECK;

/* From the Authorization header (Bearer: a JWT if it has two dots, else an
 * API key) or X-API-Key. Both may be NULL: KC_UNAUTHENTICATED. A revoked or
 * unknown key, a key of a deactivated tenant ("invalid API key") and a JWT
 * of a deactivated tenant are KC_UNAUTHENTICATED. A database failure is
 * KC_UNAVAILABLE.
 *
 * A JWT is decoded (koers/jwks.h) and routed by its "iss":
 * - the platform's issuer: a service token (kc_jwt_verify), accepted only
 *   while service tokens are on ("service tokens are switched off");
 * - any other: the enabled identity provider with exactly that issuer
 *   ("unknown token issuer" otherwise, naming no value); alg RS256, PS256
 *   or ES256 only (HS*, none: "token algorithm not accepted", before any
 *   key is fetched); the signature checked with the provider's JWK Set (an
 *   unknown kid fetches the set again, at most once per
 *   oidc_refresh_min_s per provider: "token signing key unknown"); typ,
 *   iss, aud (the provider's audience), exp, nbf, iat (oidc_clock_skew_s)
 *   and sub checked (kc_jwt_check_claims); the roles mapped from the
 *   provider's roles_claim through its role_map: none is KC_FORBIDDEN
 *   ("your identity provider grants you no Koers role"). The principal:
 *   STAFF, the provider's tenant (a "tenant" claim is ignored), subject =
 *   sub, the mapped roles, name and email from the provider's name and
 *   email claims ("" when not configured or absent). KC_UNAVAILABLE when
 *   the provider's keys were never fetched and it cannot be reached now.
 * Every refusal's detail names the failed check, never a claim's value, a
 * key or a secret. */
kc_status kc_auth_authenticate(kc_auth *a, const char *authorization, const char *x_api_key,
                               kc_principal *out, kc_problem *pb) KC_MUST_CHECK;

#endif
