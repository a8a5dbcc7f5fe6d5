#include "koers/pg.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "koers/log.h"
#include "db_internal.h"

/* How long kc_db_acquire waits for a free connection. */
#define ACQUIRE_TIMEOUT_MS 5000
/* Per-connection session settings: a name to find us in pg_stat_activity and
 * a bound on every statement so a stuck query cannot hold a worker. */
#define CONN_APPLICATION_NAME "koers"
#define CONN_OPTIONS                                                                               \
    "-c statement_timeout=10000 -c client_min_messages=warning -c TimeZone=UTC -c DateStyle=ISO"
#define CONN_OPTIONS_NO_TIMEOUT "-c client_min_messages=warning -c TimeZone=UTC -c DateStyle=ISO"

#define KC_DB_MAX_HOOKS 4

/* Round trips to the server on the pool's connections since start: every
 * time a thread waits for the server's answer (a statement, a PREPARE, a
 * pipeline's Sync, a ROLLBACK). Relaxed: a counter for /metrics. */
static atomic_ullong round_trips;

static void round_trip(void)
{
    atomic_fetch_add_explicit(&round_trips, 1, memory_order_relaxed);
}

typedef struct kc_db_hook {
    void (*fn)(void *);
    void *arg;
} kc_db_hook;

struct kc_db_conn {
    PGconn *pg;
    kc_db_hook hooks[KC_DB_MAX_HOOKS]; /* run after the transaction commits */
    int nhooks;
    int in_tx;       /* between kc_db_begin and commit or rollback          */
    int pipelined;   /* libpq pipeline mode: the transaction's statements    */
    int queued;      /* commands sent whose results are not read yet         */
    int pipe_failed; /* a pipelined command failed: the transaction is lost  */
    char **prepared; /* names prepared on this session (copies)            */
    size_t nprepared, capprepared;
};

struct kc_db_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *conninfo;
    int size;
    kc_db_conn *conns;
    kc_db_conn **idle; /* stack of free connections                        */
    int nidle;
};

PGconn *kc_db_connect_one(const char *conninfo, int statement_timeout)
{
    const char *const keys[] = {"dbname", "application_name", "options", NULL};
    const char *const vals[] = {conninfo, CONN_APPLICATION_NAME,
                                statement_timeout ? CONN_OPTIONS : CONN_OPTIONS_NO_TIMEOUT, NULL};
    return PQconnectdbParams(keys, vals, 1);
}

static PGconn *connect_one(const char *conninfo)
{
    return kc_db_connect_one(conninfo, 1);
}

