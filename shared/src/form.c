#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "koers/crypto.h"
#include "koers/http.h"

/* Decodes s[0..len) into a new NUL-terminated string (*out); -1 on a
 * malformed escape, an escaped NUL, text that is not UTF-8 or allocation
 * failure. */
static int form_unescape(const char *s, size_t len, char **out)
{
    char *d = malloc(len + 1);
    size_t i, o = 0;
    int hi, lo;

    *out = NULL;
    if (d == NULL)
        return -1;
    for (i = 0; i < len; i++) {
        if (s[i] == '+') {
            d[o++] = ' ';
        } else if (s[i] == '%') {
            hi = i + 2 < len ? kc_hex_digit(s[i + 1]) : -1;
            lo = i + 2 < len ? kc_hex_digit(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                goto bad;
            d[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (s[i] == '\0') {
            goto bad;
        } else {
            d[o++] = s[i];
        }
    }
    d[o] = '\0';
    if (kc_utf8_len(d) == (size_t)-1)
        goto bad;
    *out = d;
    return 0;
bad:
    free(d);
    return -1;
}

kc_status kc_form_decode(const char *text, size_t len, json_t **out, kc_problem *pb)
{
    json_t *obj = json_object();
    char *name = NULL, *value = NULL;
    size_t pos = 0;
    kc_status st = KC_OK;

    *out = NULL;
    if (obj == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    while (pos < len) {
        const char *pair = text + pos;
        const char *amp = memchr(pair, '&', len - pos);
        size_t plen = amp != NULL ? (size_t)(amp - pair) : len - pos;
        const char *eq = memchr(pair, '=', plen);
        size_t nlen = eq != NULL ? (size_t)(eq - pair) : plen;

        pos += plen + (amp != NULL ? 1 : 0);
        if (plen == 0)
            continue; /* "a=1&&b=2": an empty pair is nothing */
        if (form_unescape(pair, nlen, &name) != 0 || name[0] == '\0') {
            kc_problem_add_field(pb, name != NULL && name[0] != '\0' ? name : "(form)",
                                 "a form field name must be non-empty, well-escaped UTF-8");
            st = kc_problem_set(pb, KC_BAD_REQUEST, "the form body is malformed");
            goto out;
        }
        if (form_unescape(eq != NULL ? eq + 1 : pair + plen, eq != NULL ? plen - nlen - 1 : 0,
                          &value) != 0) {
            kc_problem_add_field(pb, name, "must be well-escaped UTF-8");
            st = kc_problem_set(pb, KC_BAD_REQUEST, "the form field %s is malformed", name);
            goto out;
        }
        if (json_object_get(obj, name) != NULL) {
            kc_problem_add_field(pb, name, "is given more than once");
            st = kc_problem_set(pb, KC_BAD_REQUEST, "the form field %s is given more than once",
                                name);
            goto out;
        }
        if (json_object_set_new(obj, name, json_string(value)) != 0) {
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
        free(name);
        free(value);
        name = value = NULL;
    }
    *out = obj;
    obj = NULL;
out:
    free(name);
    free(value);
    json_decref(obj);
    return st;
}

kc_status kc_read_form_body(const kc_ctx *ctx, json_t **out, kc_problem *pb)
{
    const char *ct = kc_header(ctx, "Content-Type");

    *out = NULL;
    if (!kc_media_type_is(ct, "application/x-www-form-urlencoded"))
        return kc_problem_set(pb, KC_UNSUPPORTED_MEDIA,
                              "the request body must be application/x-www-form-urlencoded (got %s)",
                              ct ? ct : "no Content-Type");
    return kc_form_decode(ctx->req->binary_body != NULL ? ctx->req->binary_body : "",
                          ctx->req->binary_body != NULL ? ctx->req->binary_body_length : 0, out,
                          pb);
}
