#include "citizens/citizen_events.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "koers/validate.h"

int citizen_parse_instant(const char *s, long long *out)
{
    struct tm tm = {0};
    int y, mo, d, h, mi, sec, n = 0;
    size_t len;
    time_t t;

    if (s == NULL || !kc_is_datetime(s))
        return -1;
    len = strlen(s);
    if (s[len - 1] != 'Z' ||
        sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6)
        return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    t = timegm(&tm);
    if (t == (time_t)-1)
        return -1;
    *out = (long long)t;
    return 0;
}

double citizen_days_over(const char *resolved_at, const char *resolution_due, int breached)
{
    long long r, d;

    if (!breached || citizen_parse_instant(resolved_at, &r) != 0 ||
        citizen_parse_instant(resolution_due, &d) != 0 || r <= d)
        return 0.0;
    return round((double)(r - d) / 864.0) / 100.0;
}

/* A member that is an RFC 3339 UTC instant, else NULL. */
static const char *instant(const json_t *data, const char *name)
{
    const char *s = json_string_value(json_object_get(data, name));
    long long t;

    return citizen_parse_instant(s, &t) == 0 ? s : NULL;
}

static const char *uuid_member(const json_t *obj, const char *name)
{
    const char *s = json_string_value(json_object_get(obj, name));

    return s != NULL && kc_is_uuid(s) ? s : NULL;
}

/* reopenCount when it is a count, else -1 (keep). */
static int reopen_count(const json_t *data)
{
    const json_t *v = json_object_get(data, "reopenCount");

    return json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 1000000
               ? (int)json_integer_value(v)
               : -1;
}

static void course(const json_t *data, citizen_fact *out)
{
    out->received_at = instant(data, "createdAt");
    out->breached = json_is_true(json_object_get(data, "slaBreached"));
    out->reopen_count = reopen_count(data);
}

static void root_cause(const json_t *data, citizen_fact *out)
{
    const json_t *rc = json_object_get(data, "rootCause");

    out->root_process_id = uuid_member(rc, "processId");
    out->root_step_id = out->root_process_id != NULL ? uuid_member(rc, "stepId") : NULL;
    out->has_root_cause = out->root_process_id != NULL;
}

static void feedback(const json_t *data, citizen_fact *out)
{
    const json_t *s = json_object_get(data, "satisfaction");
    const json_t *e = json_object_get(data, "equalParty");
    const json_t *r = json_object_get(data, "round");

    if (!json_is_integer(s) || json_integer_value(s) < 1 || json_integer_value(s) > 5 ||
        !json_is_boolean(e))
        return;
    out->rating = (int)json_integer_value(s);
    out->equal_party = json_is_true(e);
    out->feedback_round =
        json_is_integer(r) && json_integer_value(r) >= 0 && json_integer_value(r) <= 1000000
            ? (int)json_integer_value(r)
            : 0;
}

citizen_event_kind citizen_event_map(const char *type, const char *subject, const json_t *data,
                                     const char *published_at, citizen_fact *out)
{
    long long t;
    const char *when = citizen_parse_instant(published_at, &t) == 0 ? published_at : NULL;

    memset(out, 0, sizeof(*out));
    out->reopen_count = -1;
    if (type == NULL ||
        (strcmp(type, "case.received") != 0 && strcmp(type, "case.resolved") != 0 &&
         strcmp(type, "case.closed") != 0 && strcmp(type, "case.reopened") != 0 &&
         strcmp(type, "case.sla.breached") != 0 && strcmp(type, "case.feedback.received") != 0))
        return CITIZEN_EVENT_IGNORED;
    out->case_id = uuid_member(data, "caseId");
    if (out->case_id == NULL && subject != NULL && kc_is_uuid(subject))
        out->case_id = subject;
    out->category_id = uuid_member(data, "categoryId");
    if (out->case_id == NULL || out->category_id == NULL)
        return CITIZEN_EVENT_MALFORMED;
    if (strcmp(type, "case.received") == 0) {
        out->received_at = instant(data, "createdAt");
        if (out->received_at == NULL)
            out->received_at = when;
    } else if (strcmp(type, "case.resolved") == 0) {
        course(data, out);
        out->set_resolved = 1;
        out->resolved_at = instant(data, "resolvedAt");
        out->resolution_due = instant(data, "resolutionDue");
        out->set_closed = 1;
        out->closed_at = NULL;
        root_cause(data, out);
    } else if (strcmp(type, "case.closed") == 0) {
        course(data, out);
        out->closed_at = instant(data, "closedAt");
        if (out->closed_at == NULL)
            out->closed_at = when;
        out->set_closed = out->closed_at != NULL;
        out->resolved_at = instant(data, "resolvedAt");
        out->set_resolved = out->resolved_at != NULL;
        out->resolution_due = instant(data, "resolutionDue");
    } else if (strcmp(type, "case.reopened") == 0) {
        out->set_resolved = 1;
        out->set_closed = 1;
        out->reopen_count = reopen_count(data);
    } else if (strcmp(type, "case.sla.breached") == 0) {
        out->breached = 1;
    } else {
        feedback(data, out);
    }
    return CITIZEN_EVENT_FACT;
}
