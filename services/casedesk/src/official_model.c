#include "official_model.h"

#include <stdlib.h>

void official_clear(official *o)
{
    if (o == NULL)
        return;
    free(o->name);
    free(o->email);
    free(o->user_sub);
    o->name = NULL;
    o->email = NULL;
    o->user_sub = NULL;
}

void official_array_free(official *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        official_clear(&items[i]);
    free(items);
}

json_t *official_to_json(const official *o)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:s}", "id", o->id, "name",
                     o->name ? o->name : "", "email", o->email ? o->email : "", "departmentId",
                     o->department_id[0] ? json_string(o->department_id) : json_null(), "userSub",
                     o->user_sub ? json_string(o->user_sub) : json_null(), "active", o->active,
                     "createdAt", o->created_at, "updatedAt", o->updated_at);
}
