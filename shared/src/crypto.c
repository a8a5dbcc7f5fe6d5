#include "koers/crypto.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#define KEYRING_MAX 16

struct kc_keyring {
    size_t n;
    char ids[KEYRING_MAX][KC_CRYPTO_KEY_ID_MAX + 1];
    unsigned char keys[KEYRING_MAX][KC_CRYPTO_KEY_LEN];
};

/* ---- HMAC, HKDF ---------------------------------------------------------- */

int kc_hmac_sha256(const void *key, size_t keylen, const void *data, size_t len,
                   unsigned char out[32])
{
    unsigned int outlen = 0;
    static const unsigned char empty[1] = {0};

    if (keylen > 0x7fffffff)
        return -1;
    if (HMAC(EVP_sha256(), keylen ? key : empty, (int)keylen, len ? data : empty, len, out,
             &outlen) == NULL ||
        outlen != 32)
        return -1;
    return 0;
}

int kc_hkdf_sha256(const void *ikm, size_t ikmlen, const void *salt, size_t saltlen,
                   const void *info, size_t infolen, unsigned char out[32])
{
    unsigned char prk[32], zeros[32] = {0};
    unsigned char *t = NULL;
    int rc = -1;

    /* extract: PRK = HMAC(salt or 32 zero bytes, IKM) */
    if (salt == NULL || saltlen == 0) {
        salt = zeros;
        saltlen = sizeof(zeros);
    }
    if (kc_hmac_sha256(salt, saltlen, ikm, ikmlen, prk) != 0)
        goto out;
    /* expand, one block: T(1) = HMAC(PRK, info | 0x01) */
    t = malloc(infolen + 1);
    if (t == NULL)
        goto out;
    if (infolen > 0)
        memcpy(t, info, infolen);
    t[infolen] = 0x01;
    if (kc_hmac_sha256(prk, sizeof(prk), t, infolen + 1, out) != 0)
        goto out;
    rc = 0;
out:
    OPENSSL_cleanse(prk, sizeof(prk));
    free(t);
    return rc;
}

int kc_derive_key(const char *secret, const char *label, unsigned char out[KC_CRYPTO_KEY_LEN])
{
    if (secret == NULL || label == NULL)
        return -1;
    return kc_hkdf_sha256(secret, strlen(secret), NULL, 0, label, strlen(label), out);
}

/* ---- base64, bytea hex ----------------------------------------------------- */

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

int kc_base64_decode(const char *in, unsigned char *out, size_t cap, size_t *outlen)
{
    size_t len, i, n = 0, pad = 0;
    unsigned int acc = 0;
    int bits = 0;

    if (in == NULL || out == NULL || outlen == NULL)
        return -1;
    len = strlen(in);
    while (len > 0 && in[len - 1] == '=') {
        len--;
        pad++;
    }
    if (pad > 2 || (pad > 0 && (len + pad) % 4 != 0) || len % 4 == 1)
        return -1;
    for (i = 0; i < len; i++) {
        int v = b64_value(in[i]);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (unsigned int)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n >= cap)
                return -1;
            out[n++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    /* the leftover bits of the last character must be zero (canonical) */
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
        return -1;
    *outlen = n;
    return 0;
}

int kc_base64_encode(const void *in, size_t len, char *out, size_t cap)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = in;
    size_t i, o = 0;

    if (out == NULL || (in == NULL && len > 0) || len > ((size_t)-1) / 2 ||
        cap < (len + 2) / 3 * 4 + 1)
        return -1;
    for (i = 0; i + 2 < len; i += 3) {
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = b64[(v >> 6) & 63];
        out[o++] = b64[v & 63];
    }
    if (len - i == 1) {
        unsigned long v = (unsigned long)p[i] << 16;
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = '=';
        out[o++] = '=';
    } else if (len - i == 2) {
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;
        out[o++] = b64[(v >> 18) & 63];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = b64[(v >> 6) & 63];
        out[o++] = '=';
    }
    out[o] = '\0';
    return 0;
}

char *kc_bytea_hex(const unsigned char *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    char *s;
    size_t i;

    if (len > (((size_t)-1) - 3) / 2)
        return NULL;
    s = malloc(2 * len + 3);
    if (s == NULL)
        return NULL;
    s[0] = '\\';
    s[1] = 'x';
    for (i = 0; i < len; i++) {
        s[2 + 2 * i] = hex[data[i] >> 4];
        s[3 + 2 * i] = hex[data[i] & 0x0f];
    }
    s[2 + 2 * len] = '\0';
    return s;
}

