/* Integration: the notifications dispatcher against a real PostgreSQL —
 * a worker's round end to end against a receiver started here (the
 * message as stored, Authorization verbatim, webhook-id; delivered,
 * retried, failed with one subscription.failing event, 410 disables and
 * cancels with subscription.disabled, a delivery after failing is
 * subscription.recovered); and its SQL: two claimers never get the same delivery (SKIP LOCKED, and
 * a subscription's deliveries are claimed by one claimer at a time); a
 * later message about the same object waits for an earlier one still
 * open; at most max_in_flight deliveries of a subscription are leased;
 * an expired lease lets another claimer take over, and the first one's
 * late result is refused; an attempt is recorded with its state; 410
 * disables and cancels; the alert gate opens once per window; the purge
 * deletes old messages in batches. Subscriptions, messages and deliveries
 * are rows put in with SQL (the intake and the subscriptions API are other
 * parts'). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "it.h"
#include "delivery/backoff.h"
#include "delivery/secret_box.h"
#include "delivery/url_safety.h"
#include "delivery/webhook.h"
#include "dispatch/delivery_log_service.h"
#include "dispatch/dispatch_repo.h"
#include "dispatch/dispatch_work.h"
#include "notifications.h"

#define TENANT  "5e1c2f4e-7777-4a2b-9c3d-00000000000a"
#define TENANT2 "5e1c2f4e-7777-4a2b-9c3d-00000000000b"
#define ME      "worker-a"
#define OTHER   "worker-b"

static kc_db_pool *pool;

/* ---- a receiver: answers every request with the status set, keeps the
 * last request's Authorization, webhook-id and body ---------------------- */

static struct {
    int fd, port, status, requests;
    char authorization[128], webhook_id[64], body[1024];
    pthread_t thread;
    pthread_mutex_t mu;
} rcv = {.fd = -1, .mu = PTHREAD_MUTEX_INITIALIZER};

/* The value of header name (lower case) in the request head req. */
static void header_value(const char *req, const char *name, char *out, size_t n)
{
    char needle[64];
    const char *p;
    size_t len;

    out[0] = '\0';
    snprintf(needle, sizeof(needle), "\r\n%s:", name);
    p = strcasestr(req, needle);
    if (p == NULL)
        return;
    p += strlen(needle);
    while (*p == ' ')
        p++;
    len = strcspn(p, "\r\n");
    snprintf(out, n, "%.*s", (int)len, p);
}

static void *receiver_main(void *arg)
{
    char req[8192], length[16], reply[128];
    const char *body;
    size_t got;
    ssize_t r;
    int c, status;

    (void)arg;
    while ((c = accept(rcv.fd, NULL, NULL)) >= 0) {
        got = 0;
        body = NULL;
        while (got < sizeof(req) - 1 && (r = read(c, req + got, sizeof(req) - 1 - got)) > 0) {
            got += (size_t)r;
            req[got] = '\0';
            body = strstr(req, "\r\n\r\n");
            if (body != NULL) {
                header_value(req, "content-length", length, sizeof(length));
                if (strlen(body + 4) >= (size_t)atoi(length))
                    break;
            }
        }
        pthread_mutex_lock(&rcv.mu);
        rcv.requests++;
        header_value(req, "authorization", rcv.authorization, sizeof(rcv.authorization));
        header_value(req, "webhook-id", rcv.webhook_id, sizeof(rcv.webhook_id));
        snprintf(rcv.body, sizeof(rcv.body), "%s", body != NULL ? body + 4 : "");
        status = rcv.status;
        pthread_mutex_unlock(&rcv.mu);
        snprintf(reply, sizeof(reply),
                 "HTTP/1.1 %d X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", status);
        if (write(c, reply, strlen(reply)) < 0)
            break;
        close(c);
    }
    return NULL;
}

static void receiver_start(void)
{
    struct sockaddr_in a = {0};
    socklen_t len = sizeof(a);

    rcv.fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(rcv.fd >= 0);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(rcv.fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(rcv.fd, 16), 0);
    assert_int_equal(getsockname(rcv.fd, (struct sockaddr *)&a, &len), 0);
    rcv.port = ntohs(a.sin_port);
    rcv.status = 204;
    assert_int_equal(pthread_create(&rcv.thread, NULL, receiver_main, NULL), 0);
}

static void receiver_answers(int status)
{
    pthread_mutex_lock(&rcv.mu);
    rcv.status = status;
    pthread_mutex_unlock(&rcv.mu);
}

static int setup(void **state)
{
    char err[256];

    (void)state;
    setenv("KOERS_NOTIFICATIONS_ALLOW_HTTP", "1", 1);
    setenv("KOERS_NOTIFICATIONS_ALLOW_NETS", "127.0.0.0/8", 1);
    setenv("KOERS_NOTIFICATIONS_RETRIES", "2", 1);
    setenv("KOERS_NOTIFICATIONS_RETRY_BASE_MS", "100", 1);
    setenv("KOERS_NOTIFICATIONS_TIMEOUT_S", "2", 1);
    if (getenv("KOERS_JWT_SECRET") == NULL)
        setenv("KOERS_JWT_SECRET", "integration-test-secret-of-at-least-32-bytes", 1);
    if (webhook_configure(err, sizeof(err)) != 0 || url_safety_configure(err, sizeof(err)) != 0 ||
        backoff_configure(err, sizeof(err)) != 0 || secret_box_configure(err, sizeof(err)) != 0) {
        fprintf(stderr, "configure: %s\n", err);
        return -1;
    }
    return it_setup(NOTIFICATIONS_SCHEMA, notifications_migrations, notifications_migrations_count,
                    &pool);
}

