#include "programmes/programme_service.h"
#include "programmes_resources.h"

/* A programme (seeds 000, 001, 003): a trajectory of organisation and
 * culture change the organisation leads itself, for one or more
 * organisation units, facilitated by an outside party. The kit serves
 * list, get, PATCH and DELETE; it is created by POST /programmes
 * (programmes/programme_service.c), which copies its approach. Its status
 * moves through POST .../transitions; templateId and approachVersion are
 * fixed by the creation and by checkpoints. */
static const char *const programme_statuses[] = {"draft", "running", "completed", "stopped", NULL};

static const kc_column programme_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "question", .type = KC_T_STRING, .max_len = 2000},
     .column = "question",
     .dflt = ""},
    {.field = {.name = "vision", .type = KC_T_STRING, .max_len = 4000},
     .column = "vision",
     .dflt = ""},
    {.field = {.name = "organisationUnits",
               .type = KC_T_ARRAY,
               .max_len = 20,
               .item_type = KC_T_STRING,
               .item_min_len = 1,
               .item_max_len = 200},
     .column = "organisation_units",
     .dflt = "[]"},
    {.field = {.name = "facilitator", .type = KC_T_STRING, .max_len = 200},
     .column = "facilitator",
     .dflt = ""},
    {.field = {.name = "startsOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
     .column = "starts_on"},
    {.field = {.name = "endsOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
     .column = "ends_on"},
    /* a column so that lists filter on it; the check keeps it read-only */
    {.field = {.name = "status", .type = KC_T_STRING, .enum_values = programme_statuses},
     .column = "status",
     .dflt = "draft",
     .filter = 1},
    {.field = {.name = "statusReason", .type = KC_T_STRING, .nullable = 1, .max_len = 2000},
     .expr = "r.status_reason"},
    {.field = {.name = "templateId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .expr = "r.template_id"},
    {.field = {.name = "approachVersion", .type = KC_T_INT, .min = 1, .max = 1000000},
     .expr = "r.approach_version"},
    {.field = {.name = "surveyIds",
               .type = KC_T_ARRAY,
               .max_len = 50,
               .item_type = KC_T_STRING,
               .item_format = KC_FMT_UUID},
     .column = "survey_ids",
     .dflt = "[]",
     .filter = 1},
};

static const kc_reference programme_referred_by[] = {
    {"programmes.groups", "programme_id", 0},
    {"programmes.building_blocks", "programme_id", 0},
    {"programmes.proposals", "programme_id", 0},
    {"programmes.actions", "programme_id", 0},
    {"programmes.checkpoints", "programme_id", 0},
};

const kc_resource programme_resource = {
    .noun = "programme",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.programmes",
    .path = "/programmes/v1/programmes",
    .columns = programme_columns,
    .ncolumns = KC_NELEMS(programme_columns),
    .referred_by = programme_referred_by,
    .nreferred_by = KC_NELEMS(programme_referred_by),
    .event_prefix = "programme",
    .check = programme_service_check,
};
