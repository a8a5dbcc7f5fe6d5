#include "koers/problem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Detail sent to clients for every 500: the real cause goes to the log. */
static const char internal_detail[] =
    "An unexpected error occurred; the request id identifies it in the logs.";

/* The length of the UTF-8 sequence at p as JSON takes it (RFC 3629: no
 * overlong form, no surrogate, at most U+10FFFF), or 0 when it is not one. */
static size_t problem_utf8_seq(const unsigned char *p)
{
    size_t n, i;
    unsigned int cp;

    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        n = 2, cp = p[0] & 0x1Fu;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        n = 3, cp = p[0] & 0x0Fu;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        n = 4, cp = p[0] & 0x07u;
    else
        return 0;
    for (i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* A JSON string of text that may hold client bytes that are not UTF-8 (a
 * raw path, a value cut inside a character by a "%.64s"): each byte that
 * does not start a valid sequence becomes U+FFFD, so a problem always
 * renders. NULL only when out of memory. */
static json_t *problem_string(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    json_t *j = json_string(s);
    char *fixed;
    size_t o = 0, n;

    if (j != NULL)
        return j;
    fixed = malloc(strlen(s) * 3 + 1);
    if (fixed == NULL)
        return NULL;
    while (*p != '\0') {
        n = problem_utf8_seq(p);
        if (n == 0) {
            memcpy(fixed + o, "\xEF\xBF\xBD", 3);
            o += 3;
            p++;
        } else {
            memcpy(fixed + o, p, n);
            o += n;
            p += n;
        }
    }
    fixed[o] = '\0';
    j = json_string(fixed);
    free(fixed);
    return j;
}

/* Resets pb to "no problem" (status KC_OK, nothing attached). */
void kc_problem_init(kc_problem *pb)
{
    if (pb == NULL)
        return;
    memset(pb, 0, sizeof(*pb));
    pb->status = KC_OK;
}

/* Releases what pb holds and resets it; pb itself stays the caller's. */
void kc_problem_clear(kc_problem *pb)
{
    if (pb == NULL)
        return;
    json_decref(pb->invalid_params);
    json_decref(pb->extra);
    kc_problem_init(pb);
}

/* Sets status and detail (truncated to fit). Returns st. */
kc_status kc_problem_set(kc_problem *pb, kc_status st, const char *fmt, ...)
{
    va_list ap;

    if (pb == NULL)
        return st;
    pb->status = st;
    pb->detail[0] = '\0';
    if (fmt != NULL) {
        va_start(ap, fmt);
        vsnprintf(pb->detail, sizeof(pb->detail), fmt, ap);
        va_end(ap);
    }
    return st;
}

/* Appends {"name","reason"} to invalidParams; a KC_OK status becomes
 * KC_INVALID. NULL name or reason are rendered as "". */
void kc_problem_add_field(kc_problem *pb, const char *name, const char *reason)
{
    json_t *item = NULL;

    if (pb == NULL)
        return;
    if (pb->status == KC_OK)
        pb->status = KC_INVALID;
    if (pb->invalid_params == NULL) {
        pb->invalid_params = json_array();
        if (pb->invalid_params == NULL)
            goto out;
    }
    item = json_pack("{s:o, s:o}", "name", problem_string(name ? name : ""), "reason",
                     problem_string(reason ? reason : ""));
    if (item == NULL)
        goto out;
    json_array_append_new(pb->invalid_params, item);
out:
    return;
}

/* Sets extra member key to value; takes ownership of value even on failure. */
void kc_problem_set_extra(kc_problem *pb, const char *key, json_t *value)
{
    if (pb == NULL || key == NULL) {
        json_decref(value);
        return;
    }
    if (pb->extra == NULL)
        pb->extra = json_object();
    if (pb->extra == NULL) {
        json_decref(value);
        return;
    }
    json_object_set_new(pb->extra, key, value);
}

/* Renders the RFC 9457 document. The detail defaults to the status title;
 * for KC_INTERNAL it is always a generic text (the cause stays in the log).
 * Extras never override the standard members. NULL on allocation failure. */
json_t *kc_problem_to_json(const kc_problem *pb, const char *instance)
{
    json_t *doc = NULL;
    kc_status st = pb ? pb->status : KC_INTERNAL;
    const char *detail = NULL;
    const char *key = NULL;
    json_t *value = NULL;

    if (st == KC_OK)
        st = KC_INTERNAL;
    if (st == KC_INTERNAL)
        detail = internal_detail;
    else if (pb->detail[0] != '\0')
        detail = pb->detail;
    else
        detail = kc_status_title(st);

    doc =
        json_pack("{s:s, s:s, s:i, s:o}", "type", kc_status_type(st), "title", kc_status_title(st),
                  "status", kc_status_http(st), "detail", problem_string(detail));
    if (doc == NULL)
        goto out;
    if (instance != NULL)
        json_object_set_new(doc, "instance", problem_string(instance));
    if (pb != NULL && pb->invalid_params != NULL && json_array_size(pb->invalid_params) > 0)
        json_object_set(doc, "invalidParams", pb->invalid_params);
    if (pb != NULL && pb->extra != NULL) {
        json_object_foreach(pb->extra, key, value)
        {
            if (json_object_get(doc, key) == NULL)
                json_object_set(doc, key, value);
        }
    }
out:
    return doc;
}
