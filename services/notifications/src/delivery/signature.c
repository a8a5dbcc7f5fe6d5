/* Standard Webhooks signatures: secrets and the v1 HMAC-SHA256 signature
 * (see delivery/signature.h). */
#include "delivery/signature.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "koers/crypto.h"

#define SECRET_PREFIX     "whsec_"
#define SECRET_PREFIX_LEN (sizeof(SECRET_PREFIX) - 1)
#define SECRET_BYTES      32
/* the longest secret key accepted: what fits in SIGNATURE_SECRET_MAX */
#define SECRET_KEY_MAX 64

kc_status signature_secret_new(char out[SIGNATURE_SECRET_MAX])
{
    unsigned char key[SECRET_BYTES];
    kc_status st = KC_INTERNAL;

    out[0] = '\0';
    if (RAND_bytes(key, sizeof(key)) != 1)
        goto out;
    memcpy(out, SECRET_PREFIX, SECRET_PREFIX_LEN);
    if (kc_base64_encode(key, sizeof(key), out + SECRET_PREFIX_LEN,
                         SIGNATURE_SECRET_MAX - SECRET_PREFIX_LEN) != 0) {
        out[0] = '\0';
        goto out;
    }
    st = KC_OK;
out:
    OPENSSL_cleanse(key, sizeof(key));
    return st;
}

kc_status signature_sign(const char *secret, const char *id, long long timestamp, const char *body,
                         size_t body_len, char out[SIGNATURE_MAX])
{
    unsigned char key[SECRET_KEY_MAX], mac[32];
    char ts[24];
    size_t keylen = 0, idlen, tslen, n;
    char *content = NULL;
    kc_status st = KC_INVALID;
    int w;

    out[0] = '\0';
    if (secret == NULL || id == NULL || (body == NULL && body_len > 0) ||
        strncmp(secret, SECRET_PREFIX, SECRET_PREFIX_LEN) != 0 ||
        kc_base64_decode(secret + SECRET_PREFIX_LEN, key, sizeof(key), &keylen) != 0 || keylen == 0)
        goto out;
    st = KC_INTERNAL;
    w = snprintf(ts, sizeof(ts), "%lld", timestamp);
    if (w < 0 || (size_t)w >= sizeof(ts))
        goto out;
    idlen = strlen(id);
    tslen = (size_t)w;
    if (body_len > ((size_t)-1) - idlen - tslen - 3)
        goto out;
    /* the signed content: "<id>.<timestamp>.<body>" */
    n = idlen + 1 + tslen + 1 + body_len;
    content = malloc(n + 1);
    if (content == NULL)
        goto out;
    memcpy(content, id, idlen);
    content[idlen] = '.';
    memcpy(content + idlen + 1, ts, tslen);
    content[idlen + 1 + tslen] = '.';
    if (body_len > 0)
        memcpy(content + idlen + tslen + 2, body, body_len);
    if (kc_hmac_sha256(key, keylen, content, n, mac) != 0)
        goto out;
    memcpy(out, "v1,", 3);
    if (kc_base64_encode(mac, sizeof(mac), out + 3, SIGNATURE_MAX - 3) != 0) {
        out[0] = '\0';
        goto out;
    }
    st = KC_OK;
out:
    OPENSSL_cleanse(key, sizeof(key));
    OPENSSL_cleanse(mac, sizeof(mac));
    free(content);
    return st;
}
