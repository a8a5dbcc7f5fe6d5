#ifndef KOERS_METRICS_H
#define KOERS_METRICS_H

#include <stddef.h>

/* Process-wide Prometheus metrics: requests by route and status, and a
 * latency histogram by route. Lock-free on the hot path. */
void kc_metrics_observe(const char *route, int status, double duration_ms);

/* Prometheus text exposition of everything observed plus `extra` (already
 * formatted gauge lines, may be NULL). Caller frees. */
char *kc_metrics_render(const char *extra);

#endif
