#include "koers/outbox.h"
#include "koers/params.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "db_internal.h"
#include "koers/log.h"
#include "koers/pg.h"
#include "redis_internal.h"

#define BATCH_SIZE       100
#define BACKOFF_MIN_MS   100
#define BACKOFF_MAX_MS   2000
#define REDIS_TIMEOUT_MS 2000
/* Publishing what is pending at stop is bounded: a few thousand events. */
#define STOP_FLUSH_BATCHES 50
/* After a wake-up, how long the relay waits for more commits to publish
 * them in one batch: under load one loop per commit would scan the pending
 * rows thousands of times a second. */
#define LINGER_MS 5
/* How often the pending-rows gauge is counted again (a count per loop was
 * the relay's largest cost under load). */
#define PENDING_REFRESH_MS 1000

/* ---- waking the relay ------------------------------------------------------- */

/* The relays of this process by schema. kc_outbox_add asks the database
 * layer to wake the relay right after the event's transaction commits. (A
 * NOTIFY inside the transaction would do the same across processes, but
 * PostgreSQL serialises the commits of all transactions that NOTIFY, which
 * capped filing at a few hundred cases per second; relays of other replicas
 * find the rows by polling every KOERS_OUTBOX_POLL_MS.) A slot holds the
 * relay's wake pipe as fd + 1, so 0 is empty. */
#define KICK_SLOTS 8

static pthread_mutex_t kick_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char schema[64];
    int fd_plus1;
} kick_slots[KICK_SLOTS];

static void kick_register(const char *schema, int fd)
{
    pthread_mutex_lock(&kick_mu);
    for (int i = 0; i < KICK_SLOTS; i++) {
        if (kick_slots[i].fd_plus1 == 0) {
            snprintf(kick_slots[i].schema, sizeof(kick_slots[i].schema), "%s", schema);
            kick_slots[i].fd_plus1 = fd + 1;
            break;
        }
    }
    pthread_mutex_unlock(&kick_mu);
}

static void kick_unregister(int fd)
{
    pthread_mutex_lock(&kick_mu);
    for (int i = 0; i < KICK_SLOTS; i++)
        if (kick_slots[i].fd_plus1 == fd + 1)
            kick_slots[i].fd_plus1 = 0;
    pthread_mutex_unlock(&kick_mu);
}

/* After-commit hook: wakes every relay of the schema named by arg (the
 * slot's schema string is stable for the life of the process). */
static void kick_relays(void *arg)
{
    const char *schema = arg;

    pthread_mutex_lock(&kick_mu);
    for (int i = 0; i < KICK_SLOTS; i++) {
        if (kick_slots[i].fd_plus1 != 0 && strcmp(kick_slots[i].schema, schema) == 0) {
            ssize_t w = write(kick_slots[i].fd_plus1 - 1, "k", 1);
            (void)w; /* a full pipe already means "wake up" */
        }
    }
    pthread_mutex_unlock(&kick_mu);
}

/* The stable schema string of a registered relay, or NULL. */
static const char *kick_schema(const char *schema)
{
    const char *found = NULL;

    pthread_mutex_lock(&kick_mu);
    for (int i = 0; i < KICK_SLOTS && found == NULL; i++)
        if (kick_slots[i].fd_plus1 != 0 && strcmp(kick_slots[i].schema, schema) == 0)
            found = kick_slots[i].schema;
    pthread_mutex_unlock(&kick_mu);
    return found;
}

/* ---- adding an event ------------------------------------------------------ */

/* Writes the event row on the caller's connection (and so in the caller's
 * transaction: it is there at commit or not at all), and has this process'
 * relay woken once that transaction commits. schema is validated before it is put in SQL;
 * data is borrowed (NULL is {}). KC_INVALID for a bad tenant id or schema,
 * else the kc_db_exec status. */
