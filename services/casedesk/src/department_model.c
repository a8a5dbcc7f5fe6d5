#include "department_model.h"

#include <stdlib.h>

void department_clear(department *d)
{
    if (d == NULL)
        return;
    free(d->name);
    d->name = NULL;
}

void department_array_free(department *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        department_clear(&items[i]);
    free(items);
}

json_t *department_to_json(const department *d)
{
    return json_pack("{s:s, s:s, s:o, s:s, s:s}", "id", d->id, "name", d->name ? d->name : "",
                     "teamManagerId",
                     d->team_manager_id[0] ? json_string(d->team_manager_id) : json_null(),
                     "createdAt", d->created_at, "updatedAt", d->updated_at);
}
