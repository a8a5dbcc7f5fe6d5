/* libFuzzer target: the staff token a client sends, kc_jwt_verify (HS256)
 * with a fixed secret, issuer and audience.
 *
 * Input: the first byte picks the mode, the rest is the text.
 *   even: the text is the token as it comes in the Authorization header;
 *         every check up to the signature runs on it (shape, base64url,
 *         the header's JSON, alg/typ/crit).
 *   odd:  the text is a token's payload (claims as the issuer wrote them,
 *         any bytes); the target signs it with the secret, so the checks
 *         after the signature (iss, aud, exp, nbf, tenant, sub, roles) run
 *         on hostile claims too.
 * What must hold: the answer is KC_OK or KC_UNAUTHENTICATED and nothing
 * else; on KC_UNAUTHENTICATED the principal is all zero; on KC_OK the
 * principal is a staff member with a UUID tenant and a printable subject. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "koers/auth.h"
#include "koers/problem.h"
#include "koers/validate.h"

#define SECRET   "fuzz-secret-of-at-least-thirty-two-bytes"
#define ISSUER   "koers-test"
#define AUDIENCE "koers"
#define NOW      1767225600LL /* 2026-01-01T00:00:00Z */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* base64url without padding of in[0..n) into out (room for 4n/3+4). */
static size_t b64url(const uint8_t *in, size_t n, char *out)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t i, o = 0;
    unsigned v;

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
    return o;
}

/* header.payload.signature of the claims text, signed with SECRET. */
static char *sign(const uint8_t *claims, size_t n)
{
    static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    size_t o;
    char *t = malloc(sizeof(header) * 2 + n * 4 / 3 + 64);

    if (t == NULL)
        return NULL;
    o = b64url((const uint8_t *)header, sizeof(header) - 1, t);
    t[o++] = '.';
    o += b64url(claims, n, t + o);
    if (HMAC(EVP_sha256(), SECRET, (int)strlen(SECRET), (const unsigned char *)t, o, mac,
             &maclen) == NULL) {
        free(t);
        return NULL;
    }
    t[o++] = '.';
    b64url(mac, maclen, t + o);
    return t;
}

static int all_zero(const kc_principal *p)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t i;

    for (i = 0; i < sizeof(*p); i++) {
        if (b[i] != 0)
            return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *token = NULL;
    kc_principal p;
    kc_problem pb;
    kc_status st;
    size_t i;

    if (size == 0)
        return 0;
    if (data[0] & 1)
        token = sign(data + 1, size - 1);
    else
        token = strndup((const char *)data + 1, size - 1);
    if (token == NULL)
        return 0;
    kc_problem_init(&pb);
    memset(&p, 0xa5, sizeof(p));
    st = kc_jwt_verify(token, SECRET, ISSUER, AUDIENCE, NOW, &p, &pb);
    if (st == KC_OK) {
        if (p.kind != KC_PRINCIPAL_STAFF || !kc_is_uuid(p.tenant_id) || p.subject[0] == '\0' ||
            memchr(p.subject, '\0', sizeof(p.subject)) == NULL ||
            memchr(p.roles, '\0', sizeof(p.roles)) == NULL)
            abort();
        for (i = 0; p.subject[i] != '\0'; i++) {
            if ((unsigned char)p.subject[i] < 0x20 || p.subject[i] == 0x7f)
                abort();
        }
    } else if (st != KC_UNAUTHENTICATED || pb.status != KC_UNAUTHENTICATED || !all_zero(&p)) {
        abort();
    }
    kc_problem_clear(&pb);
    free(token);
    return 0;
}