int kc_db_schema_valid(const char *schema)
{
    size_t i = 0;

    if (schema == NULL || !((schema[0] >= 'a' && schema[0] <= 'z') || schema[0] == '_'))
        return 0;
    for (i = 1; schema[i] != '\0'; i++) {
        char ch = schema[i];
        if (i > 62 || !((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return 0;
    }
    return 1;
}

int64_t kc_db_lock_key(const char *name)
{
    uint64_t h = 1469598103934665603ULL;

    for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return (int64_t)h;
}

static void forget_prepared(kc_db_conn *c)
{
    for (size_t i = 0; i < c->nprepared; i++)
        free(c->prepared[i]);
    c->nprepared = 0;
}

static int is_prepared(const kc_db_conn *c, const char *name)
{
    for (size_t i = 0; i < c->nprepared; i++)
        if (strcmp(c->prepared[i], name) == 0)
            return 1;
    return 0;
}

static void remember_prepared(kc_db_conn *c, const char *name)
{
    char *copy = NULL;

    if (c->nprepared == c->capprepared) {
        size_t cap = c->capprepared ? c->capprepared * 2 : 16;
        char **n = realloc(c->prepared, cap * sizeof(*n));
        if (n == NULL)
            return; /* not remembered: prepared again, which then fails 42P05 */
        c->prepared = n;
        c->capprepared = cap;
    }
    copy = strdup(name);
    if (copy != NULL)
        c->prepared[c->nprepared++] = copy;
}

/* Brings a connection back to a usable state after the server went away.
 * Blocking (a reconnect); called without the pool lock. Returns 0 when the
 * connection is usable. */
static int revive(kc_db_pool *pool, kc_db_conn *c)
{
    if (c->pg == NULL) {
        c->pg = connect_one(pool->conninfo);
    } else {
        /* An idle session the server closed (pg_terminate_backend, restart)
         * has data or EOF waiting on its socket: notice it now, cheaply,
         * rather than failing the next statement. */
        for (int i = 0; i < 3 && PQstatus(c->pg) == CONNECTION_OK && PQsocket(c->pg) >= 0; i++) {
            struct pollfd pfd = {.fd = PQsocket(c->pg), .events = POLLIN};
            if (poll(&pfd, 1, 0) <= 0)
                break;
            /* the first read takes the server's FATAL message, the next the EOF */
            (void)PQconsumeInput(c->pg);
        }
        if (PQstatus(c->pg) != CONNECTION_BAD)
            return 0;
        forget_prepared(c);
        PQreset(c->pg);
        if (PQpipelineStatus(c->pg) != PQ_PIPELINE_OFF)
            (void)PQexitPipelineMode(c->pg);
    }
    if (PQstatus(c->pg) != CONNECTION_OK) {
        kc_log(KC_LOG_WARN, NULL, "db: connection failed: %s", PQerrorMessage(c->pg));
        return -1;
    }
    forget_prepared(c);
    return 0;
}

static int monotonic_deadline(struct timespec *ts, int ms)
{
    if (clock_gettime(CLOCK_MONOTONIC, ts) != 0)
        return -1;
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
    return 0;
}

/* Creates a pool of `size` connections to conninfo (a libpq URL or key=value
 * string). All connections are opened now so a wrong URL is reported at
 * start, with libpq's message in err. The caller frees with
 * kc_db_pool_free(). KC_UNAVAILABLE when the database cannot be reached,
 * KC_INTERNAL when out of memory. */
kc_status kc_db_pool_create(const char *conninfo, int size, kc_db_pool **out, char *err,
                            size_t errlen)
{
    kc_db_pool *p = NULL;
    pthread_condattr_t ca;
    kc_status st = KC_INTERNAL;

    *out = NULL;
    if (conninfo == NULL || size < 1 || size > 1024) {
        snprintf(err, errlen, "database pool: bad conninfo or size %d (1..1024)", size);
        goto out;
    }
    p = calloc(1, sizeof(*p));
    if (p == NULL) {
        snprintf(err, errlen, "database pool: out of memory");
        goto out;
    }
    /* The mutex and condvar are initialised first so kc_db_pool_free can
     * undo any later step. */
    if (pthread_condattr_init(&ca) != 0) {
        free(p);
        p = NULL;
        snprintf(err, errlen, "database pool: out of memory");
        goto out;
    }
    (void)pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    if (pthread_mutex_init(&p->mu, NULL) != 0 || pthread_cond_init(&p->cv, &ca) != 0)
        abort(); /* only fails on invalid attributes or exhausted memory */
    pthread_condattr_destroy(&ca);
    p->conninfo = strdup(conninfo);
    p->conns = calloc((size_t)size, sizeof(*p->conns));
    p->idle = calloc((size_t)size, sizeof(*p->idle));
    if (p->conninfo == NULL || p->conns == NULL || p->idle == NULL) {
        snprintf(err, errlen, "database pool: out of memory");
        goto out;
    }
    p->size = size;
    for (int i = 0; i < size; i++) {
        p->conns[i].pg = connect_one(conninfo);
        if (p->conns[i].pg == NULL || PQstatus(p->conns[i].pg) != CONNECTION_OK) {
            const char *m = p->conns[i].pg ? PQerrorMessage(p->conns[i].pg) : "out of memory";
            snprintf(err, errlen, "database unreachable: %.*s", (int)strcspn(m, "\n"), m);
            st = KC_UNAVAILABLE;
            goto out;
        }
        p->idle[p->nidle++] = &p->conns[i];
    }
    *out = p;
    p = NULL;
    st = KC_OK;
out:
    kc_db_pool_free(p);
    return st;
}

/* Closes every connection and frees the pool. No connection may be in use.
 * NULL is fine. */
void kc_db_pool_free(kc_db_pool *pool)
{
    if (pool == NULL)
        return;
    for (int i = 0; pool->conns != NULL && i < pool->size; i++) {
        if (pool->conns[i].pg != NULL)
            PQfinish(pool->conns[i].pg);
        forget_prepared(&pool->conns[i]);
        free(pool->conns[i].prepared);
    }
    pthread_cond_destroy(&pool->cv);
    pthread_mutex_destroy(&pool->mu);
    free(pool->conns);
    free(pool->idle);
    free(pool->conninfo);
    free(pool);
}

/* Takes a free connection, waiting at most about 5 s (KC_UNAVAILABLE
 * then). A connection the server dropped is re-established first; when
 * that fails the connection goes back and the caller gets KC_UNAVAILABLE. */
kc_status kc_db_acquire(kc_db_pool *pool, kc_db_conn **out, kc_problem *pb)
{
    struct timespec deadline;
    kc_db_conn *c = NULL;
    int rc = 0;

    *out = NULL;
    if (monotonic_deadline(&deadline, ACQUIRE_TIMEOUT_MS) != 0)
        return kc_problem_set(pb, KC_INTERNAL, "internal error");
    pthread_mutex_lock(&pool->mu);
    while (pool->nidle == 0 && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&pool->cv, &pool->mu, &deadline);
    if (pool->nidle > 0)
        c = pool->idle[--pool->nidle];
    pthread_mutex_unlock(&pool->mu);
    if (c == NULL) {
        kc_log(KC_LOG_WARN, NULL, "db: no free connection within %d ms", ACQUIRE_TIMEOUT_MS);
        return kc_problem_set(pb, KC_UNAVAILABLE, "the service is busy; retry later");
    }
    if (revive(pool, c) != 0) {
        kc_db_release(pool, c);
        return kc_problem_set(pb, KC_UNAVAILABLE, "the database is unavailable");
    }
    *out = c;
    return KC_OK;
}

/* Returns c to the pool, rolling back a transaction left open (a handler
 * that failed half-way). A broken connection is kept and reset by the next
 * kc_db_acquire. NULL is fine. */
void kc_db_release(kc_db_pool *pool, kc_db_conn *conn)
{
    if (conn == NULL)
        return;
    conn->nhooks = 0;
    if (conn->pipelined || conn->in_tx) {
        kc_db_rollback(conn);
    } else if (conn->pg != NULL && PQstatus(conn->pg) == CONNECTION_OK) {
        PGTransactionStatusType ts = PQtransactionStatus(conn->pg);
        if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
            kc_db_rollback(conn);
    }
    pthread_mutex_lock(&pool->mu);
    pool->idle[pool->nidle++] = conn;
    pthread_cond_signal(&pool->cv);
    pthread_mutex_unlock(&pool->mu);
}

/* SQLSTATE -> status. Beyond the contract in db.h: 23502 (not null) is a
 * client-visible KC_INVALID too, and 53xxx (insufficient resources, e.g.
 * too many connections) and 57014 (statement timeout) are KC_UNAVAILABLE:
 * the request may succeed when retried later. NULL is KC_INTERNAL. */
kc_status kc_db_status_from_sqlstate(const char *s)
{
    if (s == NULL || strlen(s) != 5)
        return KC_INTERNAL;
    if (strcmp(s, "23505") == 0 || strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0)
        return KC_CONFLICT;
    if (strcmp(s, "23503") == 0 || strcmp(s, "23514") == 0 || strcmp(s, "23502") == 0 ||
        strncmp(s, "22", 2) == 0)
        return KC_INVALID;
    if (strncmp(s, "08", 2) == 0 || strncmp(s, "57P", 3) == 0 || strncmp(s, "53", 2) == 0 ||
        strcmp(s, "57014") == 0)
        return KC_UNAVAILABLE;
    return KC_INTERNAL;
}

static const char *detail_for(const char *s, kc_status st)
{
    if (s != NULL && strcmp(s, "23505") == 0)
        return "a resource with these values already exists";
    if (s != NULL && strcmp(s, "23503") == 0)
        return "a referenced resource does not exist or is still referenced";
    if (s != NULL && (strcmp(s, "23514") == 0 || strcmp(s, "23502") == 0))
        return "a value is not allowed";
    if (s != NULL && strncmp(s, "22", 2) == 0)
        return "a value has an invalid format or is out of range";
    if (st == KC_CONFLICT)
        return "a concurrent change conflicted with this request; retry it";
    if (st == KC_UNAVAILABLE)
        return "the database is unavailable; retry later";
    return "internal error";
}

/* Maps a failed result (res may be NULL) on conn to a status and problem;
 * logs what the client must not see. */
static kc_status fail_from(kc_db_conn *conn, const PGresult *res, const char *what, kc_problem *pb)
{
    const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    kc_status st = kc_db_status_from_sqlstate(state);

    if (PQstatus(conn->pg) == CONNECTION_BAD) {
        st = KC_UNAVAILABLE;
        if (msg == NULL)
            msg = PQerrorMessage(conn->pg);
    }
    if (msg == NULL)
        msg = PQerrorMessage(conn->pg);
    if (st == KC_INTERNAL || st == KC_UNAVAILABLE)
        kc_log(st == KC_INTERNAL ? KC_LOG_ERROR : KC_LOG_WARN, NULL, "db: %s failed: %s%s%.*s",
               what != NULL ? what : "statement", state != NULL ? state : "", state ? " " : "",
               (int)strcspn(msg, "\n"), msg);
    return kc_problem_set(pb, st, "%s", detail_for(state, st));
}

/* ---- transactions in pipeline mode ------------------------------------------
 * Inside a transaction the statements whose results nobody reads (out ==
 * NULL: outbox rows, idempotency records, BEGIN itself) are only queued, and
 * go to the server together with the next statement whose result is needed
 * or with COMMIT: filing a case takes three round trips instead of six. An
 * error of a queued statement is reported by the call that flushes it. */

/* Queues one command (and its PREPARE the first time on this session). */
static int pipe_send(kc_db_conn *c, const char *name, const char *sql, int n,
                     const char *const *params)
{
    if (name != NULL && !is_prepared(c, name)) {
        if (PQsendPrepare(c->pg, name, sql, n, NULL) != 1)
            return -1;
        remember_prepared(c, name);
        c->queued++;
    }
    if (name != NULL ? PQsendQueryPrepared(c->pg, name, n, params, NULL, NULL, 0) != 1
                     : PQsendQueryParams(c->pg, sql, n, NULL, params, NULL, NULL, 0) != 1)
        return -1;
    c->queued++;
    return 0;
}

/* Sends a Sync and reads the results of everything queued. The result of the
 * last command goes to *last when it succeeded and last is not NULL. Returns
 * the status of the first failure. */
static kc_status pipe_flush(kc_db_conn *c, PGresult **last, kc_problem *pb)
{
    kc_status st = KC_OK;
    int nulls = 0, got = 0, synced = 0;

    if (PQpipelineSync(c->pg) != 1) {
        c->queued = 0;
        c->pipe_failed = 1;
        return fail_from(c, NULL, "pipeline sync", pb);
    }
    round_trip();
    for (int i = 0; i < 100000 && !synced; i++) {
        PGresult *r = PQgetResult(c->pg);
        ExecStatusType es;
        if (r == NULL) {
            if (++nulls > 1 || PQstatus(c->pg) == CONNECTION_BAD)
                break;
            continue;
        }
        nulls = 0;
        es = PQresultStatus(r);
        if (es == PGRES_PIPELINE_SYNC) {
            synced = 1;
        } else if (es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK) {
            if (++got == c->queued && last != NULL) {
                *last = r;
                r = NULL;
            }
        } else {
            got++;
            if (st == KC_OK && es != PGRES_PIPELINE_ABORTED)
                st = fail_from(c, r, "pipelined statement", pb);
        }
        PQclear(r);
    }
    if (st == KC_OK && !synced)
        st = fail_from(c, NULL, "pipeline", pb);
    if (st != KC_OK) {
        c->pipe_failed = 1;
        if (last != NULL) {
            PQclear(*last);
            *last = NULL;
        }
    }
    c->queued = 0;
    return st;
}

static kc_status pipe_exec(kc_db_conn *c, const char *name, const char *sql, int n,
                           const char *const *params, PGresult **out, kc_problem *pb)
{
    if (c->pipe_failed)
        return kc_problem_set(pb, KC_INTERNAL, "internal error");
    if (pipe_send(c, name, sql, n, params) != 0) {
        c->pipe_failed = 1;
        return fail_from(c, NULL, name, pb);
    }
    if (out == NULL)
        return KC_OK;
    return pipe_flush(c, out, pb);
}

/* Leaves pipeline mode; after a failure the session's transaction is rolled
 * back and its prepared statements are dropped (a failed PREPARE may be
 * among them, so the list of names is not to be trusted). */
static void pipe_leave(kc_db_conn *c)
{
    PGresult *res;

    if (c->queued > 0)
        (void)pipe_flush(c, NULL, NULL);
    if (PQexitPipelineMode(c->pg) != 1)
        c->pipe_failed = 1;
    c->pipelined = 0;
    if (c->pipe_failed && PQstatus(c->pg) == CONNECTION_OK) {
        round_trip();
        round_trip();
        res = PQexec(c->pg, "ROLLBACK");
        PQclear(res);
        res = PQexec(c->pg, "DEALLOCATE ALL");
        PQclear(res);
        forget_prepared(c);
    }
    c->pipe_failed = 0;
}

/* Runs sql with text parameters, preparing it once per session when
 * stmt_name is given. *out (when out is not NULL) gets the result on
 * success, which the caller PQclear()s; it is NULL on failure. Errors are
 * mapped per kc_db_status_from_sqlstate(); a lost connection is
 * KC_UNAVAILABLE. */
kc_status kc_db_exec(kc_db_conn *conn, const char *stmt_name, const char *sql, int nparams,
                     const char *const *params, PGresult **out, kc_problem *pb)
{
    PGresult *res = NULL;
    kc_status st = KC_OK;
    ExecStatusType es;

    if (out != NULL)
        *out = NULL;
    if (conn == NULL || conn->pg == NULL)
        return kc_problem_set(pb, KC_UNAVAILABLE, "the database is unavailable; retry later");
    if (conn->pipelined)
        return pipe_exec(conn, stmt_name, sql, nparams, params, out, pb);
    if (stmt_name != NULL) {
        if (!is_prepared(conn, stmt_name)) {
            round_trip();
            res = PQprepare(conn->pg, stmt_name, sql, nparams, NULL);
            if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
                st = fail_from(conn, res, stmt_name, pb);
                goto out;
            }
            PQclear(res);
            res = NULL;
            remember_prepared(conn, stmt_name);
        }
        res = PQexecPrepared(conn->pg, stmt_name, nparams, params, NULL, NULL, 0);
    } else {
        res = PQexecParams(conn->pg, sql, nparams, NULL, params, NULL, NULL, 0);
    }
    round_trip();
    es = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) {
        st = fail_from(conn, res, stmt_name, pb);
        goto out;
    }
    if (out != NULL) {
        *out = res;
        res = NULL;
    }
out:
    PQclear(res);
    return st;
}

static kc_status simple(kc_db_conn *conn, const char *sql, kc_problem *pb)
{
    return kc_db_exec(conn, NULL, sql, 0, NULL, NULL, pb);
}

/* Starts a transaction on conn. */
kc_status kc_db_begin(kc_db_conn *conn, kc_problem *pb)
{
    kc_status st;

    if (conn == NULL || conn->pg == NULL)
        return kc_problem_set(pb, KC_UNAVAILABLE, "the database is unavailable; retry later");
    conn->nhooks = 0;
    conn->queued = 0;
    conn->pipe_failed = 0;
    if (PQenterPipelineMode(conn->pg) == 1) {
        conn->pipelined = 1;
        conn->in_tx = 1;
        return pipe_exec(conn, NULL, "BEGIN", 0, NULL, NULL, pb);
    }
    st = simple(conn, "BEGIN", pb);
    conn->in_tx = st == KC_OK;
    return st;
}

/* Commits; a serialization failure at commit is KC_CONFLICT. The hooks
 * registered with kc_db_after_commit run only when the commit succeeded. */
kc_status kc_db_commit(kc_db_conn *conn, kc_problem *pb)
{
    kc_status st;
    int n = conn->nhooks;

    if (conn->pipelined) {
        st = pipe_exec(conn, NULL, "COMMIT", 0, NULL, NULL, pb);
        if (st == KC_OK)
            st = pipe_flush(conn, NULL, pb);
        pipe_leave(conn);
    } else {
        st = simple(conn, "COMMIT", pb);
    }
    conn->in_tx = 0;
    conn->nhooks = 0;
    for (int i = 0; st == KC_OK && i < n; i++)
        conn->hooks[i].fn(conn->hooks[i].arg);
    return st;
}

void kc_db_after_commit(kc_db_conn *conn, void (*fn)(void *), void *arg)
{
    if (!conn->in_tx) {
        fn(arg); /* autocommit: what the hook waits for is committed already */
        return;
    }
    for (int i = 0; i < conn->nhooks; i++)
        if (conn->hooks[i].fn == fn && conn->hooks[i].arg == arg)
            return;
    if (conn->nhooks < KC_DB_MAX_HOOKS)
        conn->hooks[conn->nhooks++] = (kc_db_hook){fn, arg};
}

/* Rolls back; failures are ignored (a broken connection is reset later). */
void kc_db_rollback(kc_db_conn *conn)
{
    PGresult *res = NULL;

    if (conn == NULL)
        return;
    conn->nhooks = 0;
    conn->in_tx = 0;
    if (conn->pg == NULL || PQstatus(conn->pg) != CONNECTION_OK) {
        conn->pipelined = conn->queued = conn->pipe_failed = 0;
        return;
    }
    if (conn->pipelined)
        pipe_leave(conn);
    if (PQstatus(conn->pg) != CONNECTION_OK || PQtransactionStatus(conn->pg) == PQTRANS_IDLE)
        return;
    round_trip();
    res = PQexec(conn->pg, "ROLLBACK");
    PQclear(res);
}

kc_status kc_db_run_tx(kc_db_pool *pool, kc_db_tx_fn fn, void *arg, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    int began = 0;
    kc_status st;

    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK && (st = kc_db_begin(conn, pb)) == KC_OK)
        began = 1;
    if (st == KC_OK)
        st = fn(conn, arg, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    else if (began)
        kc_db_rollback(conn);
    kc_db_release(pool, conn);
    return st;
}

/* The libpq connection, borrowed, for what kc_db_exec cannot express. */
PGconn *kc_db_pg(kc_db_conn *conn)
{
    return conn != NULL ? conn->pg : NULL;
}

/* KC_OK when a connection can run SELECT 1 now, else KC_UNAVAILABLE. */
kc_status kc_db_ping(kc_db_pool *pool)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = kc_db_acquire(pool, &c, &pb);
    if (st == KC_OK)
        st = kc_db_exec(c, "kc_db_ping", "SELECT 1", 0, NULL, NULL, &pb);
    kc_db_release(pool, c);
    kc_problem_clear(&pb);
    return st == KC_OK ? KC_OK : KC_UNAVAILABLE;
}