static int teardown(void **state)
{
    (void)state;
    if (rcv.fd >= 0) {
        shutdown(rcv.fd, SHUT_RDWR);
        close(rcv.fd);
        pthread_join(rcv.thread, NULL);
    }
    kc_db_pool_free(pool);
    return 0;
}

/* Every test starts from no subscriptions, messages or deliveries. */
static int clean(void **state)
{
    (void)state;
    IT_SQL("DELETE FROM notifications.messages WHERE $1::text IS NOT NULL", "x");
    IT_SQL("DELETE FROM notifications.subscriptions WHERE $1::text IS NOT NULL", "x");
    IT_SQL("DELETE FROM notifications.settings WHERE $1::text IS NOT NULL", "x");
    IT_SQL("DELETE FROM notifications.outbox WHERE $1::text IS NOT NULL", "x");
    return 0;
}

/* A subscription of tenant (its auth a placeholder: these tests never
 * open it). */
static void insert_subscription(const char *tenant, const char *id)
{
    IT_SQL("INSERT INTO notifications.subscriptions\n"
           "       (id, tenant_id, callback_url, auth_sealed, auth_key_id, kanalen)\n"
           "VALUES ($1, $2, 'https://hooks.example.org/in?token=s3cret', '\\x00', 'dev',\n"
           "        '[{\"naam\": \"cases\", \"filters\": {}}]')",
           id, tenant);
}

/* A message about order_key (id: message id) and its delivery (id) to
 * subscription sub. */
static void insert_delivery(const char *tenant, const char *sub, const char *msg_id,
                            const char *delivery_id, const char *order_key)
{
    IT_SQL("INSERT INTO notifications.messages\n"
           "       (id, tenant_id, source, event_type, kanaal, order_key, body)\n"
           "VALUES ($1, $2, 'casedesk', 'case.updated', 'cases', $3, '{\"kanaal\":\"cases\"}')\n"
           "ON CONFLICT (id) DO NOTHING",
           msg_id, tenant, order_key);
    IT_SQL("INSERT INTO notifications.deliveries\n"
           "       (id, tenant_id, subscription_id, message_seq, order_key)\n"
           "SELECT $1, $2, $3, m.seq, m.order_key\n"
           "  FROM notifications.messages m\n"
           " WHERE m.id = $4",
           delivery_id, tenant, sub, msg_id);
}

static char *uuid_n(char out[37], int group, int n)
{
    snprintf(out, 37, "00000000-0000-4000-8%03d-%012d", group, n);
    return out;
}

/* Claims on a connection of its own, outside a transaction. */
static size_t claim(const char *who, int max_in_flight, int limit, dispatch_claim **claims)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    size_t n = 0;

    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(dispatch_repo_claim(conn, who, 40, max_in_flight, limit, claims, &n, &pb),
                     KC_OK);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    return n;
}

/* Records an attempt of c by who in a transaction of its own; the status. */
static kc_status finish(const dispatch_claim *c, const char *who, const char *state, int code,
                        long long delay_ms)
{
    dispatch_result r = {state, delay_ms, "2026-12-03T10:00:00.000Z",
                         120,   code,     code > 0 ? NULL : "connection refused"};
    kc_db_conn *conn = NULL;
    kc_problem pb;
    kc_status st;

    assert_non_null(c);
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    st = dispatch_repo_finish(conn, c, who, &r, &pb);
    if (st == KC_OK)
        assert_int_equal(kc_db_commit(conn, &pb), KC_OK);
    else
        kc_db_rollback(conn);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    return st;
}

static const dispatch_claim *find(const dispatch_claim *claims, size_t n, const char *id)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(claims[i].id, id) == 0)
            return &claims[i];
    return NULL;
}

static int has_id(const dispatch_claim *claims, size_t n, const char *id)
{
    return find(claims, n, id) != NULL;
}

/* A claim takes a batch: one statement leases up to limit deliveries
 * across subscriptions, at most max_in_flight of each, never a later one
 * of an order_key whose earlier one is open; a batch's delivery given back
 * unworked (dispatch_repo_release) is free for another claimer at once,
 * and only its own leaseholder can give it back. */
