#ifndef KOERS_JWKS_INTERNAL_H
#define KOERS_JWKS_INTERNAL_H

#include <openssl/evp.h>
#include "koers/jwks.h"

/* The inside of a parsed JWK Set, shared by jwks.c (which builds it) and
 * jwt_asym.c (which verifies with it). Private to the shared library. */

#define KC_JWK_KID_MAX 255

typedef enum { KC_JWK_RSA, KC_JWK_EC } kc_jwk_type;

typedef struct kc_jwk {
    char *kid;        /* NULL: the JWK has no "kid" */
    kc_jwk_type type; /* RSA or EC P-256 */
    char alg[8];      /* "RS256", "PS256", "ES256", or "" when absent */
    EVP_PKEY *pkey;   /* the public key */
} kc_jwk;

struct kc_jwks {
    size_t n;
    kc_jwk *keys;
};

#endif
