#ifndef KOERS_OIDC_FETCH_H
#define KOERS_OIDC_FETCH_H

#include <stddef.h>
#include "koers/jwks.h"

/* Fetching an identity provider's signing keys: OpenID Connect discovery,
 * then its JWK Set, over Ulfius' HTTP client (libcurl). Private to the
 * shared library (the authenticator's oidc.c) and its tests. No caching
 * here: oidc.c decides when to fetch. */

/* Answers larger than this are refused (a discovery document or a JWK Set
 * is a few KiB). */
#define KC_OIDC_FETCH_MAX_BYTES (256 * 1024)

typedef struct kc_oidc_fetch_opts {
    int allow_http; /* 1: http:// URLs too; 0: https only */
    int timeout_s;  /* each request, connection included  */
} kc_oidc_fetch_opts;

/* Fetches the keys of the provider with issuer (exact) and discovery_url
 * (NULL or "": issuer, one trailing slash dropped, +
 * "/.well-known/openid-configuration"): the discovery document must answer
 * 200 with a JSON object whose "issuer" equals issuer exactly and whose
 * "jwks_uri" is a URL; the JWK Set there is parsed (kc_jwks_parse). TLS
 * certificates are verified, redirects not followed, answers over
 * KC_OIDC_FETCH_MAX_BYTES refused.
 *
 * The back channel: when discovery_url is set and its origin
 * (scheme://host:port) differs from the issuer's, a jwks_uri at the
 * issuer's origin is fetched at discovery_url's origin instead (same path
 * and query): the services reach the provider under another name than the
 * browser does (docker-compose, a cluster's internal name).
 *
 * On KC_OK *out is the set (the caller frees it). KC_UNAVAILABLE, with why
 * (a short reason naming no URL: "discovery: HTTP 404", "jwks: timeout",
 * "discovery issuer mismatch") when anything fails. */
kc_status kc_oidc_fetch_keys(const char *issuer, const char *discovery_url,
                             const kc_oidc_fetch_opts *opts, kc_jwks **out, char *why,
                             size_t whylen) KC_MUST_CHECK;

/* The origin of an http(s) URL, normalised ("HTTPS://Idp.Example" and
 * "https://idp.example:443/x" are both "https://idp.example:443") into out
 * (outlen bytes), and in *rest where its path begins (the rest of url,
 * possibly ""). -1 when url is not http(s), has userinfo, no host, a bad
 * port, or does not fit. */
int kc_oidc_origin(const char *url, char *out, size_t outlen, const char **rest);

/* The URL to fetch the JWK Set at (see the back channel above) into out;
 * -1 when jwks_uri is not an http(s) URL or the result does not fit. */
int kc_oidc_jwks_url(const char *jwks_uri, const char *issuer, const char *discovery_url, char *out,
                     size_t outlen);

#endif