static void claim_batch_and_release(void **state)
{
    dispatch_claim *a = NULL, *b = NULL;
    dispatch_claim stranger;
    kc_db_conn *conn = NULL;
    kc_problem pb;
    size_t na, nb, i;
    char sub[37], msg[37], del[37], same2[37];
    int k, round;

    (void)state;
    insert_subscription(TENANT, uuid_n(sub, 1, 99));
    insert_delivery(TENANT, sub, uuid_n(msg, 2, 901), uuid_n(del, 3, 901), "/cases/same");
    insert_delivery(TENANT, sub, uuid_n(msg, 2, 902), uuid_n(same2, 3, 902), "/cases/same");
    for (k = 1; k <= 6; k++)
        insert_subscription(TENANT, uuid_n(sub, 1, k));
    for (round = 0; round < 3; round++)
        for (k = 1; k <= 6; k++)
            insert_delivery(TENANT, uuid_n(sub, 1, k), uuid_n(msg, 2, 10 * round + k),
                            uuid_n(del, 3, 10 * round + k), msg);
    /* 20 open: the later /cases/same waits; of the 18 others 16 are
     * candidates, 2 per subscription leased */
    na = claim(ME, 2, 16, &a);
    assert_int_equal(na, 13);
    assert_false(has_id(a, na, same2));
    for (k = 1; k <= 6; k++)
        assert_int_equal(it_sql_count("SELECT count(*) FROM notifications.deliveries\n"
                                      " WHERE subscription_id = '%s'\n"
                                      "   AND leased_by = 'worker-a'",
                                      uuid_n(sub, 1, k)),
                         2);
    for (i = 0; i < na; i++)
        assert_non_null(a[i].body);
    /* the first of the batch given back: by a stranger, nothing happens */
    stranger = a[0];
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(dispatch_repo_release(conn, &stranger, OTHER, &pb), KC_OK);
    assert_int_equal(it_sql_count("SELECT count(*) FROM notifications.deliveries\n"
                                  " WHERE id = '%s'\n"
                                  "   AND leased_by = 'worker-a'",
                                  a[0].id),
                     1);
    assert_int_equal(dispatch_repo_release(conn, &a[0], ME, &pb), KC_OK);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    assert_int_equal(it_sql_count("SELECT count(*) FROM notifications.deliveries\n"
                                  " WHERE id = '%s'\n"
                                  "   AND lease_until IS NULL\n"
                                  "   AND leased_by IS NULL",
                                  a[0].id),
                     1);
    /* its subscription has room for one again: the other claimer gets
     * exactly that one (the oldest due of it) */
    nb = claim(OTHER, 2, 16, &b);
    assert_int_equal(nb, 1);
    assert_string_equal(b[0].id, a[0].id);
    /* the released lease is no longer the first claimer's to record */
    assert_int_equal(finish(&a[0], ME, "delivered", 200, 0), KC_NOT_FOUND);
    dispatch_claims_free(a, na);
    dispatch_claims_free(b, nb);
}

/* Ten subscriptions with one delivery each: a claimer holding five in an
 * open transaction leaves exactly the other five to a second claimer. */
static void two_claimers_never_share(void **state)
{
    dispatch_claim *a = NULL, *b = NULL;
    kc_db_conn *conn = NULL;
    kc_problem pb;
    size_t na = 0, nb = 0, i;
    char sub[37], msg[37], del[37];
    int k;

    (void)state;
    for (k = 1; k <= 10; k++) {
        insert_subscription(TENANT, uuid_n(sub, 1, k));
        insert_delivery(TENANT, sub, uuid_n(msg, 2, k), uuid_n(del, 3, k), "/cases/x");
    }
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    assert_int_equal(dispatch_repo_claim(conn, ME, 40, 2, 5, &a, &na, &pb), KC_OK);
    assert_int_equal(na, 5);
    nb = claim(OTHER, 2, 10, &b); /* while the first still holds its rows */
    assert_int_equal(nb, 5);
    for (i = 0; i < nb; i++)
        assert_false(has_id(a, na, b[i].id));
    assert_int_equal(kc_db_commit(conn, &pb), KC_OK);
    kc_db_release(pool, conn);
    /* everything is leased now: nothing more to claim */
    dispatch_claims_free(b, nb);
    b = NULL;
    assert_int_equal(claim(OTHER, 2, 10, &b), 0);
    assert_int_equal(it_sql_count("SELECT count(DISTINCT leased_by)\n"
                                  "  FROM notifications.deliveries\n"
                                  " WHERE lease_until > now()"),
                     2);
    /* the claim carries what the send needs */
    assert_string_equal(a[0].tenant_id, TENANT);
    assert_string_equal(a[0].body, "{\"kanaal\":\"cases\"}");
    assert_int_equal(a[0].attempts, 0);
    assert_int_equal(strncmp(a[0].message_id, "00000000-0000-4000-8002-", 24), 0);
    dispatch_claims_free(a, na);
    dispatch_claims_free(b, 0);
    kc_problem_clear(&pb);
}

/* Two messages about case A and one about case B: the later one about A
 * waits until the earlier is finished; one retrying later holds it too. */
static void order_per_order_key(void **state)
{
    dispatch_claim *c = NULL;
    size_t n;
    char sub[37];

    (void)state;
    insert_subscription(TENANT, uuid_n(sub, 1, 20));
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000021",
                    "00000000-0000-4000-8003-000000000021", "/cases/A");
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000022",
                    "00000000-0000-4000-8003-000000000022", "/cases/A");
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000023",
                    "00000000-0000-4000-8003-000000000023", "/cases/B");
    n = claim(ME, 10, 10, &c);
    assert_int_equal(n, 2);
    assert_true(has_id(c, n, "00000000-0000-4000-8003-000000000021"));
    assert_true(has_id(c, n, "00000000-0000-4000-8003-000000000023"));
    /* the first about A fails and waits for its retry: the second still waits */
    assert_int_equal(
        finish(find(c, n, "00000000-0000-4000-8003-000000000021"), ME, "retrying", 503, 60000),
        KC_OK);
    dispatch_claims_free(c, n);
    c = NULL;
    assert_int_equal(claim(ME, 10, 10, &c), 0);
    /* its retry is due and delivered: now the second goes */
    IT_SQL("UPDATE notifications.deliveries SET next_attempt_at = now() WHERE id = $1",
           "00000000-0000-4000-8003-000000000021");
    dispatch_claims_free(c, 0);
    n = claim(ME, 10, 10, &c);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].id, "00000000-0000-4000-8003-000000000021");
    assert_int_equal(c[0].attempts, 1);
    assert_int_equal(finish(&c[0], ME, "delivered", 204, 0), KC_OK);
    dispatch_claims_free(c, n);
    n = claim(ME, 10, 10, &c);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].id, "00000000-0000-4000-8003-000000000022");
    dispatch_claims_free(c, n);
}

