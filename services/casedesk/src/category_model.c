#include "category_model.h"

json_t *category_to_json(const category *c)
{
    return json_pack("{s:s, s:s, s:i, s:s, s:s}", "id", c->id, "name", c->name, "slaDays",
                     c->sla_days, "createdAt", c->created_at, "updatedAt", c->updated_at);
}
