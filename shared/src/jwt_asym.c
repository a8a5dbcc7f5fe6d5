/* A provider's token (a compact JWS, RFC 7515) taken apart and its
 * signature checked with the provider's keys: RS256, PS256 and ES256 only
 * (RFC 7518 section 3). See koers/jwks.h. */
#include "koers/jwks.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include "b64url.h"
#include "jwks_internal.h"

#define JWT_MAX_LEN 8192
#define ES256_LEN   64

/* The accepted algorithms and the key type each needs. */
static const struct {
    const char *name;
    kc_jwk_type type;
} ALGS[] = {
    {"RS256", KC_JWK_RSA},
    {"PS256", KC_JWK_RSA},
    {"ES256", KC_JWK_EC},
};

/* One base64url segment holding a JSON object (duplicate members refused:
 * two "sub"s must not mean whichever a parser picks). */
static json_t *json_segment(const char *seg, size_t n)
{
    size_t len = 0;
    unsigned char *raw = kc_b64url_decode(seg, n, &len);
    json_t *j = NULL;

    if (!raw)
        goto out;
    j = json_loadb((const char *)raw, len, JSON_REJECT_DUPLICATES, NULL);
    if (j && !json_is_object(j)) {
        json_decref(j);
        j = NULL;
    }
out:
    free(raw);
    return j;
}

/* A header member that must be a string when present: 0 when it is absent
 * or a string (*out set), -1 otherwise. */
static int optional_string(const json_t *obj, const char *name, const char **out)
{
    const json_t *v = json_object_get(obj, name);

    *out = NULL;
    if (!v)
        return 0;
    if (!json_is_string(v))
        return -1;
    *out = json_string_value(v);
    return 0;
}

kc_status kc_jwt_decode(const char *token, kc_jwt *out, kc_problem *pb)
{
    const char *dot1, *dot2;
    size_t len;
    kc_status st = KC_UNAUTHENTICATED;

    memset(out, 0, sizeof(*out));
    if (!token || !*token) {
        kc_problem_set(pb, st, "malformed token: empty");
        goto out;
    }
    len = strnlen(token, JWT_MAX_LEN + 1);
    if (len > JWT_MAX_LEN) {
        kc_problem_set(pb, st, "malformed token: longer than %d bytes", JWT_MAX_LEN);
        goto out;
    }
    dot1 = memchr(token, '.', len);
    dot2 = dot1 ? memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - token)) : NULL;
    if (!dot1 || !dot2 || memchr(dot2 + 1, '.', len - (size_t)(dot2 + 1 - token)) ||
        dot1 == token || dot2 == dot1 + 1) {
        kc_problem_set(pb, st, "malformed token: expected header.payload.signature");
        goto out;
    }
    out->header = json_segment(token, (size_t)(dot1 - token));
    if (!out->header) {
        kc_problem_set(pb, st, "malformed token: header");
        goto out;
    }
    if (optional_string(out->header, "alg", &out->alg) != 0 || !out->alg ||
        optional_string(out->header, "kid", &out->kid) != 0 ||
        optional_string(out->header, "typ", &out->typ) != 0) {
        kc_problem_set(pb, st, "malformed token: header alg, kid or typ");
        goto out;
    }
    out->claims = json_segment(dot1 + 1, (size_t)(dot2 - dot1 - 1));
    if (!out->claims) {
        kc_problem_set(pb, st, "malformed token: payload");
        goto out;
    }
    if (optional_string(out->claims, "iss", &out->iss) != 0)
        out->iss = NULL;
    /* an empty signature decodes (alg "none" is refused by name later) */
    out->signature =
        kc_b64url_decode(dot2 + 1, len - (size_t)(dot2 + 1 - token), &out->signature_len);
    if (!out->signature) {
        kc_problem_set(pb, st, "malformed token: signature");
        goto out;
    }
    out->signing_input_len = (size_t)(dot2 - token);
    out->signing_input = strndup(token, out->signing_input_len);
    if (!out->signing_input) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = KC_OK;
out:
    if (st != KC_OK)
        kc_jwt_clear(out);
    return st;
}

void kc_jwt_clear(kc_jwt *jwt)
{
    if (!jwt)
        return;
    json_decref(jwt->header);
    json_decref(jwt->claims);
    free(jwt->signing_input);
    free(jwt->signature);
    memset(jwt, 0, sizeof(*jwt));
}

