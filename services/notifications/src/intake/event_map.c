#include "intake/event_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A kenmerk value longer than a filter value may be is left out. */
#define KENMERK_MAX_LEN 200
/* An id put in a path: letters, digits, "-" and "_" (a UUID), at most this. */
#define PATH_ID_MAX_LEN 64

static const event_source *source_of(const char *source)
{
    const event_source *all;
    size_t n, i;

    all = event_map_sources(&n);
    for (i = 0; source != NULL && i < n; i++)
        if (strcmp(all[i].source, source) == 0)
            return &all[i];
    return NULL;
}

const event_rule *event_map_rule(const char *source, const char *type)
{
    const event_rule *all, *best = NULL;
    size_t n, i, len, best_len = 0;

    all = event_map_rules(&n);
    for (i = 0; source != NULL && type != NULL && i < n; i++) {
        if (strcmp(all[i].source, source) != 0)
            continue;
        if (strcmp(all[i].type, type) == 0)
            return &all[i];
        len = strlen(all[i].type);
        if (len > 0 && all[i].type[len - 1] == '.' && strncmp(all[i].type, type, len) == 0 &&
            type[len] != '\0' && len > best_len) {
            best = &all[i];
            best_len = len;
        }
    }
    return best;
}

int event_map_is_kanaal(const char *naam)
{
    const event_rule *all;
    size_t n, i;

    all = event_map_rules(&n);
    for (i = 0; naam != NULL && i < n; i++)
        if (strcmp(all[i].kanaal, naam) == 0)
            return 1;
    return 0;
}

/* A scalar as a kenmerk's text into buf: strings as they are, integers,
 * reals and booleans as text; NULL for anything else (null, objects,
 * arrays) and for a text too long. */
static const char *scalar_text(const json_t *v, char *buf, size_t n)
{
    const char *s = NULL;

    if (json_is_string(v))
        s = json_string_value(v);
    else if (json_is_integer(v) && snprintf(buf, n, "%lld", (long long)json_integer_value(v)) > 0)
        s = buf;
    else if (json_is_real(v) && snprintf(buf, n, "%.15g", json_real_value(v)) > 0)
        s = buf;
    else if (json_is_boolean(v))
        s = json_is_true(v) ? "true" : "false";
    if (s != NULL && strlen(s) > KENMERK_MAX_LEN)
        s = NULL;
    return s;
}

/* The text of v for ev (the subject, a whitelisted data member, a fixed
 * text), or NULL when the event has none. Only the member v names is read. */
static const char *value_text(const event_value *v, const kc_consumer_event *ev, char *buf,
                              size_t n)
{
    const json_t *data = json_is_object(ev->data) ? ev->data : NULL;
    const char *s = NULL;

    switch (v->from) {
    case EVENT_FROM_SUBJECT:
        s = ev->subject != NULL && ev->subject[0] != '\0' ? ev->subject : NULL;
        break;
    case EVENT_FROM_DATA:
        s = data != NULL ? scalar_text(json_object_get(data, v->text), buf, n) : NULL;
        break;
    case EVENT_FROM_FIXED:
        s = v->text;
        break;
    case EVENT_FROM_STATE:
        if (data != NULL && (s = scalar_text(json_object_get(data, "to"), buf, n)) == NULL)
            s = scalar_text(json_object_get(data, "status"), buf, n);
        break;
    case EVENT_FROM_NONE:
        break;
    }
    return s;
}

/* 1 when id may stand in a path as it is (no escaping needed). */
static int path_id_ok(const char *id)
{
    size_t len = id != NULL ? strlen(id) : 0;
    size_t i;

    if (len == 0 || len > PATH_ID_MAX_LEN)
        return 0;
    for (i = 0; i < len; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') ||
              (id[i] >= '0' && id[i] <= '9') || id[i] == '-' || id[i] == '_'))
            return 0;
    return 1;
}

/* base + path with "{id}" replaced by id (a new string); NULL when id
 * cannot stand in a path or out of memory. */
