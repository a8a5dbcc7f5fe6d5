#ifndef NOTIFICATIONS_BACKOFF_H
#define NOTIFICATIONS_BACKOFF_H

#include <stddef.h>

/* When a failed delivery is tried again: Open Notificaties' policy by
 * default, up to 7 retries with a delay of min(52000 s, 25 s * 4^n) before
 * retry n (n = 0 for the first retry), with +-10 % jitter, and 10 s per
 * attempt. Time is made controllable for tests and local use with
 * KOERS_NOTIFICATIONS_RETRIES (0..20), KOERS_NOTIFICATIONS_RETRY_BASE_MS
 * (25000), KOERS_NOTIFICATIONS_RETRY_FACTOR (4), KOERS_NOTIFICATIONS_RETRY_MAX_MS
 * (52000000) and KOERS_NOTIFICATIONS_TIMEOUT_S (10, 1..60). */

/* Reads the variables once at start. 0, or -1 with a message in err. */
int backoff_configure(char *err, size_t errlen);

/* How many retries after the first attempt. */
int backoff_retries(void);

/* The delay in ms before retry n (0-based), with jitter drawn from u
 * (0 <= u < 1; 0.5 gives the plain schedule). */
long long backoff_delay_ms(int n, double u);

/* Seconds an attempt may take. */
int backoff_timeout_s(void);

#endif
