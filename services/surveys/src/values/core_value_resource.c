#include "surveys_resources.h"

/* A core value of the tenant's catalogue (kernwaarde), named once per
 * tenant; surveys ask about it and brainstorm items become one. Its events
 * (core_value.created|updated|deleted) carry the name besides the id, so
 * that other services (programmes) keep a copy of the catalogue: a value's
 * name is the tenant's vocabulary, never personal data. */
static const kc_column core_value_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 100},
     .column = "name",
     .unique = 1},
    {.field = {.name = "description", .type = KC_T_STRING, .max_len = 1000},
     .column = "description",
     .dflt = ""},
};

static const char *const core_value_event_members[] = {"name", NULL};

const kc_resource core_value_resource = {
    .noun = "core value",
    .schema = SURVEYS_SCHEMA,
    .table = "surveys.core_values",
    .path = "/surveys/v1/core-values",
    .columns = core_value_columns,
    .ncolumns = KC_NELEMS(core_value_columns),
    .event_prefix = "core_value",
    .event_members = core_value_event_members,
};