/* Five deliveries of one subscription on five objects, two in flight at
 * most; a finished one makes room for one more. */
static void in_flight_bound(void **state)
{
    dispatch_claim *c = NULL, *more = NULL;
    size_t n, m;
    char sub[37], msg[37], del[37], key[32];
    int k;

    (void)state;
    insert_subscription(TENANT, uuid_n(sub, 1, 30));
    for (k = 1; k <= 5; k++) {
        snprintf(key, sizeof(key), "/cases/%d", k);
        insert_delivery(TENANT, sub, uuid_n(msg, 2, 30 + k), uuid_n(del, 3, 30 + k), key);
    }
    n = claim(ME, 2, 10, &c);
    assert_int_equal(n, 2);
    assert_int_equal(claim(OTHER, 2, 10, &more), 0);
    dispatch_claims_free(more, 0);
    assert_int_equal(finish(&c[0], ME, "delivered", 200, 0), KC_OK);
    m = claim(OTHER, 2, 10, &more);
    assert_int_equal(m, 1);
    dispatch_claims_free(more, m);
    dispatch_claims_free(c, n);
    /* a disabled subscription's deliveries are not claimed at all */
    IT_SQL("UPDATE notifications.subscriptions SET status = 'disabled' WHERE id = $1", sub);
    IT_SQL("UPDATE notifications.deliveries SET lease_until = NULL WHERE subscription_id = $1",
           sub);
    assert_int_equal(claim(ME, 2, 10, &more), 0);
    dispatch_claims_free(more, 0);
}

/* A worker whose lease ran out loses the delivery to another; its late
 * result is refused and only the new holder's attempt is recorded. */
static void lease_expiry_hands_over(void **state)
{
    dispatch_claim *a = NULL, *b = NULL;
    size_t na, nb;
    char sub[37];

    (void)state;
    insert_subscription(TENANT, uuid_n(sub, 1, 40));
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000041",
                    "00000000-0000-4000-8003-000000000041", "/cases/L");
    na = claim(ME, 2, 1, &a);
    assert_int_equal(na, 1);
    assert_int_equal(claim(OTHER, 2, 1, &b), 0); /* leased */
    dispatch_claims_free(b, 0);
    IT_SQL("UPDATE notifications.deliveries SET lease_until = now() - interval '1 second'\n"
           " WHERE id = $1",
           "00000000-0000-4000-8003-000000000041");
    nb = claim(OTHER, 2, 1, &b);
    assert_int_equal(nb, 1);
    assert_string_equal(b[0].id, a[0].id);
    assert_int_equal(finish(&a[0], ME, "delivered", 200, 0), KC_NOT_FOUND);
    assert_int_equal(finish(&b[0], OTHER, "retrying", 0, 1000), KC_OK);
    assert_int_equal(it_sql_count("SELECT count(*) FROM notifications.delivery_attempts\n"
                                  " WHERE delivery_id = '00000000-0000-4000-8003-000000000041'"),
                     1);
    dispatch_claims_free(a, na);
    dispatch_claims_free(b, nb);
}

/* The attempt row and the state: retrying (next try later, the error
 * kept), then failed with a status code and finished_at. */
static void outcome_recorded(void **state)
{
    dispatch_claim *c = NULL;
    size_t n;
    char sub[37], v[256];

    (void)state;
    insert_subscription(TENANT, uuid_n(sub, 1, 50));
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000051",
                    "00000000-0000-4000-8003-000000000051", "/cases/R");
    n = claim(ME, 2, 1, &c);
    assert_int_equal(n, 1);
    assert_int_equal(finish(&c[0], ME, "retrying", 0, 60000), KC_OK);
    assert_string_equal(
        it_sql_value(v, sizeof(v),
                     "SELECT state || ' ' || attempts || ' ' ||\n"
                     "       (next_attempt_at > now() + interval '50 seconds') ||\n"
                     "       ' ' || coalesce(last_error, '-') || ' ' ||\n"
                     "       (lease_until IS NULL) || ' ' || (finished_at IS NULL)\n"
                     "  FROM notifications.deliveries\n"
                     " WHERE id = '00000000-0000-4000-8003-000000000051'"),
        "retrying 1 true connection refused true true");
    dispatch_claims_free(c, n);
    IT_SQL("UPDATE notifications.deliveries SET next_attempt_at = now() WHERE id = $1",
           "00000000-0000-4000-8003-000000000051");
    n = claim(ME, 2, 1, &c);
    assert_int_equal(n, 1);
    assert_int_equal(finish(&c[0], ME, "failed", 500, 0), KC_OK);
    dispatch_claims_free(c, n);
    assert_string_equal(
        it_sql_value(v, sizeof(v),
                     "SELECT state || ' ' || attempts || ' ' || last_status || ' ' ||\n"
                     "       (last_error IS NULL) || ' ' || (finished_at IS NOT NULL)\n"
                     "  FROM notifications.deliveries\n"
                     " WHERE id = '00000000-0000-4000-8003-000000000051'"),
        "failed 2 500 true true");
    assert_string_equal(
        it_sql_value(v, sizeof(v),
                     "SELECT string_agg(number || ':' || coalesce(status_code::text, error)\n"
                     "                  || ':' || duration_ms, ',' ORDER BY number)\n"
                     "  FROM notifications.delivery_attempts\n"
                     " WHERE delivery_id = '00000000-0000-4000-8003-000000000051'"),
        "1:connection refused:120,2:500:120");
    /* a finished delivery is not claimed again */
    assert_int_equal(claim(ME, 2, 1, &c), 0);
    dispatch_claims_free(c, 0);
}

