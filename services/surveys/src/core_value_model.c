#include "core_value_model.h"

json_t *core_value_to_json(const core_value *v)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", v->id, "name", v->name, "description",
                     v->description, "createdAt", v->created_at, "updatedAt", v->updated_at);
}