kc_status kc_outbox_add(kc_db_conn *conn, const char *schema, const char *type,
                        const char *tenant_id, const char *subject, const json_t *data,
                        kc_problem *pb)
{
    char name[96], sql[512];
    char *json = NULL;
    kc_status st = KC_OK;

    if (!kc_db_schema_valid(schema) || type == NULL || subject == NULL || tenant_id == NULL) {
        kc_log(KC_LOG_ERROR, NULL, "outbox: bad schema or missing type/subject/tenant");
        st = kc_problem_set(pb, KC_INTERNAL, "internal error");
        goto out;
    }
    json = data != NULL ? json_dumps(data, JSON_COMPACT) : strdup("{}");
    if (json == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "internal error");
        goto out;
    }
    snprintf(name, sizeof(name), "kc_outbox_add_%s", schema);
    snprintf(sql, sizeof(sql),
             "INSERT INTO %s.outbox (type, tenant_id, subject, data)"
             " VALUES ($1, $2::uuid, $3, $4::jsonb)",
             schema);
    {
        const char *params[4] = {type, tenant_id, subject, json};
        const char *kick = NULL;
        st = kc_db_exec(conn, name, sql, 4, params, NULL, pb);
        if (st == KC_OK && (kick = kick_schema(schema)) != NULL)
            kc_db_after_commit(conn, kick_relays, (void *)kick);
    }
out:
    free(json);
    return st;
}

kc_status kc_outbox_add_many(kc_db_conn *conn, const char *schema, const char *tenant_id,
                             const kc_outbox_event *events, size_t n, kc_problem *pb)
{
    enum { MANY_MAX = 16 };
    const char *types[MANY_MAX], *subjects[MANY_MAX], *datas[MANY_MAX];
    char *json[MANY_MAX] = {0};
    char name[96], sql[512];
    kc_params p;
    kc_status st = KC_OK;
    size_t i;

    if (n == 1)
        return kc_outbox_add(conn, schema, events[0].type, tenant_id, events[0].subject,
                             events[0].data, pb);
    if (n == 0)
        return KC_OK;
    kc_params_init(&p);
    if (!kc_db_schema_valid(schema) || tenant_id == NULL || n > MANY_MAX) {
        kc_log(KC_LOG_ERROR, NULL, "outbox: bad schema, missing tenant or too many events");
        st = kc_problem_set(pb, KC_INTERNAL, "internal error");
        goto out;
    }
    for (i = 0; i < n; i++) {
        if (events[i].type == NULL || events[i].subject == NULL) {
            kc_log(KC_LOG_ERROR, NULL, "outbox: missing type/subject");
            st = kc_problem_set(pb, KC_INTERNAL, "internal error");
            goto out;
        }
        json[i] = events[i].data != NULL ? json_dumps(events[i].data, JSON_COMPACT) : strdup("{}");
        if (json[i] == NULL) {
            st = kc_problem_set(pb, KC_INTERNAL, "internal error");
            goto out;
        }
        types[i] = events[i].type;
        subjects[i] = events[i].subject;
        datas[i] = json[i];
    }
    snprintf(name, sizeof(name), "kc_outbox_add_many_%s", schema);
    snprintf(sql, sizeof(sql),
             "INSERT INTO %s.outbox (type, tenant_id, subject, data)"
             " SELECT e.type, $1::uuid, e.subject, e.data"
             "   FROM unnest($2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY"
             "        AS e(type, subject, data, n)"
             "  ORDER BY e.n",
             schema);
    kc_params_text(&p, tenant_id);
    kc_params_text_array(&p, types, n);
    kc_params_text_array(&p, subjects, n);
    kc_params_text_array(&p, datas, n);
    st = kc_params_check(&p, pb);
    if (st == KC_OK) {
        const char *kick = NULL;
        st = kc_db_exec(conn, name, sql, kc_params_count(&p), kc_params_values(&p), NULL, pb);
        if (st == KC_OK && (kick = kick_schema(schema)) != NULL)
            kc_db_after_commit(conn, kick_relays, (void *)kick);
    }
out:
    kc_params_free(&p);
    for (i = 0; i < n && i < MANY_MAX; i++)
        free(json[i]);
    return st;
}

/* ---- the relay -------------------------------------------------------------- */