/* 410: the subscription is disabled (once) and its open deliveries
 * cancelled; a delivered one clears failing_since (recovered once). */
static void gone_and_recovered(void **state)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    char sub[37], sub2[37], v[128];
    int disabled = 0, cancelled = 0, recovered = 0;

    (void)state;
    insert_subscription(TENANT, uuid_n(sub, 1, 60));
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000061",
                    "00000000-0000-4000-8003-000000000061", "/cases/G");
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000062",
                    "00000000-0000-4000-8003-000000000062", "/cases/H");
    IT_SQL("UPDATE notifications.deliveries SET state = 'delivered' WHERE id = $1",
           "00000000-0000-4000-8003-000000000062");
    insert_subscription(TENANT, uuid_n(sub2, 1, 61));
    IT_SQL("UPDATE notifications.subscriptions SET failing_since = now() WHERE id = $1", sub2);
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    /* another tenant's id changes nothing */
    assert_int_equal(dispatch_repo_gone(conn, TENANT2, sub, &disabled, &cancelled, &pb), KC_OK);
    assert_int_equal(disabled, 0);
    assert_int_equal(cancelled, 0);
    assert_int_equal(dispatch_repo_gone(conn, TENANT, sub, &disabled, &cancelled, &pb), KC_OK);
    assert_int_equal(disabled, 1);
    assert_int_equal(cancelled, 1);
    assert_int_equal(dispatch_repo_gone(conn, TENANT, sub, &disabled, &cancelled, &pb), KC_OK);
    assert_int_equal(disabled, 0);
    assert_int_equal(dispatch_repo_recovered(conn, TENANT, sub2, &recovered, &pb), KC_OK);
    assert_int_equal(recovered, 1);
    assert_int_equal(dispatch_repo_recovered(conn, TENANT, sub2, &recovered, &pb), KC_OK);
    assert_int_equal(recovered, 0);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT status || ' ' || disabled_reason || ' ' || version\n"
                                     "  FROM notifications.subscriptions WHERE id = '%s'",
                                     sub),
                        "disabled gone 2");
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT string_agg(state, ',' ORDER BY id)\n"
                                     "  FROM notifications.deliveries WHERE subscription_id = '%s'",
                                     sub),
                        "cancelled,delivered");
}

/* A dead letter as the worker records it: when c is not NULL its last
 * attempt fails, and in the same transaction the subscription is marked
 * failing and the alert gate tried. */
static void failing(const dispatch_claim *c, const char *sub, int every_s, int *alert,
                    dispatch_alert *a)
{
    dispatch_result r = {"failed", 0, "2026-12-03T10:00:00.000Z", 10000, 0, "timeout"};
    kc_db_conn *conn = NULL;
    kc_problem pb;

    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    if (c != NULL)
        assert_int_equal(dispatch_repo_finish(conn, c, ME, &r, &pb), KC_OK);
    assert_int_equal(dispatch_repo_failing(conn, TENANT, sub, every_s, alert, a, &pb), KC_OK);
    assert_int_equal(kc_db_commit(conn, &pb), KC_OK);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
}

/* The first dead letter marks the subscription failing and opens the
 * gate once; the next ones in the window do not; after the window it
 * opens again. The alert counts the failed deliveries and carries the
 * tenant's address. */
