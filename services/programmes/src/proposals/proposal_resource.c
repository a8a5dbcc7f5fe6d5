#include "proposals/proposal_service.h"
#include "programmes_resources.h"

/* An improvement proposal (verbeterpunt) of a working group for a building
 * block: the proposal, the reasoning, the expected effect, cost and
 * effort. The kit serves list, get, PATCH and DELETE; proposals are made
 * by POST /proposals, a split or a merge (proposals/proposal_service.c),
 * which derive the programme and the working group from the building
 * block. programmeId, buildingBlockId, workingGroupId, status, derivedFrom
 * and createdBy are columns (written on create, lists filter on some) that
 * the check keeps read-only; the status moves by transitions and
 * decisions. The members match proposal_wire (sql/005). */
static const char *const proposal_efforts[] = {"small", "medium", "large", NULL};
static const char *const proposal_statuses[] = {"draft",    "submitted", "approved", "rejected",
                                                "returned", "split",     "merged",   NULL};

/* numeric(14, 2): below 10^12 */
#define PROPOSAL_COST_LIMIT 999999999999LL

static const kc_column proposal_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "programme_id",
     .filter = 1},
    {.field =
         {.name = "buildingBlockId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "building_block_id",
     .filter = 1},
    {.field = {.name = "workingGroupId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "working_group_id",
     .filter = 1},
    {.field = {.name = "title", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "title"},
    {.field = {.name = "proposal", .type = KC_T_STRING, .max_len = 8000},
     .column = "proposal",
     .dflt = ""},
    {.field = {.name = "reasoning", .type = KC_T_STRING, .max_len = 8000},
     .column = "reasoning",
     .dflt = ""},
    {.field = {.name = "expectedEffect", .type = KC_T_STRING, .max_len = 4000},
     .column = "expected_effect",
     .dflt = ""},
    {.field = {.name = "costEuros",
               .type = KC_T_NUMBER,
               .nullable = 1,
               .min = 0,
               .max = PROPOSAL_COST_LIMIT},
     .column = "cost_euros"},
    {.field =
         {.name = "effort", .type = KC_T_STRING, .nullable = 1, .enum_values = proposal_efforts},
     .column = "effort"},
    {.field = {.name = "status", .type = KC_T_STRING, .enum_values = proposal_statuses},
     .column = "status",
     .dflt = "draft",
     .filter = 1},
    {.field = {.name = "derivedFrom",
               .type = KC_T_ARRAY,
               .max_len = PROPOSAL_MERGE_MAX,
               .item_type = KC_T_STRING,
               .item_format = KC_FMT_UUID},
     .column = "derived_from",
     .dflt = "[]"},
    {.field =
         {.name = "submittedAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATETIME},
     .expr = "r.submitted_at"},
    {.field = {.name = "createdBy", .type = KC_T_STRING, .min_len = 1, .max_len = 200},
     .column = "created_by"},
    {.field = {.name = "actionId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .expr = "programmes.proposal_action_id(r.tenant_id, r.id)"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

/* Rows that keep a proposal: its decisions and its action. */
static const kc_reference proposal_referred_by[] = {
    {"programmes.proposal_decisions", "proposal_id", 0},
    {"programmes.actions", "proposal_id", 0},
    {"programmes.proposals", "derived_from", 1},
};

const kc_resource proposal_resource = {
    .noun = "proposal",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.proposals",
    .path = "/programmes/v1/proposals",
    .columns = proposal_columns,
    .ncolumns = KC_NELEMS(proposal_columns),
    .referred_by = proposal_referred_by,
    .nreferred_by = KC_NELEMS(proposal_referred_by),
    .event_prefix = "proposal",
    .check = proposal_service_check,
};
