#include "http_guard.h"

#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <ulfius.h>

#include "koers/log.h"
#include "koers/metrics.h"
#include "koers/problem.h"

#define REAPER_PERIOD_MAX_MS 1000
#define REFUSED_METRIC       "refused"
#define CUT_METRIC           "koers_http_deadline_cuts_total"
#define OPEN_METRIC          "koers_http_connections_open"
#define PROBLEM_CONTENT      "application/problem+json"

/* Where a connection's current request is. The deadline holds while it
 * waits for or receives a request, not while its handler runs. */
enum guard_phase {
    PHASE_WAITING = 0, /* before the headers of its next request are in  */
    PHASE_RECEIVING,   /* headers in, the body arriving                  */
    PHASE_HANDLING,    /* handed to the route handler, answer being sent */
};

/* One open connection: in the guard's list from MHD's STARTED until its
 * CLOSED notification, which MHD gives before it closes the socket, so fd
 * is open as long as the entry is in the list. */
typedef struct guard_conn {
    struct guard_conn *prev, *next; /* the list; the guard's mutex */
    int fd;
    int cut;               /* shut down by the reaper; the guard's mutex */
    atomic_int phase;      /* enum guard_phase                      */
    atomic_llong since_ms; /* when the current request began        */
} guard_conn;

struct kc_http_guard {
    pthread_mutex_t mu;
    pthread_cond_t wake;
    guard_conn *head;
    long open;
    int stopping;
    atomic_int draining; /* kc_http_guard_drain was called */
    pthread_t reaper;
    long long deadline_ms;
    MHD_AccessHandlerCallback inner; /* Ulfius' dispatcher */
    void *inner_cls;
};

/* The guard whose kc_http_guard_begin is in force in this thread. */
static _Thread_local kc_http_guard *guard_starting;

static long long mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static guard_conn *conn_entry(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    return ci != NULL ? ci->socket_context : NULL;
}

/* ---- the reaper ----------------------------------------------------------- */

/* Shuts down every connection past the deadline (under the mutex, so an
 * fd MHD has closed is never touched); returns how many. */
static int reap(kc_http_guard *g, long long now)
{
    guard_conn *e;
    int n = 0;

    for (e = g->head; e != NULL; e = e->next) {
        if (e->cut || atomic_load(&e->phase) == PHASE_HANDLING ||
            now - atomic_load(&e->since_ms) < g->deadline_ms)
            continue;
        /* MHD sees the end of the stream and closes the connection */
        shutdown(e->fd, SHUT_RDWR);
        e->cut = 1;
        n++;
    }
    return n;
}

static void *reaper_main(void *arg)
{
    kc_http_guard *g = arg;
    long long period = g->deadline_ms / 4;
    struct timespec until;
    long open;
    int n;

    if (period > REAPER_PERIOD_MAX_MS)
        period = REAPER_PERIOD_MAX_MS;
    pthread_mutex_lock(&g->mu);
    while (!g->stopping) {
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += period / 1000;
        until.tv_nsec += (period % 1000) * 1000000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&g->wake, &g->mu, &until);
        if (g->stopping)
            break;
        n = reap(g, mono_ms());
        open = g->open;
        pthread_mutex_unlock(&g->mu);
        kc_metrics_gauge_set(OPEN_METRIC, NULL, (double)open);
        if (n > 0) {
            kc_metrics_counter_add(CUT_METRIC, NULL, (double)n);
            kc_log(KC_LOG_INFO, NULL, "cut %d connections past the %lld s request deadline", n,
                   g->deadline_ms / 1000);
        }
        pthread_mutex_lock(&g->mu);
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

kc_http_guard *kc_http_guard_start(int deadline_s)
{
    kc_http_guard *g = NULL;
    pthread_condattr_t ca;
    int have_ca = 0, have_mu = 0, have_cond = 0;

    g = calloc(1, sizeof(*g));
    if (g == NULL)
        goto fail;
    g->deadline_ms = (long long)(deadline_s > 0 ? deadline_s : 1) * 1000;
    if (pthread_mutex_init(&g->mu, NULL) != 0)
        goto fail;
    have_mu = 1;
    if (pthread_condattr_init(&ca) != 0)
        goto fail;
    have_ca = 1;
    if (pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
        pthread_cond_init(&g->wake, &ca) != 0)
        goto fail;
    have_cond = 1;
    pthread_condattr_destroy(&ca);
    have_ca = 0;
    kc_metrics_counter_add(CUT_METRIC, NULL, 0);
    kc_metrics_gauge_set(OPEN_METRIC, NULL, 0);
    if (pthread_create(&g->reaper, NULL, reaper_main, g) != 0)
        goto fail;
    return g;
fail:
    kc_log(KC_LOG_ERROR, NULL, "cannot start the request deadline guard");
    if (have_ca)
        pthread_condattr_destroy(&ca);
    if (have_cond)
        pthread_cond_destroy(&g->wake);
    if (have_mu)
        pthread_mutex_destroy(&g->mu);
    free(g);
    return NULL;
}

void kc_http_guard_stop(kc_http_guard *g)
{
    guard_conn *e, *next;

    if (g == NULL)
        return;
    pthread_mutex_lock(&g->mu);
    g->stopping = 1;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->mu);
    pthread_join(g->reaper, NULL);
    /* MHD has stopped: a connection still listed was never notified closed */
    for (e = g->head; e != NULL; e = next) {
        next = e->next;
        free(e);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->mu);
    free(g);
}