static void alert_gate_once_per_window(void **state)
{
    dispatch_claim *c = NULL;
    size_t n;
    dispatch_alert a;
    char sub[37], since[64], v[64];
    int alert = 0;

    (void)state;
    insert_subscription(TENANT, uuid_n(sub, 1, 70));
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000071",
                    "00000000-0000-4000-8003-000000000071", "/cases/F");
    IT_SQL("INSERT INTO notifications.settings (tenant_id, alert_email)\n"
           "VALUES ($1, 'beheer@gemeente.example')",
           TENANT);
    n = claim(ME, 2, 1, &c);
    assert_int_equal(n, 1);
    failing(&c[0], sub, 86400, &alert, &a);
    dispatch_claims_free(c, n);
    assert_int_equal(alert, 1);
    assert_int_equal(a.failed_deliveries, 1);
    assert_string_equal(a.alert_email, "beheer@gemeente.example");
    assert_string_equal(a.callback_url, "https://hooks.example.org/in?token=s3cret");
    assert_true(strlen(a.failing_since) > 0);
    snprintf(since, sizeof(since), "%s", a.failing_since);
    dispatch_alert_clear(&a);
    failing(NULL, sub, 86400, &alert, &a);
    assert_int_equal(alert, 0);
    assert_null(a.alert_email);
    /* failing_since stays the first one */
    it_sql_value(v, sizeof(v),
                 "SELECT to_char(failing_since AT TIME ZONE 'UTC',\n"
                 "               'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')\n"
                 "  FROM notifications.subscriptions WHERE id = '%s'",
                 sub);
    assert_string_equal(v, since);
    /* a day later the gate opens again, once */
    IT_SQL("UPDATE notifications.subscriptions SET last_alert_at = now() - interval '86401 s'\n"
           " WHERE id = $1",
           sub);
    failing(NULL, sub, 86400, &alert, &a);
    assert_int_equal(alert, 1);
    dispatch_alert_clear(&a);
    failing(NULL, sub, 86400, &alert, &a);
    assert_int_equal(alert, 0);
    dispatch_alert_clear(&a);
}

/* Messages past the retention go in batches, their deliveries and
 * attempts with them; younger ones stay. */
static void purge_in_batches(void **state)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    char sub[37], msg[37], del[37];
    int k, deleted = 0;

    (void)state;
    insert_subscription(TENANT, uuid_n(sub, 1, 80));
    for (k = 1; k <= 5; k++)
        insert_delivery(TENANT, sub, uuid_n(msg, 2, 80 + k), uuid_n(del, 3, 80 + k), "/cases/P");
    IT_SQL("UPDATE notifications.messages SET created_at = now() - interval '40 days'\n"
           " WHERE id::text LIKE $1",
           "00000000-0000-4000-8002-00000000008%");
    IT_SQL("UPDATE notifications.messages SET created_at = now() - interval '34 days'\n"
           " WHERE id = $1",
           "00000000-0000-4000-8002-000000000085");
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(dispatch_repo_purge(conn, 35, 3, &deleted, &pb), KC_OK);
    assert_int_equal(deleted, 3);
    assert_int_equal(dispatch_repo_purge(conn, 35, 3, &deleted, &pb), KC_OK);
    assert_int_equal(deleted, 1);
    assert_int_equal(dispatch_repo_purge(conn, 35, 3, &deleted, &pb), KC_OK);
    assert_int_equal(deleted, 0);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    assert_int_equal(it_sql_count("SELECT count(*) FROM notifications.messages"), 1);
    assert_int_equal(it_sql_count("SELECT count(*) FROM notifications.deliveries"), 1);
}

/* ---- a worker's round, end to end ---------------------------------------- */

static const dispatch_work_config work = {"worker-e2e", 2, 86400, "https://api.example.nl"};

/* A subscription to the receiver with a sealed auth value. */
static void insert_live_subscription(const char *id)
{
    char url[64], key_id[KC_CRYPTO_KEY_ID_MAX + 1];
    char *hex = NULL;

    snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook", rcv.port);
    assert_int_equal(secret_box_seal(TENANT, id, "Token abc123", &hex, key_id), KC_OK);
    IT_SQL("INSERT INTO notifications.subscriptions\n"
           "       (id, tenant_id, callback_url, auth_sealed, auth_key_id, kanalen)\n"
           "VALUES ($1, $2, $3, $4::bytea, $5, '[{\"naam\": \"cases\", \"filters\": {}}]')",
           id, TENANT, url, hex, key_id);
    free(hex);
}

static int round_once(void)
{
    int worked = -1;

    assert_int_equal(dispatch_work_round(pool, &work, 1, &worked), KC_OK);
    return worked;
}

/* A live subscription (its id uuid_n(1, n) into sub) to the test
 * receiver, started if need be, which answers status from now on. */
static void live_subscription(char sub[37], int n, int status)
{
    if (rcv.fd < 0)
        receiver_start();
    receiver_answers(status);
    insert_live_subscription(uuid_n(sub, 1, n));
}

static long events(const char *type)
{
    return it_sql_count("SELECT count(*) FROM notifications.outbox WHERE type = '%s'", type);
}

/* Delivered at once: the receiver gets the stored body, the auth value
 * verbatim and the message id; the attempt is logged with its status. */
static void round_delivers(void **state)
{
    char sub[37], v[128];

    (void)state;
    live_subscription(sub, 90, 204);
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000091",
                    "00000000-0000-4000-8003-000000000091", "/cases/E");
    assert_int_equal(round_once(), 1);
    assert_string_equal(rcv.body, "{\"kanaal\":\"cases\"}");
    assert_string_equal(rcv.authorization, "Token abc123");
    /* not signing: the message id all the same (delivery/webhook.h) */
    assert_string_equal(rcv.webhook_id, "00000000-0000-4000-8002-000000000091");
    assert_string_equal(
        it_sql_value(v, sizeof(v),
                     "SELECT d.state || ' ' || a.number || ' ' || a.status_code\n"
                     "  FROM notifications.deliveries d\n"
                     "  JOIN notifications.delivery_attempts a ON a.delivery_id = d.id\n"
                     " WHERE d.id = '00000000-0000-4000-8003-000000000091'"),
        "delivered 1 204");
    assert_int_equal(round_once(), 0); /* nothing more is due */
}

