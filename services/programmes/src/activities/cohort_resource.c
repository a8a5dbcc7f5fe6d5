#include "activities/cohort_service.h"
#include "programmes_resources.h"

/* A cohort: the participants of a programme who travel together (seed
 * 003's volunteers), with its change agents (versnellers) marked among
 * its members and buddy pairs formed within it. Leads and coordinators
 * write; a cohort with buddy pairs is not deleted (409: the pairs keep
 * "no repeated pairs"). */
static const kc_column cohort_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .ref_table = "programmes.programmes",
     .ref_noun = "programme",
     .filter = 1},
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "membersCount", .type = KC_T_INT},
     .expr = "programmes.cohort_members_count(r.tenant_id, r.id, false)"},
    {.field = {.name = "changeAgentsCount", .type = KC_T_INT},
     .expr = "programmes.cohort_members_count(r.tenant_id, r.id, true)"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

static const kc_reference cohort_referred_by[] = {
    {.table = "programmes.buddy_pairs", .column = "cohort_id"},
};

const kc_resource cohort_resource = {
    .noun = "cohort",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.cohorts",
    .path = "/programmes/v1/cohorts",
    .columns = cohort_columns,
    .ncolumns = KC_NELEMS(cohort_columns),
    .referred_by = cohort_referred_by,
    .nreferred_by = KC_NELEMS(cohort_referred_by),
    .event_prefix = "cohort",
    .check = cohort_service_check,
};