int kc_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int kc_bytea_unhex(const char *text, unsigned char **out, size_t *outlen)
{
    size_t len, i, n;
    unsigned char *buf;

    if (out == NULL || outlen == NULL)
        return -1;
    *out = NULL;
    *outlen = 0;
    if (text == NULL || text[0] != '\\' || text[1] != 'x')
        return -1;
    text += 2;
    len = strlen(text);
    if (len % 2 != 0)
        return -1;
    n = len / 2;
    buf = malloc(n ? n : 1);
    if (buf == NULL)
        return -1;
    for (i = 0; i < n; i++) {
        int hi = kc_hex_digit(text[2 * i]), lo = kc_hex_digit(text[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(buf);
            return -1;
        }
        buf[i] = (unsigned char)(hi << 4 | lo);
    }
    *out = buf;
    *outlen = n;
    return 0;
}

int kc_crypto_equal(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

/* ---- AES-256-GCM ----------------------------------------------------------- */

static EVP_CIPHER *gcm_fetched;
static pthread_once_t gcm_once = PTHREAD_ONCE_INIT;

static void gcm_fetch(void)
{
    gcm_fetched = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
}

/* AES-256-GCM, fetched from the provider once for the process: handing
 * EVP_aes_256_gcm() to EVP_*Init_ex makes OpenSSL 3 fetch it again on
 * every call (a lock and a lookup per opened citizen). Kept until exit. */
static const EVP_CIPHER *gcm_cipher(void)
{
    pthread_once(&gcm_once, gcm_fetch);
    return gcm_fetched != NULL ? gcm_fetched : EVP_aes_256_gcm();
}

kc_status kc_aead_seal(const unsigned char key[KC_CRYPTO_KEY_LEN], const void *aad, size_t aadlen,
                       const void *pt, size_t ptlen, unsigned char **out, size_t *outlen)
{
    EVP_CIPHER_CTX *cx = NULL;
    unsigned char *buf = NULL;
    int len = 0;
    kc_status st = KC_INTERNAL;

    if (out == NULL || outlen == NULL)
        return KC_INTERNAL;
    *out = NULL;
    *outlen = 0;
    if (key == NULL || ptlen > 0x7fffff00 || aadlen > 0x7fffff00 || (ptlen && pt == NULL) ||
        (aadlen && aad == NULL))
        return KC_INTERNAL;
    buf = malloc(ptlen + KC_CRYPTO_OVERHEAD);
    cx = EVP_CIPHER_CTX_new();
    if (buf == NULL || cx == NULL)
        goto out;
    if (RAND_bytes(buf, KC_CRYPTO_NONCE_LEN) != 1)
        goto out;
    if (EVP_EncryptInit_ex(cx, gcm_cipher(), NULL, NULL, NULL) != 1 ||
        EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_SET_IVLEN, KC_CRYPTO_NONCE_LEN, NULL) != 1 ||
        EVP_EncryptInit_ex(cx, NULL, NULL, key, buf) != 1)
        goto out;
    if (aadlen > 0 && EVP_EncryptUpdate(cx, NULL, &len, aad, (int)aadlen) != 1)
        goto out;
    len = 0;
    if (ptlen > 0 && EVP_EncryptUpdate(cx, buf + KC_CRYPTO_NONCE_LEN, &len, pt, (int)ptlen) != 1)
        goto out;
    if ((size_t)len != ptlen)
        goto out;
    if (EVP_EncryptFinal_ex(cx, buf + KC_CRYPTO_NONCE_LEN + ptlen, &len) != 1 || len != 0)
        goto out;
    if (EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_GET_TAG, KC_CRYPTO_TAG_LEN,
                            buf + KC_CRYPTO_NONCE_LEN + ptlen) != 1)
        goto out;
    *out = buf;
    *outlen = ptlen + KC_CRYPTO_OVERHEAD;
    buf = NULL;
    st = KC_OK;
out:
    EVP_CIPHER_CTX_free(cx);
    if (buf != NULL) {
        OPENSSL_cleanse(buf, ptlen + KC_CRYPTO_OVERHEAD);
        free(buf);
    }
    return st;
}

