#ifndef KOERS_CASEDESK_SETTINGS_SERVICE_H
#define KOERS_CASEDESK_SETTINGS_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "sla/settings_model.h"

/* The tenant's casedesk settings and its calendar of days off.
 * Settings: coordinator (and admin) only. Calendar: coordinator, liaison
 * officer, or an API key with cases:read. */

/* The tenant's settings (the defaults, version 0, while it has none). */
kc_status settings_service_get(kc_db_pool *pool, const kc_principal *p, casedesk_settings *out,
                               kc_problem *pb) KC_MUST_CHECK;

/* Replaces the settings with the full document body (absent members take
 * the defaults; version and updatedAt are read-only and ignored). if_match
 * is -1 when the client sent none; a stale one is KC_PRECONDITION_FAILED.
 * Every invalid member is named (KC_INVALID). */
kc_status settings_service_put(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                               long long if_match, casedesk_settings *out,
                               kc_problem *pb) KC_MUST_CHECK;

/* At most this many days from `from` to `to`, both included (3 years). */
#define CALENDAR_MAX_DAYS 1096

/* One day off: a day number and its static name. */
typedef struct calendar_day_off {
    int day;
    const char *name;
} calendar_day_off;

/* The tenant's days off (public holidays as chosen, closing days) from
 * `from` to `to` (YYYY-MM-DD, both included; NULL: the current year's first
 * and last day). A bad date, to before from, or a span over
 * CALENDAR_MAX_DAYS is KC_BAD_REQUEST naming the parameter. *items (the
 * caller's, free()) holds *n days in order; *from_day and *to_day the
 * range. */
kc_status settings_service_calendar(kc_db_pool *pool, const kc_principal *p, const char *from,
                                    const char *to, int *from_day, int *to_day,
                                    calendar_day_off **items, size_t *n,
                                    kc_problem *pb) KC_MUST_CHECK;

#endif
