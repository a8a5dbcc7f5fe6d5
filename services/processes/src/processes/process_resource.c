#include "processes_resources.h"
#include "processes/process_service.h"

/* A process (seed 002): what it is for, the chain it belongs to, the
 * service it delivers, its owner (a team manager, accountable for its
 * performance), its manager (staff of one of its teams, who monitors it and
 * initiates improvements), the teams involved and the core team that
 * analyses it, and who selected it when. Its status is read-only here: it
 * moves through POST .../transitions (processes/process_service.c). */
static const kc_column process_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "purpose", .type = KC_T_STRING, .max_len = 2000},
     .column = "purpose",
     .dflt = ""},
    {.field = {.name = "chain", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 200},
     .column = "chain",
     .filter = 1},
    {.field = {.name = "serviceDelivered", .type = KC_T_STRING, .max_len = 1000},
     .column = "service_delivered",
     .dflt = ""},
    {.field = {.name = "ownerId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "owner_id",
     .ref_table = "processes.staff",
     .ref_noun = "staff member",
     .filter = 1},
    {.field = {.name = "managerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "manager_id",
     .ref_table = "processes.staff",
     .ref_noun = "staff member",
     .filter = 1},
    {.field = {.name = "teamIds",
               .type = KC_T_ARRAY,
               .max_len = 50,
               .item_type = KC_T_STRING,
               .item_format = KC_FMT_UUID},
     .column = "team_ids",
     .dflt = "[]",
     .ref_table = "processes.teams",
     .ref_noun = "team",
     .filter = 1},
    {.field = {.name = "coreTeamIds",
               .type = KC_T_ARRAY,
               .max_len = 50,
               .item_type = KC_T_STRING,
               .item_format = KC_FMT_UUID},
     .column = "core_team_ids",
     .dflt = "[]",
     .ref_table = "processes.staff",
     .ref_noun = "staff member"},
    {.field =
         {.name = "selectedBy", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 200},
     .column = "selected_by"},
    {.field = {.name = "selectedAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
     .column = "selected_on"},
    {.field = {.name = "status", .type = KC_T_STRING}, .expr = "r.status"},
};

static const kc_reference process_referred_by[] = {
    {"processes.sessions", "process_ids", 1},
    {"processes.improvements", "process_id", 0},
    {"processes.kpis", "process_id", 0},
    {"processes.flow_versions", "process_id", 0},
};

const kc_resource process_resource = {
    .noun = "process",
    .schema = PROCESSES_SCHEMA,
    .table = "processes.processes",
    .path = "/processes/v1/processes",
    .columns = process_columns,
    .ncolumns = KC_NELEMS(process_columns),
    .referred_by = process_referred_by,
    .nreferred_by = KC_NELEMS(process_referred_by),
    .event_prefix = "process",
    .check = process_service_check_people,
};
