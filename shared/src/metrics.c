#include "koers/metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/status.h"

/* Lock-free on the hot path: a fixed table of series, one per route key,
 * found by pointer (route names are static strings) or by content, and
 * created once under a mutex. Counters are relaxed atomics. A key of the
 * form "METHOD name" is split into the method and route labels. */
#define METRICS_MAX_SERIES 256
#define METRICS_KEY_MAX    160

static const int tracked_status[] = {200, 201, 202, 204, 301, 302, 304, 400, 401, 403, 404, 405,
                                     406, 409, 412, 413, 415, 422, 428, 429, 500, 502, 503, 504};
#define NSTATUS KC_NELEMS(tracked_status)
/* one extra slot for any other status, reported by class ("2xx"...) is not
 * possible with one counter, so it is reported as status="other" */
#define STATUS_OTHER NSTATUS

static const double bucket_le[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                   0.1,   0.25,   0.5,   1.0,  2.5};
#define NBUCKETS KC_NELEMS(bucket_le)

typedef struct {
    _Atomic(const char *) key_ptr; /* pointer the series was created with */
    char method[16];
    char route[METRICS_KEY_MAX];
    char key[METRICS_KEY_MAX];
    atomic_ullong by_status[NSTATUS + 1];
    atomic_ullong buckets[NBUCKETS + 1]; /* last = above the highest bound */
    atomic_ullong sum_us;
    atomic_ullong count;
} metrics_series;

static metrics_series series[METRICS_MAX_SERIES];
static atomic_int nseries;
static pthread_mutex_t series_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t status_index(int status)
{
    size_t i;

    for (i = 0; i < NSTATUS; i++) {
        if (tracked_status[i] == status)
            return i;
    }
    return STATUS_OTHER;
}

static void series_init(metrics_series *s, const char *key)
{
    const char *sp = strchr(key, ' ');
    size_t mlen;

    snprintf(s->key, sizeof(s->key), "%s", key);
    if (sp != NULL && (size_t)(sp - key) < sizeof(s->method)) {
        mlen = (size_t)(sp - key);
        memcpy(s->method, key, mlen);
        s->method[mlen] = '\0';
        snprintf(s->route, sizeof(s->route), "%s", sp + 1);
    } else {
        s->method[0] = '\0';
        snprintf(s->route, sizeof(s->route), "%s", key);
    }
}

/* Finds the series of key, creating it when new; the last slot collects
 * everything once the table is full. */
static metrics_series *series_find(const char *key)
{
    int n = atomic_load_explicit(&nseries, memory_order_acquire);
    int i;
    metrics_series *found = NULL;

    for (i = 0; i < n; i++) {
        if (atomic_load_explicit(&series[i].key_ptr, memory_order_relaxed) == key)
            return &series[i];
    }
    for (i = 0; i < n; i++) {
        if (strcmp(series[i].key, key) == 0)
            return &series[i];
    }
    pthread_mutex_lock(&series_lock);
    n = atomic_load_explicit(&nseries, memory_order_relaxed);
    for (i = 0; i < n; i++) {
        if (strcmp(series[i].key, key) == 0) {
            found = &series[i];
            goto out;
        }
    }
    if (n >= METRICS_MAX_SERIES - 1) {
        found = &series[METRICS_MAX_SERIES - 1];
        if (n == METRICS_MAX_SERIES - 1) {
            series_init(found, "other");
            atomic_store_explicit(&nseries, n + 1, memory_order_release);
        }
        goto out;
    }
    found = &series[n];
    series_init(found, key);
    atomic_store_explicit(&found->key_ptr, key, memory_order_relaxed);
    atomic_store_explicit(&nseries, n + 1, memory_order_release);
out:
    pthread_mutex_unlock(&series_lock);
    return found;
}

/* Counts one request of `route` ("METHOD name" or "name") with its status
 * and duration. route is remembered by pointer: pass a string that lives
 * as long as the process (a route table entry). */
