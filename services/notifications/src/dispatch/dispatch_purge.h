#ifndef NOTIFICATIONS_DISPATCH_PURGE_H
#define NOTIFICATIONS_DISPATCH_PURGE_H

#include "koers/db.h"

/* The dispatcher's housekeeping, run every minute by a koers/periodic.h
 * thread: the retention purge and the failing-subscriptions gauge. */

#define DISPATCH_PURGE_BATCH 1000 /* messages per statement           */
#define DISPATCH_PURGE_MAX_BATCHES                                                                 \
    50 /* statements per run, so a backlog                                                         \
          is worked off over a few runs    */

/* Deletes messages older than keep_days days (with their deliveries and
 * attempts), DISPATCH_PURGE_BATCH at a time, each batch its own
 * transaction, until none is left or DISPATCH_PURGE_MAX_BATCHES ran.
 * Returns how many went, or -1 when the database failed (logged). */
long dispatch_purge_run(kc_db_pool *pool, int keep_days);

/* Sets notifications_failing_subscriptions to the number of active
 * subscriptions that are failing (across tenants). Logs a failure. */
void dispatch_failing_gauge(kc_db_pool *pool);

#endif
