/* Keys, JWK Sets and signed tokens for tests: see jwt_sign.h. */
#include "jwt_sign.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

struct kt_key {
    EVP_PKEY *pkey;
    int is_ec;
    char *kid;
    char *alg;
};

static kt_key *key_new(EVP_PKEY *pkey, int is_ec, const char *kid, const char *alg)
{
    kt_key *k = NULL;

    if (!pkey)
        goto out;
    k = calloc(1, sizeof(*k));
    if (!k)
        goto out;
    k->pkey = pkey;
    pkey = NULL;
    k->is_ec = is_ec;
    k->kid = kid ? strdup(kid) : NULL;
    k->alg = alg ? strdup(alg) : NULL;
    if ((kid && !k->kid) || (alg && !k->alg)) {
        kt_key_free(k);
        k = NULL;
    }
out:
    EVP_PKEY_free(pkey);
    return k;
}

kt_key *kt_key_rsa(const char *kid, const char *alg, int bits)
{
    return key_new(EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits), 0, kid, alg);
}

kt_key *kt_key_ec(const char *kid, const char *alg)
{
    return key_new(EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"), 1, kid, alg);
}

void kt_key_free(kt_key *k)
{
    if (!k)
        return;
    EVP_PKEY_free(k->pkey);
    free(k->kid);
    free(k->alg);
    free(k);
}

char *kt_b64url(const void *data, size_t n)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const unsigned char *in = data;
    char *out = malloc(n / 3 * 4 + 5);
    size_t i, o = 0;
    unsigned v;

    if (!out)
        return NULL;
    for (i = 0; i + 2 < n; i += 3) {
        v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = a[v >> 18 & 63];
        out[o++] = a[v >> 12 & 63];
        out[o++] = a[v >> 6 & 63];
        out[o++] = a[v & 63];
    }
    if (n - i == 1) {
        v = (unsigned)in[i] << 16;
        out[o++] = a[v >> 18 & 63];
        out[o++] = a[v >> 12 & 63];
    } else if (n - i == 2) {
        v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
        out[o++] = a[v >> 18 & 63];
        out[o++] = a[v >> 12 & 63];
        out[o++] = a[v >> 6 & 63];
    }
    out[o] = '\0';
    return out;
}

/* A big number parameter of pkey as base64url of pad bytes (0: its
 * minimal length), into the JWK member name. 0 on success. */
static int set_bn(json_t *jwk, const char *name, const EVP_PKEY *pkey, const char *param, int pad)
{
    BIGNUM *bn = NULL;
    unsigned char buf[1024];
    char *text = NULL;
    int n, rc = -1;

    if (!EVP_PKEY_get_bn_param(pkey, param, &bn))
        goto out;
    n = pad ? pad : BN_num_bytes(bn);
    if (n <= 0 || n > (int)sizeof(buf) || BN_bn2binpad(bn, buf, n) != n)
        goto out;
    text = kt_b64url(buf, (size_t)n);
    if (!text || json_object_set_new(jwk, name, json_string(text)) != 0)
        goto out;
    rc = 0;
out:
    free(text);
    BN_free(bn);
    return rc;
}

json_t *kt_key_jwk(const kt_key *k)
{
    json_t *jwk = json_object();
    int rc;

    if (!jwk || !k)
        goto fail;
    rc = json_object_set_new(jwk, "kty", json_string(k->is_ec ? "EC" : "RSA"));
    if (k->kid)
        rc |= json_object_set_new(jwk, "kid", json_string(k->kid));
    if (k->alg)
        rc |= json_object_set_new(jwk, "alg", json_string(k->alg));
    rc |= json_object_set_new(jwk, "use", json_string("sig"));
    if (k->is_ec) {
        rc |= json_object_set_new(jwk, "crv", json_string("P-256"));
        rc |= set_bn(jwk, "x", k->pkey, OSSL_PKEY_PARAM_EC_PUB_X, 32);
        rc |= set_bn(jwk, "y", k->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, 32);
    } else {
        rc |= set_bn(jwk, "n", k->pkey, OSSL_PKEY_PARAM_RSA_N, 0);
        rc |= set_bn(jwk, "e", k->pkey, OSSL_PKEY_PARAM_RSA_E, 0);
    }
    if (rc != 0)
        goto fail;
    return jwk;
fail:
    json_decref(jwk);
    return NULL;
}

