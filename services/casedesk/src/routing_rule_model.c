#include "routing_rule_model.h"

#include <stdlib.h>

void routing_rule_clear(routing_rule *r)
{
    if (r == NULL)
        return;
    free(r->name);
    free(r->district);
    json_decref(r->keywords);
    json_decref(r->officer_ids);
    r->name = NULL;
    r->district = NULL;
    r->keywords = NULL;
    r->officer_ids = NULL;
}

void routing_rule_array_free(routing_rule *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        routing_rule_clear(&items[i]);
    free(items);
}

json_t *routing_rule_to_json(const routing_rule *r)
{
    return json_pack("{s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:b, s:s, s:s}", "id", r->id, "name",
                     r->name ? r->name : "", "position", r->position, "categoryId",
                     r->category_id[0] ? json_string(r->category_id) : json_null(), "district",
                     r->district ? json_string(r->district) : json_null(), "keywords",
                     r->keywords ? json_incref(r->keywords) : json_array(), "officerIds",
                     r->officer_ids ? json_incref(r->officer_ids) : json_array(), "active",
                     r->active, "createdAt", r->created_at, "updatedAt", r->updated_at);
}
