#include "cases/case_model.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void case_record_clear(case_record *c)
{
    if (c == NULL)
        return;
    free(c->description);
    free(c->district);
    json_decref(c->location);
    json_decref(c->citizen);
    json_decref(c->open311_attributes);
    c->open311_attributes = NULL;
    free(c->suspension_reason);
    free(c->outcome_explanation);
    c->suspension_reason = NULL;
    c->outcome_explanation = NULL;
    c->description = NULL;
    c->district = NULL;
    c->location = NULL;
    c->citizen = NULL;
}

void case_record_array_free(case_record *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        case_record_clear(&items[i]);
    free(items);
}

void case_timeline_array_free(case_timeline_entry *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++) {
        free(items[i].actor);
        json_decref(items[i].detail);
    }
    free(items);
}

/* A string or JSON null when absent ("" or NULL). */
static json_t *case_opt_string(const char *s)
{
    return (s == NULL || s[0] == '\0') ? json_null() : json_string(s);
}

static json_t *case_opt_json(json_t *v)
{
    return v == NULL ? json_null() : json_incref(v);
}

static const char *const case_sla_names[] = {"on_track", "warning", "breached"};

const char *case_sla_name(case_sla s)
{
    if ((int)s < 0 || s > CASE_SLA_BREACHED)
        return "unknown";
    return case_sla_names[s];
}

case_sla case_sla_state(const case_record *c, long long now)
{
    long long warn = (long long)(c->sla_warning_hours > 0 ? c->sla_warning_hours : 24) * 3600;
    int suspended = c->suspended_since[0] != '\0';

    if (c->sla_breached_at[0] || c->first_contact_breached_at[0])
        return CASE_SLA_BREACHED;
    if (!case_status_is_open(c->status)) {
        /* resolved_at in the same form as resolution_due: compare the text */
        if (c->resolution_due[0] && c->resolved_at[0] &&
            strcmp(c->resolved_at, c->resolution_due) > 0)
            return CASE_SLA_BREACHED;
        return CASE_SLA_ON_TRACK;
    }
    if (suspended)
        return c->sla_warned_at[0] ? CASE_SLA_WARNING : CASE_SLA_ON_TRACK;
    if (c->resolution_due_s > 0 && now >= c->resolution_due_s)
        return CASE_SLA_BREACHED;
    if (!c->first_contact_at[0] && c->first_contact_due_s > 0 && now >= c->first_contact_due_s)
        return CASE_SLA_BREACHED;
    if (c->sla_warned_at[0] || (c->resolution_due_s > 0 && now >= c->resolution_due_s - warn))
        return CASE_SLA_WARNING;
    return CASE_SLA_ON_TRACK;
}

static json_t *case_sla_json(const case_record *c)
{
    return json_pack("{s:s, s:o, s:o, s:o}", "state",
                     case_sla_name(case_sla_state(c, (long long)time(NULL))), "warnedAt",
                     case_opt_string(c->sla_warned_at), "breachedAt",
                     case_opt_string(c->sla_breached_at), "firstContactBreachedAt",
                     case_opt_string(c->first_contact_breached_at));
}

static json_t *case_suspension_json(const case_record *c)
{
    if (c->status != CASE_STATUS_WAITING || !c->suspended_since[0])
        return json_null();
    return json_pack("{s:o, s:s}", "reason", case_opt_string(c->suspension_reason), "since",
                     c->suspended_since);
}

static json_t *case_outcome_json(const case_record *c)
{
    if (!c->outcome[0])
        return json_null();
    return json_pack("{s:s, s:o, s:o}", "result", c->outcome, "explanation",
                     case_opt_string(c->outcome_explanation), "resolvedAt",
                     case_opt_string(c->resolved_at));
}

