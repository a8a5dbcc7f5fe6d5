#ifndef NOTIFICATIONS_DISPATCH_DECIDE_H
#define NOTIFICATIONS_DISPATCH_DECIDE_H

#include <stddef.h>

/* What one attempt's answer makes of a delivery, free of the database and
 * the network so it can be tested on its own: any 2xx is delivered; 410
 * Gone disables the subscription; anything else (a 3xx too: redirects are
 * not followed, a 4xx, a 5xx, no answer at all) is a failure, retried
 * after backoff_delay_ms until backoff_retries() retries are spent, then
 * failed (a dead letter). */

typedef enum {
    DISPATCH_DELIVERED, /* a 2xx                                             */
    DISPATCH_RETRYING,  /* failed, tried again after delay_ms                */
    DISPATCH_FAILED,    /* failed, the last retry: a dead letter             */
    DISPATCH_GONE       /* 410: the delivery fails, the subscription is disabled */
} dispatch_outcome;

typedef struct dispatch_decision {
    dispatch_outcome outcome;
    long long delay_ms; /* DISPATCH_RETRYING: when to try again; else 0 */
} dispatch_decision;

/* The decision for an attempt that answered status (0: no answer) when it
 * was attempt number `attempts` (1 for the first) of a delivery allowed
 * `retries` retries; u (0 <= u < 1) draws the jitter of the delay
 * (backoff_delay_ms(attempts - 1, u)). */
dispatch_decision dispatch_decide(int status, int attempts, int retries, double u);

/* The state a delivery is stored in after outcome: "delivered",
 * "retrying" or "failed". */
const char *dispatch_outcome_state(dispatch_outcome outcome);

/* The host of a callback URL, for the alert mail (which must name neither
 * the path, the query, a user:password nor the port): "hooks.example.org"
 * of "https://u:p@hooks.example.org:8443/in?t=x", "::1" of
 * "http://[::1]:9000/". "" when url has no host. */
void dispatch_callback_host(const char *url, char *out, size_t outlen);

#endif