void kc_metrics_observe(const char *route, int status, double duration_ms)
{
    metrics_series *s = series_find(route ? route : "unknown");
    double secs;
    size_t b;

    if (duration_ms < 0)
        duration_ms = 0;
    secs = duration_ms / 1000.0;
    for (b = 0; b < NBUCKETS; b++) {
        if (secs <= bucket_le[b])
            break;
    }
    atomic_fetch_add_explicit(&s->by_status[status_index(status)], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->sum_us, (unsigned long long)(duration_ms * 1000.0),
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
}

/* Writes a label value with \, " and newline escaped. */
static void put_label(FILE *f, const char *v)
{
    for (; *v != '\0'; v++) {
        if (*v == '\\' || *v == '"')
            fprintf(f, "\\%c", *v);
        else if (*v == '\n')
            fputs("\\n", f);
        else
            fputc(*v, f);
    }
}

static void put_labels(FILE *f, const metrics_series *s)
{
    fputs("route=\"", f);
    put_label(f, s->route);
    fputs("\",method=\"", f);
    put_label(f, s->method);
    fputc('"', f);
}

/* ---- named series --------------------------------------------------------- */

/* A small table under one mutex: services add to it at the rate of their
 * work (deliveries, alerts), far below the HTTP hot path. */
typedef enum { NAMED_COUNTER, NAMED_GAUGE, NAMED_SUMMARY } named_kind;

typedef struct {
    char name[96];
    char labels[160];
    named_kind kind;
    double value; /* the counter, the gauge, the summary's sum */
    unsigned long long count;
} named_series;

static named_series named[KC_METRICS_NAMED_MAX];
static int nnamed;
static pthread_mutex_t named_lock = PTHREAD_MUTEX_INITIALIZER;

/* The series name{labels} of kind, created when new; NULL when it does not
 * fit or name has another kind. Called with named_lock held. */
static named_series *named_find(const char *name, const char *labels, named_kind kind)
{
    named_series *s;
    int i;

    if (labels == NULL)
        labels = "";
    if (name == NULL || name[0] == '\0' || strlen(name) >= sizeof(named[0].name) ||
        strlen(labels) >= sizeof(named[0].labels))
        return NULL;
    for (i = 0; i < nnamed; i++) {
        if (strcmp(named[i].name, name) != 0)
            continue;
        if (named[i].kind != kind)
            return NULL;
        if (strcmp(named[i].labels, labels) == 0)
            return &named[i];
    }
    if (nnamed >= KC_METRICS_NAMED_MAX)
        return NULL;
    s = &named[nnamed++];
    snprintf(s->name, sizeof(s->name), "%s", name);
    snprintf(s->labels, sizeof(s->labels), "%s", labels);
    s->kind = kind;
    return s;
}

void kc_metrics_counter_add(const char *name, const char *labels, double delta)
{
    named_series *s;

    if (!(delta >= 0))
        return;
    pthread_mutex_lock(&named_lock);
    s = named_find(name, labels, NAMED_COUNTER);
    if (s != NULL)
        s->value += delta;
    pthread_mutex_unlock(&named_lock);
}

void kc_metrics_gauge_set(const char *name, const char *labels, double value)
{
    named_series *s;

    pthread_mutex_lock(&named_lock);
    s = named_find(name, labels, NAMED_GAUGE);
    if (s != NULL)
        s->value = value;
    pthread_mutex_unlock(&named_lock);
}

void kc_metrics_summary_observe(const char *name, const char *labels, double value)
{
    named_series *s;

    pthread_mutex_lock(&named_lock);
    s = named_find(name, labels, NAMED_SUMMARY);
    if (s != NULL) {
        s->value += value;
        s->count++;
    }
    pthread_mutex_unlock(&named_lock);
}

/* One sample line: name[suffix]{labels} value. */
static void put_named(FILE *f, const named_series *s, const char *suffix, double v)
{
    fprintf(f, "%s%s", s->name, suffix);
    if (s->labels[0] != '\0')
        fprintf(f, "{%s}", s->labels);
    fprintf(f, " %.17g\n", v);
}

/* The named series, those of one name together under its # TYPE line. */
static void render_named(FILE *f)
{
    static const char *const kind_names[] = {"counter", "gauge", "summary"};
    int i, j, seen;

    pthread_mutex_lock(&named_lock);
    for (i = 0; i < nnamed; i++) {
        seen = 0;
        for (j = 0; j < i && !seen; j++)
            seen = strcmp(named[j].name, named[i].name) == 0;
        if (seen)
            continue;
        fprintf(f, "# TYPE %s %s\n", named[i].name, kind_names[named[i].kind]);
        for (j = i; j < nnamed; j++) {
            if (strcmp(named[j].name, named[i].name) != 0)
                continue;
            if (named[j].kind == NAMED_SUMMARY) {
                put_named(f, &named[j], "_sum", named[j].value);
                put_named(f, &named[j], "_count", (double)named[j].count);
            } else {
                put_named(f, &named[j], "", named[j].value);
            }
        }
    }
    pthread_mutex_unlock(&named_lock);
}

/* Prometheus text format 0.0.4 of all series, the named ones, then `extra`
 * verbatim.
 * Caller frees; NULL on allocation failure. */
char *kc_metrics_render(const char *extra)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int n = atomic_load_explicit(&nseries, memory_order_acquire);
    int i;
    size_t k;
    unsigned long long v, cum;

    if (f == NULL)
        return NULL;
    fputs("# HELP koers_http_requests_total HTTP requests by route, method and status.\n"
          "# TYPE koers_http_requests_total counter\n",
          f);
    for (i = 0; i < n; i++) {
        for (k = 0; k <= NSTATUS; k++) {
            v = atomic_load_explicit(&series[i].by_status[k], memory_order_relaxed);
            if (v == 0)
                continue;
            fputs("koers_http_requests_total{", f);
            put_labels(f, &series[i]);
            if (k == STATUS_OTHER)
                fprintf(f, ",status=\"other\"} %llu\n", v);
            else
                fprintf(f, ",status=\"%d\"} %llu\n", tracked_status[k], v);
        }
    }
    fputs("# HELP koers_http_request_duration_seconds HTTP request duration by route.\n"
          "# TYPE koers_http_request_duration_seconds histogram\n",
          f);
    for (i = 0; i < n; i++) {
        cum = 0;
        for (k = 0; k < NBUCKETS; k++) {
            cum += atomic_load_explicit(&series[i].buckets[k], memory_order_relaxed);
            fputs("koers_http_request_duration_seconds_bucket{", f);
            put_labels(f, &series[i]);
            fprintf(f, ",le=\"%g\"} %llu\n", bucket_le[k], cum);
        }
        cum += atomic_load_explicit(&series[i].buckets[NBUCKETS], memory_order_relaxed);
        fputs("koers_http_request_duration_seconds_bucket{", f);
        put_labels(f, &series[i]);
        fprintf(f, ",le=\"+Inf\"} %llu\n", cum);
        fputs("koers_http_request_duration_seconds_sum{", f);
        put_labels(f, &series[i]);
        fprintf(f, "} %.6f\n",
                (double)atomic_load_explicit(&series[i].sum_us, memory_order_relaxed) / 1e6);
        fputs("koers_http_request_duration_seconds_count{", f);
        put_labels(f, &series[i]);
        /* the histogram's own count, so _count equals the +Inf bucket */
        fprintf(f, "} %llu\n", cum);
    }
    render_named(f);
    if (extra != NULL)
        fputs(extra, f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
