#include "kpis/kpi_service.h"
#include "processes_resources.h"

/* A KPI of a process: what is measured (name, unit), which way is better,
 * the target and how often it is measured. latest and status are read-only,
 * computed from its measurements (sql/007: processes.kpi_latest and
 * processes.kpi_status); measurements are recorded through
 * POST /kpis/{id}/measurements (kpis/measurement_service.c). */
static const char *const kpi_directions[] = {"higher_is_better", "lower_is_better", NULL};
static const char *const kpi_frequencies[] = {"week", "month", "quarter", "year", NULL};
static const char *const kpi_statuses[] = {"on_target", "off_target", "unknown", NULL};

/* numeric(14, 4): below 10^10 either way */
#define KPI_LIMIT 9999999999LL

static const kc_column kpi_columns[] = {
    {.field = {.name = "processId", .type = KC_T_STRING, .required = 1, .format = KC_FMT_UUID},
     .column = "process_id",
     .ref_table = "processes.processes",
     .ref_noun = "process",
     .filter = 1},
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200},
     .column = "name"},
    {.field = {.name = "unit", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 50},
     .column = "unit"},
    {.field =
         {.name = "direction", .type = KC_T_STRING, .required = 1, .enum_values = kpi_directions},
     .column = "direction"},
    {.field = {.name = "target",
               .type = KC_T_NUMBER,
               .required = 1,
               .min = -KPI_LIMIT,
               .max = KPI_LIMIT},
     .column = "target"},
    {.field =
         {.name = "frequency", .type = KC_T_STRING, .required = 1, .enum_values = kpi_frequencies},
     .column = "frequency"},
    {.field = {.name = "latest", .type = KC_T_OBJECT, .nullable = 1},
     .expr = "processes.kpi_latest(r.id)"},
    {.field = {.name = "status", .type = KC_T_STRING, .enum_values = kpi_statuses},
     .expr = "processes.kpi_status(r.id)"},
};

/* a measured KPI keeps its history: its measurements are deleted first */
static const kc_reference kpi_referred_by[] = {
    {"processes.kpi_measurements", "kpi_id", 0},
    {"processes.improvements", "kpi_id", 0},
};

const kc_resource kpi_resource = {
    .noun = "KPI",
    .schema = PROCESSES_SCHEMA,
    .table = "processes.kpis",
    .path = "/processes/v1/kpis",
    .columns = kpi_columns,
    .ncolumns = KC_NELEMS(kpi_columns),
    .referred_by = kpi_referred_by,
    .nreferred_by = KC_NELEMS(kpi_referred_by),
    .event_prefix = "kpi",
    .check = kpi_service_check,
};
