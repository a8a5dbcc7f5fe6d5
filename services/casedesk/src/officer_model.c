#include "officer_model.h"

#include <stdlib.h>

void officer_clear(officer *o)
{
    if (o == NULL)
        return;
    free(o->name);
    free(o->email);
    free(o->user_sub);
    json_decref(o->category_ids);
    json_decref(o->districts);
    o->name = NULL;
    o->email = NULL;
    o->user_sub = NULL;
    o->category_ids = NULL;
    o->districts = NULL;
}

void officer_array_free(officer *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        officer_clear(&items[i]);
    free(items);
}

static json_t *officer_array_or_empty(json_t *a)
{
    return a != NULL ? json_incref(a) : json_array();
}

json_t *officer_to_json(const officer *o)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:i, s:b, s:i, s:s?, s:s, s:s}", "id", o->id,
                     "name", o->name ? o->name : "", "email", o->email ? o->email : "",
                     "categoryIds", officer_array_or_empty(o->category_ids), "districts",
                     officer_array_or_empty(o->districts), "capacity", o->capacity, "active",
                     o->active, "openCases", o->open_cases, "userSub", o->user_sub, "createdAt",
                     o->created_at, "updatedAt", o->updated_at);
}
