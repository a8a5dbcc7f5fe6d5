#ifndef KOERS_PROGRAMMES_MONITOR_SERVICE_H
#define KOERS_PROGRAMMES_MONITOR_SERVICE_H

#include <jansson.h>
#include <time.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The monitor: what a programme board looks at, in one call. */

/* How many days the period reaches back when the caller names no start. */
#define MONITOR_DEFAULT_DAYS 90
/* The longest period, in days (ten years and some). */
#define MONITOR_MAX_DAYS 3700

/* The period of a monitor from the query's from and to (YYYY-MM-DD or
 * NULL, already checked as dates): to defaults to the UTC day of now,
 * from to MONITOR_DEFAULT_DAYS days before to. Writes both days (11 bytes
 * each). KC_BAD_REQUEST naming from when from is after to, or the period
 * is longer than MONITOR_MAX_DAYS days. Pure: unit-tested. */
kc_status monitor_service_period(const char *from, const char *to, time_t now, char *from_day,
                                 char *to_day, kc_problem *pb) KC_MUST_CHECK;

/* GET /programmes/{id}/monitor?from=&to=: the document of
 * programmes.programme_monitor (sql/015) for the period of
 * monitor_service_period. KC_BAD_REQUEST for an id that is no UUID or a
 * bad period; KC_NOT_FOUND for a programme that is not the tenant's.
 * *out is the caller's. */
kc_status monitor_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                              const char *from, const char *to, json_t **out,
                              kc_problem *pb) KC_MUST_CHECK;

#endif
