/* A provider's JSON Web Key Set (RFC 7517, 7518 section 6): its RSA and
 * EC P-256 signing keys as OpenSSL public keys. See koers/jwks.h. */
#include "koers/jwks.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include "b64url.h"
#include "jwks_internal.h"

#define JWKS_MAX_LEN  65536
#define RSA_MIN_BITS  2048
#define RSA_MAX_BITS  8192
#define RSA_E_MAX_LEN 8 /* OpenSSL's own bound on public exponents */
#define EC_COORD_LEN  32

/* The bytes of a base64url member of jwk (NULL: absent, not a string, not
 * base64url, or empty). malloc'd. */
static unsigned char *member_bytes(const json_t *jwk, const char *name, size_t *len)
{
    const json_t *v = json_object_get(jwk, name);
    unsigned char *b;

    if (!json_is_string(v))
        return NULL;
    b = kc_b64url_decode(json_string_value(v), json_string_length(v), len);
    if (b && *len == 0) {
        free(b);
        b = NULL;
    }
    return b;
}

/* An RSA public key from the JWK's n and e: n of RSA_MIN_BITS to
 * RSA_MAX_BITS and odd, e odd, at least 3 and at most 64 bits. */
static EVP_PKEY *rsa_key(const json_t *jwk)
{
    unsigned char *n = NULL, *e = NULL;
    size_t nlen = 0, elen = 0;
    BIGNUM *bn_n = NULL, *bn_e = NULL;
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *pkey = NULL;
    int bits;

    n = member_bytes(jwk, "n", &nlen);
    e = member_bytes(jwk, "e", &elen);
    if (!n || !e || nlen > RSA_MAX_BITS / 8 + 1 || elen > RSA_E_MAX_LEN)
        goto out;
    bn_n = BN_bin2bn(n, (int)nlen, NULL);
    bn_e = BN_bin2bn(e, (int)elen, NULL);
    if (!bn_n || !bn_e)
        goto out;
    bits = BN_num_bits(bn_n);
    if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS || !BN_is_odd(bn_n) || !BN_is_odd(bn_e) ||
        BN_num_bits(bn_e) < 2)
        goto out;
    bld = OSSL_PARAM_BLD_new();
    if (!bld || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e))
        goto out;
    params = OSSL_PARAM_BLD_to_param(bld);
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
out:
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
    free(n);
    free(e);
    return pkey;
}

/* An EC P-256 public key from the JWK's x and y (32 bytes each, RFC 7518
 * 6.2.1.2), checked to be a point on the curve. */
static EVP_PKEY *ec_key(const json_t *jwk)
{
    unsigned char *x = NULL, *y = NULL;
    size_t xlen = 0, ylen = 0;
    unsigned char point[1 + 2 * EC_COORD_LEN];
    OSSL_PARAM_BLD *bld = NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL, *check = NULL;
    EVP_PKEY *pkey = NULL;
    const json_t *crv = json_object_get(jwk, "crv");

    if (!json_is_string(crv) || strcmp(json_string_value(crv), "P-256") != 0)
        goto out;
    x = member_bytes(jwk, "x", &xlen);
    y = member_bytes(jwk, "y", &ylen);
    if (!x || !y || xlen != EC_COORD_LEN || ylen != EC_COORD_LEN)
        goto out;
    point[0] = 0x04; /* uncompressed */
    memcpy(point + 1, x, EC_COORD_LEN);
    memcpy(point + 1 + EC_COORD_LEN, y, EC_COORD_LEN);
    bld = OSSL_PARAM_BLD_new();
    if (!bld ||
        !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point)))
        goto out;
    params = OSSL_PARAM_BLD_to_param(bld);
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
        goto out;
    check = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    if (!check || EVP_PKEY_public_check(check) != 1) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
out:
    EVP_PKEY_CTX_free(check);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    free(x);
    free(y);
    return pkey;
}

static int has_kid(const kc_jwks *set, const char *kid)
{
    for (size_t i = 0; i < set->n; i++) {
        if (set->keys[i].kid && strcmp(set->keys[i].kid, kid) == 0)
            return 1;
    }
    return 0;
}

