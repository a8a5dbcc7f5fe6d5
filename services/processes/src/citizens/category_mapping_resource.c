#include "processes_resources.h"
#include "citizens/citizen_service.h"

/* Which process (and optionally which step of its flow) a casedesk
 * category's cases belong to: the citizens' figures and root causes of a
 * process come from the cases of its categories. categoryId is an id of
 * the casedesk (another service: not checked here), unique in the tenant
 * (409); processId a process of the tenant; stepId, when set, a flow step
 * of that process (the check). */
static const kc_column category_mapping_columns[] = {
    {.field = {.name = "categoryId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "category_id",
     .unique = 1,
     .filter = 1},
    {.field = {.name = "processId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "process_id",
     .ref_table = "processes.processes",
     .ref_noun = "process",
     .filter = 1},
    {.field = {.name = "stepId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "step_id"},
};

const kc_resource category_mapping_resource = {
    .noun = "category mapping",
    .schema = PROCESSES_SCHEMA,
    .table = "processes.category_mappings",
    .path = "/processes/v1/category-mappings",
    .columns = category_mapping_columns,
    .ncolumns = KC_NELEMS(category_mapping_columns),
    .event_prefix = "category_mapping",
    .check = citizen_service_check_mapping,
};
