#include "manifest/agreement_service.h"
#include "programmes_resources.h"

/* A team's behaviour agreements derived from an adopted manifest (seed
 * 000: agreements with all staff about attitude and behaviour): which
 * statements they take up and what the team agreed. Leads write
 * (agreement_service_check); the kit serves all of it. */
static const kc_column agreement_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .ref_table = "programmes.programmes",
     .ref_noun = "programme",
     .filter = 1},
    {.field = {.name = "manifestId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "manifest_id",
     .ref_table = "programmes.manifests",
     .ref_noun = "manifest"},
    {.field = {.name = "team", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "team",
     .filter = 1},
    {.field = {.name = "statementIds",
               .type = KC_T_ARRAY,
               .max_len = 500,
               .item_type = KC_T_STRING,
               .item_format = KC_FMT_UUID},
     .column = "statement_ids",
     .dflt = "[]"},
    {.field = {.name = "agreements",
               .type = KC_T_ARRAY,
               .max_len = 100,
               .item_type = KC_T_STRING,
               .item_min_len = 1,
               .item_max_len = 2000},
     .column = "agreements",
     .dflt = "[]"},
    {.field = {.name = "agreedOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
     .column = "agreed_on"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

const kc_resource behaviour_agreement_resource = {
    .noun = "behaviour agreement",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.behaviour_agreements",
    .path = "/programmes/v1/behaviour-agreements",
    .columns = agreement_columns,
    .ncolumns = KC_NELEMS(agreement_columns),
    .event_prefix = "behaviour_agreement",
    .check = agreement_service_check,
};
