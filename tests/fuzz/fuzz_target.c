/* libFuzzer target: the request target as a client sends it
 * (kc_target_check, kc_target_inspect), checked against an oracle written
 * apart from it here.
 *
 * Input: the target's bytes (cut at the first NUL: a C string).
 * What must hold:
 *  - kc_target_check accepts exactly when the oracle does: every '%'
 *    starts two hex digits, and each path segment and each query name and
 *    value ("+" a space there) decodes to UTF-8 (shortest form, no
 *    surrogate, at most U+10FFFF) without a C0 or C1 control or DEL;
 *  - on a refusal, `what` is a NUL-terminated, non-empty text within its
 *    buffer, also when the buffer is small; kc_target_inspect names the
 *    same first fault (part and index) the oracle finds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "koers/target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hexd(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes [s, s+n) into out (at least n bytes); -1 for a bad escape. */
static long decode(const char *s, size_t n, int plus_space, unsigned char *out)
{
    size_t i = 0;
    long len = 0;

    while (i < n) {
        if (s[i] == '%') {
            if (i + 2 >= n)
                return -1;
            if (hexd((unsigned char)s[i + 1]) < 0 || hexd((unsigned char)s[i + 2]) < 0)
                return -1;
            out[len++] = (unsigned char)(hexd((unsigned char)s[i + 1]) * 16 +
                                         hexd((unsigned char)s[i + 2]));
            i += 3;
        } else {
            out[len++] = (unsigned char)(plus_space && s[i] == '+' ? ' ' : s[i]);
            i++;
        }
    }
    return len;
}

/* Strict UTF-8 by code points, then no control character. */
static int text_ok(const unsigned char *b, long n)
{
    long i = 0;
    unsigned long cp;
    int k, j;

    while (i < n) {
        unsigned char c = b[i];
        if (c < 0x80) {
            cp = c;
            k = 0;
        } else if ((c & 0xE0) == 0xC0) {
            cp = c & 0x1Fu;
            k = 1;
        } else if ((c & 0xF0) == 0xE0) {
            cp = c & 0x0Fu;
            k = 2;
        } else if ((c & 0xF8) == 0xF0) {
            cp = c & 0x07u;
            k = 3;
        } else {
            return 0;
        }
        if (k > 0 && i + k >= n)
            return 0; /* cut short */
        for (j = 1; j <= k; j++) {
            if ((b[i + j] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (b[i + j] & 0x3Fu);
        }
        if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000))
            return 0; /* overlong */
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            return 0;
        i += k + 1;
    }
    return 1;
}

static int piece_ok(const char *s, size_t n, int plus_space, unsigned char *buf)
{
    long len = decode(s, n, plus_space, buf);
    return len >= 0 && text_ok(buf, len);
}

/* The oracle: 1 when good; else 0 with the first fault's part and index. */
static int oracle(const char *t, kc_target_part *part, size_t *index)
{
    size_t tl = strlen(t), qpos = strcspn(t, "?"), i, start, idx = 0;
    unsigned char *buf = malloc(tl + 1);
    int good = 1;

    if (buf == NULL)
        abort();
    start = t[0] == '/' ? 1 : 0;
    for (i = start;; i++) {
        if (i == qpos || t[i] == '/') {
            idx++;
            if (!piece_ok(t + start, i - start, 0, buf)) {
                *part = KC_TARGET_PATH_SEGMENT;
                *index = idx;
                good = 0;
                goto out;
            }
            if (i == qpos)
                break;
            start = i + 1;
        }
    }
    if (qpos == tl)
        goto out;
    idx = 0;
    start = qpos + 1;
    for (i = start;; i++) {
        if (t[i] == '&' || t[i] == '\0') {
            size_t eq = start;
            while (eq < i && t[eq] != '=')
                eq++;
            idx++;
            if (!piece_ok(t + start, eq - start, 1, buf)) {
                *part = KC_TARGET_QUERY_NAME;
                *index = idx;
                good = 0;
                goto out;
            }
            if (eq < i && !piece_ok(t + eq + 1, i - eq - 1, 1, buf)) {
                *part = KC_TARGET_QUERY_VALUE;
                *index = idx;
                good = 0;
                goto out;
            }
            if (t[i] == '\0')
                break;
            start = i + 1;
        }
    }
out:
    free(buf);
    return good;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *t = malloc(size + 1);
    char what[64], tiny[6];
    kc_target_fault fault;
    kc_target_part part = KC_TARGET_PATH_SEGMENT;
    size_t index = 0;
    int want, got;

    if (t == NULL)
        return 0;
    memcpy(t, data, size);
    t[size] = '\0';
    want = oracle(t, &part, &index);
    memset(what, 'x', sizeof(what));
    got = kc_target_check(t, what, sizeof(what));
    if (got != want)
        abort();
    if (!got && (memchr(what, '\0', sizeof(what)) == NULL || what[0] == '\0'))
        abort();
    memset(tiny, 'x', sizeof(tiny));
    if (kc_target_check(t, tiny, sizeof(tiny)) != want || memchr(tiny, '\0', sizeof(tiny)) == NULL)
        abort();
    if (kc_target_inspect(t, &fault) != want)
        abort();
    if (!want && (fault.part != part || fault.index != index))
        abort();
    free(t);
    return 0;
}
