#include "casedesk_resources.h"

/* A responsible civil servant (the directory): referrals are addressed to
 * them; userSub is the JWT "sub" with which they sign in (role
 * "official"), one official's per tenant. */
static const kc_column official_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "email",
               .type = KC_T_STRING,
               .required = 1,
               .max_len = 254,
               .format = KC_FMT_EMAIL},
     .column = "email"},
    {.field = {.name = "departmentId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "department_id",
     .ref_table = "casedesk.departments",
     .ref_noun = "department"},
    {.field = {.name = "userSub", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 128},
     .column = "user_sub",
     .unique = 1},
    {.field = {.name = "active", .type = KC_T_BOOL}, .column = "active", .dflt = "true"},
};

const kc_resource official_resource = {
    .noun = "official",
    .schema = CASEDESK_SCHEMA,
    .table = "casedesk.officials",
    .path = "/casedesk/v1/officials",
    .columns = official_columns,
    .ncolumns = KC_NELEMS(official_columns),
};
