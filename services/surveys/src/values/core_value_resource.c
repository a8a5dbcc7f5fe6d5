#include "surveys_resources.h"

/* A core value of the tenant's catalogue (kernwaarde), named once per
 * tenant; surveys ask about it and brainstorm items become one. */
static const kc_column core_value_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 100},
     .column = "name",
     .unique = 1},
    {.field = {.name = "description", .type = KC_T_STRING, .max_len = 1000},
     .column = "description",
     .dflt = ""},
};

const kc_resource core_value_resource = {
    .noun = "core value",
    .schema = SURVEYS_SCHEMA,
    .table = "surveys.core_values",
    .path = "/surveys/v1/core-values",
    .columns = core_value_columns,
    .ncolumns = KC_NELEMS(core_value_columns),
};
