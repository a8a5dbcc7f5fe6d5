#include "improvements/improvement_service.h"
#include "processes_resources.h"

/* An improvement (verbeterpunt, seed 002): a measure that gives a result
 * in a short time (a uniform working method, an agreement between teams,
 * a small system change), the bottlenecks of its process it solves, its
 * owner and due date, the result in words and the measured effect (a KPI
 * of the process, its value before and after). Its status, drop reason and
 * completion are read-only here: they move through POST .../transitions
 * (improvements/improvement_service.c). */
static const char *const improvement_kinds[] = {"uniform_working_method", "agreement_between_teams",
                                                "small_system_change", "other", NULL};
static const char *const improvement_statuses[] = {"proposed", "planned", "in_progress",
                                                   "done",     "dropped", NULL};

/* numeric(14, 4): below 10^10 either way */
#define IMPROVEMENT_KPI_LIMIT 9999999999LL

static const kc_column improvement_columns[] = {
    {.field = {.name = "processId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "process_id",
     .ref_table = "processes.processes",
     .ref_noun = "process",
     .filter = 1},
    {.field = {.name = "title", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "title"},
    {.field = {.name = "description", .type = KC_T_STRING, .max_len = 2000},
     .column = "description",
     .dflt = ""},
    {.field =
         {.name = "kind", .type = KC_T_STRING, .required = 1, .enum_values = improvement_kinds},
     .column = "kind",
     .filter = 1},
    {.field = {.name = "bottleneckIds",
               .type = KC_T_ARRAY,
               .max_len = 50,
               .item_type = KC_T_STRING,
               .item_format = KC_FMT_UUID},
     .column = "bottleneck_ids",
     .dflt = "[]",
     .ref_table = "processes.bottlenecks",
     .ref_noun = "bottleneck",
     .filter = 1},
    {.field = {.name = "ownerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "owner_id",
     .ref_table = "processes.staff",
     .ref_noun = "staff member",
     .filter = 1},
    {.field = {.name = "dueOn", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATE},
     .column = "due_on"},
    /* a column so that lists filter on it; the check keeps it read-only */
    {.field = {.name = "status", .type = KC_T_STRING, .enum_values = improvement_statuses},
     .column = "status",
     .dflt = "proposed",
     .filter = 1},
    {.field = {.name = "dropReason", .type = KC_T_STRING, .nullable = 1, .max_len = 2000},
     .expr = "r.drop_reason"},
    {.field = {.name = "result", .type = KC_T_STRING, .max_len = 2000},
     .column = "result",
     .dflt = ""},
    {.field = {.name = "kpiId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "kpi_id",
     .ref_table = "processes.kpis",
     .ref_noun = "KPI"},
    {.field = {.name = "kpiBefore",
               .type = KC_T_NUMBER,
               .nullable = 1,
               .min = -IMPROVEMENT_KPI_LIMIT,
               .max = IMPROVEMENT_KPI_LIMIT},
     .column = "kpi_before"},
    {.field = {.name = "kpiAfter",
               .type = KC_T_NUMBER,
               .nullable = 1,
               .min = -IMPROVEMENT_KPI_LIMIT,
               .max = IMPROVEMENT_KPI_LIMIT},
     .column = "kpi_after"},
    {.field =
         {.name = "completedAt", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_DATETIME},
     .expr = "r.completed_at"},
};

const kc_resource improvement_resource = {
    .noun = "improvement",
    .schema = PROCESSES_SCHEMA,
    .table = "processes.improvements",
    .path = "/processes/v1/improvements",
    .columns = improvement_columns,
    .ncolumns = KC_NELEMS(improvement_columns),
    .event_prefix = "improvement",
    .check = improvement_service_check,
};