/* Bytes of a request that arrived on fd and MHD has not read yet. */
static int has_unread(int fd)
{
    int n = 0;

    return ioctl(fd, FIONREAD, &n) == 0 && n > 0;
}

int kc_http_guard_drain(kc_http_guard *g)
{
    guard_conn *e;
    int n = 0;

    if (g == NULL)
        return 0;
    pthread_mutex_lock(&g->mu);
    atomic_store(&g->draining, 1);
    for (e = g->head; e != NULL; e = e->next) {
        /* a request that has begun, or whose first bytes are in, is
         * answered (with Connection: close, kc_server_run) */
        if (e->cut || atomic_load(&e->phase) != PHASE_WAITING || has_unread(e->fd))
            continue;
        /* MHD sees the end of the stream and closes the connection; the
         * peer (nginx) sees the FIN and drops it from its cache */
        shutdown(e->fd, SHUT_RDWR);
        e->cut = 1;
        n++;
    }
    pthread_mutex_unlock(&g->mu);
    return n;
}

long kc_http_guard_open(kc_http_guard *g)
{
    long open;

    if (g == NULL)
        return 0;
    pthread_mutex_lock(&g->mu);
    open = g->open;
    pthread_mutex_unlock(&g->mu);
    return open;
}

/* ---- MHD's notifications ---------------------------------------------------- */

void kc_http_guard_notify_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                                     enum MHD_ConnectionNotificationCode code)
{
    kc_http_guard *g = cls;
    const union MHD_ConnectionInfo *ci;
    guard_conn *e = NULL;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (ci == NULL)
            return;
        e = calloc(1, sizeof(*e));
        if (e == NULL)
            return; /* out of memory: this connection goes without a deadline */
        e->fd = ci->connect_fd;
        atomic_store(&e->phase, PHASE_WAITING);
        atomic_store(&e->since_ms, mono_ms());
        pthread_mutex_lock(&g->mu);
        e->next = g->head;
        if (g->head != NULL)
            g->head->prev = e;
        g->head = e;
        g->open++;
        pthread_mutex_unlock(&g->mu);
        *socket_context = e;
        return;
    }
    e = *socket_context;
    if (e == NULL)
        return;
    /* CLOSED: MHD closes the socket after this returns */
    pthread_mutex_lock(&g->mu);
    if (e->prev != NULL)
        e->prev->next = e->next;
    else
        g->head = e->next;
    if (e->next != NULL)
        e->next->prev = e->prev;
    g->open--;
    pthread_mutex_unlock(&g->mu);
    free(e);
    *socket_context = NULL;
}

void kc_http_guard_request_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                                     enum MHD_RequestTerminationCode toe)
{
    kc_http_guard *g = cls;
    guard_conn *e = conn_entry(c);

    if (e != NULL) {
        /* a keep-alive connection's next request has the deadline anew */
        atomic_store(&e->since_ms, mono_ms());
        atomic_store(&e->phase, PHASE_WAITING);
        if (atomic_load(&g->draining)) {
            /* an answer queued before the drain began went out without
             * Connection: close: this connection is closed now instead */
            pthread_mutex_lock(&g->mu);
            if (!e->cut)
                shutdown(e->fd, SHUT_RDWR);
            e->cut = 1;
            pthread_mutex_unlock(&g->mu);
        }
    }
    mhd_request_completed(NULL, c, con_cls, toe);
}

/* ---- request framing ---------------------------------------------------------- */

typedef struct framing {
    int te_headers; /* Transfer-Encoding header lines              */
    int te_unknown; /* ... of which not exactly "chunked"          */
    int has_length; /* a Content-Length header line                */
} framing;

