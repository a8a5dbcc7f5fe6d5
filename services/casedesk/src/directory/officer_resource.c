#include "casedesk_resources.h"

/* A liaison officer (verbindingsofficier): the categories and districts
 * they take, their capacity, and, derived, the cases assigned to them that
 * are not resolved or closed. userSub is the JWT "sub" with which they
 * sign in, one officer's per tenant. categoryIds names categories of the
 * tenant (checked in the write's transaction: a uuid[] cannot carry a
 * foreign key; a category named here cannot be deleted). */
static const kc_column officer_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "email",
               .type = KC_T_STRING,
               .required = 1,
               .max_len = 254,
               .format = KC_FMT_EMAIL},
     .column = "email"},
    {.field = {.name = "categoryIds",
               .type = KC_T_ARRAY,
               .max_len = 100,
               .item_type = KC_T_STRING,
               .item_format = KC_FMT_UUID},
     .column = "category_ids",
     .dflt = "[]",
     .ref_table = "casedesk.categories",
     .ref_noun = "category"},
    {.field = {.name = "districts",
               .type = KC_T_ARRAY,
               .max_len = 100,
               .item_type = KC_T_STRING,
               .item_max_len = 100},
     .column = "districts",
     .dflt = "[]"},
    {.field = {.name = "capacity", .type = KC_T_INT, .min = 1, .max = 1000},
     .column = "capacity",
     .dflt = "10"},
    {.field = {.name = "active", .type = KC_T_BOOL}, .column = "active", .dflt = "true"},
    {.field = {.name = "openCases", .type = KC_T_INT},
     .expr = "casedesk.officer_open_cases(r.tenant_id, r.id)"},
    {.field = {.name = "userSub", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 128},
     .column = "user_sub",
     .unique = 1},
};

const kc_resource officer_resource = {
    .noun = "liaison officer",
    .schema = CASEDESK_SCHEMA,
    .table = "casedesk.liaison_officers",
    .path = "/casedesk/v1/liaison-officers",
    .columns = officer_columns,
    .ncolumns = KC_NELEMS(officer_columns),
};
