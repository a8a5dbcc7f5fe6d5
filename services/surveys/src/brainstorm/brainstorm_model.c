#include "brainstorm/brainstorm_model.h"

#include <stdlib.h>

void brainstorm_item_clear(brainstorm_item *it)
{
    if (it == NULL)
        return;
    json_decref(it->tags);
    it->tags = NULL;
}

void brainstorm_session_clear(brainstorm_session *s)
{
    size_t i;

    if (s == NULL)
        return;
    for (i = 0; i < s->nitems; i++)
        brainstorm_item_clear(&s->items[i]);
    free(s->items);
    s->items = NULL;
    s->nitems = 0;
}

json_t *brainstorm_item_to_json(const brainstorm_item *it)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:i, s:o, s:s}", "id", it->id, "kind", it->kind, "text",
                     it->text, "tags", it->tags ? json_incref(it->tags) : json_array(), "votes",
                     it->votes, "coreValueId",
                     it->core_value_id[0] ? json_string(it->core_value_id) : json_null(),
                     "createdAt", it->created_at);
}

json_t *brainstorm_session_to_json(const brainstorm_session *s, int with_items)
{
    json_t *o, *arr;
    size_t i;

    o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", s->id, "title", s->title, "heldOn",
                  s->held_on, "groupName", s->group_name, "facilitator", s->facilitator,
                  "createdAt", s->created_at);
    if (o == NULL || !with_items)
        return o;
    arr = json_array();
    for (i = 0; arr != NULL && i < s->nitems; i++)
        json_array_append_new(arr, brainstorm_item_to_json(&s->items[i]));
    json_object_set_new(o, "items", arr);
    return o;
}