static enum MHD_Result framing_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    framing *f = cls;

    (void)kind;
    if (key == NULL)
        return MHD_YES;
    if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        f->te_headers++;
        if (value == NULL || strcasecmp(value, "chunked") != 0)
            f->te_unknown++;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        f->has_length = 1;
    }
    return MHD_YES;
}

/* How the body of this request is framed: KC_OK, or the problem. */
static kc_status framing_check(struct MHD_Connection *c, kc_problem *pb)
{
    framing f = {0, 0, 0};

    MHD_get_connection_values(c, MHD_HEADER_KIND, framing_header, &f);
    if (f.te_unknown > 0 || f.te_headers > 1)
        return kc_problem_set(
            pb, KC_NOT_IMPLEMENTED,
            "the only transfer coding this server reads is a single chunked; send the body chunked or with Content-Length");
    if (f.te_headers > 0 && f.has_length)
        return kc_problem_set(pb, KC_BAD_REQUEST,
                              "a request carries Transfer-Encoding or Content-Length, not both");
    return KC_OK;
}

/* Answers pb as application/problem+json and closes the connection after
 * it (MHD reads nothing more of a request answered before its body). */
static enum MHD_Result refuse(struct MHD_Connection *c, const char *method, const char *url,
                              kc_problem *pb, long long t0)
{
    int code = kc_status_http(pb->status);
    json_t *doc = kc_problem_to_json(pb, url);
    char *text = doc != NULL ? json_dumps(doc, JSON_COMPACT) : NULL;
    struct MHD_Response *r = NULL;
    enum MHD_Result ret = MHD_NO;

    if (text == NULL)
        goto out;
    r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_COPY);
    if (r == NULL)
        goto out;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, PROBLEM_CONTENT);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    ret = MHD_queue_response(c, (unsigned int)code, r);
out:
    /* the path may hold a token (a public route's credential): not logged */
    kc_metrics_observe(REFUSED_METRIC, code, (double)(mono_ms() - t0));
    kc_log_access(NULL, method, "-", code, (double)(mono_ms() - t0), NULL);
    if (r != NULL)
        MHD_destroy_response(r);
    free(text);
    json_decref(doc);
    return ret;
}

/* In front of Ulfius' dispatcher: MHD calls it once when the headers are
 * in (*upload_data_size 0), then for each piece of body, then once more
 * with 0 when the request is complete, which is when the route handler
 * runs. */
static enum MHD_Result guard_access(void *cls, struct MHD_Connection *c, const char *url,
                                    const char *method, const char *version,
                                    const char *upload_data, size_t *upload_data_size,
                                    void **con_cls)
{
    kc_http_guard *g = cls;
    guard_conn *e = conn_entry(c);
    int phase = e != NULL ? atomic_load(&e->phase) : PHASE_HANDLING;
    long long t0;
    kc_problem pb;
    enum MHD_Result ret;

    if (phase == PHASE_WAITING) {
        atomic_store(&e->phase, PHASE_RECEIVING);
        t0 = mono_ms();
        kc_problem_init(&pb);
        if (framing_check(c, &pb) != KC_OK) {
            ret = refuse(c, method, url, &pb, t0);
            kc_problem_clear(&pb);
            return ret;
        }
        kc_problem_clear(&pb);
    } else if (phase == PHASE_RECEIVING && *upload_data_size == 0) {
        atomic_store(&e->phase, PHASE_HANDLING);
    }
    return g->inner(g->inner_cls, c, url, method, version, upload_data, upload_data_size, con_cls);
}

void kc_http_guard_begin(kc_http_guard *g)
{
    g->inner = NULL;
    guard_starting = g;
}

int kc_http_guard_end(kc_http_guard *g)
{
    guard_starting = NULL;
    return g->inner != NULL;
}

/* libmicrohttpd's own, with the guard in front of the dispatcher while a
 * kc_http_guard_begin is in force in this thread (see http_guard.h). */
struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc,
                                    void *apc_cls, MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
    kc_http_guard *g = guard_starting;
    struct MHD_Daemon *d;
    va_list ap;

    va_start(ap, dh_cls);
    if (g != NULL && dh != NULL) {
        guard_starting = NULL;
        g->inner = dh;
        g->inner_cls = dh_cls;
        d = MHD_start_daemon_va(flags, port, apc, apc_cls, guard_access, g, ap);
        if (d == NULL)
            g->inner = NULL;
    } else {
        d = MHD_start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
    }
    va_end(ap);
    return d;
}

unsigned long kc_http_raise_fd_limit(unsigned long want)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            getrlimit(RLIMIT_NOFILE, &rl);
    }
    return rl.rlim_cur == RLIM_INFINITY ? want : (unsigned long)rl.rlim_cur;
}
