#include "goals/goal_service.h"
#include "programmes_resources.h"

/* An indicator of a goal: what it measures (kind and its params, checked
 * per kind by indicator_service_check), the target in its direction and
 * the relapse margin. Its values per period and its judgement are GET
 * /goals/{id}/trend; kind and goal never change. */
static const char *const indicator_kinds[] = {"pulse_question", "attendance_rate",
                                              "manifest_support", "equal_party_share", NULL};
static const char *const indicator_directions[] = {"at_least", "at_most", NULL};

static const kc_column indicator_columns[] = {
    {.field = {.name = "goalId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "goal_id",
     .ref_table = "programmes.goals",
     .ref_noun = "goal",
     .filter = 1},
    {.field = {.name = "kind", .type = KC_T_STRING, .required = 1, .enum_values = indicator_kinds},
     .column = "kind",
     .filter = 1},
    {.field = {.name = "params", .type = KC_T_OBJECT}, .column = "params", .dflt = "{}"},
    {.field = {.name = "target", .type = KC_T_NUMBER, .required = 1}, .column = "target"},
    {.field = {.name = "direction", .type = KC_T_STRING, .enum_values = indicator_directions},
     .column = "direction",
     .dflt = "at_least"},
    {.field = {.name = "relapseMargin", .type = KC_T_NUMBER},
     .column = "relapse_margin",
     .dflt = "0"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

const kc_resource indicator_resource = {
    .noun = "indicator",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.indicators",
    .path = "/programmes/v1/indicators",
    .columns = indicator_columns,
    .ncolumns = KC_NELEMS(indicator_columns),
    .event_prefix = "indicator",
    .check = indicator_service_check,
};
