#include "category_model.h"

#include <string.h>

json_t *category_to_json(const category *c)
{
    return json_pack("{s:s, s:s, s:i, s:i, s:s, s:o, s:s, s:s}", "id", c->id, "name", c->name,
                     "slaDays", c->sla_days, "firstContactDays", c->first_contact_days, "slaUnit",
                     c->sla_unit, "processOwnerId",
                     c->process_owner_id[0] != '\0' ? json_string(c->process_owner_id)
                                                    : json_null(),
                     "createdAt", c->created_at, "updatedAt", c->updated_at);
}

sla_calendar_unit category_sla_unit(const category *c)
{
    return strcmp(c->sla_unit, "calendar_days") == 0 ? SLA_CALENDAR_CALENDAR_DAYS
                                                     : SLA_CALENDAR_WORKING_DAYS;
}