/* Adds jwk to set when it is a signing key Koers can use. Returns 1 when
 * added, 0 when skipped, -1 when memory ran out. */
static int add_key(kc_jwks *set, const json_t *jwk)
{
    const json_t *kty = json_object_get(jwk, "kty");
    const json_t *use = json_object_get(jwk, "use");
    const json_t *alg = json_object_get(jwk, "alg");
    const json_t *kid = json_object_get(jwk, "kid");
    kc_jwk key = {0};
    int rc = 0;

    if (!json_is_object(jwk) || !json_is_string(kty))
        goto out;
    if (use && (!json_is_string(use) || strcmp(json_string_value(use), "sig") != 0))
        goto out;
    if (kid && (!json_is_string(kid) || json_string_length(kid) == 0 ||
                json_string_length(kid) > KC_JWK_KID_MAX))
        goto out;
    /* two keys of one kid: the first is the one, the others are skipped */
    if (kid && has_kid(set, json_string_value(kid)))
        goto out;
    if (alg && !json_is_string(alg))
        goto out;
    if (strcmp(json_string_value(kty), "RSA") == 0) {
        if (alg && strcmp(json_string_value(alg), "RS256") != 0 &&
            strcmp(json_string_value(alg), "PS256") != 0)
            goto out;
        key.type = KC_JWK_RSA;
        key.pkey = rsa_key(jwk);
    } else if (strcmp(json_string_value(kty), "EC") == 0) {
        if (alg && strcmp(json_string_value(alg), "ES256") != 0)
            goto out;
        key.type = KC_JWK_EC;
        key.pkey = ec_key(jwk);
    }
    if (!key.pkey)
        goto out;
    if (alg)
        strcpy(key.alg, json_string_value(alg));
    rc = -1;
    if (kid) {
        key.kid = strdup(json_string_value(kid));
        if (!key.kid)
            goto out;
    }
    set->keys[set->n++] = key;
    key.kid = NULL;
    key.pkey = NULL;
    rc = 1;
out:
    free(key.kid);
    EVP_PKEY_free(key.pkey);
    return rc;
}

kc_status kc_jwks_parse(const char *json, size_t len, kc_jwks **out, size_t *skipped,
                        kc_problem *pb)
{
    json_t *doc = NULL;
    const json_t *keys;
    const json_t *jwk;
    kc_jwks *set = NULL;
    size_t i, skip = 0;
    kc_status st = KC_BAD_REQUEST;
    int rc;

    *out = NULL;
    if (skipped)
        *skipped = 0;
    if (!json || len > JWKS_MAX_LEN) {
        kc_problem_set(pb, st, "JWK Set larger than %d bytes", JWKS_MAX_LEN);
        goto out;
    }
    doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
    keys = json_object_get(doc, "keys");
    if (!json_is_object(doc) || !json_is_array(keys)) {
        kc_problem_set(pb, st, "not a JWK Set: an object with a \"keys\" array expected");
        goto out;
    }
    st = KC_INTERNAL;
    set = calloc(1, sizeof(*set));
    if (!set || (json_array_size(keys) > 0 &&
                 !(set->keys = calloc(json_array_size(keys), sizeof(*set->keys))))) {
        kc_problem_set(pb, st, "out of memory");
        goto out;
    }
    json_array_foreach(keys, i, jwk)
    {
        rc = add_key(set, jwk);
        if (rc < 0) {
            kc_problem_set(pb, st, "out of memory");
            goto out;
        }
        skip += rc == 0;
    }
    /* a key refused by OpenSSL left its reasons behind */
    ERR_clear_error();
    *out = set;
    set = NULL;
    if (skipped)
        *skipped = skip;
    st = KC_OK;
out:
    kc_jwks_free(set);
    json_decref(doc);
    return st;
}

void kc_jwks_free(kc_jwks *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->n; i++) {
        free(set->keys[i].kid);
        EVP_PKEY_free(set->keys[i].pkey);
    }
    free(set->keys);
    free(set);
}

size_t kc_jwks_count(const kc_jwks *set)
{
    return set ? set->n : 0;
}

int kc_jwks_has_kid(const kc_jwks *set, const char *kid)
{
    return set && kid && has_kid(set, kid);
}
