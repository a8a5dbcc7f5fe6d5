#include "processes_resources.h"
#include "backlog/bottleneck_service.h"

static const char *const bottleneck_sources[] = {"interview", "session", "staff", "citizens_cases",
                                                 NULL};
static const char *const bottleneck_statuses[] = {"proposed", "open", "solved", "dismissed", NULL};
static const char *const bottleneck_units[] = {"week", "month", NULL};
static const char *const bottleneck_quadrants[] = {"quick_win", "big_bet", "fill_in", "thankless",
                                                   NULL};
static const char *const bottleneck_decisions[] = {"take_up", "dismiss", "reopen", NULL};

/* A bottleneck (knelpunt) of a process (seed 002): what goes wrong, at
 * which step of a published flow version, where it came up (an interview,
 * a working session, staff; citizens' cases are proposed by the service),
 * its impact and the effort to solve it (1..5), how often it occurs, and
 * its priority score and quadrant with the tenant's weights (the score is
 * stored, kept current by sql/006_backlog_more.sql and the settings
 * service; the formula: backlog/bottleneck_score.h). Raising one is
 * hand-written (backlog/bottleneck_service.c: it writes bottleneck.raised
 * with the new id); reading, PATCH and DELETE are the kit's with the check
 * bottleneck_service_check (who may, and the rules on the data). The
 * status is read-only: it moves through POST .../decisions and when its
 * improvements are done. */
static const kc_column bottleneck_columns[] = {
    {.field = {.name = "processId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "process_id",
     .ref_table = "processes.processes",
     .ref_noun = "process",
     .filter = 1},
    {.field = {.name = "stepId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "step_id",
     .filter = 1},
    {.field =
         {.name = "description", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 2000},
     .column = "description"},
    {.field =
         {.name = "source", .type = KC_T_STRING, .required = 1, .enum_values = bottleneck_sources},
     .column = "source",
     .filter = 1},
    {.field = {.name = "sessionId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "session_id",
     .ref_table = "processes.sessions",
     .ref_noun = "session"},
    {.field = {.name = "impact", .type = KC_T_INT, .required = 1, .min = 1, .max = 5},
     .column = "impact"},
    {.field = {.name = "effort", .type = KC_T_INT, .required = 1, .min = 1, .max = 5},
     .column = "effort"},
    {.field = {.name = "frequency", .type = KC_T_INT, .nullable = 1, .min = 0, .max = 100000},
     .column = "frequency"},
    {.field = {.name = "frequencyUnit",
               .type = KC_T_STRING,
               .nullable = 1,
               .enum_values = bottleneck_units},
     .column = "frequency_unit"},
    {.field =
         {.name = "raisedBy", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 200},
     .column = "raised_by"},
    {.field = {.name = "status", .type = KC_T_STRING, .enum_values = bottleneck_statuses},
     .column = "status",
     .dflt = "open",
     .filter = 1},
    {.field = {.name = "score", .type = KC_T_NUMBER}, .expr = "r.score"},
    {.field = {.name = "quadrant", .type = KC_T_STRING, .enum_values = bottleneck_quadrants},
     .expr = "processes.bottleneck_quadrant(r.impact, r.effort)"},
    {.field = {.name = "caseCount", .type = KC_T_INT}, .expr = "r.case_count"},
    {.field = {.name = "caseDaysOver", .type = KC_T_NUMBER}, .expr = "r.case_days_over"},
    {.field = {.name = "decision",
               .type = KC_T_STRING,
               .nullable = 1,
               .enum_values = bottleneck_decisions},
     .expr = "r.decision"},
    {.field = {.name = "decisionReason", .type = KC_T_STRING, .nullable = 1, .max_len = 2000},
     .expr = "r.decision_reason"},
    {.field = {.name = "decidedAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATETIME},
     .expr = "r.decided_at"},
    {.field = {.name = "solvedAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATETIME},
     .expr = "r.solved_at"},
};

/* An improvement names the bottlenecks it solves (a uuid[]). */
static const kc_reference bottleneck_referred_by[] = {
    {"processes.improvements", "bottleneck_ids", 1},
};

const kc_resource bottleneck_resource = {
    .noun = "bottleneck",
    .schema = PROCESSES_SCHEMA,
    .table = "processes.bottlenecks",
    .path = "/processes/v1/bottlenecks",
    .columns = bottleneck_columns,
    .ncolumns = KC_NELEMS(bottleneck_columns),
    .referred_by = bottleneck_referred_by,
    .nreferred_by = KC_NELEMS(bottleneck_referred_by),
    .check = bottleneck_service_check,
};
