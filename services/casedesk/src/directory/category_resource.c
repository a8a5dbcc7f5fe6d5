#include "casedesk_resources.h"

static const char *const category_sla_units[] = {"working_days", "calendar_days", NULL};

/* A case category and its terms: first contact within firstContactDays,
 * resolution within slaDays, both counted in slaUnit; its process owner
 * is an active official of the directory. */
static const kc_column category_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 100},
     .column = "name"},
    {.field = {.name = "slaDays", .type = KC_T_INT, .min = 1, .max = 365},
     .column = "sla_days",
     .dflt = "10"},
    {.field = {.name = "firstContactDays", .type = KC_T_INT, .min = 1, .max = 365},
     .column = "first_contact_days",
     .dflt = "2"},
    {.field = {.name = "slaUnit", .type = KC_T_STRING, .enum_values = category_sla_units},
     .column = "sla_unit",
     .dflt = "working_days"},
    {.field = {.name = "processOwnerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "process_owner_id",
     .ref_table = "casedesk.officials",
     .ref_noun = "official",
     .ref_active = 1},
};

static const kc_reference category_referred_by[] = {
    {"casedesk.cases", "category_id", 0},
    {"casedesk.routing_rules", "category_id", 0},
    {"casedesk.liaison_officers", "category_ids", 1},
};

const kc_resource category_resource = {
    .noun = "category",
    .schema = CASEDESK_SCHEMA,
    .table = "casedesk.categories",
    .path = "/casedesk/v1/categories",
    .columns = category_columns,
    .ncolumns = KC_NELEMS(category_columns),
    .referred_by = category_referred_by,
    .nreferred_by = KC_NELEMS(category_referred_by),
};
