#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "koers/crypto.h"
#include "koers/http.h"

/* The values one "name[]" field may collect, and the parts of a multipart
 * body: more is a malformed or hostile request. */
#define FORM_MAX_VALUES 1000
#define FORM_MAX_PARTS  1000
/* RFC 2046: a boundary is 1..70 characters. */
#define FORM_MAX_BOUNDARY 70

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

/* Adds the field name=value to obj: a name ending in "[]" collects its
 * values in an array (attribute[x][]=a&attribute[x][]=b); another name
 * given twice is KC_BAD_REQUEST naming it. */
static kc_status form_put(json_t *obj, const char *name, const char *value, kc_problem *pb)
{
    size_t len = strlen(name);
    json_t *have = json_object_get(obj, name);

    if (len > 2 && strcmp(name + len - 2, "[]") == 0) {
        if (have == NULL) {
            have = json_array();
            if (have == NULL || json_object_set_new(obj, name, have) != 0)
                return kc_problem_set(pb, KC_INTERNAL, "out of memory");
        }
        if (json_array_size(have) >= FORM_MAX_VALUES) {
            kc_problem_add_field(pb, name, "has too many values");
            return kc_problem_set(pb, KC_BAD_REQUEST, "the form field %s has too many values",
                                  name);
        }
        if (json_array_append_new(have, json_string(value)) != 0)
            return kc_problem_set(pb, KC_INTERNAL, "out of memory");
        return KC_OK;
    }
    if (have != NULL) {
        kc_problem_add_field(pb, name, "is given more than once");
        return kc_problem_set(pb, KC_BAD_REQUEST, "the form field %s is given more than once",
                              name);
    }
    if (json_object_set_new(obj, name, json_string(value)) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    return KC_OK;
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
        st = form_put(obj, name, value, pb);
        if (st != KC_OK)
            goto out;
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

/* The boundary parameter of a multipart Content-Type (ct) into out:
 * boundary=abc or boundary="a b=c", any parameter order, the name in any
 * case. 0, or -1 when there is none or it is not 1..70 characters. */
static int form_boundary(const char *ct, char out[FORM_MAX_BOUNDARY + 1])
{
    const char *p = strchr(ct, ';');
    size_t n;

    while (p != NULL) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, "boundary", 8) == 0) {
            const char *v = p + 8;
            while (*v == ' ' || *v == '\t')
                v++;
            if (*v == '=') {
                v++;
                while (*v == ' ' || *v == '\t')
                    v++;
                if (*v == '"') {
                    v++;
                    n = strcspn(v, "\"");
                    if (v[n] != '"')
                        return -1;
                } else {
                    n = strcspn(v, "; \t");
                }
                if (n == 0 || n > FORM_MAX_BOUNDARY)
                    return -1;
                memcpy(out, v, n);
                out[n] = '\0';
                return 0;
            }
        }
        p = strchr(p, ';');
    }
    return -1;
}

/* The first occurrence of needle (nlen bytes) in hay[0..len), or NULL. */
static const char *form_find(const char *hay, size_t len, const char *needle, size_t nlen)
{
    size_t i;

    if (nlen == 0 || len < nlen)
        return NULL;
    for (i = 0; i + nlen <= len; i++) {
        if (hay[i] == needle[0] && memcmp(hay + i, needle, nlen) == 0)
            return hay + i;
    }
    return NULL;
}

/* A parameter (name="x", name=x) of a Content-Disposition header value
 * h[0..len) into a new string (*out; NULL when absent). A quoted value
 * may escape with a backslash. -1 when it is malformed or out of memory. */
static int form_disposition_param(const char *h, size_t len, const char *param, char **out)
{
    size_t plen = strlen(param), i = 0, o;
    char *v;

    *out = NULL;
    while (i < len) {
        while (i < len && (h[i] == ';' || h[i] == ' ' || h[i] == '\t'))
            i++;
        if (i + plen < len && strncasecmp(h + i, param, plen) == 0 && h[i + plen] == '=') {
            i += plen + 1;
            v = malloc(len - i + 1);
            if (v == NULL)
                return -1;
            o = 0;
            if (i < len && h[i] == '"') {
                for (i++; i < len && h[i] != '"'; i++) {
                    if (h[i] == '\\' && i + 1 < len)
                        i++;
                    v[o++] = h[i];
                }
                if (i >= len) {
                    free(v);
                    return -1;
                }
            } else {
                for (; i < len && h[i] != ';' && h[i] != ' ' && h[i] != '\t'; i++)
                    v[o++] = h[i];
            }
            v[o] = '\0';
            *out = v;
            return 0;
        }
        while (i < len && h[i] != ';') {
            if (h[i] == '"') { /* skip a quoted value of another parameter */
                for (i++; i < len && h[i] != '"'; i++) {
                    if (h[i] == '\\' && i + 1 < len)
                        i++;
                }
            }
            i++;
        }
    }
    return 0;
}

/* The end of the line starting at p (within end): the CRLF or LF, or
 * NULL when there is none. *next is the start of the next line. */
static const char *form_eol(const char *p, const char *end, const char **next)
{
    const char *lf = memchr(p, '\n', (size_t)(end - p));

    if (lf == NULL)
        return NULL;
    *next = lf + 1;
    return lf > p && lf[-1] == '\r' ? lf - 1 : lf;
}