char *kt_jwks_text(kt_key *const *keys, size_t n)
{
    json_t *set = json_object();
    json_t *arr = json_array();
    char *text = NULL;
    size_t i;

    if (!set || !arr)
        goto out;
    for (i = 0; i < n; i++) {
        if (json_array_append_new(arr, kt_key_jwk(keys[i])) != 0)
            goto out;
    }
    if (json_object_set(set, "keys", arr) != 0)
        goto out;
    text = json_dumps(set, JSON_COMPACT);
out:
    json_decref(arr);
    json_decref(set);
    return text;
}

char *kt_key_public_pem(const kt_key *k)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data = NULL;
    char *text = NULL;
    long n;

    if (!bio || !k || !PEM_write_bio_PUBKEY(bio, k->pkey))
        goto out;
    n = BIO_get_mem_data(bio, &data);
    if (n <= 0)
        goto out;
    text = strndup(data, (size_t)n);
out:
    BIO_free(bio);
    return text;
}

/* b64url(header).b64url(claims), with room for extra more bytes. */
static char *signing_input(const char *header_json, const char *claims_json, size_t extra,
                           size_t *len)
{
    char *h = kt_b64url(header_json, strlen(header_json));
    char *c = kt_b64url(claims_json, strlen(claims_json));
    char *t = NULL;

    if (!h || !c)
        goto out;
    *len = strlen(h) + 1 + strlen(c);
    t = malloc(*len + 2 + extra);
    if (!t)
        goto out;
    strcpy(t, h);
    strcat(t, ".");
    strcat(t, c);
out:
    free(h);
    free(c);
    return t;
}

/* Appends "." and b64url(sig[0..n)) to token (room made by signing_input). */
static void append_sig(char *token, size_t len, const unsigned char *sig, size_t n)
{
    char *s = kt_b64url(sig, n);

    token[len] = '.';
    strcpy(token + len + 1, s ? s : "");
    free(s);
}

/* The raw r||s (32 bytes each) of a DER ECDSA signature. 0 on success. */
static int der_to_raw(const unsigned char *der, size_t n, unsigned char raw[64])
{
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)n);
    int rc = -1;

    if (sig && BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, 32) == 32 &&
        BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + 32, 32) == 32)
        rc = 0;
    ECDSA_SIG_free(sig);
    return rc;
}

char *kt_jwt_sign(const kt_key *k, const char *alg, const char *header_json,
                  const char *claims_json)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    unsigned char *sig = NULL;
    unsigned char raw[64];
    size_t siglen = 0, len = 0;
    char *token = NULL;
    int ok = 0;

    if (!md || !k || !alg)
        goto out;
    token = signing_input(header_json, claims_json, 8192, &len);
    if (!token || EVP_DigestSignInit(md, &pctx, EVP_sha256(), NULL, k->pkey) != 1)
        goto out;
    if (strcmp(alg, "PS256") == 0) {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) != 1 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1)
            goto out;
    } else if (strcmp(alg, "RS256") == 0) {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
            goto out;
    } else if (strcmp(alg, "ES256") != 0) {
        goto out;
    }
    if (EVP_DigestSign(md, NULL, &siglen, (const unsigned char *)token, len) != 1)
        goto out;
    sig = malloc(siglen);
    if (!sig || EVP_DigestSign(md, sig, &siglen, (const unsigned char *)token, len) != 1)
        goto out;
    if (strcmp(alg, "ES256") == 0) {
        if (der_to_raw(sig, siglen, raw) != 0)
            goto out;
        append_sig(token, len, raw, sizeof(raw));
    } else {
        append_sig(token, len, sig, siglen);
    }
    ok = 1;
out:
    if (!ok) {
        free(token);
        token = NULL;
    }
    free(sig);
    EVP_MD_CTX_free(md);
    return token;
}

char *kt_jwt_sign_hs256(const void *secret, size_t len, const char *header_json,
                        const char *claims_json)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    size_t n = 0;
    char *token = signing_input(header_json, claims_json, 64, &n);

    if (!token)
        return NULL;
    if (HMAC(EVP_sha256(), secret, (int)len, (const unsigned char *)token, n, mac, &maclen) ==
        NULL) {
        free(token);
        return NULL;
    }
    append_sig(token, n, mac, maclen);
    return token;
}
