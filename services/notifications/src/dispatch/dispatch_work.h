#ifndef NOTIFICATIONS_DISPATCH_WORK_H
#define NOTIFICATIONS_DISPATCH_WORK_H

#include <stddef.h>
#include "koers/db.h"

/* One worker's round: claim due deliveries, send each, record what came
 * of it (the attempt, the new state, the subscription's health, events),
 * then alert and count. The threads of dispatcher.c call it; the
 * integration test too. */

typedef struct dispatch_work_config {
    const char *leased_by;       /* this process' lease id                 */
    int max_in_flight;           /* per subscription                       */
    int alert_every_s;           /* at most one alert per subscription per */
    const char *public_base_url; /* for the deliveries log's link in a mail */
} dispatch_work_config;

/* Claims up to batch due deliveries and works them one after the other,
 * each recorded on its own; one whose lease would not outlast its attempt
 * any more is not sent but given back with the rest of the batch.
 * *worked how many were claimed (0: nothing was due). KC_OK, or the
 * database's status when the claim failed (logged by the caller). */
kc_status dispatch_work_round(kc_db_pool *pool, const dispatch_work_config *cfg, int batch,
                              int *worked) KC_MUST_CHECK;

/* The alert mail about a failing subscription: its subject and body (heap,
 * the caller frees both) naming the subscription, its callback host only,
 * since when it fails, how many deliveries failed, and the link to its
 * failed deliveries. Never the auth value, the path or the query of the
 * callback. KC_INTERNAL when out of memory. */
kc_status dispatch_alert_mail(const char *public_base_url, const char *subscription_id,
                              const char *callback_url, const char *failing_since,
                              int failed_deliveries, char **subject, char **body) KC_MUST_CHECK;

#endif