json_t *case_to_json(const case_record *c)
{
    /* one object built in place, in the answer's member order */
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:s, s:o, s:s, s:s, s:o,"
        " s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:i, s:o, s:o, s:o, s:o}",
        "id", c->id, "reference", c->reference, "categoryId", c->category_id, "description",
        c->description ? c->description : "", "district", case_opt_string(c->district), "location",
        case_opt_json(c->location), "citizen", case_opt_json(c->citizen), "channel", c->channel,
        "priority", c->priority, "status", case_status_name(c->status), "officerId",
        case_opt_string(c->officer_id), "createdAt", c->created_at, "updatedAt", c->updated_at,
        "closedAt", case_opt_string(c->closed_at), "firstContactDue",
        case_opt_string(c->first_contact_due), "resolutionDue", case_opt_string(c->resolution_due),
        "firstContactAt", case_opt_string(c->first_contact_at), "sla", case_sla_json(c),
        "suspension", case_suspension_json(c), "suspendedSeconds", (json_int_t)c->suspended_seconds,
        "outcome", case_outcome_json(c), "reopenCount", c->reopen_count, "anonymisedAt",
        case_opt_string(c->anonymised_at), "statusSince", case_opt_string(c->status_since),
        "rootCause", case_root_cause_json(c), "open311Attributes",
        case_opt_json(c->open311_attributes));

    return o;
}

void case_write_json(const case_record *c, int with_citizen, kc_json_text *t)
{
    kc_json_text_open(t);
    kc_json_text_key(t, "id");
    kc_json_text_string(t, c->id);
    kc_json_text_key(t, "reference");
    kc_json_text_string(t, c->reference);
    kc_json_text_key(t, "categoryId");
    kc_json_text_string(t, c->category_id);
    kc_json_text_key(t, "description");
    kc_json_text_string(t, c->description ? c->description : "");
    kc_json_text_key(t, "district");
    kc_json_text_string_or_null(t, c->district);
    kc_json_text_key(t, "location");
    kc_json_text_value(t, c->location);
    if (with_citizen) {
        kc_json_text_key(t, "citizen");
        kc_json_text_value(t, c->citizen);
    }
    kc_json_text_key(t, "channel");
    kc_json_text_string(t, c->channel);
    kc_json_text_key(t, "priority");
    kc_json_text_string(t, c->priority);
    kc_json_text_key(t, "status");
    kc_json_text_string(t, case_status_name(c->status));
    kc_json_text_key(t, "officerId");
    kc_json_text_string_or_null(t, c->officer_id);
    kc_json_text_key(t, "createdAt");
    kc_json_text_string(t, c->created_at);
    kc_json_text_key(t, "updatedAt");
    kc_json_text_string(t, c->updated_at);
    kc_json_text_key(t, "closedAt");
    kc_json_text_string_or_null(t, c->closed_at);
    kc_json_text_key(t, "firstContactDue");
    kc_json_text_string_or_null(t, c->first_contact_due);
    kc_json_text_key(t, "resolutionDue");
    kc_json_text_string_or_null(t, c->resolution_due);
    kc_json_text_key(t, "firstContactAt");
    kc_json_text_string_or_null(t, c->first_contact_at);
    kc_json_text_key(t, "sla");
    kc_json_text_open(t);
    kc_json_text_key(t, "state");
    kc_json_text_string(t, case_sla_name(case_sla_state(c, (long long)time(NULL))));
    kc_json_text_key(t, "warnedAt");
    kc_json_text_string_or_null(t, c->sla_warned_at);
    kc_json_text_key(t, "breachedAt");
    kc_json_text_string_or_null(t, c->sla_breached_at);
    kc_json_text_key(t, "firstContactBreachedAt");
    kc_json_text_string_or_null(t, c->first_contact_breached_at);
    kc_json_text_close(t);
    kc_json_text_key(t, "suspension");
    if (c->status != CASE_STATUS_WAITING || !c->suspended_since[0]) {
        kc_json_text_null(t);
    } else {
        kc_json_text_open(t);
        kc_json_text_key(t, "reason");
        kc_json_text_string_or_null(t, c->suspension_reason);
        kc_json_text_key(t, "since");
        kc_json_text_string(t, c->suspended_since);
        kc_json_text_close(t);
    }
    kc_json_text_key(t, "suspendedSeconds");
    kc_json_text_int(t, c->suspended_seconds);
    kc_json_text_key(t, "outcome");
    if (!c->outcome[0]) {
        kc_json_text_null(t);
    } else {
        kc_json_text_open(t);
        kc_json_text_key(t, "result");
        kc_json_text_string(t, c->outcome);
        kc_json_text_key(t, "explanation");
        kc_json_text_string_or_null(t, c->outcome_explanation);
        kc_json_text_key(t, "resolvedAt");
        kc_json_text_string_or_null(t, c->resolved_at);
        kc_json_text_close(t);
    }
    kc_json_text_key(t, "reopenCount");
    kc_json_text_int(t, c->reopen_count);
    kc_json_text_key(t, "anonymisedAt");
    kc_json_text_string_or_null(t, c->anonymised_at);
    kc_json_text_key(t, "statusSince");
    kc_json_text_string_or_null(t, c->status_since);
    kc_json_text_key(t, "rootCause");
    if (!c->root_cause_process_id[0]) {
        kc_json_text_null(t);
    } else {
        kc_json_text_open(t);
        kc_json_text_key(t, "processId");
        kc_json_text_string(t, c->root_cause_process_id);
        kc_json_text_key(t, "stepId");
        kc_json_text_string_or_null(t, c->root_cause_step_id);
        kc_json_text_close(t);
    }
    kc_json_text_key(t, "open311Attributes");
    kc_json_text_value(t, c->open311_attributes);
    kc_json_text_close(t);
}

