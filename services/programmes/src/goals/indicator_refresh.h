#ifndef KOERS_PROGRAMMES_INDICATOR_REFRESH_H
#define KOERS_PROGRAMMES_INDICATOR_REFRESH_H

#include <stddef.h>
#include <jansson.h>
#include "koers/db.h"

/* The refresh of indicator values: each indicator's values computed from
 * the facts (sql/014_goals.sql) and stored per period, its latest value
 * judged (goals/indicator_trend.h) and, once per (indicator, kind,
 * period), a relapse signal raised with its event goal.off_track {goalId,
 * indicatorId, programmeId, period, value, target} or relapse.signalled
 * {goalId, indicatorId, programmeId, period, value, reference}. It runs in
 * the consumer's transaction after a fact arrived, on GET
 * /goals/{id}/trend, and as a periodic pass (a worker of the service). */

/* Refreshes the indicators of goal_id (NULL: any) and kind (NULL: any) of
 * tenant_id inside the caller's open transaction on conn. When judged is
 * not NULL it gets, per indicator refreshed, {indicator (the wire form),
 * values, latest, onTrack, target, direction} appended (the trend). */
kc_status indicator_refresh_in(kc_db_conn *conn, const char *tenant_id, const char *goal_id,
                               const char *kind, json_t *judged, kc_problem *pb) KC_MUST_CHECK;

/* Reads KOERS_PROGRAMMES_INDICATORS_EVERY_S (1..86400, default 300). 0,
 * or -1 with the variable named in err. */
int indicator_refresh_configure(char *err, size_t errlen);

/* The periodic pass as a worker (kc_service_worker): every so many
 * seconds, every indicator of every tenant, each in a transaction of its
 * own (a failure is logged and the pass goes on). stop accepts NULL. */
kc_status indicator_refresh_start(kc_db_pool *pool, void **handle) KC_MUST_CHECK;
void indicator_refresh_stop(void *handle);

#endif
