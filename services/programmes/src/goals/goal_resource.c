#include "goals/goal_service.h"
#include "programmes_resources.h"

/* A behavioural goal of a programme (seed 003's list as its theme),
 * perhaps for one of the programme's core values. Leads and coordinators
 * write (the route); goal_service_check keeps it with its programme and
 * its value of that programme. Its indicators are /indicators; a goal
 * with indicators is not deleted. */
static const char *const goal_themes[] = {"facilitating_role",
                                          "proactive_behaviour",
                                          "pride",
                                          "working_outside",
                                          "talents",
                                          "reframing",
                                          "meeting_citizens",
                                          "values_over_rules",
                                          "other",
                                          NULL};

static const kc_column goal_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .ref_table = "programmes.programmes",
     .ref_noun = "programme",
     .filter = 1},
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "description", .type = KC_T_STRING, .max_len = 4000},
     .column = "description",
     .dflt = ""},
    {.field = {.name = "theme", .type = KC_T_STRING, .enum_values = goal_themes},
     .column = "theme",
     .dflt = "other"},
    {.field =
         {.name = "programmeValueId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "programme_value_id",
     .ref_table = "programmes.programme_values",
     .ref_noun = "programme value"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

static const kc_reference goal_referred_by[] = {
    {.table = "programmes.indicators", .column = "goal_id"},
};

const kc_resource goal_resource = {
    .noun = "goal",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.goals",
    .path = "/programmes/v1/goals",
    .columns = goal_columns,
    .ncolumns = KC_NELEMS(goal_columns),
    .referred_by = goal_referred_by,
    .nreferred_by = KC_NELEMS(goal_referred_by),
    .event_prefix = "goal",
    .check = goal_service_check,
};
