#include "manifest/manifest_service.h"
#include "programmes_resources.h"

/* A manifest: the kit serves get, PATCH (title and preamble of a draft)
 * and DELETE (a draft), and the list of a programme's manifests
 * (manifest_service_list with programmeId as filter); the create and the
 * status moves are hand-written (manifest_service.c). The members match
 * manifest_wire (sql/012). */
static const kc_column manifest_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .format = KC_FMT_UUID},
     .column = "programme_id",
     .filter = 1},
    {.field = {.name = "number", .type = KC_T_INT}, .expr = "r.number"},
    {.field = {.name = "title", .type = KC_T_STRING, .min_len = 1, .max_len = 200},
     .column = "title"},
    {.field = {.name = "preamble", .type = KC_T_STRING, .max_len = 8000}, .column = "preamble"},
    {.field = {.name = "status", .type = KC_T_STRING}, .expr = "r.status"},
    {.field = {.name = "basedOnId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .expr = "r.based_on_id"},
    {.field = {.name = "adoptedAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATETIME},
     .expr = "r.adopted_at"},
    {.field = {.name = "supersededBy", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .expr = "r.superseded_by"},
    {.field = {.name = "statementCount", .type = KC_T_INT},
     .expr = "programmes.manifest_statement_count(r.tenant_id, r.id)"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

const kc_resource manifest_resource = {
    .noun = "manifest",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.manifests",
    .path = "/programmes/v1/manifests",
    .columns = manifest_columns,
    .ncolumns = KC_NELEMS(manifest_columns),
    .event_prefix = "manifest",
    .check = manifest_service_check,
};
