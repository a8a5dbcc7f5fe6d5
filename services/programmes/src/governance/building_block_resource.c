#include "governance/building_block_service.h"
#include "programmes_resources.h"

/* A building block (ontwikkelpunt): what needs developing, in which step
 * of the programme's approach, given to a working group with a due date.
 * Its status moves open -> in_progress -> done, open | in_progress ->
 * dropped, by PATCH: leads and coordinators change everything, the
 * working group's members its status only (the route admits members;
 * building_block_service_check decides). A building block with proposals
 * is not deleted (409). */
static const char *const building_block_statuses[] = {"open", "in_progress", "done", "dropped",
                                                      NULL};

static const kc_column building_block_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .ref_table = "programmes.programmes",
     .ref_noun = "programme",
     .filter = 1},
    {.field = {.name = "stepId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "step_id",
     .ref_table = "programmes.steps",
     .ref_noun = "step"},
    {.field = {.name = "workingGroupId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "working_group_id",
     .ref_table = "programmes.groups",
     .ref_noun = "group",
     .filter = 1},
    {.field = {.name = "title", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "title"},
    {.field = {.name = "description", .type = KC_T_STRING, .max_len = 4000},
     .column = "description",
     .dflt = ""},
    {.field = {.name = "dueOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
     .column = "due_on"},
    {.field = {.name = "status", .type = KC_T_STRING, .enum_values = building_block_statuses},
     .column = "status",
     .dflt = "open",
     .filter = 1},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

static const kc_reference building_block_referred_by[] = {
    {.table = "programmes.proposals", .column = "building_block_id"},
};

const kc_resource building_block_resource = {
    .noun = "building block",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.building_blocks",
    .path = "/programmes/v1/building-blocks",
    .columns = building_block_columns,
    .ncolumns = KC_NELEMS(building_block_columns),
    .referred_by = building_block_referred_by,
    .nreferred_by = KC_NELEMS(building_block_referred_by),
    .event_prefix = "building_block",
    .check = building_block_service_check,
};
