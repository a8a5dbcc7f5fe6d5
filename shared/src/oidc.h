#ifndef KOERS_OIDC_H
#define KOERS_OIDC_H

#include "koers/auth.h"
#include "koers/jwks.h"

/* The authenticator's OpenID Connect path (auth.c routes a token here when
 * its issuer is not the platform's): the provider of the token's issuer
 * (koers_iam.identity_providers, cached), its keys (discovery + JWK Set,
 * oidc_fetch.h, cached per provider), the token checked and its roles
 * mapped. Private to the shared library and its tests.
 *
 * Its own lock, never held during a database lookup or a fetch; auth.c
 * tells it what the listener heard (kc_oidc_forget) and whether the
 * listener may be trusted now (cache_trusted of kc_oidc_authenticate). */

struct kc_db_pool;

typedef struct kc_oidc kc_oidc;

typedef struct kc_oidc_settings {
    int allow_http;
    int clock_skew_s;
    int refresh_min_s;
    int fetch_timeout_s;
    int jwks_ttl_s;
} kc_oidc_settings;

/* pool is borrowed (it must outlive o); s copied. KC_INTERNAL on memory or
 * a setting out of range. */
kc_status kc_oidc_create(struct kc_db_pool *pool, const kc_oidc_settings *s,
                         kc_oidc **out) KC_MUST_CHECK;
/* Accepts NULL. */
void kc_oidc_free(kc_oidc *o);

/* Authenticates the decoded token jwt (borrowed) of an issuer other than
 * the platform's, as auth.h describes, at now (seconds since the epoch).
 * cache_trusted: whether a cached provider row may be used (the listener
 * hears every change); when 0 the row is looked up. On KC_OK out is a
 * STAFF principal of the provider's tenant; else out is zeroed and pb
 * says why: KC_UNAUTHENTICATED, KC_FORBIDDEN (no Koers role),
 * KC_UNAVAILABLE (database, or a provider without keys that cannot be
 * reached). The tenant's deactivation is the caller's to check. */
kc_status kc_oidc_authenticate(kc_oidc *o, const kc_jwt *jwt, int cache_trusted, long long now,
                               kc_principal *out, kc_problem *pb) KC_MUST_CHECK;

/* What the listener heard: provider_id (a lowercase UUID) changed, so its
 * cached row and every negative entry (an issuer looked up as unknown) are
 * dropped; NULL drops every cached row. The key sets stay: they are the
 * providers', not the database's. */
void kc_oidc_forget(kc_oidc *o, const char *provider_id);

#endif
