#include "programmes_resources.h"
#include "values/example_behaviour_service.h"

/* Example behaviour (voorbeeldgedrag): a concrete, observable statement
 * for a programme value ("I call a citizen back the same day"), written in
 * a workshop (an activity of kind workshop) by a group. The kit serves
 * list (filters programmeId, programmeValueId), get, PATCH and DELETE;
 * POST /example-behaviours (example_behaviour_service_create) derives the
 * programme from the value. Writes: a lead, or a member of the named group
 * (example_behaviour_service_check). programmeId, programmeValueId and
 * createdBy are written on create and kept. */
static const kc_column example_behaviour_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .filter = 1},
    {.field =
         {.name = "programmeValueId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_value_id",
     .filter = 1},
    {.field =
         {.name = "statement", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 1000},
     .column = "statement"},
    {.field = {.name = "workshopId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "workshop_id"},
    {.field = {.name = "groupId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "group_id"},
    {.field = {.name = "createdBy", .type = KC_T_STRING, .min_len = 1, .max_len = 200},
     .column = "created_by",
     .from_caller = "set when the example behaviour was written",
     .from_caller_detail = "createdBy is the one who writes the example behaviour"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

static const kc_reference example_behaviour_referred_by[] = {
    {"programmes.manifest_statements", "example_behaviour_id", 0},
};

const kc_resource example_behaviour_resource = {
    .noun = "example behaviour",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.example_behaviours",
    .path = "/programmes/v1/example-behaviours",
    .columns = example_behaviour_columns,
    .ncolumns = KC_NELEMS(example_behaviour_columns),
    .referred_by = example_behaviour_referred_by,
    .nreferred_by = KC_NELEMS(example_behaviour_referred_by),
    .event_prefix = "example_behaviour",
    .check = example_behaviour_service_check,
};