/* A receiver that keeps failing: retried (two retries here), then failed,
 * with one subscription.failing; once it answers again, recovered. */
static void round_retries_fails_alerts_recovers(void **state)
{
    char sub[37], v[128];
    int i;

    (void)state;
    live_subscription(sub, 91, 503);
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000092",
                    "00000000-0000-4000-8003-000000000092", "/cases/F1");
    for (i = 0; i < 3; i++) {
        IT_SQL("UPDATE notifications.deliveries SET next_attempt_at = now() WHERE id = $1",
               "00000000-0000-4000-8003-000000000092");
        assert_int_equal(round_once(), 1);
        it_sql_value(v, sizeof(v),
                     "SELECT state FROM notifications.deliveries\n"
                     " WHERE id = '00000000-0000-4000-8003-000000000092'");
        assert_string_equal(v, i < 2 ? "retrying" : "failed");
    }
    assert_int_equal(events("subscription.failing"), 1);
    assert_string_equal(
        it_sql_value(v, sizeof(v),
                     "SELECT data->>'failedDeliveries' || ' ' ||\n"
                     "       (data->>'id' = subject) || ' ' || (data ? 'failingSince')\n"
                     "  FROM notifications.outbox\n"
                     " WHERE type = 'subscription.failing'"),
        "1 true true");
    /* a second dead letter in the window: no second alert */
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000093",
                    "00000000-0000-4000-8003-000000000093", "/cases/F2");
    IT_SQL("UPDATE notifications.deliveries SET attempts = 2 WHERE id = $1",
           "00000000-0000-4000-8003-000000000093");
    assert_int_equal(round_once(), 1);
    assert_int_equal(events("subscription.failing"), 1);
    /* the receiver is back: the next delivery recovers the subscription */
    receiver_answers(200);
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000094",
                    "00000000-0000-4000-8003-000000000094", "/cases/F3");
    assert_int_equal(round_once(), 1);
    assert_int_equal(events("subscription.recovered"), 1);
    assert_int_equal(it_sql_count("SELECT count(*) FROM notifications.subscriptions\n"
                                  " WHERE id = '%s' AND failing_since IS NULL",
                                  sub),
                     1);
}

/* 410 Gone: the delivery fails, the subscription is disabled, its other
 * open delivery cancelled, one subscription.disabled. */
static void round_gone_disables(void **state)
{
    char sub[37], v[128];

    (void)state;
    live_subscription(sub, 92, 410);
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000095",
                    "00000000-0000-4000-8003-000000000095", "/cases/X");
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000096",
                    "00000000-0000-4000-8003-000000000096", "/cases/X");
    assert_int_equal(round_once(), 1);
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT string_agg(state, ',' ORDER BY id)\n"
                                     "  FROM notifications.deliveries WHERE subscription_id = '%s'",
                                     sub),
                        "failed,cancelled");
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT status || ' ' || disabled_reason\n"
                                     "  FROM notifications.subscriptions WHERE id = '%s'",
                                     sub),
                        "disabled gone");
    assert_int_equal(events("subscription.disabled"), 1);
    assert_int_equal(round_once(), 0);
}

/* ---- the deliveries log, resend and replay ---------------------------------- */

static json_t *body_of(const char *text)
{
    json_t *b = json_loads(text, 0, NULL);

    assert_non_null(b);
    return b;
}

static kc_status replay(const kc_principal *p, const char *sub, const char *text, int *queued)
{
    json_t *body = body_of(text), *out = NULL;
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = delivery_log_service_replay(pool, p, sub, body, &out, &pb);
    *queued = out != NULL ? (int)json_integer_value(json_object_get(out, "queued")) : -1;
    json_decref(out);
    json_decref(body);
    kc_problem_clear(&pb);
    return st;
}

/* The log pages oldest first and filters by state; one delivery shows its
 * attempts and message; another tenant sees 404; a resend makes a new
 * delivery (replay); a replay re-sends the range's messages (by seq, by
 * state); a disabled subscription refuses both (409); a bad range is 422. */
