/* The request target checked as the client sent it: see koers/target.h. */
#include "koers/target.h"

#include <stdio.h>
#include <string.h>

#include "koers/crypto.h"

/* Where a UTF-8 sequence stands: continuation bytes still to come, the
 * range the next one must be in (no overlong form, no surrogate, nothing
 * above U+10FFFF) and the code point so far. */
typedef struct utf8_state {
    unsigned need;
    unsigned char lo, hi;
    unsigned long cp;
} utf8_state;

/* Feeds one decoded byte; 0 when the text is no longer UTF-8 or the byte
 * completes a control character. */
static int utf8_feed(utf8_state *u, unsigned char c)
{
    if (u->need == 0) {
        u->lo = 0x80;
        u->hi = 0xBF;
        if (c < 0x80)
            return c >= 0x20 && c != 0x7F;
        if (c >= 0xC2 && c <= 0xDF) {
            u->need = 1;
            u->cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            u->need = 2;
            u->cp = c & 0x0Fu;
            if (c == 0xE0)
                u->lo = 0xA0; /* overlong below U+0800 */
            if (c == 0xED)
                u->hi = 0x9F; /* surrogates U+D800..U+DFFF */
        } else if (c >= 0xF0 && c <= 0xF4) {
            u->need = 3;
            u->cp = c & 0x07u;
            if (c == 0xF0)
                u->lo = 0x90; /* overlong below U+10000 */
            if (c == 0xF4)
                u->hi = 0x8F; /* above U+10FFFF */
        } else {
            return 0;
        }
        return 1;
    }
    if (c < u->lo || c > u->hi)
        return 0;
    u->cp = (u->cp << 6) | (c & 0x3Fu);
    u->lo = 0x80;
    u->hi = 0xBF;
    u->need--;
    return u->need > 0 || u->cp > 0x9F; /* C1 controls U+0080..U+009F */
}

/* Decodes [s, end) (with plus_space, "+" is a space) and checks it; when
 * out is not NULL, the decoded text goes there too, cut at a character
 * boundary to fit outlen. 1 when good. */
static int piece_good(const char *s, const char *end, int plus_space, char *out, size_t outlen)
{
    utf8_state u = {0, 0x80, 0xBF, 0};
    size_t used = 0, mark = 0;
    unsigned char c;
    int hi, lo;

    while (s < end) {
        if (*s == '%') {
            if (end - s < 3 || (hi = kc_hex_digit(s[1])) < 0 || (lo = kc_hex_digit(s[2])) < 0)
                return 0;
            c = (unsigned char)(hi * 16 + lo);
            s += 3;
        } else {
            c = (unsigned char)(plus_space && *s == '+' ? ' ' : *s);
            s++;
        }
        if (!utf8_feed(&u, c))
            return 0;
        if (out != NULL && used + 1 < outlen) {
            out[used++] = (char)c;
            if (u.need == 0)
                mark = used; /* a whole character so far */
        }
    }
    if (out != NULL && outlen > 0)
        out[mark] = '\0';
    return u.need == 0;
}

int kc_target_inspect(const char *target, kc_target_fault *fault)
{
    kc_target_fault f;
    const char *p, *end, *stop, *eq;
    size_t index = 0;
    int good = 1;

    memset(&f, 0, sizeof(f));
    if (target == NULL)
        goto out;
    stop = target + strcspn(target, "?");
    /* the path: segments after the first '/', empty ones counted */
    p = *target == '/' ? target + 1 : target;
    for (;;) {
        end = memchr(p, '/', (size_t)(stop - p));
        if (end == NULL)
            end = stop;
        index++;
        if (!piece_good(p, end, 0, NULL, 0)) {
            f.part = KC_TARGET_PATH_SEGMENT;
            f.index = index;
            good = 0;
            goto out;
        }
        if (end == stop)
            break;
        p = end + 1;
    }
    if (*stop != '?')
        goto out;
    /* the query: "&" pieces of name[=value] */
    index = 0;
    for (p = stop + 1;; p = end + 1) {
        end = p + strcspn(p, "&");
        index++;
        eq = memchr(p, '=', (size_t)(end - p));
        if (!piece_good(p, eq != NULL ? eq : end, 1, f.name, sizeof(f.name))) {
            f.part = KC_TARGET_QUERY_NAME;
            f.index = index;
            f.name[0] = '\0';
            good = 0;
            goto out;
        }
        if (eq != NULL && !piece_good(eq + 1, end, 1, NULL, 0)) {
            f.part = KC_TARGET_QUERY_VALUE;
            f.index = index;
            good = 0;
            goto out;
        }
        if (*end == '\0')
            break;
    }
out:
    if (good)
        f.name[0] = '\0';
    if (fault != NULL)
        *fault = f;
    return good;
}

int kc_target_check(const char *target, char *what, size_t whatlen)
{
    kc_target_fault f;

    if (kc_target_inspect(target, &f)) {
        if (whatlen > 0)
            what[0] = '\0';
        return 1;
    }
    if (whatlen == 0)
        return 0;
    if (f.part == KC_TARGET_PATH_SEGMENT)
        snprintf(what, whatlen, "path segment %zu", f.index);
    else if (f.part == KC_TARGET_QUERY_NAME)
        snprintf(what, whatlen, "name of query parameter %zu", f.index);
    else
        snprintf(what, whatlen, "query parameter %s", f.name);
    return 0;
}
