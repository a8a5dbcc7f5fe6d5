/* Integration: the durable consumer (koers/consumer.h) against a real
 * PostgreSQL and Redis and a real HTTP source: an Ulfius server in this test
 * on 127.0.0.1 serving GET /src/v1/events from a list in memory (seqs with
 * gaps, as a tenant's part of a source's replay has), events announced on
 * koers.src.<type>. Proves: catch-up from zero over several pages, follow
 * through pub/sub, a duplicate id applied once, a failing handler rolled
 * back and retried, a restart resuming from the stored cursor without
 * applying anything again, a Redis outage losing nothing, and two replicas
 * applying each event once. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>
#include <hiredis/hiredis.h>
#include <ulfius.h>

#include "it.h"
#include "koers/consumer.h"
#include "koers/migrate.h"
#include "koers/pg.h"
#include "../../shared/src/consumer_internal.h"

#define SCHEMA  "it_cons"
#define TENANT  "7d1c2f4e-2222-4a2b-9c3d-000000000001"
#define KEY     "it-events-key"
#define MAX_SRC 512
#define WAIT_MS 20000
#define N_START 250

typedef struct {
    long long seq;
    char id[40];
    char type[32];
} src_event;

/* the source: its published events, and what it was asked */
static struct {
    pthread_mutex_t mu;
    src_event ev[MAX_SRC];
    int n;
    long long next_seq;
    int requests, refused;
    long long first_after; /* of the first request after src_mark() */
    int marked;
    int hidden; /* the newest events the replay does not show yet */
} src = {.mu = PTHREAD_MUTEX_INITIALIZER, .next_seq = 1};

static kc_db_pool *pool;
static atomic_int fail_left, boom_calls;
static int id_counter;

/* ---- the source ---------------------------------------------------------- */

static int events_cb(const struct _u_request *req, struct _u_response *resp, void *user)
{
    const char *auth = u_map_get(req->map_header, "Authorization");
    const char *a = u_map_get(req->map_url, "after");
    const char *l = u_map_get(req->map_url, "limit");
    long long after = a != NULL ? strtoll(a, NULL, 10) : 0;
    int limit = l != NULL ? atoi(l) : 100, taken = 0, more = 0;
    json_t *items = json_array(), *body = NULL;

    (void)user;
    pthread_mutex_lock(&src.mu);
    src.requests++;
    if (auth == NULL || strcmp(auth, "Bearer " KEY) != 0) {
        src.refused++;
        pthread_mutex_unlock(&src.mu);
        json_decref(items);
        ulfius_set_string_body_response(resp, 401, "{\"status\":401}");
        return U_CALLBACK_COMPLETE;
    }
    if (src.marked) {
        src.first_after = after;
        src.marked = 0;
    }
    for (int i = 0; i < src.n - src.hidden; i++) {
        if (src.ev[i].seq <= after)
            continue;
        if (taken == limit) {
            more = 1;
            break;
        }
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s, s:s, s:{s:s}, s:s, s:s}", "seq",
                                        (json_int_t)src.ev[i].seq, "id", src.ev[i].id, "type",
                                        src.ev[i].type, "subject", "case-1", "data", "status",
                                        "closed", "createdAt", "2026-12-02T10:00:00.000Z",
                                        "publishedAt", "2026-12-02T10:00:00.001Z"));
        taken++;
    }
    pthread_mutex_unlock(&src.mu);
    body = json_pack("{s:o, s:{s:{s:s}}}", "items", items, "_links", "self", "href", "self");
    if (more)
        json_object_set_new(json_object_get(body, "_links"), "next",
                            json_pack("{s:s}", "href", "next"));
    ulfius_set_json_body_response(resp, 200, body);
    json_decref(body);
    return U_CALLBACK_COMPLETE;
}

/* Adds an event (a new id unless id is given); returns its seq. Seqs skip
 * a number now and then, as another tenant's events would make them. */