static void log_resend_replay(void **state)
{
    kc_principal admin = kt_staff(TENANT, "admin-it", NOTIFICATIONS_ROLES_MANAGE);
    kc_principal other = kt_staff(TENANT2, "admin-it2", NOTIFICATIONS_ROLES_MANAGE);
    kc_keyset page = {2, NULL, NULL};
    kc_keyset_next next = {0};
    json_t *items = NULL, *doc = NULL;
    kc_problem pb;
    char sub[37];
    int queued = 0;

    (void)state;
    kc_problem_init(&pb);
    insert_subscription(TENANT, uuid_n(sub, 1, 100));
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000101",
                    "00000000-0000-4000-8003-000000000101", "/cases/1");
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000102",
                    "00000000-0000-4000-8003-000000000102", "/cases/2");
    insert_delivery(TENANT, sub, "00000000-0000-4000-8002-000000000103",
                    "00000000-0000-4000-8003-000000000103", "/cases/3");
    IT_SQL("UPDATE notifications.deliveries SET state = 'failed', attempts = 1, last_status = 500\n"
           " WHERE id = $1",
           "00000000-0000-4000-8003-000000000102");
    IT_SQL("INSERT INTO notifications.delivery_attempts\n"
           "       (tenant_id, delivery_id, number, started_at, duration_ms, status_code)\n"
           "VALUES ($1, $2, 1, now(), 87, 500)",
           TENANT, "00000000-0000-4000-8003-000000000102");
    /* two pages */
    assert_int_equal(
        delivery_log_service_list(pool, &admin, sub, NULL, NULL, NULL, &page, &items, &next, &pb),
        KC_OK);
    assert_int_equal(json_array_size(items), 2);
    assert_true(next.has_more);
    json_decref(items);
    page.after_key = next.key;
    page.after_id = next.id;
    assert_int_equal(
        delivery_log_service_list(pool, &admin, sub, NULL, NULL, NULL, &page, &items, &next, &pb),
        KC_OK);
    assert_int_equal(json_array_size(items), 1);
    assert_false(next.has_more);
    json_decref(items);
    /* by state */
    page.after_key = page.after_id = NULL;
    assert_int_equal(delivery_log_service_list(pool, &admin, sub, "failed", NULL, NULL, &page,
                                               &items, &next, &pb),
                     KC_OK);
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "id")),
                        "00000000-0000-4000-8003-000000000102");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "lastStatus")),
                     500);
    json_decref(items);
    items = NULL;
    /* another tenant */
    assert_int_equal(
        delivery_log_service_list(pool, &other, sub, NULL, NULL, NULL, &page, &items, &next, &pb),
        KC_NOT_FOUND);
    assert_int_equal(
        delivery_log_service_get(pool, &other, "00000000-0000-4000-8003-000000000102", &doc, &pb),
        KC_NOT_FOUND);
    assert_int_equal(delivery_log_service_resend(pool, &other,
                                                 "00000000-0000-4000-8003-000000000102", &doc, &pb),
                     KC_NOT_FOUND);
    assert_int_equal(replay(&other, sub, "{\"afterSeq\": 0}", &queued), KC_NOT_FOUND);
    /* one delivery */
    assert_int_equal(
        delivery_log_service_get(pool, &admin, "00000000-0000-4000-8003-000000000102", &doc, &pb),
        KC_OK);
    assert_int_equal(json_array_size(json_object_get(doc, "attemptLog")), 1);
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(json_object_get(doc, "attemptLog"), 0), "statusCode")),
                     500);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(doc, "message"), "kanaal")), "cases");
    json_decref(doc);
    /* resend */
    assert_int_equal(delivery_log_service_resend(pool, &admin,
                                                 "00000000-0000-4000-8003-000000000102", &doc, &pb),
                     KC_OK);
    assert_true(json_is_true(json_object_get(doc, "replay")));
    assert_string_equal(json_string_value(json_object_get(doc, "state")), "pending");
    assert_string_equal(json_string_value(json_object_get(doc, "messageId")),
                        "00000000-0000-4000-8002-000000000102");
    json_decref(doc);
    /* replay: every message of the range once, or those of failed deliveries */
    assert_int_equal(replay(&admin, sub, "{\"afterSeq\": 0}", &queued), KC_OK);
    assert_int_equal(queued, 3);
    assert_int_equal(
        replay(&admin, sub, "{\"from\": \"2020-01-01T00:00:00Z\", \"state\": \"failed\"}", &queued),
        KC_OK);
    assert_int_equal(queued, 1);
    assert_int_equal(it_sql_count("SELECT count(*) FROM notifications.deliveries\n"
                                  " WHERE subscription_id = '%s' AND replay",
                                  sub),
                     5);
    /* bad ranges */
    assert_int_equal(replay(&admin, sub, "{}", &queued), KC_INVALID);
    assert_int_equal(
        replay(&admin, sub, "{\"from\": \"2020-01-01T00:00:00Z\", \"afterSeq\": 1}", &queued),
        KC_INVALID);
    assert_int_equal(replay(&admin, sub, "{\"afterSeq\": 5, \"toSeq\": 5}", &queued), KC_INVALID);
    assert_int_equal(replay(&admin, sub, "{\"to\": \"2030-01-01T00:00:00Z\"}", &queued),
                     KC_INVALID);
    /* disabled: 409 */
    IT_SQL("UPDATE notifications.subscriptions SET status = 'disabled' WHERE id = $1", sub);
    assert_int_equal(delivery_log_service_resend(pool, &admin,
                                                 "00000000-0000-4000-8003-000000000102", &doc, &pb),
                     KC_CONFLICT);
    assert_int_equal(replay(&admin, sub, "{\"afterSeq\": 0}", &queued), KC_CONFLICT);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(two_claimers_never_share, clean),
        cmocka_unit_test_setup(claim_batch_and_release, clean),
        cmocka_unit_test_setup(order_per_order_key, clean),
        cmocka_unit_test_setup(in_flight_bound, clean),
        cmocka_unit_test_setup(lease_expiry_hands_over, clean),
        cmocka_unit_test_setup(outcome_recorded, clean),
        cmocka_unit_test_setup(gone_and_recovered, clean),
        cmocka_unit_test_setup(alert_gate_once_per_window, clean),
        cmocka_unit_test_setup(purge_in_batches, clean),
        cmocka_unit_test_setup(round_delivers, clean),
        cmocka_unit_test_setup(round_retries_fails_alerts_recovers, clean),
        cmocka_unit_test_setup(round_gone_disables, clean),
        cmocka_unit_test_setup(log_resend_replay, clean),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
