#include "case_model.h"

#include <stdlib.h>

void case_record_clear(case_record *c)
{
    if (c == NULL)
        return;
    free(c->description);
    free(c->district);
    json_decref(c->location);
    json_decref(c->citizen);
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

json_t *case_to_json(const case_record *c)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:s, s:o, s:s, s:s, s:o}", "id",
                     c->id, "reference", c->reference, "categoryId", c->category_id, "description",
                     c->description ? c->description : "", "district", case_opt_string(c->district),
                     "location", case_opt_json(c->location), "citizen",
                     c->citizen ? json_incref(c->citizen) : json_object(), "channel", c->channel,
                     "priority", c->priority, "status", case_status_name(c->status), "officerId",
                     case_opt_string(c->officer_id), "createdAt", c->created_at, "updatedAt",
                     c->updated_at, "closedAt", case_opt_string(c->closed_at));
}

json_t *case_timeline_entry_to_json(const case_timeline_entry *e)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)e->id, "at", e->at,
                     "actor", e->actor ? e->actor : "", "action", e->action, "fromStatus",
                     case_opt_string(e->from_status), "toStatus", case_opt_string(e->to_status),
                     "detail", case_opt_json(e->detail));
}

json_t *case_event_data(const case_record *c)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o}", "caseId", c->id, "reference",
                     c->reference, "categoryId", c->category_id, "district",
                     case_opt_string(c->district), "status", case_status_name(c->status),
                     "priority", c->priority, "officerId", case_opt_string(c->officer_id));
}
