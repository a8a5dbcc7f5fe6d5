#include "governance/group_service.h"
#include "programmes_resources.h"

/* A programme's steering group, project group (one of each at most) or a
 * working group (with the subject it knows about). membersCount and mix
 * (how many members of each role type: {"manager": 2, "employee": 3}) are
 * read-only; the members change through PUT and DELETE
 * /groups/{id}/members/{personId} (governance/member_service.c). Leads and
 * coordinators write (the route); the rules are group_service_check's. */
static const char *const group_kinds[] = {"steering", "project", "working", NULL};

static const kc_column group_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .ref_table = "programmes.programmes",
     .ref_noun = "programme",
     .filter = 1},
    {.field = {.name = "kind", .type = KC_T_STRING, .required = 1, .enum_values = group_kinds},
     .column = "kind",
     .unique = 1, /* the one steering / project group of the programme */
     .filter = 1},
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "subject", .type = KC_T_STRING, .max_len = 2000},
     .column = "subject",
     .dflt = ""},
    {.field = {.name = "membersCount", .type = KC_T_INT},
     .expr = "programmes.group_members_count(r.tenant_id, r.id)"},
    {.field = {.name = "mix", .type = KC_T_OBJECT},
     .expr = "programmes.group_mix(r.tenant_id, r.id)"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

static const kc_reference group_referred_by[] = {
    {.table = "programmes.group_members", .column = "group_id"},
    {.table = "programmes.building_blocks", .column = "working_group_id"},
    {.table = "programmes.proposals", .column = "working_group_id"},
    {.table = "programmes.proposal_decisions", .column = "group_id"},
    {.table = "programmes.checkpoints", .column = "group_id"},
};

const kc_resource group_resource = {
    .noun = "group",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.groups",
    .path = "/programmes/v1/groups",
    .columns = group_columns,
    .ncolumns = KC_NELEMS(group_columns),
    .referred_by = group_referred_by,
    .nreferred_by = KC_NELEMS(group_referred_by),
    .event_prefix = "group",
    .check = group_service_check,
};
