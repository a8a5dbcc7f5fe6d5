#include "programmes_resources.h"
#include "values/programme_value_service.h"

/* A core value of a programme (kernwaarde): a value of the tenant's
 * catalogue (its valueId), with where it came from: the catalogue, a
 * survey's results (sourceRef: the survey) or a brainstorm session
 * (sourceRef: the session). The kit serves get, PATCH (position only:
 * programme_value_service_check) and DELETE (409 while a statement, an
 * example behaviour or a goal names it); values are made by POST
 * /programmes/{id}/values (programme_value_service_create) and listed per
 * programme. */
static const char *const programme_value_sources[] = {"catalogue", "survey", "brainstorm", NULL};

static const kc_column programme_value_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .filter = 1},
    {.field = {.name = "valueId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "value_id",
     .unique = 1},
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "source",
               .type = KC_T_STRING,
               .required = 1,
               .enum_values = programme_value_sources},
     .column = "source"},
    {.field = {.name = "sourceRef", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "source_ref"},
    {.field = {.name = "position", .type = KC_T_INT, .min = 1, .max = 100},
     .column = "position",
     .dflt = "1"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

static const kc_reference programme_value_referred_by[] = {
    {"programmes.example_behaviours", "programme_value_id", 0},
    {"programmes.manifest_statements", "programme_value_id", 0},
    {"programmes.goals", "programme_value_id", 0},
};

const kc_resource programme_value_resource = {
    .noun = "programme value",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.programme_values",
    .path = "/programmes/v1/programme-values",
    .columns = programme_value_columns,
    .ncolumns = KC_NELEMS(programme_value_columns),
    .referred_by = programme_value_referred_by,
    .nreferred_by = KC_NELEMS(programme_value_referred_by),
    .event_prefix = "programme_value",
    .check = programme_value_service_check,
};
