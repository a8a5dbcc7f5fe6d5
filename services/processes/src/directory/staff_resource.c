#include "processes_resources.h"

/* A staff member who can be a process owner (when they manage a team), a
 * process manager or a core-team member. userSub is the JWT "sub" with
 * which they sign in, one staff member's per tenant: it is how a
 * process_owner or process_manager is matched to their processes. */
static const kc_column staff_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "email",
               .type = KC_T_STRING,
               .required = 1,
               .max_len = 254,
               .format = KC_FMT_EMAIL},
     .column = "email"},
    {.field = {.name = "teamId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "team_id",
     .ref_table = "processes.teams",
     .ref_noun = "team",
     .filter = 1},
    {.field = {.name = "userSub", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 128},
     .column = "user_sub",
     .unique = 1},
};

static const kc_reference staff_referred_by[] = {
    {"processes.teams", "manager_id", 0},
    {"processes.processes", "owner_id", 0},
    {"processes.processes", "manager_id", 0},
    {"processes.processes", "core_team_ids", 1},
    {"processes.improvements", "owner_id", 0},
};

const kc_resource staff_resource = {
    .noun = "staff member",
    .schema = PROCESSES_SCHEMA,
    .table = "processes.staff",
    .path = "/processes/v1/staff",
    .columns = staff_columns,
    .ncolumns = KC_NELEMS(staff_columns),
    .referred_by = staff_referred_by,
    .nreferred_by = KC_NELEMS(staff_referred_by),
};