static char *url_of(const char *base, const char *path, const char *id)
{
    const char *at = strstr(path, "{id}");
    size_t len;
    char *url;

    if (at == NULL || !path_id_ok(id))
        return NULL;
    len = strlen(base) + strlen(path) + strlen(id) + 1;
    url = malloc(len);
    if (url != NULL)
        snprintf(url, len, "%s%.*s%s%s", base, (int)(at - path), path, id, at + 4);
    return url;
}

/* a followed by b (a new string); NULL when out of memory. */
static char *concat(const char *a, const char *b)
{
    size_t len = strlen(a) + strlen(b) + 1;
    char *s = malloc(len);

    if (s != NULL)
        snprintf(s, len, "%s%s", a, b);
    return s;
}

/* The URL of rule's path with the id v gives for ev; NULL when the event
 * lacks it. */
static char *rule_url(const char *base, const char *path, const event_value *v,
                      const kc_consumer_event *ev)
{
    char buf[64];
    const char *id;

    if (path == NULL)
        return NULL;
    id = value_text(v, ev, buf, sizeof(buf));
    return id != NULL ? url_of(base, path, id) : NULL;
}

/* 1 when t is an RFC 3339 UTC time as the replay gives it:
 * YYYY-MM-DDTHH:MM:SS, an optional fraction, "Z". */
static int utc_time_ok(const char *t)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    size_t i, len = t != NULL ? strlen(t) : 0;

    if (len < sizeof(shape) || len >= 40 || t[len - 1] != 'Z')
        return 0;
    for (i = 0; i < sizeof(shape) - 1; i++)
        if (shape[i] == 'd' ? (t[i] < '0' || t[i] > '9') : t[i] != shape[i])
            return 0;
    if (len == sizeof(shape)) /* no fraction */
        return 1;
    if (t[i++] != '.')
        return 0;
    for (; i < len - 1; i++)
        if (t[i] < '0' || t[i] > '9')
            return 0;
    return len > sizeof(shape) + 1;
}

