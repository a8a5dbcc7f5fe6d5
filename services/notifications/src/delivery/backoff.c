/* The retry schedule of deliveries (see delivery/backoff.h). */
#include "delivery/backoff.h"

#include <stdio.h>

#include "koers/config.h"

#define DEFAULT_RETRIES   7
#define DEFAULT_BASE_MS   25000
#define DEFAULT_FACTOR    4
#define DEFAULT_MAX_MS    52000000
#define DEFAULT_TIMEOUT_S 10
#define JITTER            0.10 /* +-10 % */

/* Written by backoff_configure at start, before any worker runs; read
 * only after. The defaults hold until then. */
static int retries = DEFAULT_RETRIES;
static int base_ms = DEFAULT_BASE_MS;
static int factor = DEFAULT_FACTOR;
static int max_ms = DEFAULT_MAX_MS;
static int timeout_s = DEFAULT_TIMEOUT_S;

int backoff_configure(char *err, size_t errlen)
{
    int r, b, f, m, t;

    if (kc_env_int("KOERS_NOTIFICATIONS_RETRIES", DEFAULT_RETRIES, 0, 20, &r, err, errlen) != 0 ||
        kc_env_int("KOERS_NOTIFICATIONS_RETRY_BASE_MS", DEFAULT_BASE_MS, 1, 86400000, &b, err,
                   errlen) != 0 ||
        kc_env_int("KOERS_NOTIFICATIONS_RETRY_FACTOR", DEFAULT_FACTOR, 1, 100, &f, err, errlen) !=
            0 ||
        kc_env_int("KOERS_NOTIFICATIONS_RETRY_MAX_MS", DEFAULT_MAX_MS, 1, 604800000, &m, err,
                   errlen) != 0 ||
        kc_env_int("KOERS_NOTIFICATIONS_TIMEOUT_S", DEFAULT_TIMEOUT_S, 1, 60, &t, err, errlen) != 0)
        return -1;
    if (m < b) {
        snprintf(err, errlen,
                 "KOERS_NOTIFICATIONS_RETRY_MAX_MS (%d) must not be below "
                 "KOERS_NOTIFICATIONS_RETRY_BASE_MS (%d)",
                 m, b);
        return -1;
    }
    retries = r;
    base_ms = b;
    factor = f;
    max_ms = m;
    timeout_s = t;
    return 0;
}

int backoff_retries(void)
{
    return retries;
}

long long backoff_delay_ms(int n, double u)
{
    double d = base_ms;
    int i;

    if (n < 0)
        n = 0;
    /* base * factor^n, stopping at the cap (no overflow for any n) */
    for (i = 0; i < n && d < max_ms; i++)
        d *= factor;
    if (d > max_ms)
        d = max_ms;
    if (!(u >= 0.0 && u < 1.0)) /* NaN too */
        u = 0.5;
    d *= 1.0 - JITTER + 2.0 * JITTER * u;
    /* the maximum holds after the jitter too */
    if (d > max_ms)
        d = max_ms;
    if (d < 1.0)
        d = 1.0;
    return (long long)(d + 0.5);
}

int backoff_timeout_s(void)
{
    return timeout_s;
}
