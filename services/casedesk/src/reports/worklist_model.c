#include "reports/worklist_model.h"

#include <stdlib.h>

void worklist_item_array_free(worklist_item *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++) {
        free(items[i].category_name);
        free(items[i].description);
        free(items[i].district);
        free(items[i].suspension_reason);
    }
    free(items);
}

/* A timestamp or JSON null. */
static json_t *worklist_ts(const char *s)
{
    return s[0] != '\0' ? json_string(s) : json_null();
}

json_t *worklist_item_to_json(const worklist_item *w)
{
    json_t *suspension = json_null();

    if (w->suspended_since[0] != '\0')
        suspension =
            json_pack("{s:s?, s:s}", "reason", w->suspension_reason, "since", w->suspended_since);
    return json_pack(
        "{s:s, s:s, s:s, s:s?, s:s, s:s, s:s, s:s?, s:o, s:s, s:o, s:o, s:o, "
        "s:{s:s}, s:o}",
        "id", w->id, "reference", w->reference, "categoryId", w->category_id, "categoryName",
        w->category_name, "description", w->description ? w->description : "", "status", w->status,
        "priority", w->priority, "district", w->district, "officerId", worklist_ts(w->officer_id),
        "createdAt", w->created_at, "firstContactDue", worklist_ts(w->first_contact_due),
        "resolutionDue", worklist_ts(w->resolution_due), "firstContactAt",
        worklist_ts(w->first_contact_at), "sla", "state", w->sla_state, "suspension", suspension);
}