static void aanmaakdatum_of(const char *t, char *out, size_t n)
{
    struct timespec ts;
    struct tm tm;
    char when[24];

    if (utc_time_ok(t)) {
        snprintf(out, n, "%s", t);
        return;
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    if (strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
        when[0] = '\0';
    snprintf(out, n, "%s.%03dZ", when, (int)(ts.tv_nsec / 1000000) % 1000);
}

/* The type's first segment, letters, digits and "_" only ("event" when
 * there is none). */
static void first_segment(const char *type, char *out, size_t n)
{
    size_t i = 0;

    while (type[i] != '\0' && type[i] != '.' && i + 1 < n &&
           ((type[i] >= 'a' && type[i] <= 'z') || (type[i] >= '0' && type[i] <= '9') ||
            type[i] == '_')) {
        out[i] = type[i];
        i++;
    }
    out[i] = '\0';
    if (i == 0 || (type[i] != '\0' && type[i] != '.'))
        snprintf(out, n, "event");
}

/* The type after its first segment, with the standard's words for
 * creation, change and deletion. */
static void actie_of(const char *type, char *out, size_t n)
{
    const char *dot = strchr(type, '.');
    const char *rest = dot != NULL && dot[1] != '\0' ? dot + 1 : type;

    if (strcmp(rest, "created") == 0)
        rest = "create";
    else if (strcmp(rest, "updated") == 0)
        rest = "update";
    else if (strcmp(rest, "deleted") == 0)
        rest = "destroy";
    snprintf(out, n, "%s", rest);
}

/* {"eventType": type, then each kenmerk of rule the event has}. */
static json_t *kenmerken_of(const event_rule *rule, const kc_consumer_event *ev)
{
    json_t *k = json_object();
    char buf[64];
    const char *v;
    size_t i;

    if (k == NULL)
        return NULL;
    if (strlen(ev->type) <= KENMERK_MAX_LEN &&
        json_object_set_new(k, "eventType", json_string(ev->type)) != 0)
        goto fail;
    for (i = 0; rule != NULL && i < EVENT_MAP_MAX_KENMERKEN; i++) {
        if (rule->kenmerken[i].name == NULL)
            continue;
        v = value_text(&rule->kenmerken[i].value, ev, buf, sizeof(buf));
        if (v != NULL && json_object_set_new(k, rule->kenmerken[i].name, json_string(v)) != 0)
            goto fail;
    }
    return k;
fail:
    json_decref(k);
    return NULL;
}

char *event_map_body(const char *kanaal, const char *hoofd_object, const char *resource,
                     const char *resource_url, const char *actie, const char *aanmaakdatum,
                     const json_t *kenmerken)
{
    json_t *msg = NULL;
    char *body = NULL;

    msg = json_object();
    if (msg == NULL || json_object_set_new(msg, "kanaal", json_string(kanaal)) != 0 ||
        json_object_set_new(msg, "hoofdObject", json_string(hoofd_object)) != 0 ||
        json_object_set_new(msg, "resource", json_string(resource)) != 0 ||
        json_object_set_new(msg, "resourceUrl", json_string(resource_url)) != 0 ||
        json_object_set_new(msg, "actie", json_string(actie)) != 0 ||
        json_object_set_new(msg, "aanmaakdatum", json_string(aanmaakdatum)) != 0 ||
        json_object_set_new(msg, "kenmerken",
                            kenmerken != NULL ? json_deep_copy(kenmerken) : json_object()) != 0)
        goto out;
    body = json_dumps(msg, JSON_COMPACT | JSON_PRESERVE_ORDER);
out:
    json_decref(msg);
    return body;
}

kc_status event_map_message(const char *source, const char *base_url, const kc_consumer_event *ev,
                            event_message *out, kc_problem *pb)
{
    const event_source *src = source_of(source);
    const event_rule *rule;
    char base[512], events_path[64];
    size_t len;
    kc_status st = KC_OK;

    memset(out, 0, sizeof(*out));
    if (src == NULL || ev == NULL || ev->type == NULL || ev->type[0] == '\0')
        return kc_problem_set(pb, KC_INVALID, "event map: unknown source or an event without type");
    snprintf(base, sizeof(base), "%s", base_url != NULL ? base_url : "");
    len = strlen(base);
    while (len > 0 && base[len - 1] == '/')
        base[--len] = '\0';

    rule = event_map_rule(source, ev->type);
    snprintf(out->kanaal, sizeof(out->kanaal), "%s", rule != NULL ? rule->kanaal : src->kanaal);
    if (rule != NULL)
        snprintf(out->resource, sizeof(out->resource), "%s", rule->resource);
    else
        first_segment(ev->type, out->resource, sizeof(out->resource));
    actie_of(ev->type, out->actie, sizeof(out->actie));
    aanmaakdatum_of(ev->time, out->aanmaakdatum, sizeof(out->aanmaakdatum));

    if (rule != NULL) {
        out->resource_url = rule_url(base, rule->resource_path, &rule->resource_id, ev);
        out->hoofd_object = rule_url(base, rule->main_path, &rule->main_id, ev);
    }
    /* an unknown type, or one whose id is missing: the source's replay */
    snprintf(events_path, sizeof(events_path), "%s/events", src->base_path);
    if (out->resource_url == NULL)
        out->resource_url = concat(base, events_path);
    if (out->resource_url != NULL && out->hoofd_object == NULL)
        out->hoofd_object = strdup(out->resource_url);
    out->kenmerken = kenmerken_of(rule, ev);
    if (out->resource_url == NULL || out->hoofd_object == NULL || out->kenmerken == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    out->body = event_map_body(out->kanaal, out->hoofd_object, out->resource, out->resource_url,
                               out->actie, out->aanmaakdatum, out->kenmerken);
    if (out->body == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    if (st != KC_OK)
        event_message_clear(out);
    return st;
}

void event_message_clear(event_message *m)
{
    if (m == NULL)
        return;
    free(m->hoofd_object);
    free(m->resource_url);
    json_decref(m->kenmerken);
    free(m->body);
    memset(m, 0, sizeof(*m));
}