/* The key of the set that verifies a token of alg (index into ALGS) and
 * kid, into *out: KC_NOT_FOUND when no key has that kid (or, without kid,
 * no key fits alg), KC_UNAUTHENTICATED when the key does not fit alg or,
 * without kid, several keys fit. */
static kc_status pick_key(const kc_jwks *keys, size_t alg, const char *kid, const kc_jwk **out,
                          kc_problem *pb)
{
    const kc_jwk *found = NULL;
    const kc_jwk *k;
    size_t i, fitting = 0;

    *out = NULL;
    for (i = 0; i < keys->n; i++) {
        k = &keys->keys[i];
        if (kid) {
            if (k->kid && strcmp(k->kid, kid) == 0) {
                found = k;
                break;
            }
            continue;
        }
        if (k->type == ALGS[alg].type && (!k->alg[0] || strcmp(k->alg, ALGS[alg].name) == 0)) {
            found = k;
            fitting++;
        }
    }
    if (!found)
        return kc_problem_set(pb, KC_NOT_FOUND, "token signing key unknown");
    if (!kid && fitting > 1)
        return kc_problem_set(pb, KC_UNAUTHENTICATED,
                              "token names no key (kid) and several keys fit");
    if (found->type != ALGS[alg].type || (found->alg[0] && strcmp(found->alg, ALGS[alg].name)))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "token algorithm not accepted");
    *out = found;
    return KC_OK;
}

/* The DER form of a raw r||s ECDSA signature (64 bytes). malloc'd by
 * OpenSSL (OPENSSL_free); NULL when it cannot be built. */
static unsigned char *es256_der(const unsigned char *raw, int *derlen)
{
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, ES256_LEN / 2, NULL);
    BIGNUM *s = BN_bin2bn(raw + ES256_LEN / 2, ES256_LEN / 2, NULL);
    unsigned char *der = NULL;

    if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1)
        goto out;
    r = s = NULL; /* owned by sig now */
    *derlen = i2d_ECDSA_SIG(sig, &der);
    if (*derlen <= 0) {
        OPENSSL_free(der);
        der = NULL;
    }
out:
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return der;
}

/* 1 when sig is a valid signature of alg by key over the signing input. */
static int signature_valid(const kc_jwt *jwt, const char *alg, const kc_jwk *key)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    unsigned char *der = NULL;
    const unsigned char *sig = jwt->signature;
    size_t siglen = jwt->signature_len;
    int derlen = 0;
    int ok = 0;

    if (!md)
        goto out;
    if (key->type == KC_JWK_EC) {
        if (siglen != ES256_LEN)
            goto out;
        der = es256_der(sig, &derlen);
        if (!der)
            goto out;
        sig = der;
        siglen = (size_t)derlen;
    } else if (siglen != (size_t)EVP_PKEY_get_size(key->pkey)) {
        goto out;
    }
    if (EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), NULL, key->pkey) != 1)
        goto out;
    if (strcmp(alg, "PS256") == 0) {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) != 1 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1)
            goto out;
    } else if (strcmp(alg, "RS256") == 0) {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
            goto out;
    }
    ok = EVP_DigestVerify(md, sig, siglen, (const unsigned char *)jwt->signing_input,
                          jwt->signing_input_len) == 1;
out:
    if (!ok)
        ERR_clear_error();
    OPENSSL_free(der);
    EVP_MD_CTX_free(md);
    return ok;
}

kc_status kc_jwt_verify_jwks(const kc_jwt *jwt, const kc_jwks *keys, kc_problem *pb)
{
    const kc_jwk *key = NULL;
    size_t alg;
    kc_status st;

    if (!jwt || !jwt->alg || !jwt->signing_input || !keys)
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "malformed token");
    for (alg = 0; alg < KC_NELEMS(ALGS); alg++) {
        if (strcmp(jwt->alg, ALGS[alg].name) == 0)
            break;
    }
    if (alg == KC_NELEMS(ALGS))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "token algorithm not accepted");
    /* RFC 7515 4.1.11: extensions not understood must fail */
    if (json_object_get(jwt->header, "crit"))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "unsupported critical token header");
    st = pick_key(keys, alg, jwt->kid, &key, pb);
    if (st != KC_OK)
        return st;
    if (!signature_valid(jwt, ALGS[alg].name, key))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "token signature invalid");
    return KC_OK;
}
