#ifndef KOERS_JWT_SIGN_H
#define KOERS_JWT_SIGN_H

/* Test support for OpenID Connect tokens (linked into every unit and
 * integration test as libkoers_test.a): a provider's signing keys, their
 * public JWK Set, and compact JWS tokens signed with them. Independent of
 * shared/src (its own base64url, OpenSSL directly), so a test checks the
 * verifier against a second implementation. Keys are generated fresh:
 * RSA-2048 takes tens of milliseconds (more under ASan), so make them once
 * per test group. Every function returns NULL when OpenSSL or memory fails. */

#include <stddef.h>
#include <jansson.h>

/* A key pair with the kid and alg its JWK announces. */
typedef struct kt_key kt_key;

/* An RSA key of bits (2048 normally; less to test the refusal of small
 * moduli). alg: "RS256", "PS256", or NULL for a JWK without "alg". kid may
 * be NULL (a JWK without "kid"). */
kt_key *kt_key_rsa(const char *kid, const char *alg, int bits);
/* An EC P-256 key; its JWK says "alg": "ES256" unless alg is NULL. */
kt_key *kt_key_ec(const char *kid, const char *alg);
void kt_key_free(kt_key *k);

/* The public JWK of k: {"kty","kid","alg","use":"sig", "n","e" | "crv",
 * "x","y"} (kid and alg only when set). New reference. */
json_t *kt_key_jwk(const kt_key *k);
/* The JWK Set text {"keys": [...]} of the public JWKs of keys[0..n).
 * malloc'd; the caller frees it. */
char *kt_jwks_text(kt_key *const *keys, size_t n);
/* The public key as PEM (SubjectPublicKeyInfo), as a key confusion attack
 * would use it as an HMAC secret. malloc'd. */
char *kt_key_public_pem(const kt_key *k);

/* base64url without padding of data[0..n). malloc'd. */
char *kt_b64url(const void *data, size_t n);

/* The compact JWS b64url(header_json).b64url(claims_json).b64url(sig),
 * signed with k by alg: "RS256" (PKCS#1 v1.5), "PS256" (PSS, salt 32,
 * MGF1-SHA256) with an RSA key, "ES256" (raw 64-byte r||s) with an EC key.
 * The header is taken as given: it may name any alg and kid, so a test can
 * sign with one algorithm and claim another. malloc'd. */
char *kt_jwt_sign(const kt_key *k, const char *alg, const char *header_json,
                  const char *claims_json);
/* The same signed with HS256 under secret[0..len). malloc'd. */
char *kt_jwt_sign_hs256(const void *secret, size_t len, const char *header_json,
                        const char *claims_json);

#endif
