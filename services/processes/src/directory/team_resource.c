#include "processes_resources.h"

/* A team of the organisation: its manager (a staff member; managing a team
 * is what makes someone a team manager, who may own processes) and how many
 * people work in it. */
static const kc_column team_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "managerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "manager_id",
     .ref_table = "processes.staff",
     .ref_noun = "staff member",
     .filter = 1},
    {.field = {.name = "membersCount", .type = KC_T_INT, .min = 0, .max = 100000},
     .column = "members_count",
     .dflt = "0"},
};

static const kc_reference team_referred_by[] = {
    {"processes.staff", "team_id", 0},
    {"processes.processes", "team_ids", 1},
    {"processes.flow_steps", "team_id", 0},
};

const kc_resource team_resource = {
    .noun = "team",
    .schema = PROCESSES_SCHEMA,
    .table = "processes.teams",
    .path = "/processes/v1/teams",
    .columns = team_columns,
    .ncolumns = KC_NELEMS(team_columns),
    .referred_by = team_referred_by,
    .nreferred_by = KC_NELEMS(team_referred_by),
};
