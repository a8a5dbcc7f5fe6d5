#include "casedesk_resources.h"

/* A routing rule: criteria (category, district, keywords; unset = any) and
 * the pool of liaison officers it routes to, tried in order of position. */
static const kc_column routing_rule_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 100},
     .column = "name"},
    {.field = {.name = "position", .type = KC_T_INT, .required = 1, .min = 0, .max = 1000000000},
     .column = "position"},
    {.field = {.name = "categoryId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "category_id",
     .ref_table = "casedesk.categories",
     .ref_noun = "category"},
    {.field = {.name = "district", .type = KC_T_STRING, .nullable = 1, .max_len = 100},
     .column = "district"},
    {.field = {.name = "keywords",
               .type = KC_T_ARRAY,
               .max_len = 50,
               .item_type = KC_T_STRING,
               .item_min_len = 1,
               .item_max_len = 100},
     .column = "keywords",
     .dflt = "[]"},
    {.field = {.name = "officerIds",
               .type = KC_T_ARRAY,
               .required = 1,
               .min_len = 1,
               .max_len = 100,
               .item_type = KC_T_STRING,
               .item_format = KC_FMT_UUID},
     .column = "officer_ids",
     .ref_table = "casedesk.liaison_officers",
     .ref_noun = "liaison officer"},
    {.field = {.name = "active", .type = KC_T_BOOL}, .column = "active", .dflt = "true"},
};

const kc_resource routing_rule_resource = {
    .noun = "routing rule",
    .schema = CASEDESK_SCHEMA,
    .table = "casedesk.routing_rules",
    .path = "/casedesk/v1/routing-rules",
    .columns = routing_rule_columns,
    .ncolumns = KC_NELEMS(routing_rule_columns),
};
