#include "subscriptions/subscription_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/validate.h"

/* The catalogue's entry named naam, NULL when there is none. */
static const json_t *catalogue_entry(const json_t *catalogue, const char *naam)
{
    const json_t *k;
    size_t i;

    json_array_foreach(catalogue, i, k)
    {
        const char *n = json_string_value(json_object_get(k, "naam"));
        if (n != NULL && strcmp(n, naam) == 0)
            return k;
    }
    return NULL;
}

/* 1 when key is one of the entry's filters or eventType. */
static int filter_known(const json_t *entry, const char *key)
{
    const json_t *f;
    size_t i;

    if (strcmp(key, "eventType") == 0)
        return 1;
    json_array_foreach(json_object_get(entry, "filters"), i, f)
    {
        if (json_is_string(f) && strcmp(json_string_value(f), key) == 0)
            return 1;
    }
    return 0;
}

/* The filters of kanalen[i], whose kanaal is entry (NULL when unknown). */
static int check_filters(const json_t *filters, const json_t *entry, const char *prefix,
                         kc_problem *pb)
{
    const char *key;
    const json_t *v;
    char name[160];
    size_t len;
    int ok = 1;

    if (filters == NULL || json_is_null(filters))
        return 1;
    snprintf(name, sizeof(name), "%s.filters", prefix);
    if (!json_is_object(filters)) {
        kc_problem_add_field(pb, name, "must be an object of kenmerk: value");
        return 0;
    }
    json_object_foreach((json_t *)filters, key, v)
    {
        snprintf(name, sizeof(name), "%s.filters.%.100s", prefix, key);
        if (entry != NULL && !filter_known(entry, key)) {
            kc_problem_add_field(pb, name, "is not a filter of this kanaal");
            ok = 0;
            continue;
        }
        if (!json_is_string(v)) {
            kc_problem_add_field(pb, name, "must be a string");
            ok = 0;
            continue;
        }
        len = kc_utf8_len(json_string_value(v));
        if (len == 0 || len == (size_t)-1 || len > SUB_FILTER_VALUE_MAX) {
            kc_problem_add_field(pb, name, "must be 1..200 characters");
            ok = 0;
        }
    }
    return ok;
}

int sub_rules_check_kanalen(const json_t *kanalen, const json_t *catalogue, kc_problem *pb)
{
    const json_t *item, *naam, *entry;
    const char *key;
    const json_t *v;
    char prefix[32], name[64];
    size_t i;
    int ok = 1;

    if (!json_is_array(kanalen)) {
        kc_problem_add_field(pb, "kanalen", "must be an array of {naam, filters}");
        return 0;
    }
    if (json_array_size(kanalen) < 1 || json_array_size(kanalen) > SUB_KANALEN_MAX) {
        kc_problem_add_field(pb, "kanalen", "must hold 1..20 kanalen");
        return 0;
    }
    json_array_foreach(kanalen, i, item)
    {
        snprintf(prefix, sizeof(prefix), "kanalen[%zu]", i);
        if (!json_is_object(item)) {
            kc_problem_add_field(pb, prefix, "must be an object {naam, filters}");
            ok = 0;
            continue;
        }
        json_object_foreach((json_t *)item, key, v)
        {
            if (strcmp(key, "naam") != 0 && strcmp(key, "filters") != 0) {
                snprintf(name, sizeof(name), "%s.%.30s", prefix, key);
                kc_problem_add_field(pb, name, "is not a member of a kanaal entry");
                ok = 0;
            }
        }
        naam = json_object_get(item, "naam");
        entry = json_is_string(naam) ? catalogue_entry(catalogue, json_string_value(naam)) : NULL;
        snprintf(name, sizeof(name), "%s.naam", prefix);
        if (!json_is_string(naam)) {
            kc_problem_add_field(pb, name, "is required: the name of a kanaal");
            ok = 0;
        } else if (entry == NULL) {
            kc_problem_add_field(pb, name, "is not a kanaal (GET /notifications/v1/kanaal)");
            ok = 0;
        }
        if (!check_filters(json_object_get(item, "filters"), entry, prefix, pb))
            ok = 0;
    }
    return ok;
}

int sub_rules_check_auth(const char *auth, kc_problem *pb)
{
    size_t len = auth != NULL ? kc_utf8_len(auth) : 0;
    const unsigned char *c;

    if (auth == NULL || len == 0 || len == (size_t)-1 || len > SUB_AUTH_MAX) {
        kc_problem_add_field(pb, "auth", "is required: 1..1000 characters");
        return 0;
    }
    for (c = (const unsigned char *)auth; *c != '\0'; c++) {
        if (*c < 0x20 || *c == 0x7f) {
            kc_problem_add_field(pb, "auth", "must not contain control characters");
            return 0;
        }
    }
    return 1;
}

json_t *sub_rules_normal_kanalen(const json_t *kanalen)
{
    json_t *out = json_array(), *e, *filters;
    const json_t *item;
    size_t i;

    if (out == NULL)
        return NULL;
    json_array_foreach(kanalen, i, item)
    {
        filters = json_object_get(item, "filters");
        e = json_pack("{s:O,s:o}", "naam", json_object_get(item, "naam"), "filters",
                      json_is_object(filters) ? json_deep_copy(filters) : json_object());
        if (e == NULL || json_array_append_new(out, e) != 0) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}

char *sub_rules_test_message(const char *base, const char *now_rfc3339)
{
    char url[512];
    json_t *m;
    char *text;

    snprintf(url, sizeof(url), "%s/notifications/v1/kanaal", base);
    m = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:{}}", "kanaal", "test", "hoofdObject", url,
                  "resource", "test", "resourceUrl", url, "actie", "create", "aanmaakdatum",
                  now_rfc3339, "kenmerken");
    if (m == NULL)
        return NULL;
    text = json_dumps(m, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(m);
    return text;
}

int sub_rules_test_accepted(const webhook_result *r, int timeout_s, char *why, size_t whylen)
{
    if (r->status >= 200 && r->status <= 299)
        return 1;
    if (r->status != 0)
        snprintf(why, whylen, "answered %d to the test message%s", r->status,
                 r->status >= 300 && r->status <= 399 ? " (redirects are not followed)" : "");
    else if (strcmp(r->error, "timeout") == 0)
        snprintf(why, whylen, "did not answer the test message within %d s", timeout_s);
    else if (strncmp(r->error, "unsafe address", 14) == 0)
        snprintf(why, whylen, "%s", r->error);
    else
        snprintf(why, whylen, "could not be reached: %s", r->error[0] ? r->error : "no answer");
    return 0;
}

int sub_rules_alert_email_ok(const char *s)
{
    size_t len = s != NULL ? strlen(s) : 0;

    return len >= 3 && len <= 254 && strpbrk(s, "\r\n") == NULL && kc_is_email(s);
}