int kc_db_pool_size(const kc_db_pool *pool)
{
    return pool->size;
}

unsigned long long kc_db_round_trips(void)
{
    return atomic_load_explicit(&round_trips, memory_order_relaxed);
}

int kc_db_pool_in_use(kc_db_pool *pool)
{
    int n;

    pthread_mutex_lock(&pool->mu);
    n = pool->size - pool->nidle;
    pthread_mutex_unlock(&pool->mu);
    return n;
}

int kc_db_format_timestamp(const char *t, char *out, size_t n)
{
    char ms[4] = "000";
    size_t i;

    if (n > 0)
        out[0] = '\0';
    /* "YYYY-MM-DD HH:MM:SS" then optional ".f{1,6}" then "+00" */
    if (t == NULL || n < 25 || strlen(t) < 22 || t[10] != ' ' || t[4] != '-' || t[13] != ':')
        return -1;
    i = 19;
    if (t[i] == '.') {
        for (int k = 0; k < 3 && t[i + 1 + k] >= '0' && t[i + 1 + k] <= '9'; k++)
            ms[k] = t[i + 1 + k];
        for (i++; t[i] >= '0' && t[i] <= '9'; i++)
            ;
    }
    if (strcmp(t + i, "+00") != 0)
        return -1;
    snprintf(out, n, "%.10sT%.8s.%sZ", t, t + 11, ms);
    return 0;
}