kc_status kc_aead_open(const unsigned char key[KC_CRYPTO_KEY_LEN], const void *aad, size_t aadlen,
                       const void *sealed, size_t sealedlen, unsigned char **out, size_t *outlen)
{
    const unsigned char *s = sealed;
    EVP_CIPHER_CTX *cx = NULL;
    unsigned char *buf = NULL, tag[KC_CRYPTO_TAG_LEN];
    size_t ctlen;
    int len = 0;
    kc_status st = KC_INTERNAL;

    if (out == NULL || outlen == NULL)
        return KC_INTERNAL;
    *out = NULL;
    *outlen = 0;
    if (key == NULL || aadlen > 0x7fffff00 || (aadlen && aad == NULL))
        return KC_INTERNAL;
    if (sealed == NULL || sealedlen < KC_CRYPTO_OVERHEAD || sealedlen > 0x7fffff00)
        return KC_INVALID;
    ctlen = sealedlen - KC_CRYPTO_OVERHEAD;
    memcpy(tag, s + KC_CRYPTO_NONCE_LEN + ctlen, KC_CRYPTO_TAG_LEN);
    buf = malloc(ctlen + 1);
    cx = EVP_CIPHER_CTX_new();
    if (buf == NULL || cx == NULL)
        goto out;
    if (EVP_DecryptInit_ex(cx, gcm_cipher(), NULL, NULL, NULL) != 1 ||
        EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_SET_IVLEN, KC_CRYPTO_NONCE_LEN, NULL) != 1 ||
        EVP_DecryptInit_ex(cx, NULL, NULL, key, s) != 1)
        goto out;
    if (aadlen > 0 && EVP_DecryptUpdate(cx, NULL, &len, aad, (int)aadlen) != 1)
        goto out;
    len = 0;
    if (ctlen > 0 && EVP_DecryptUpdate(cx, buf, &len, s + KC_CRYPTO_NONCE_LEN, (int)ctlen) != 1)
        goto out;
    if ((size_t)len != ctlen)
        goto out;
    if (EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_SET_TAG, KC_CRYPTO_TAG_LEN, tag) != 1)
        goto out;
    if (EVP_DecryptFinal_ex(cx, buf + ctlen, &len) != 1) {
        st = KC_INVALID; /* does not authenticate */
        goto out;
    }
    buf[ctlen] = '\0';
    *out = buf;
    *outlen = ctlen;
    buf = NULL;
    st = KC_OK;
out:
    EVP_CIPHER_CTX_free(cx);
    if (buf != NULL) {
        OPENSSL_cleanse(buf, ctlen + 1);
        free(buf);
    }
    return st;
}

/* ---- keyring --------------------------------------------------------------- */

