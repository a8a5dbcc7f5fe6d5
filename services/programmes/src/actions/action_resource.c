#include "actions/action_service.h"
#include "programmes_resources.h"

/* An action: what an approved proposal becomes — its owner (a person),
 * due date, status and result, and the improvement of the processes
 * service it may be linked to (whose improvement.completed completes it).
 * The kit serves list, get and PATCH; an action is made only by an
 * approval (proposals/decision_service.c) and never deleted.
 * programmeId, proposalId, decisionId and status are columns (lists
 * filter on them) that the check keeps read-only; the status moves through
 * POST /actions/{id}/transitions. The members match action_wire (sql/005). */
static const char *const action_statuses[] = {"planned", "in_progress", "done", "cancelled", NULL};

static const kc_column action_columns[] = {
    {.field = {.name = "programmeId", .type = KC_T_STRING, .format = KC_FMT_UUID},
     .column = "programme_id",
     .filter = 1},
    {.field = {.name = "proposalId", .type = KC_T_STRING, .format = KC_FMT_UUID},
     .column = "proposal_id",
     .filter = 1},
    {.field = {.name = "decisionId", .type = KC_T_STRING, .format = KC_FMT_UUID},
     .column = "decision_id"},
    {.field = {.name = "title", .type = KC_T_STRING, .min_len = 1, .max_len = 200},
     .column = "title"},
    {.field = {.name = "ownerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "owner_id",
     .ref_table = "programmes.people",
     .ref_noun = "person",
     .filter = 1},
    {.field = {.name = "dueOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
     .column = "due_on"},
    {.field = {.name = "status", .type = KC_T_STRING, .enum_values = action_statuses},
     .column = "status",
     .filter = 1},
    {.field = {.name = "result", .type = KC_T_STRING, .max_len = 4000}, .column = "result"},
    {.field = {.name = "processImprovementId",
               .type = KC_T_STRING,
               .nullable = 1,
               .format = KC_FMT_UUID},
     .column = "process_improvement_id",
     .filter = 1},
    {.field = {.name = "improvementCompletedAt",
               .type = KC_T_STRING,
               .nullable = 1,
               .format = KC_FMT_DATETIME},
     .expr = "r.improvement_completed_at"},
    {.field =
         {.name = "completedAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATETIME},
     .expr = "r.completed_at"},
    {.field = {.name = "version", .type = KC_T_INT}, .expr = "r.version"},
};

const kc_resource action_resource = {
    .noun = "action",
    .schema = PROGRAMMES_SCHEMA,
    .table = "programmes.actions",
    .path = "/programmes/v1/actions",
    .columns = action_columns,
    .ncolumns = KC_NELEMS(action_columns),
    .event_prefix = "action",
    .check = action_service_check,
};