struct kc_outbox_relay {
    char *conninfo;
    char schema[64];
    char service[64];
    char channel[96];
    char lock_key[32];
    kc_redis_addr raddr;
    int poll_ms;
    int wake[2];
    pthread_t thread;
    atomic_int stop;
    atomic_llong pending;
    atomic_llong oldest_pending_s; /* age of the oldest unpublished row */
    atomic_llong published;
    atomic_int redis_up;
    /* owned by the thread */
    PGconn *pg;
    redisContext *rc;
    int have_lock;
    long long pg_retry_at, redis_retry_at;
    long long pending_at; /* when the gauge was last counted               */
    int pg_backoff, redis_backoff;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int next_backoff(int cur)
{
    return cur == 0 ? BACKOFF_MIN_MS : (cur * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : cur * 2);
}

static void pg_drop(kc_outbox_relay *r)
{
    if (r->pg != NULL)
        PQfinish(r->pg);
    r->pg = NULL;
    r->have_lock = 0; /* a session advisory lock dies with its session */
    r->pg_backoff = next_backoff(r->pg_backoff);
    r->pg_retry_at = now_ms() + r->pg_backoff;
}

static void redis_drop(kc_outbox_relay *r)
{
    if (r->rc != NULL)
        redisFree(r->rc);
    r->rc = NULL;
    atomic_store(&r->redis_up, 0);
    r->redis_backoff = next_backoff(r->redis_backoff);
    r->redis_retry_at = now_ms() + r->redis_backoff;
}

static PGresult *pg_query(kc_outbox_relay *r, const char *sql, int n, const char *const *params)
{
    PGresult *res = PQexecParams(r->pg, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType es = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;

    if (es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK)
        return res;
    kc_log(KC_LOG_WARN, NULL, "outbox relay %s: query failed: %.*s", r->schema,
           (int)strcspn(PQerrorMessage(r->pg), "\n"), PQerrorMessage(r->pg));
    PQclear(res);
    if (PQstatus(r->pg) != CONNECTION_OK)
        pg_drop(r);
    return NULL;
}

static void ensure_pg(kc_outbox_relay *r)
{
    char sql[160];
    PGresult *res = NULL;

    if (r->pg != NULL || now_ms() < r->pg_retry_at)
        return;
    r->pg = kc_db_connect_one(r->conninfo, 1);
    if (r->pg == NULL || PQstatus(r->pg) != CONNECTION_OK) {
        if (r->pg != NULL)
            kc_log(KC_LOG_WARN, NULL, "outbox relay %s: database unreachable: %.*s", r->schema,
                   (int)strcspn(PQerrorMessage(r->pg), "\n"), PQerrorMessage(r->pg));
        pg_drop(r);
        return;
    }
    snprintf(sql, sizeof(sql), "LISTEN %s", r->channel);
    res = pg_query(r, sql, 0, NULL);
    if (res == NULL) {
        if (r->pg != NULL)
            pg_drop(r);
        return;
    }
    PQclear(res);
    r->pg_backoff = 0;
}

static void ensure_redis(kc_outbox_relay *r)
{
    if (r->rc != NULL || now_ms() < r->redis_retry_at)
        return;
    r->rc = kc_redis_connect(&r->raddr, REDIS_TIMEOUT_MS);
    if (r->rc == NULL) {
        redis_drop(r);
        return;
    }
    r->redis_backoff = 0;
    atomic_store(&r->redis_up, 1);
}

static void ensure_lock(kc_outbox_relay *r)
{
    const char *params[1] = {r->lock_key};
    PGresult *res = NULL;

    if (r->pg == NULL || r->have_lock)
        return;
    res = pg_query(r, "SELECT pg_try_advisory_lock($1::bigint)", 1, params);
    if (res != NULL && PQntuples(res) == 1)
        r->have_lock = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
}

/* Is Redis still there? The flag would otherwise only fall with a failed
 * PUBLISH, and with nothing to publish a Redis outage went unseen (by
 * /readyz's detail and koers_redis_up). */
static void check_redis(kc_outbox_relay *r)
{
    redisReply *reply = NULL;

    if (r->rc == NULL)
        return;
    reply = redisCommand(r->rc, "PING");
    if (reply == NULL || reply->type == REDIS_REPLY_ERROR) {
        kc_log(KC_LOG_WARN, NULL, "outbox relay %s: redis unreachable: %s", r->schema,
               r->rc->err ? r->rc->errstr : "error reply");
        redis_drop(r);
    }
    if (reply != NULL)
        freeReplyObject(reply);
}

/* Counts the pending rows and the age of the oldest (the gauges), and
 * checks Redis, at most once per PENDING_REFRESH_MS. */
static void refresh_pending(kc_outbox_relay *r)
{
    char sql[256];
    PGresult *res = NULL;

    if (r->pg == NULL || now_ms() < r->pending_at + PENDING_REFRESH_MS)
        return;
    r->pending_at = now_ms();
    check_redis(r);
    snprintf(sql, sizeof(sql),
             "SELECT count(*), COALESCE(floor(extract(epoch FROM now() - min(created_at))), 0)\n"
             "FROM %s.outbox\n"
             "WHERE published_at IS NULL",
             r->schema);
    res = pg_query(r, sql, 0, NULL);
    if (res != NULL && PQntuples(res) == 1) {
        atomic_store(&r->pending, strtoll(PQgetvalue(res, 0, 0), NULL, 10));
        atomic_store(&r->oldest_pending_s, strtoll(PQgetvalue(res, 0, 1), NULL, 10));
    }
    PQclear(res);
}

/* The envelope of row i of a batch result, as compact JSON; caller frees. */
static char *envelope_of(const kc_outbox_relay *r, const PGresult *res, int i)
{
    json_error_t jerr;
    json_t *data = json_loads(PQgetvalue(res, i, 5), 0, &jerr);
    json_t *env = NULL;
    char *out = NULL;

    if (data == NULL)
        data = json_object();
    env = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", PQgetvalue(res, i, 1), "type",
                    PQgetvalue(res, i, 2), "source", r->service, "tenant", PQgetvalue(res, i, 3),
                    "time", PQgetvalue(res, i, 6), "subject", PQgetvalue(res, i, 4), "data", data);
    if (env != NULL)
        out = json_dumps(env, JSON_COMPACT);
    json_decref(env);
    return out;
}

/* Publishes up to one batch in id order and marks what Redis accepted.
 * Returns the number of rows published and marked, or -1 when the batch
 * could not be read or marked. Rows after a failed PUBLISH stay pending and
 * are retried in order. */
static int publish_batch(kc_outbox_relay *r)
{
    char sql[512];
    PGresult *res = NULL, *upd = NULL;
    char *ids = NULL;
    size_t idlen = 0, idcap = 0;
    int n = 0, sent = 0, done = 0, rc = -1;

    snprintf(sql, sizeof(sql),
             "SELECT id, event_id, type, tenant_id, subject, data::text,"
             " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
             " FROM %s.outbox WHERE published_at IS NULL ORDER BY id LIMIT %d",
             r->schema, BATCH_SIZE);
    res = pg_query(r, sql, 0, NULL);
    if (res == NULL)
        goto out;
    n = PQntuples(res);
    if (n == 0) {
        rc = 0;
        goto out;
    }
    /* Pipelined: all PUBLISHes go out, then the replies are read in order.
     * Redis runs them in order, so the first failed reply ends the batch. */
    for (int i = 0; i < n; i++) {
        char *env = envelope_of(r, res, i);
        char channel[256];
        int ok = 0;
        if (env == NULL)
            break;
        snprintf(channel, sizeof(channel), "koers.%s.%s", r->service, PQgetvalue(res, i, 2));
        ok = redisAppendCommand(r->rc, "PUBLISH %s %s", channel, env) == REDIS_OK;
        free(env);
        if (!ok)
            break;
        sent++;
    }
    idcap = (size_t)sent * 21 + 3;
    ids = malloc(idcap);
    if (ids == NULL) {
        redis_drop(r); /* replies unread: the connection is out of step */
        goto out;
    }
    ids[idlen++] = '{';
    for (int i = 0; i < sent; i++) {
        redisReply *reply = NULL;
        if (redisGetReply(r->rc, (void **)&reply) != REDIS_OK || reply == NULL ||
            reply->type == REDIS_REPLY_ERROR) {
            if (reply != NULL)
                freeReplyObject(reply);
            kc_log(KC_LOG_WARN, NULL, "outbox relay %s: redis publish failed: %s", r->schema,
                   r->rc->err ? r->rc->errstr : "error reply");
            redis_drop(r);
            break;
        }
        freeReplyObject(reply);
        idlen += (size_t)snprintf(ids + idlen, idcap - idlen, "%s%s", done ? "," : "",
                                  PQgetvalue(res, i, 0));
        done++;
    }
    ids[idlen++] = '}';
    ids[idlen] = '\0';
    if (done > 0) {
        const char *params[1] = {ids};
        /* seq numbers the rows in the order they went out (id order within
         * the batch: the sorted subquery is not flattened, so nextval runs
         * row by row in that order); one leader, so seq only grows */
        snprintf(sql, sizeof(sql),
                 "UPDATE %s.outbox o SET published_at = now(), seq = n.seq"
                 " FROM (SELECT id, nextval('%s.outbox_seq') AS seq FROM"
                 " (SELECT id FROM %s.outbox WHERE id = ANY($1::bigint[]) ORDER BY id) x) n"
                 " WHERE o.id = n.id",
                 r->schema, r->schema, r->schema);
        upd = pg_query(r, sql, 1, params);
        if (upd == NULL)
            goto out; /* published, not marked: sent again later (at least once) */
        atomic_fetch_add(&r->published, done);
    }
    rc = done;
out:
    free(ids);
    PQclear(upd);
    PQclear(res);
    return rc;
}

/* Publishes batches while full ones come back, at most max_batches. */
static void publish_pending(kc_outbox_relay *r, int max_batches)
{
    for (int b = 0; b < max_batches; b++) {
        if (r->pg == NULL || r->rc == NULL || !r->have_lock)
            return;
        if (publish_batch(r) < BATCH_SIZE)
            return;
    }
}

/* Sleeps until a NOTIFY, a stop request or timeout_ms. */
/* Sleeps until a wake-up (a commit in this process, a NOTIFY, a stop
 * request) or timeout_ms; returns 1 when woken, 0 on timeout or error. */
static int wait_for_work(kc_outbox_relay *r, int timeout_ms)
{
    fd_set fds;
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    int maxfd = r->wake[0], pgfd = r->pg != NULL ? PQsocket(r->pg) : -1;
    PGnotify *note = NULL;
    char buf[64];

    FD_ZERO(&fds);
    FD_SET(r->wake[0], &fds);
    if (pgfd >= 0 && pgfd < FD_SETSIZE) {
        FD_SET(pgfd, &fds);
        if (pgfd > maxfd)
            maxfd = pgfd;
    }
    if (select(maxfd + 1, &fds, NULL, NULL, &tv) <= 0)
        return 0;
    if (FD_ISSET(r->wake[0], &fds))
        while (read(r->wake[0], buf, sizeof(buf)) > 0)
            ;
    if (pgfd >= 0 && FD_ISSET(pgfd, &fds)) {
        if (PQconsumeInput(r->pg) == 0) {
            pg_drop(r);
            return 0;
        }
        for (int i = 0; i < 10000 && (note = PQnotifies(r->pg)) != NULL; i++)
            PQfreemem(note);
    }
    return 1;
}

static void *relay_main(void *arg)
{
    kc_outbox_relay *r = arg;

    while (!atomic_load(&r->stop)) {
        int wait_ms = r->poll_ms;
        ensure_pg(r);
        ensure_redis(r);
        ensure_lock(r);
        publish_pending(r, 20);
        refresh_pending(r);
        if (atomic_load(&r->stop))
            break;
        if (r->pg == NULL || (r->rc == NULL && r->redis_backoff > 0)) {
            long long until = r->pg == NULL ? r->pg_retry_at : r->redis_retry_at;
            long long d = until - now_ms();
            if (d < wait_ms)
                wait_ms = d < 10 ? 10 : (int)d;
        }
        if (wait_for_work(r, wait_ms) && !atomic_load(&r->stop)) {
            /* gather the commits close behind into the same batch */
            struct timespec linger = {0, LINGER_MS * 1000000L};
            nanosleep(&linger, NULL);
        }
    }
    /* Flush what is pending when we can (bounded). */
    if (r->pg != NULL && r->rc != NULL && r->have_lock)
        publish_pending(r, STOP_FLUSH_BATCHES);
    if (r->pg != NULL)
        PQfinish(r->pg);
    if (r->rc != NULL)
        redisFree(r->rc);
    r->pg = NULL;
    r->rc = NULL;
    return NULL;
}

static void relay_free(kc_outbox_relay *r)
{
    if (r == NULL)
        return;
    if (r->wake[0] >= 0)
        close(r->wake[0]);
    if (r->wake[1] >= 0)
        close(r->wake[1]);
    free(r->conninfo);
    free(r);
}

/* Starts the relay thread of `schema` publishing as `service`. It connects
 * on its own (and keeps retrying with backoff when PostgreSQL or Redis is
 * down), so it starts even when they are not up yet. KC_INVALID for a bad
 * schema, service or Redis URL; KC_INTERNAL when no thread can be made. The
 * caller stops it with kc_outbox_relay_stop(). */
kc_status kc_outbox_relay_start(const char *conninfo, const char *schema, const char *service,
                                const char *redis_url, int poll_ms, kc_outbox_relay **out)
{
    kc_outbox_relay *r = NULL;
    kc_status st = KC_INTERNAL;

    *out = NULL;
    if (conninfo == NULL || !kc_db_schema_valid(schema) || !kc_db_schema_valid(service)) {
        kc_log(KC_LOG_ERROR, NULL, "outbox relay: bad conninfo, schema or service name");
        st = KC_INVALID;
        goto out;
    }
    r = calloc(1, sizeof(*r));
    if (r == NULL)
        goto out;
    r->wake[0] = r->wake[1] = -1;
    if (kc_redis_parse_url(redis_url, &r->raddr) != 0) {
        kc_log(KC_LOG_ERROR, NULL, "outbox relay: malformed Redis URL");
        st = KC_INVALID;
        goto out;
    }
    r->conninfo = strdup(conninfo);
    if (r->conninfo == NULL || pipe2(r->wake, O_NONBLOCK | O_CLOEXEC) != 0)
        goto out;
    snprintf(r->schema, sizeof(r->schema), "%s", schema);
    snprintf(r->service, sizeof(r->service), "%s", service);
    snprintf(r->channel, sizeof(r->channel), "koers_outbox_%s", schema);
    {
        char name[96];
        snprintf(name, sizeof(name), "koers.outbox.%s", schema);
        snprintf(r->lock_key, sizeof(r->lock_key), "%" PRId64, kc_db_lock_key(name));
    }
    r->poll_ms = poll_ms < 10 ? 10 : (poll_ms > 60000 ? 60000 : poll_ms);
    atomic_init(&r->stop, 0);
    atomic_init(&r->pending, 0);
    atomic_init(&r->oldest_pending_s, 0);
    atomic_init(&r->published, 0);
    atomic_init(&r->redis_up, 0);
    if (pthread_create(&r->thread, NULL, relay_main, r) != 0)
        goto out;
    kick_register(r->schema, r->wake[1]);
    *out = r;
    r = NULL;
    st = KC_OK;
out:
    relay_free(r);
    return st;
}

/* Asks the thread to stop, waits for it (it publishes what is pending first
 * when PostgreSQL and Redis are up) and frees r. NULL is fine. */
void kc_outbox_relay_stop(kc_outbox_relay *r)
{
    if (r == NULL)
        return;
    kick_unregister(r->wake[1]);
    atomic_store(&r->stop, 1);
    if (write(r->wake[1], "x", 1) < 0)
        kc_log(KC_LOG_WARN, NULL, "outbox relay: wake failed: %s", strerror(errno));
    pthread_join(r->thread, NULL);
    relay_free(r);
}

long long kc_outbox_relay_pending(kc_outbox_relay *r)
{
    return r != NULL ? atomic_load(&r->pending) : 0;
}

long long kc_outbox_relay_oldest_pending_s(kc_outbox_relay *r)
{
    return r != NULL ? atomic_load(&r->oldest_pending_s) : 0;
}

long long kc_outbox_relay_published(kc_outbox_relay *r)
{
    return r != NULL ? atomic_load(&r->published) : 0;
}

int kc_outbox_relay_redis_up(kc_outbox_relay *r)
{
    return r != NULL ? atomic_load(&r->redis_up) : 0;
}
