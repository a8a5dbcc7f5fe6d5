#include "referrals/referral_link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include "koers/auth.h"
#include "koers/config.h"
#include "koers/crypto.h"
#include "koers/log.h"
#include "koers/validate.h"

#define LINK_LABEL       "koers-casedesk-referral-link"
#define LINK_MIN_SECRET  32
#define LINK_PAYLOAD_MAX 128
/* the local development key when neither secret is set (never production:
 * the configuration refuses a missing KOERS_JWT_SECRET there) */
#define LINK_DEV_SECRET "koers-local-development-referral-link-secret"

static unsigned char link_key[KC_CRYPTO_KEY_LEN];
static int link_key_set;

static const char b64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* base64url without padding of in[0..len) into out (n bytes). 0, or -1
 * when it does not fit. */
static int link_b64url(const unsigned char *in, size_t len, char *out, size_t n)
{
    size_t i, o = 0, need = (len / 3) * 4 + (len % 3 ? len % 3 + 1 : 0);
    unsigned v;

    if (need + 1 > n)
        return -1;
    for (i = 0; i + 2 < len; i += 3) {
        v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = b64url_alphabet[(v >> 18) & 63];
        out[o++] = b64url_alphabet[(v >> 12) & 63];
        out[o++] = b64url_alphabet[(v >> 6) & 63];
        out[o++] = b64url_alphabet[v & 63];
    }
    if (len - i == 1) {
        v = (unsigned)in[i] << 16;
        out[o++] = b64url_alphabet[(v >> 18) & 63];
        out[o++] = b64url_alphabet[(v >> 12) & 63];
    } else if (len - i == 2) {
        v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
        out[o++] = b64url_alphabet[(v >> 18) & 63];
        out[o++] = b64url_alphabet[(v >> 12) & 63];
        out[o++] = b64url_alphabet[(v >> 6) & 63];
    }
    out[o] = '\0';
    return 0;
}

static int link_b64url_chars(const char *s, size_t len)
{
    size_t i;

    if (len == 0)
        return 0;
    for (i = 0; i < len; i++)
        if (strchr(b64url_alphabet, s[i]) == NULL || s[i] == '\0')
            return 0;
    return 1;
}

/* The signature of the first part of a token, base64url (44 bytes). */
static int link_signature(const unsigned char *key, size_t keylen, const char *part, size_t len,
                          char out[48])
{
    unsigned char mac[32];
    int rc;

    if (kc_hmac_sha256(key, keylen, part, len, mac) != 0)
        return -1;
    rc = link_b64url(mac, sizeof(mac), out, 48);
    OPENSSL_cleanse(mac, sizeof(mac));
    return rc;
}

int referral_link_sign(const unsigned char *key, size_t keylen, const char *referral_id,
                       long long expires, const unsigned char nonce[REFERRAL_LINK_NONCE_LEN],
                       char *token, size_t n)
{
    char nonce_text[32], payload[LINK_PAYLOAD_MAX], sig[48];
    size_t used;
    int len;

    if (referral_id == NULL || !kc_is_uuid(referral_id) || expires < 0)
        return -1;
    if (link_b64url(nonce, REFERRAL_LINK_NONCE_LEN, nonce_text, sizeof(nonce_text)) != 0)
        return -1;
    len = snprintf(payload, sizeof(payload), "%s.%lld.%s", referral_id, expires, nonce_text);
    if (len < 0 || (size_t)len >= sizeof(payload))
        return -1;
    if (link_b64url((const unsigned char *)payload, (size_t)len, token, n) != 0)
        return -1;
    used = strlen(token);
    if (link_signature(key, keylen, token, used, sig) != 0)
        return -1;
    if (used + 1 + strlen(sig) + 1 > n)
        return -1;
    token[used] = '.';
    memcpy(token + used + 1, sig, strlen(sig) + 1);
    return 0;
}

/* Splits "<uuid>.<digits>.<nonce>" into out; 0, or -1 when malformed. */
static int link_parse_payload(const char *p, size_t len, referral_link_claims *out)
{
    unsigned char nonce[32];
    const char *dot1, *dot2, *s;
    size_t nlen = 0, i;
    long long expires = 0;
    char nonce_text[40];

    if (len < 36 + 1 + 1 + 1 + 1 || memchr(p, '\0', len) != NULL)
        return -1;
    dot1 = p + 36;
    if (*dot1 != '.')
        return -1;
    memcpy(out->referral_id, p, 36);
    out->referral_id[36] = '\0';
    if (!kc_is_uuid(out->referral_id))
        return -1;
    dot2 = memchr(dot1 + 1, '.', len - 37);
    if (dot2 == NULL || dot2 == dot1 + 1 || dot2 - dot1 - 1 > 18)
        return -1;
    for (s = dot1 + 1; s < dot2; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        expires = expires * 10 + (*s - '0');
    }
    i = len - (size_t)(dot2 + 1 - p);
    if (i == 0 || i >= sizeof(nonce_text) || !link_b64url_chars(dot2 + 1, i))
        return -1;
    memcpy(nonce_text, dot2 + 1, i);
    nonce_text[i] = '\0';
    if (kc_base64_decode(nonce_text, nonce, sizeof(nonce), &nlen) != 0 ||
        nlen != REFERRAL_LINK_NONCE_LEN)
        return -1;
    kc_sha256_hex(nonce, nlen, out->nonce_hash_hex);
    out->expires = expires;
    return 0;
}