static int key_id_valid(const char *id, size_t len)
{
    size_t i;

    if (len < 1 || len > KC_CRYPTO_KEY_ID_MAX)
        return 0;
    for (i = 0; i < len; i++) {
        char c = id[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

static void keyring_fail(char *err, size_t errlen, const char *fmt, size_t entry, const char *id)
{
    if (err == NULL || errlen == 0)
        return;
    if (id != NULL)
        snprintf(err, errlen, "entry %zu (key id \"%s\"): %s", entry, id, fmt);
    else
        snprintf(err, errlen, "entry %zu: %s", entry, fmt);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int kc_keyring_parse(const char *spec, kc_keyring **out, char *err, size_t errlen)
{
    kc_keyring *k = NULL;
    const char *p;
    size_t entry = 0;
    int rc = -1;

    if (out != NULL)
        *out = NULL;
    if (err != NULL && errlen > 0)
        err[0] = '\0';
    if (out == NULL)
        return -1;
    if (spec == NULL) {
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "no keys: expected id:base64key[,id:base64key...]");
        return -1;
    }
    p = spec;
    while (is_space(*p))
        p++;
    if (*p == '\0') {
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "no keys: expected id:base64key[,id:base64key...]");
        return -1;
    }
    k = calloc(1, sizeof(*k));
    if (k == NULL) {
        if (err != NULL && errlen > 0)
            snprintf(err, errlen, "out of memory");
        return -1;
    }
    p = spec;
    for (;;) {
        const char *end = strchr(p, ','), *colon, *b, *e;
        size_t idlen, i;
        char id[KC_CRYPTO_KEY_ID_MAX + 1];
        char b64[128];
        unsigned char key[64];
        size_t keylen = 0;

        entry++;
        if (end == NULL)
            end = p + strlen(p);
        b = p;
        e = end;
        while (b < e && is_space(*b))
            b++;
        while (e > b && is_space(e[-1]))
            e--;
        if (b == e) {
            keyring_fail(err, errlen, "is empty", entry, NULL);
            goto out;
        }
        colon = memchr(b, ':', (size_t)(e - b));
        if (colon == NULL) {
            keyring_fail(err, errlen, "has no ':' between key id and key", entry, NULL);
            goto out;
        }
        idlen = (size_t)(colon - b);
        if (!key_id_valid(b, idlen)) {
            keyring_fail(err, errlen,
                         "bad key id: 1..31 characters of letters, digits, '.', '_', '-'", entry,
                         NULL);
            goto out;
        }
        memcpy(id, b, idlen);
        id[idlen] = '\0';
        for (i = 0; i < k->n; i++)
            if (strcmp(k->ids[i], id) == 0) {
                keyring_fail(err, errlen, "duplicate key id", entry, id);
                goto out;
            }
        if (k->n >= KEYRING_MAX) {
            keyring_fail(err, errlen, "too many keys (at most 16)", entry, id);
            goto out;
        }
        if ((size_t)(e - colon - 1) >= sizeof(b64)) {
            keyring_fail(err, errlen, "key is not 32 bytes (too long)", entry, id);
            goto out;
        }
        memcpy(b64, colon + 1, (size_t)(e - colon - 1));
        b64[e - colon - 1] = '\0';
        if (b64[0] == '\0') {
            keyring_fail(err, errlen, "key is empty", entry, id);
            goto out;
        }
        if (kc_base64_decode(b64, key, sizeof(key), &keylen) != 0) {
            OPENSSL_cleanse(b64, sizeof(b64));
            keyring_fail(err, errlen, "key is not valid base64", entry, id);
            goto out;
        }
        OPENSSL_cleanse(b64, sizeof(b64));
        if (keylen != KC_CRYPTO_KEY_LEN) {
            char msg[96];
            OPENSSL_cleanse(key, sizeof(key));
            snprintf(msg, sizeof(msg), "key is %zu bytes, must be 32 (AES-256)", keylen);
            keyring_fail(err, errlen, msg, entry, id);
            goto out;
        }
        memcpy(k->ids[k->n], id, idlen + 1);
        memcpy(k->keys[k->n], key, KC_CRYPTO_KEY_LEN);
        OPENSSL_cleanse(key, sizeof(key));
        k->n++;
        if (*end == '\0')
            break;
        p = end + 1;
    }
    *out = k;
    k = NULL;
    rc = 0;
out:
    kc_keyring_free(k);
    return rc;
}

kc_keyring *kc_keyring_single(const char *id, const unsigned char key[KC_CRYPTO_KEY_LEN])
{
    kc_keyring *k;

    if (id == NULL || key == NULL || !key_id_valid(id, strlen(id)))
        return NULL;
    k = calloc(1, sizeof(*k));
    if (k == NULL)
        return NULL;
    snprintf(k->ids[0], sizeof(k->ids[0]), "%s", id);
    memcpy(k->keys[0], key, KC_CRYPTO_KEY_LEN);
    k->n = 1;
    return k;
}

void kc_keyring_free(kc_keyring *k)
{
    if (k == NULL)
        return;
    OPENSSL_cleanse(k, sizeof(*k));
    free(k);
}

const char *kc_keyring_current_id(const kc_keyring *k)
{
    return (k != NULL && k->n > 0) ? k->ids[0] : NULL;
}

size_t kc_keyring_count(const kc_keyring *k)
{
    return k != NULL ? k->n : 0;
}

const unsigned char *kc_keyring_key(const kc_keyring *k, const char *id)
{
    size_t i;

    if (k == NULL || id == NULL)
        return NULL;
    for (i = 0; i < k->n; i++)
        if (strcmp(k->ids[i], id) == 0)
            return k->keys[i];
    return NULL;
}

kc_status kc_keyring_seal(const kc_keyring *k, const void *aad, size_t aadlen, const void *pt,
                          size_t ptlen, char key_id[KC_CRYPTO_KEY_ID_MAX + 1], unsigned char **out,
                          size_t *outlen)
{
    kc_status st;

    if (out != NULL)
        *out = NULL;
    if (outlen != NULL)
        *outlen = 0;
    if (k == NULL || k->n == 0 || key_id == NULL)
        return KC_INTERNAL;
    st = kc_aead_seal(k->keys[0], aad, aadlen, pt, ptlen, out, outlen);
    if (st == KC_OK)
        memcpy(key_id, k->ids[0], strlen(k->ids[0]) + 1);
    return st;
}

kc_status kc_keyring_open(const kc_keyring *k, const char *key_id, const void *aad, size_t aadlen,
                          const void *sealed, size_t sealedlen, unsigned char **out, size_t *outlen)
{
    const unsigned char *key = kc_keyring_key(k, key_id);

    if (out != NULL)
        *out = NULL;
    if (outlen != NULL)
        *outlen = 0;
    if (key == NULL)
        return KC_NOT_FOUND;
    return kc_aead_open(key, aad, aadlen, sealed, sealedlen, out, outlen);
}