static long long src_add(const char *type, const char *id)
{
    src_event *e;
    long long seq;

    pthread_mutex_lock(&src.mu);
    assert_true(src.n < MAX_SRC);
    e = &src.ev[src.n++];
    e->seq = seq = src.next_seq;
    src.next_seq += src.n % 3 == 0 ? 2 : 1;
    if (id != NULL)
        snprintf(e->id, sizeof(e->id), "%s", id);
    else
        snprintf(e->id, sizeof(e->id), "00000000-0000-4000-8000-%012d", ++id_counter);
    snprintf(e->type, sizeof(e->type), "%s", type);
    pthread_mutex_unlock(&src.mu);
    return seq;
}

static void src_mark(void)
{
    pthread_mutex_lock(&src.mu);
    src.marked = 1;
    src.first_after = -1;
    pthread_mutex_unlock(&src.mu);
}

static long long src_first_after(void)
{
    long long v;
    pthread_mutex_lock(&src.mu);
    v = src.first_after;
    pthread_mutex_unlock(&src.mu);
    return v;
}

static int free_port(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* ---- Redis ------------------------------------------------------------- */

static int redis_port(void)
{
    const char *c = strrchr(it_env("KOERS_REDIS_URL"), ':');
    return c ? atoi(c + 1) : 0;
}

static long long redis_int(const char *cmd, const char *a1, const char *a2)
{
    struct timeval tv = {1, 0};
    redisContext *c = redisConnectWithTimeout("127.0.0.1", redis_port(), tv);
    redisReply *r = NULL;
    long long n = -1;

    if (c != NULL && c->err == 0)
        r = a1 == NULL ? redisCommand(c, cmd) : redisCommand(c, cmd, a1, a2);
    if (r != NULL && r->type == REDIS_REPLY_INTEGER)
        n = r->integer;
    if (r != NULL)
        freeReplyObject(r);
    if (c != NULL)
        redisFree(c);
    return n;
}

/* Announces the event at index i of the source as the relay would. */
static void announce(long long seq)
{
    char channel[64], env[512];

    pthread_mutex_lock(&src.mu);
    for (int i = 0; i < src.n; i++)
        if (src.ev[i].seq == seq) {
            snprintf(channel, sizeof(channel), "koers.src.%s", src.ev[i].type);
            snprintf(env, sizeof(env),
                     "{\"id\":\"%s\",\"type\":\"%s\",\"source\":\"src\",\"tenant\":\"%s\","
                     "\"time\":\"2026-12-02T10:00:00.000000Z\",\"subject\":\"case-1\","
                     "\"data\":{\"status\":\"closed\"}}",
                     src.ev[i].id, src.ev[i].type, TENANT);
        }
    pthread_mutex_unlock(&src.mu);
    assert_true(redis_int("PUBLISH %s %s", channel, env) >= 0);
}

/* Waits (bounded) until the consumer's pattern subscription is in place. */
static int wait_subscribed(void)
{
    long long until = it_now_ms() + WAIT_MS;
    while (it_now_ms() < until) {
        if (redis_int("PUBSUB NUMPAT", NULL, NULL) >= 1)
            return 1;
        it_sleep_ms(50);
    }
    return 0;
}

/* ---- the consuming service's side -------------------------------------- */

static long long scalar(const char *sql)
{
    kc_db_conn *conn = NULL;
    PGresult *res = NULL;
    long long v = -1;

    if (kc_db_acquire(pool, &conn, NULL) == KC_OK &&
        kc_db_exec(conn, NULL, sql, 0, NULL, &res, NULL) == KC_OK && PQntuples(res) == 1)
        v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    kc_db_release(pool, conn);
    return v;
}

static void exec(const char *sql)
{
    kc_db_conn *conn = NULL;

    assert_int_equal(kc_db_acquire(pool, &conn, NULL), KC_OK);
    assert_int_equal(kc_db_exec(conn, NULL, sql, 0, NULL, NULL, NULL), KC_OK);
    kc_db_release(pool, conn);
}

static long long applied_rows(void)
{
    return scalar("SELECT count(*) FROM it_cons.applied");
}

static long long stored_cursor(void)
{
    return scalar("SELECT seq FROM it_cons.consumer_cursors"
                  " WHERE consumer = 'figures' AND source = 'src'");
}

static int wait_for_rows(long long want)
{
    long long until = it_now_ms() + WAIT_MS;
    while (applied_rows() < want && it_now_ms() < until)
        it_sleep_ms(50);
    return applied_rows() == want;
}

static int wait_for_cursor(long long want)
{
    long long until = it_now_ms() + WAIT_MS;
    while (stored_cursor() < want && it_now_ms() < until)
        it_sleep_ms(50);
    return stored_cursor() == want;
}

/* The service's handler: one row per event it applies, written on the
 * consumer's connection. A "boom" event fails while fail_left > 0, after
 * writing its row (which must roll back). */
static kc_status handler(kc_db_conn *conn, const kc_consumer_event *ev, void *user, kc_problem *pb)
{
    char seq[24];
    const char *params[3] = {ev->id, seq, ev->type};
    kc_status st;

    (void)user;
    assert_string_equal(ev->tenant_id, TENANT);
    snprintf(seq, sizeof(seq), "%lld", ev->seq);
    st = kc_db_exec(conn, "it_cons_apply",
                    "INSERT INTO it_cons.applied (event_id, seq, type) VALUES ($1, $2::bigint, $3)",
                    3, params, NULL, pb);
    if (st != KC_OK)
        return st;
    if (strcmp(ev->type, "boom") == 0) {
        atomic_fetch_add(&boom_calls, 1);
        if (atomic_load(&fail_left) > 0) {
            atomic_fetch_sub(&fail_left, 1);
            return kc_problem_set(pb, KC_INTERNAL, "the handler failed on purpose");
        }
    }
    return KC_OK;
}

static kc_consumer *start_consumer(const char *base_url)
{
    kc_consumer_config cfg = {
        .name = "figures",
        .schema = SCHEMA,
        .source = "src",
        .source_url = base_url,
        .api_key = KEY,
        .redis_url = it_env("KOERS_REDIS_URL"),
        .tenant_id = TENANT,
        .pool = pool,
        .handler = handler,
        .page_limit = 100,
        .poll_s = 3600, /* no safety-net poll in this test: pub/sub or nothing */
        .max_attempts = 10,
        .backoff_min_ms = 50,
        .backoff_max_ms = 400,
        .http_timeout_s = 5,
    };
    kc_consumer *c = NULL;

    assert_int_equal(kc_consumer_start(&cfg, &c), KC_OK);
    return c;
}

static int setup(void **state)
{
    static const kc_migration m[] = {
        {"001_applied", "CREATE TABLE applied (n bigserial PRIMARY KEY, event_id text NOT NULL,"
                        " seq bigint NOT NULL, type text NOT NULL);"},
    };
    char err[256];

    (void)state;
    if (kc_migrate(it_env("KOERS_DATABASE_URL"), SCHEMA, m, 1, err, sizeof(err)) != KC_OK)
        return -1;
    return kc_db_pool_create(it_env("KOERS_DATABASE_URL"), 4, &pool, err, sizeof(err)) == KC_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

static void test_consumer_end_to_end(void **state)
{
    struct _u_instance inst;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    char base[64];
    kc_consumer *c = NULL, *c2 = NULL;
    long long last, cursor_before, rows;
    int port = free_port();

    (void)state;
    assert_true(port > 0);
    addr.sin_port = htons((uint16_t)port);
    assert_int_equal(ulfius_init_instance(&inst, (unsigned int)port, &addr, NULL), U_OK);
    assert_int_equal(
        ulfius_add_endpoint_by_val(&inst, "GET", "/src/v1/events", NULL, 0, events_cb, NULL), U_OK);
    assert_int_equal(ulfius_start_framework(&inst), U_OK);
    snprintf(base, sizeof(base), "http://127.0.0.1:%d/", port);

    /* 1. catch-up from zero: 250 events published before the consumer ran,
     * three pages of up to 100 */
    for (int i = 0; i < N_START; i++)
        last = src_add("case.closed", NULL);
    c = start_consumer(base);
    assert_true(wait_for_rows(N_START));
    assert_true(wait_for_cursor(last));
    assert_int_equal(scalar("SELECT count(*) FROM (SELECT seq, lag(seq) OVER (ORDER BY n) AS p"
                            " FROM it_cons.applied) x WHERE p >= seq"),
                     0); /* in the source's order */
    assert_int_equal(src.refused, 0);
    assert_true(src.requests >= 3);

    /* 2. follow: with the subscription in place, an announced event is
     * applied (the safety-net poll is an hour away) */
    assert_true(wait_subscribed());
    last = src_add("case.reopened", NULL);
    announce(last);
    assert_true(wait_for_rows(N_START + 1));
    assert_true(wait_for_cursor(last));

    /* 3. duplicates: the first event again under a new seq, an envelope
     * announced twice; neither is applied twice */
    last = src_add("case.closed", "00000000-0000-4000-8000-000000000001");
    announce(last);
    announce(last);
    assert_true(wait_for_cursor(last));
    last = src_add("case.closed", NULL);
    announce(last);
    assert_true(wait_for_rows(N_START + 2));
    assert_true(wait_for_cursor(last));
    it_sleep_ms(300);
    assert_int_equal(applied_rows(), N_START + 2);
    assert_int_equal(scalar("SELECT count(DISTINCT event_id) FROM it_cons.applied"), N_START + 2);
    assert_int_equal(scalar("SELECT count(*) FROM it_cons.consumer_processed"
                            " WHERE consumer = 'figures' AND source = 'src'"),
                     N_START + 2);

    /* 4. a failing handler: its row rolls back, it is retried with backoff
     * and applied once; the event after it waits for it */
    atomic_store(&fail_left, 2);
    last = src_add("boom", NULL);
    announce(last);
    last = src_add("case.closed", NULL);
    announce(last);
    assert_true(wait_for_rows(N_START + 4));
    assert_true(wait_for_cursor(last));
    assert_int_equal(atomic_load(&boom_calls), 3);
    assert_int_equal(scalar("SELECT count(*) FROM it_cons.applied WHERE type = 'boom'"), 1);
    assert_int_equal(scalar("SELECT count(*) FROM (SELECT seq, lag(seq) OVER (ORDER BY n) AS p"
                            " FROM it_cons.applied) x WHERE p >= seq"),
                     0);

    /* 5. restart: events published while the consumer is stopped; the new
     * one asks the source from the stored cursor and applies only those */
    kc_consumer_stop(c);
    cursor_before = stored_cursor();
    for (int i = 0; i < 5; i++)
        announce(last = src_add("case.closed", NULL)); /* nobody listens */
    src_mark();
    c = start_consumer(base);
    assert_true(wait_for_rows(N_START + 9));
    assert_true(wait_for_cursor(last));
    assert_int_equal(src_first_after(), cursor_before);
    it_sleep_ms(300);
    rows = applied_rows();
    assert_int_equal(rows, N_START + 9);
    assert_int_equal(scalar("SELECT count(DISTINCT event_id) FROM it_cons.applied"), rows);

    /* 6. Redis down: events published meanwhile cannot be announced; when
     * Redis is back the consumer subscribes again and catches up */
    assert_true(wait_subscribed());
    assert_int_equal(it_redis("stop"), 0);
    for (int i = 0; i < 3; i++)
        last = src_add("case.closed", NULL);
    it_sleep_ms(300);
    assert_int_equal(applied_rows(), rows); /* nothing woke it */
    assert_int_equal(it_redis("start"), 0);
    assert_true(wait_for_rows(rows + 3));
    assert_true(wait_for_cursor(last));
    assert_int_equal(kc_consumer_cursor(c), last);
    assert_true(kc_consumer_current(c));
    assert_int_equal(scalar("SELECT count(DISTINCT event_id) FROM it_cons.applied"), rows + 3);

    /* 7. two replicas of the consuming service, both woken by every event:
     * each event is applied once, in order */
    c2 = start_consumer(base);
    rows = applied_rows();
    for (int i = 0; i < 20; i++)
        announce(last = src_add("case.closed", NULL));
    assert_true(wait_for_rows(rows + 20));
    assert_true(wait_for_cursor(last));
    it_sleep_ms(300);
    assert_int_equal(applied_rows(), rows + 20);
    assert_int_equal(scalar("SELECT count(DISTINCT event_id) FROM it_cons.applied"), rows + 20);
    assert_int_equal(scalar("SELECT count(*) FROM (SELECT seq, lag(seq) OVER (ORDER BY n) AS p"
                            " FROM it_cons.applied) x WHERE p >= seq"),
                     0);

    /* 8. announced before the replay shows it (a relay announces an event
     * before it numbers it): the wake-up finds nothing new, the replay shows
     * the event 150 ms later, and the consumer looks again by itself (the
     * safety-net poll is an hour away) */
    rows = applied_rows();
    pthread_mutex_lock(&src.mu);
    src.hidden = 1;
    pthread_mutex_unlock(&src.mu);
    announce(last = src_add("case.closed", NULL));
    it_sleep_ms(150);
    pthread_mutex_lock(&src.mu);
    src.hidden = 0;
    pthread_mutex_unlock(&src.mu);
    assert_true(wait_for_rows(rows + 1));
    assert_true(wait_for_cursor(last));

    kc_consumer_stop(c2);
    kc_consumer_stop(c);
    ulfius_stop_framework(&inst);
    ulfius_clean_instance(&inst);
}

/* Pruning forgets processed ids older than the given days whose seq the
 * cursor has passed, of that consumer and source only. */
static void test_prune(void **state)
{
    kc_db_conn *conn = NULL;

    (void)state;
    exec(
        "INSERT INTO it_cons.consumer_cursors (consumer, source, seq) VALUES ('pruner', 'src', 10)");
    exec("INSERT INTO it_cons.consumer_processed (consumer, source, event_id, seq, processed_at)"
         " VALUES ('pruner', 'src', 'old', 5, now() - interval '40 days'),"
         " ('pruner', 'src', 'ahead', 11, now() - interval '40 days'),"
         " ('pruner', 'src', 'recent', 9, now()),"
         " ('other', 'src', 'old', 5, now() - interval '40 days')");
    assert_int_equal(kc_db_acquire(pool, &conn, NULL), KC_OK);
    assert_int_equal(kc_consumer_repo_prune(conn, SCHEMA, "pruner", "src", 30, NULL), KC_OK);
    assert_int_equal(kc_consumer_repo_prune(conn, "bad schema", "pruner", "src", 30, NULL),
                     KC_INVALID);
    kc_db_release(pool, conn);
    assert_int_equal(scalar("SELECT count(*) FROM it_cons.consumer_processed"
                            " WHERE consumer = 'pruner' AND event_id IN ('ahead', 'recent')"),
                     2);
    assert_int_equal(scalar("SELECT count(*) FROM it_cons.consumer_processed"
                            " WHERE consumer = 'pruner' AND event_id = 'old'"),
                     0);
    assert_int_equal(scalar("SELECT count(*) FROM it_cons.consumer_processed"
                            " WHERE consumer = 'other'"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consumer_end_to_end),
        cmocka_unit_test(test_prune),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
