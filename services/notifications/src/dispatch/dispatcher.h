#ifndef NOTIFICATIONS_DISPATCHER_H
#define NOTIFICATIONS_DISPATCHER_H

#include <stddef.h>
#include "koers/db.h"

/* The dispatcher: worker threads that claim due deliveries (FOR UPDATE
 * SKIP LOCKED and a lease, so replicas deliver each once), keep the order
 * per subject (a later message about the same hoofdObject waits for an
 * earlier one still open), bound the attempts in flight per subscription,
 * send (delivery/webhook.h), log each attempt, schedule retries
 * (delivery/backoff.h), fail the last one (a dead letter), alert, and
 * purge messages older than the retention. */

/* Reads its settings once at start. 0, or -1 with a message in err. */
int dispatch_configure(char *err, size_t errlen);

/* The worker threads as one worker (koers/service.h). */
kc_status dispatch_start(kc_db_pool *pool, void **handle) KC_MUST_CHECK;
void dispatch_stop(void *handle);

/* Asks the workers to look for due deliveries now (the intake calls it
 * after adding some; harmless before its commit: they also poll).
 * Thread-safe; a no-op before dispatch_start. */
void dispatch_wake(void);

#endif
