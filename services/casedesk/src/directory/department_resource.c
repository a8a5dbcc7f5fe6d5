#include "casedesk_resources.h"

/* A department of the municipality (the directory): referrals go to it or
 * to one of its officials; its team manager is the first rung of the
 * escalation ladder. */
static const kc_column department_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "teamManagerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "team_manager_id",
     .ref_table = "casedesk.officials",
     .ref_noun = "official"},
};

static const kc_reference department_referred_by[] = {
    {"casedesk.officials", "department_id", 0},
    {"casedesk.referrals", "department_id", 0},
};

const kc_resource department_resource = {
    .noun = "department",
    .schema = CASEDESK_SCHEMA,
    .table = "casedesk.departments",
    .path = "/casedesk/v1/departments",
    .columns = department_columns,
    .ncolumns = KC_NELEMS(department_columns),
    .referred_by = department_referred_by,
    .nreferred_by = KC_NELEMS(department_referred_by),
};