json_t *case_lead_times_to_json(const case_lead_times *lt)
{
    json_t *items = json_array();
    size_t i;

    if (items == NULL)
        return NULL;
    for (i = 0; i < lt->n; i++)
        json_array_append_new(items, json_pack("{s:s, s:I}", "status",
                                               case_status_name(lt->items[i].status), "seconds",
                                               (json_int_t)lt->items[i].seconds));
    return json_pack("{s:o, s:s, s:o}", "items", items, "currentStatus",
                     case_status_name(lt->current), "currentSince",
                     case_opt_string(lt->current_since));
}

json_t *case_timeline_entry_to_json(const case_timeline_entry *e)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:b}", "id", (json_int_t)e->id, "at",
                     e->at, "actor", e->actor ? e->actor : "", "action", e->action, "fromStatus",
                     case_opt_string(e->from_status), "toStatus", case_opt_string(e->to_status),
                     "detail", case_opt_json(e->detail), "public", e->is_public);
}

json_t *case_event_data(const case_record *c)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o}", "caseId", c->id, "reference",
                     c->reference, "categoryId", c->category_id, "district",
                     case_opt_string(c->district), "status", case_status_name(c->status),
                     "priority", c->priority, "officerId", case_opt_string(c->officer_id));
}

json_t *case_event_course(const case_record *c)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:b, s:i}", "createdAt", case_opt_string(c->created_at),
                     "resolvedAt", case_opt_string(c->resolved_at), "closedAt",
                     case_opt_string(c->closed_at), "resolutionDue",
                     case_opt_string(c->resolution_due), "slaBreached",
                     case_sla_state(c, (long long)time(NULL)) == CASE_SLA_BREACHED, "reopenCount",
                     c->reopen_count);
}

json_t *case_root_cause_json(const case_record *c)
{
    if (!c->root_cause_process_id[0])
        return json_null();
    return json_pack("{s:s, s:o}", "processId", c->root_cause_process_id, "stepId",
                     case_opt_string(c->root_cause_step_id));
}

void case_message_clear(case_message *m)
{
    if (m == NULL)
        return;
    free(m->author);
    free(m->body);
    m->author = NULL;
    m->body = NULL;
}

void case_message_array_free(case_message *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        case_message_clear(&items[i]);
    free(items);
}

json_t *case_message_to_json(const case_message *m)
{
    const char *author = m->author ? m->author : "";

    if (strcmp(m->kind, "note") == 0)
        return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)m->id, "author", author, "text",
                         m->body ? m->body : "", "at", m->at);
    return json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)m->id, "direction",
                     strcmp(author, "citizen") == 0 ? "from_citizen" : "to_citizen", "author",
                     author, "text", m->body ? m->body : "", "at", m->at);
}
