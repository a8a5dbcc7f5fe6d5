#ifndef KOERS_PROCESSES_MEASUREMENT_REPO_H
#define KOERS_PROCESSES_MEASUREMENT_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "koers/keyset.h"

/* The measurements of a KPI (kpi_measurements). A measurement travels as
 * its wire JSON: {id, kpiId, periodStart, periodEnd, value, onTarget,
 * source, note, createdBy, createdAt}. */

/* The period of one measurement of KPI kpi_id that overlaps start..end
 * (both days included), into found_start/found_end (11 bytes each; "" when
 * there is none). */
kc_status measurement_repo_overlap(kc_db_conn *conn, const char *tenant_id, const char *kpi_id,
                                   const char *start, const char *end, char *found_start,
                                   char *found_end, kc_problem *pb) KC_MUST_CHECK;

/* The KPI's latest measurement so far: the end of its period (11 bytes,
 * "" when there is none) and whether it was on target. */
kc_status measurement_repo_latest(kc_db_conn *conn, const char *tenant_id, const char *kpi_id,
                                  char *period_end, int *on_target, kc_problem *pb) KC_MUST_CHECK;

/* What a new measurement holds; value already rounded. */
typedef struct measurement_input {
    const char *period_start, *period_end;
    double value;
    int on_target;
    const char *source; /* NULL: none */
    const char *note;   /* NULL: "" */
    const char *created_by;
} measurement_input;

/* Inserts a measurement of KPI kpi_id; *out (the caller's) is its JSON.
 * KC_CONFLICT when the period is measured already. */
kc_status measurement_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *kpi_id,
                                  const measurement_input *in, json_t **out,
                                  kc_problem *pb) KC_MUST_CHECK;

/* A page of the KPI's measurements, newest period first (keyset on the
 * period's end and the id): *items (the caller's) a JSON array. */
kc_status measurement_repo_list(kc_db_conn *conn, const char *tenant_id, const char *kpi_id,
                                const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                kc_problem *pb) KC_MUST_CHECK;

/* Deletes measurement id of KPI kpi_id. KC_NOT_FOUND when the KPI has no
 * such measurement. */
kc_status measurement_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *kpi_id,
                                  const char *id, kc_problem *pb) KC_MUST_CHECK;

#endif
