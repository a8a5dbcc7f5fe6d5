#include "koers/problem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Detail sent to clients for every 500: the real cause goes to the log. */
static const char internal_detail[] =
    "An unexpected error occurred; the request id identifies it in the logs.";

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
    item = json_pack("{s:s, s:s}", "name", name ? name : "", "reason", reason ? reason : "");
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

    doc = json_pack("{s:s, s:s, s:i, s:s}", "type", kc_status_type(st), "title",
                    kc_status_title(st), "status", kc_status_http(st), "detail", detail);
    if (doc == NULL)
        goto out;
    if (instance != NULL)
        json_object_set_new(doc, "instance", json_string(instance));
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
