#ifndef KOERS_JWKS_H
#define KOERS_JWKS_H

#include <stddef.h>
#include <jansson.h>
#include "koers/problem.h"

/* Tokens of a municipality's OpenID Connect provider: its JSON Web Key Set
 * (RFC 7517/7518), asymmetric JWT signatures (RS256, PS256, ES256) and the
 * claims Koers reads. Pure: no I/O, no globals, thread-safe on distinct
 * objects; a parsed set is read-only and may be shared between threads.
 * Fetching and caching the sets lives in the authenticator (auth.c). */

/* A provider's signing keys, ready to verify. */
typedef struct kc_jwks kc_jwks;

/* Parses a JWK Set document ({"keys": [...]}, at most 64 KiB). Keeps the
 * keys with kty "RSA" (n, e; modulus 2048 to 8192 bits) and kty "EC" with
 * crv "P-256" (x, y, a point on the curve) whose "use" is absent or "sig"
 * and whose "alg", when present, is RS256 or PS256 (RSA) or ES256 (EC);
 * skips every other key (unknown kty, "enc", private parts ignored, bad
 * values, a later key with the kid of an earlier kept one) and counts
 * them in *skipped (may be NULL). A set with no usable key is still a set
 * (every token then has an unknown kid).
 * KC_BAD_REQUEST with a detail when the document is not a JWK Set. */
kc_status kc_jwks_parse(const char *json, size_t len, kc_jwks **out, size_t *skipped,
                        kc_problem *pb) KC_MUST_CHECK;
void kc_jwks_free(kc_jwks *set);
size_t kc_jwks_count(const kc_jwks *set);
/* 1 when the set holds a key with this kid. */
int kc_jwks_has_kid(const kc_jwks *set, const char *kid);

/* A compact JWS split and decoded; its signature not yet checked. */
typedef struct kc_jwt {
    json_t *header;  /* owned */
    json_t *claims;  /* owned */
    const char *alg; /* borrowed from header; never NULL after decode */
    const char *kid; /* NULL when absent */
    const char *typ; /* NULL when absent */
    const char *iss; /* borrowed from claims; NULL when absent */
    char *signing_input;
    size_t signing_input_len;
    unsigned char *signature;
    size_t signature_len;
} kc_jwt;

/* Splits token (at most 8192 bytes) into header, claims and signature,
 * base64url without padding, both JSON objects, "alg" a string.
 * KC_UNAUTHENTICATED ("malformed token") otherwise; *out is then empty. */
kc_status kc_jwt_decode(const char *token, kc_jwt *out, kc_problem *pb) KC_MUST_CHECK;
/* Frees what decode allocated; accepts an empty or cleared jwt. */
void kc_jwt_clear(kc_jwt *jwt);

/* Verifies jwt's signature with the key of its "kid" in keys (no kid: the
 * only key of the set whose type fits alg, if exactly one). alg must be
 * RS256, PS256 (salt = 32) or ES256 (64-byte r||s) and fit the key's type
 * and its own "alg"; "none", HS*, anything else: KC_UNAUTHENTICATED
 * ("token algorithm not accepted"); a "crit" header likewise. No kid and
 * several fitting keys: KC_UNAUTHENTICATED. A bad signature:
 * KC_UNAUTHENTICATED ("token signature invalid"). No key with that kid
 * (or, without kid, none fitting): KC_NOT_FOUND (the caller may fetch the
 * set again, once). Header members that point at keys (jku, jwk, x5u,
 * x5c) are ignored: keys come from the set only. Details name no key
 * material and no kid. */
kc_status kc_jwt_verify_jwks(const kc_jwt *jwt, const kc_jwks *keys, kc_problem *pb) KC_MUST_CHECK;

/* Checks, in this order: "typ" absent or one of JWT, at+jwt,
 * application/at+jwt (case-insensitive); iss equal to issuer; aud (string
 * or array of strings) holding audience; exp present and now < exp + skew;
 * nbf, when present, <= now + skew; iat, when present, <= now + skew; sub a
 * string of 1 to 127 printable characters. KC_UNAUTHENTICATED with a
 * detail naming the failed check (never a claim's value) otherwise. */
kc_status kc_jwt_check_claims(const kc_jwt *jwt, const char *issuer, const char *audience,
                              long long now, int skew_s, kc_problem *pb) KC_MUST_CHECK;

/* The value at a dotted path of claims ("roles", "realm_access.roles",
 * "groups"); NULL when any step is missing or not an object. A member
 * named by the whole rest of the path ("https://x.example/roles") is taken
 * before the path is split at its dots. Borrowed. */
const json_t *kc_claims_at(const json_t *claims, const char *path);

/* The string at path, or NULL (absent, not a string). Borrowed. */
const char *kc_claims_string(const json_t *claims, const char *path);

/* Maps the provider's role or group names at roles_claim (an array of
 * strings, or one string) through role_map ({"provider name": "koers_role"
 * or ["koers_role", ...]}; names compared exactly) into out: Koers roles,
 * space-separated, each once, in the order first met; a mapped name that
 * is not one of the Koers roles (the specs' staff roles, admin ...
 * privacy_officer; never an arbitrary token) is skipped; stops adding when
 * the next role would not fit outlen. Returns the number of roles in out
 * (0: the user has no Koers role; out is ""). */
int kc_claims_map_roles(const json_t *claims, const char *roles_claim, const json_t *role_map,
                        char *out, size_t outlen);

#endif
