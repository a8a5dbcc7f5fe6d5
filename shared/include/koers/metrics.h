#ifndef KOERS_METRICS_H
#define KOERS_METRICS_H

#include <stddef.h>

/* Process-wide Prometheus metrics: requests by route and status, and a
 * latency histogram by route. Lock-free on the hot path. */
void kc_metrics_observe(const char *route, int status, double duration_ms);

/* Named series a service keeps besides the HTTP ones (a worker's
 * counters, gauges and timings), process-wide and rendered by /metrics
 * after them. name is a Prometheus metric name ("notifications_alerts_total"),
 * labels the text inside the braces, already quoted
 * ("result=\"delivered\""; NULL or "" for none). Both are copied; a name
 * over 95 or labels over 159 characters, or a series beyond the first
 * KC_METRICS_NAMED_MAX, are dropped (a metric must never fail the work it
 * counts). Series of one name are rendered together under one # TYPE line,
 * so a name keeps one kind: a call of another kind on it is dropped.
 * Thread-safe. */
#define KC_METRICS_NAMED_MAX 128

/* Adds delta (>= 0) to the counter name{labels}. */
void kc_metrics_counter_add(const char *name, const char *labels, double delta);
/* Sets the gauge name{labels} to value. */
void kc_metrics_gauge_set(const char *name, const char *labels, double value);
/* One observation of a summary without quantiles: name_sum{labels} grows
 * by value, name_count{labels} by 1. */
void kc_metrics_summary_observe(const char *name, const char *labels, double value);

/* Prometheus text exposition of everything observed, then the named
 * series, then `extra` (already formatted gauge lines, may be NULL).
 * Caller frees. */
char *kc_metrics_render(const char *extra);

#endif
