#ifndef KOERS_CASEDESK_STATISTICS_DAYS_H
#define KOERS_CASEDESK_STATISTICS_DAYS_H

#include <stddef.h>
#include "koers/service.h"

/* The statistics worker: every KOERS_CASEDESK_STATISTICS_EVERY_S seconds
 * (default: KOERS_CASEDESK_SCHEDULER_EVERY_S; 0 = never) it builds the
 * closed days that are not fresh into casedesk.stat_day_groups (migration
 * 018), so GET /statistics reads a closed day as a few rows instead of its
 * raw facts. What it has not built yet is read from the raw rows: the
 * answers are the same either way, only slower. */

/* Reads the setting; 0, or -1 with a message in err. */
int statistics_days_configure(char *err, size_t errlen);

/* One pass: builds up to max_days days; *built = how many. */
kc_status statistics_days_pass(kc_db_pool *pool, int max_days, int *built, kc_problem *pb);

extern const kc_service_worker statistics_days_worker;

#endif
