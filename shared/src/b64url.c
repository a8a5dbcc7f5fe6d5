/* base64url without padding: see b64url.h. */
#include "b64url.h"

#include <stdint.h>
#include <stdlib.h>

static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t kc_b64url_encoded_len(size_t n)
{
    return (n / 3) * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

void kc_b64url_encode(const void *in, size_t n, char *out)
{
    const unsigned char *b = in;
    size_t i = 0;
    size_t o = 0;
    uint32_t v;

    for (; i + 2 < n; i += 3) {
        v = ((uint32_t)b[i] << 16) | ((uint32_t)b[i + 1] << 8) | b[i + 2];
        out[o++] = ALPHABET[(v >> 18) & 63];
        out[o++] = ALPHABET[(v >> 12) & 63];
        out[o++] = ALPHABET[(v >> 6) & 63];
        out[o++] = ALPHABET[v & 63];
    }
    if (n - i == 1) {
        v = (uint32_t)b[i] << 16;
        out[o++] = ALPHABET[(v >> 18) & 63];
        out[o++] = ALPHABET[(v >> 12) & 63];
    } else if (n - i == 2) {
        v = ((uint32_t)b[i] << 16) | ((uint32_t)b[i + 1] << 8);
        out[o++] = ALPHABET[(v >> 18) & 63];
        out[o++] = ALPHABET[(v >> 12) & 63];
        out[o++] = ALPHABET[(v >> 6) & 63];
    }
    out[o] = '\0';
}

int kc_b64url_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

unsigned char *kc_b64url_decode(const char *in, size_t n, size_t *outlen)
{
    unsigned char *out = NULL;
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    int ok = 0;
    int v;

    if (n % 4 == 1)
        goto out;
    out = malloc(n / 4 * 3 + 3);
    if (!out)
        goto out;
    for (size_t i = 0; i < n; i++) {
        v = kc_b64url_value((unsigned char)in[i]);
        if (v < 0)
            goto out;
        acc = ((acc << 6) | (uint32_t)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    /* the unused bits of the last character must be zero */
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
        goto out;
    out[o] = '\0';
    *outlen = o;
    ok = 1;
out:
    if (!ok) {
        free(out);
        out = NULL;
    }
    return out;
}
