#include "processes_resources.h"

/* An interview or working session of the process analysis: when, who took
 * part (by role, never by name), the themes it covered and the insights it
 * gave, and the processes it fed. */
static const char *const session_kinds[] = {"interview", "working_session", NULL};
static const char *const session_roles[] = {"board",         "team_manager",    "employee",
                                            "process_owner", "process_manager", "core_team",
                                            "citizen",       "other",           NULL};
static const char *const session_themes[] = {"performance_for_citizens", "organisation",
                                             "cooperation", "steering_on_results", NULL};

static const kc_column session_columns[] = {
    {.field = {.name = "kind", .type = KC_T_STRING, .required = 1, .enum_values = session_kinds},
     .column = "kind",
     .filter = 1},
    {.field = {.name = "date", .type = KC_T_STRING, .required = 1, .format = KC_FMT_DATE},
     .column = "held_on"},
    {.field = {.name = "title", .type = KC_T_STRING, .max_len = 200},
     .column = "title",
     .dflt = ""},
    {.field = {.name = "participantRoles",
               .type = KC_T_ARRAY,
               .max_len = 20,
               .item_type = KC_T_STRING,
               .enum_values = session_roles},
     .column = "participant_roles",
     .dflt = "[]"},
    {.field = {.name = "themes",
               .type = KC_T_ARRAY,
               .max_len = 4,
               .item_type = KC_T_STRING,
               .enum_values = session_themes},
     .column = "themes",
     .dflt = "[]"},
    {.field = {.name = "insights",
               .type = KC_T_ARRAY,
               .max_len = 50,
               .item_type = KC_T_STRING,
               .item_min_len = 1,
               .item_max_len = 1000},
     .column = "insights",
     .dflt = "[]"},
    {.field = {.name = "processIds",
               .type = KC_T_ARRAY,
               .max_len = 50,
               .item_type = KC_T_STRING,
               .item_format = KC_FMT_UUID},
     .column = "process_ids",
     .dflt = "[]",
     .ref_table = "processes.processes",
     .ref_noun = "process",
     .filter = 1},
};

const kc_resource session_resource = {
    .noun = "session",
    .schema = PROCESSES_SCHEMA,
    .table = "processes.sessions",
    .path = "/processes/v1/sessions",
    .columns = session_columns,
    .ncolumns = KC_NELEMS(session_columns),
};