referral_link_verdict referral_link_verify(const unsigned char *key, size_t keylen,
                                           const char *token, time_t now, referral_link_claims *out)
{
    char sig[48], part[LINK_PAYLOAD_MAX * 2];
    unsigned char payload[LINK_PAYLOAD_MAX];
    const char *dot;
    size_t len, plen, slen, dlen = 0;

    memset(out, 0, sizeof(*out));
    if (token == NULL)
        return REFERRAL_LINK_BAD;
    len = strnlen(token, REFERRAL_LINK_MAX);
    if (len >= REFERRAL_LINK_MAX)
        return REFERRAL_LINK_BAD;
    dot = strchr(token, '.');
    if (dot == NULL)
        return REFERRAL_LINK_BAD;
    plen = (size_t)(dot - token);
    slen = len - plen - 1;
    if (plen >= sizeof(part) || !link_b64url_chars(token, plen) ||
        !link_b64url_chars(dot + 1, slen))
        return REFERRAL_LINK_BAD;
    if (link_signature(key, keylen, token, plen, sig) != 0 || strlen(sig) != slen ||
        !kc_crypto_equal(sig, dot + 1, slen))
        return REFERRAL_LINK_BAD;
    memcpy(part, token, plen);
    part[plen] = '\0';
    if (kc_base64_decode(part, payload, sizeof(payload), &dlen) != 0)
        return REFERRAL_LINK_BAD;
    if (link_parse_payload((const char *)payload, dlen, out) != 0) {
        memset(out, 0, sizeof(*out));
        return REFERRAL_LINK_BAD;
    }
    if ((long long)now >= out->expires)
        return REFERRAL_LINK_EXPIRED;
    return REFERRAL_LINK_VALID;
}

int referral_link_configure(char *err, size_t errlen)
{
    char secret[512];
    const char *jwt;

    if (kc_env_str("KOERS_CASEDESK_LINK_SECRET", "", secret, sizeof(secret), err, errlen) != 0)
        return -1;
    if (secret[0] != '\0') {
        if (strlen(secret) < LINK_MIN_SECRET) {
            snprintf(err, errlen, "KOERS_CASEDESK_LINK_SECRET must be at least %d bytes long",
                     LINK_MIN_SECRET);
            OPENSSL_cleanse(secret, sizeof(secret));
            return -1;
        }
    } else {
        jwt = getenv("KOERS_JWT_SECRET");
        snprintf(secret, sizeof(secret), "%s", jwt != NULL && jwt[0] ? jwt : LINK_DEV_SECRET);
        kc_log(KC_LOG_WARN, NULL,
               "KOERS_CASEDESK_LINK_SECRET is not set: referral links are signed with a key "
               "derived from KOERS_JWT_SECRET");
    }
    if (kc_derive_key(secret, LINK_LABEL, link_key) != 0) {
        snprintf(err, errlen, "KOERS_CASEDESK_LINK_SECRET: cannot derive the link key");
        OPENSSL_cleanse(secret, sizeof(secret));
        return -1;
    }
    OPENSSL_cleanse(secret, sizeof(secret));
    link_key_set = 1;
    return 0;
}

kc_status referral_link_issue(const char *referral_id, long long expires,
                              char token[REFERRAL_LINK_MAX], char nonce_hash_hex[65])
{
    unsigned char nonce[REFERRAL_LINK_NONCE_LEN];

    if (!link_key_set || RAND_bytes(nonce, sizeof(nonce)) != 1)
        return KC_INTERNAL;
    if (referral_link_sign(link_key, sizeof(link_key), referral_id, expires, nonce, token,
                           REFERRAL_LINK_MAX) != 0)
        return KC_INTERNAL;
    kc_sha256_hex(nonce, sizeof(nonce), nonce_hash_hex);
    return KC_OK;
}

referral_link_verdict referral_link_check(const char *token, time_t now, referral_link_claims *out)
{
    if (!link_key_set) {
        memset(out, 0, sizeof(*out));
        return REFERRAL_LINK_BAD;
    }
    return referral_link_verify(link_key, sizeof(link_key), token, now, out);
}