kc_status kc_multipart_decode(const char *content_type, const char *body, size_t len, json_t **out,
                              kc_problem *pb)
{
    char boundary[FORM_MAX_BOUNDARY + 1], delim[FORM_MAX_BOUNDARY + 3];
    const char *p, *end = body + len, *line, *eol, *next = NULL;
    char *name = NULL, *filename = NULL, *value = NULL, *disp = NULL;
    json_t *obj = NULL;
    size_t dlen, parts = 0;
    kc_status st = KC_OK;

    *out = NULL;
    if (content_type == NULL || form_boundary(content_type, boundary) != 0) {
        kc_problem_add_field(pb, "Content-Type",
                             "multipart/form-data needs a boundary of 1..70 characters");
        return kc_problem_set(pb, KC_BAD_REQUEST,
                              "the multipart body has no usable boundary in its Content-Type");
    }
    dlen = (size_t)snprintf(delim, sizeof(delim), "--%s", boundary);
    obj = json_object();
    if (obj == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    /* the first delimiter: at the start, or after a preamble's line break */
    if (len >= dlen && memcmp(body, delim, dlen) == 0) {
        p = body;
    } else {
        p = form_find(body, len, delim, dlen);
        while (p != NULL && p[-1] != '\n')
            p = form_find(p + 1, (size_t)(end - p - 1), delim, dlen);
    }
    if (p == NULL)
        goto malformed;
    for (;;) {
        const char *content, *stop;
        p += dlen;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            break; /* the close delimiter: what follows is the epilogue */
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (form_eol(p, end, &next) != p || ++parts > FORM_MAX_PARTS)
            goto malformed;
        /* the part's headers, up to an empty line */
        free(disp);
        disp = NULL;
        for (line = next;; line = next) {
            eol = form_eol(line, end, &next);
            if (eol == NULL)
                goto malformed;
            if (eol == line)
                break;
            if ((size_t)(eol - line) > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
                free(disp);
                disp = strndup(line + 20, (size_t)(eol - line - 20));
                if (disp == NULL)
                    goto oom;
            }
        }
        content = next;
        /* the content ends at the line break before the next delimiter */
        stop = content;
        for (;;) {
            stop = form_find(stop, (size_t)(end - stop), delim, dlen);
            if (stop == NULL)
                goto malformed;
            if (stop > content && stop[-1] == '\n')
                break;
            if (stop == content)
                break; /* an empty part without a line break of its own */
            stop++;
        }
        p = stop;
        if (stop > content && stop[-1] == '\n')
            stop--;
        if (stop > content && stop[-1] == '\r')
            stop--;
        if (disp == NULL || strstr(disp, "form-data") == NULL)
            goto malformed;
        if (form_disposition_param(disp, strlen(disp), "name", &name) != 0 ||
            form_disposition_param(disp, strlen(disp), "filename", &filename) != 0)
            goto malformed;
        if (name == NULL || name[0] == '\0' || kc_utf8_len(name) == (size_t)-1) {
            kc_problem_add_field(pb, "(form)", "each part needs a name of non-empty UTF-8");
            st = kc_problem_set(pb, KC_BAD_REQUEST, "the multipart body is malformed");
            goto out;
        }
        /* a file (a photo) is not a field: it is left out */
        if (filename == NULL) {
            value = strndup(content, (size_t)(stop - content));
            if (value == NULL)
                goto oom;
            if (strlen(value) != (size_t)(stop - content) || kc_utf8_len(value) == (size_t)-1) {
                kc_problem_add_field(pb, name, "must be UTF-8 text");
                st = kc_problem_set(pb, KC_BAD_REQUEST, "the form field %s is malformed", name);
                goto out;
            }
            st = form_put(obj, name, value, pb);
            if (st != KC_OK)
                goto out;
        }
        free(name);
        free(filename);
        free(value);
        name = filename = value = NULL;
    }
    *out = obj;
    obj = NULL;
    goto out;
malformed:
    kc_problem_add_field(pb, "(body)", "is not multipart/form-data with the boundary it declares");
    st = kc_problem_set(pb, KC_BAD_REQUEST, "the multipart body is malformed");
    goto out;
oom:
    st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    free(disp);
    free(name);
    free(filename);
    free(value);
    json_decref(obj);
    return st;
}

kc_status kc_read_form_body(const kc_ctx *ctx, json_t **out, kc_problem *pb)
{
    const char *ct = kc_header(ctx, "Content-Type");
    const char *body = ctx->req->binary_body != NULL ? ctx->req->binary_body : "";
    size_t len = ctx->req->binary_body != NULL ? ctx->req->binary_body_length : 0;

    *out = NULL;
    if (kc_media_type_is(ct, "multipart/form-data"))
        return kc_multipart_decode(ct, body, len, out, pb);
    if (!kc_media_type_is(ct, "application/x-www-form-urlencoded"))
        return kc_problem_set(pb, KC_UNSUPPORTED_MEDIA,
                              "the request body must be application/x-www-form-urlencoded or "
                              "multipart/form-data (got %s)",
                              ct ? ct : "no Content-Type");
    return kc_form_decode(body, len, out, pb);
}
