#ifndef KOERS_PROCESSES_MEASUREMENT_SERVICE_H
#define KOERS_PROCESSES_MEASUREMENT_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"

/* The measurements of a KPI over time (value, period, source, note), each
 * judged on or off target when it is recorded. */

struct kc_idem;
/* Records a measurement of KPI kpi_id: body {periodStart, periodEnd,
 * value, source?, note?} (KC_INVALID naming each fault; periodEnd before
 * periodStart names periodEnd). The caller must steer the KPI's process.
 * A period that overlaps one measured already is KC_CONFLICT. The value is
 * kept to four decimals and judged against the KPI's target and direction
 * (kpi_rule_on_target). When it is the KPI's latest period, an off-target
 * value writes kpi.off_target and a value back on target after an
 * off-target one kpi.on_target, {kpiId, processId, value, target,
 * direction, periodStart, periodEnd, ownerId, managerId}, in the same
 * transaction. Once per Idempotency-Key (idem may be inactive; *replayed
 * = 1 for the stored answer). *answer (the caller's) is the measurement. */
kc_status measurement_service_create(kc_db_pool *pool, const kc_principal *p, const char *kpi_id,
                                     const struct kc_idem *idem, const json_t *body,
                                     json_t **answer, int *replayed, kc_problem *pb) KC_MUST_CHECK;

/* A page of KPI kpi_id's measurements, newest period first (*items the
 * caller's JSON array). KC_NOT_FOUND when the tenant has no such KPI. */
kc_status measurement_service_list(kc_db_pool *pool, const kc_principal *p, const char *kpi_id,
                                   const kc_keyset *page, json_t **items, kc_keyset_next *next,
                                   kc_problem *pb) KC_MUST_CHECK;

/* Deletes measurement id of KPI kpi_id (the caller must steer its
 * process). No event: a measurement taken back alarms nobody.
 * KC_NOT_FOUND for an unknown KPI or measurement. */
kc_status measurement_service_delete(kc_db_pool *pool, const kc_principal *p, const char *kpi_id,
                                     const char *id, kc_problem *pb) KC_MUST_CHECK;

#endif
