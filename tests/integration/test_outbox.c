/* Integration: outbox add + relay to Redis, including a Redis outage. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <hiredis/hiredis.h>

#include "it.h"
#include "koers/pg.h"
#include "koers/migrate.h"
#include "koers/outbox.h"
#include "koers/subscriber.h"

#define TENANT "7d1c2f4e-1111-4a2b-9c3d-000000000001"
#define MAX_EV 128
#define N_DOWN 20

typedef struct {
    pthread_mutex_t mu;
    int n, probes;
    json_t *ev[MAX_EV];
} collector;

static collector got = {.mu = PTHREAD_MUTEX_INITIALIZER};
static kc_db_pool *pool;

static void on_event(const json_t *env, void *user)
{
    collector *c = user;
    pthread_mutex_lock(&c->mu);
    if (json_object_get(env, "probe") != NULL)
        c->probes++;
    else if (c->n < MAX_EV)
        c->ev[c->n++] = json_deep_copy(env);
    pthread_mutex_unlock(&c->mu);
}

static int count_of(const int *field, int want, int ms)
{
    long long until = it_now_ms() + ms;
    int n = 0;
    for (;;) {
        pthread_mutex_lock(&got.mu);
        n = *field;
        pthread_mutex_unlock(&got.mu);
        if (n >= want || it_now_ms() >= until)
            return n;
        it_sleep_ms(20);
    }
}

static int redis_port(void)
{
    const char *c = strrchr(it_env("KOERS_REDIS_URL"), ':');
    return c ? atoi(c + 1) : 0;
}

static int wait_subscribed(int ms)
{
    long long until = it_now_ms() + ms;
    static int probe;
    while (it_now_ms() < until) {
        struct timeval tv = {1, 0};
        redisContext *c = redisConnectWithTimeout("127.0.0.1", redis_port(), tv);
        int before = count_of(&got.probes, 0, 0);
        if (c != NULL && c->err == 0) {
            redisReply *r =
                redisCommand(c, "PUBLISH koers.itsvc.probe {\"id\":\"p%d\",\"probe\":1}", probe++);
            if (r != NULL)
                freeReplyObject(r);
        }
        if (c != NULL)
            redisFree(c);
        if (count_of(&got.probes, before + 1, 500) > before)
            return 1;
    }
    return 0;
}

static long long pending_in_db(void)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    PGresult *res = NULL;
    long long n = -1;
    kc_problem_init(&pb);
    if (kc_db_acquire(pool, &c, &pb) == KC_OK &&
        kc_db_exec(c, NULL, "SELECT count(*) FROM it_ob.outbox WHERE published_at IS NULL", 0, NULL,
                   &res, &pb) == KC_OK)
        n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    kc_db_release(pool, c);
    kc_problem_clear(&pb);
    return n;
}

/* Adds event number seq in its own transaction, committed or rolled back. */
static void add_event(int seq, int commit)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    char subject[32];
    json_t *data = json_pack("{s:i}", "seq", seq);
    kc_problem_init(&pb);
    snprintf(subject, sizeof(subject), "case-%d", seq % 3);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(kc_outbox_add(c, "it_ob", commit ? "case.received" : "case.rolledback", TENANT,
                                   subject, data, &pb),
                     KC_OK);
    if (commit)
        assert_int_equal(kc_db_commit(c, &pb), KC_OK);
    else
        kc_db_rollback(c);
    kc_db_release(pool, c);
    json_decref(data);
    kc_problem_clear(&pb);
}

static int setup(void **state)
{
    (void)state;
    return it_setup("it_ob", NULL, 0, &pool);
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    for (int i = 0; i < got.n; i++)
        json_decref(got.ev[i]);
    return 0;
}

static void check_in_order(int from, int to)
{
    for (int i = from; i < to; i++) {
        const json_t *e = got.ev[i];
        assert_int_equal(json_integer_value(json_object_get(json_object_get(e, "data"), "seq")), i);
        assert_string_equal(json_string_value(json_object_get(e, "type")), "case.received");
        assert_string_equal(json_string_value(json_object_get(e, "source")), "itsvc");
        assert_string_equal(json_string_value(json_object_get(e, "tenant")), TENANT);
        assert_int_equal(strlen(json_string_value(json_object_get(e, "id"))), 36);
        assert_int_equal(strlen(json_string_value(json_object_get(e, "time"))), 27);
        assert_int_equal(json_string_value(json_object_get(e, "time"))[26], 'Z');
        assert_non_null(json_string_value(json_object_get(e, "subject")));
        for (int j = 0; j < i; j++)
            assert_string_not_equal(json_string_value(json_object_get(e, "id")),
                                    json_string_value(json_object_get(got.ev[j], "id")));
    }
}

static void test_relay_in_order_through_outage(void **state)
{
    kc_outbox_relay *relay = NULL;
    kc_subscriber *sub = NULL;
    kc_problem pb;
    PGconn *locker = NULL;
    PGresult *res = NULL;
    long long until;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(
        kc_subscriber_start(it_env("KOERS_REDIS_URL"), "koers.itsvc.*", on_event, &got, &sub),
        KC_OK);
    assert_true(wait_subscribed(10000));
    assert_int_equal(kc_outbox_relay_start(it_env("KOERS_DATABASE_URL"), "it_ob", "itsvc",
                                           it_env("KOERS_REDIS_URL"), 200, &relay),
                     KC_OK);
    for (int i = 0; i < 5; i++) {
        add_event(i, 1);
        if (i == 2)
            add_event(99, 0); /* rolled back: must never arrive */
    }
    assert_int_equal(count_of(&got.n, 5, 10000), 5);
    it_sleep_ms(400);
    assert_int_equal(count_of(&got.n, 0, 0), 5);
    check_in_order(0, 5);
    assert_int_equal(kc_outbox_relay_published(relay), 5);
    assert_int_equal(pending_in_db(), 0);
    assert_int_equal(kc_outbox_relay_redis_up(relay), 1);

    /* Redis goes away: committed events wait, none is lost */
    assert_int_equal(it_redis("stop"), 0);
    for (int i = 5; i < 5 + N_DOWN; i++)
        add_event(i, 1);
    until = it_now_ms() + 10000;
    while ((kc_outbox_relay_pending(relay) != N_DOWN || kc_outbox_relay_redis_up(relay)) &&
           it_now_ms() < until)
        it_sleep_ms(50);
    assert_int_equal(kc_outbox_relay_pending(relay), N_DOWN);
    assert_int_equal(kc_outbox_relay_redis_up(relay), 0);
    assert_int_equal(pending_in_db(), N_DOWN);

    /* Hold the relay back (a table lock) until our subscriber is back, as
     * Redis pub/sub keeps nothing for absent subscribers. */
    locker = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    assert_int_equal(PQstatus(locker), CONNECTION_OK);
    res = PQexec(locker, "BEGIN; LOCK TABLE it_ob.outbox IN ACCESS EXCLUSIVE MODE");
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    assert_int_equal(it_redis("start"), 0);
    assert_true(wait_subscribed(10000));
    PQclear(PQexec(locker, "ROLLBACK"));
    PQfinish(locker);

    assert_int_equal(count_of(&got.n, 5 + N_DOWN, 10000), 5 + N_DOWN);
    it_sleep_ms(400);
    assert_int_equal(count_of(&got.n, 0, 0), 5 + N_DOWN);
    check_in_order(5, 5 + N_DOWN);
    assert_int_equal(pending_in_db(), 0);
    assert_int_equal(kc_outbox_relay_published(relay), 5 + N_DOWN); /* each exactly once */
    until = it_now_ms() + 5000;
    while (kc_outbox_relay_pending(relay) != 0 && it_now_ms() < until)
        it_sleep_ms(50);
    assert_int_equal(kc_outbox_relay_pending(relay), 0);

    kc_outbox_relay_stop(relay);
    kc_subscriber_stop(sub);
    kc_problem_clear(&pb);
}

static void test_add_validates(void **state)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(kc_outbox_add(c, "it_ob; DROP", "t", TENANT, "s", NULL, &pb), KC_INTERNAL);
    kc_problem_clear(&pb);
    assert_int_equal(kc_outbox_add(c, "it_ob", "t", "not-a-uuid", "s", NULL, &pb), KC_INVALID);
    kc_problem_clear(&pb);
    kc_db_release(pool, c);
    assert_int_equal(pending_in_db(), 0);
    assert_int_equal(kc_redis_ping(it_env("KOERS_REDIS_URL")), KC_OK);
    assert_int_equal(kc_redis_ping("redis://127.0.0.1:1/0"), KC_UNAVAILABLE);
}

/* Several events in one statement: rows in the given order, each as
 * kc_outbox_add would write it (data with quotes, backslashes, non-ASCII
 * and nesting intact); none when rolled back or refused. */
static void test_add_many(void **state)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    PGresult *res = NULL;
    json_t *d0 = json_pack("{s:s, s:[i,s]}", "quote", "a \"b\" \\ c {x,y}", "list", 1, "é€");
    json_t *d2 = json_pack("{s:n}", "nothing");
    kc_outbox_event ev[3] = {{"case.received", "subject-0", d0},
                             {"case.assigned", "subject \"1\"", NULL},
                             {"case.closed", "subject-2", d2}};
    kc_outbox_event many[17];
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    /* rolled back: nothing */
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(kc_outbox_add_many(c, "it_ob", TENANT, ev, 3, &pb), KC_OK);
    kc_db_rollback(c);
    assert_int_equal(pending_in_db(), 0);
    /* too many, a bad schema: refused, nothing written */
    for (int i = 0; i < 17; i++)
        many[i] = ev[0];
    assert_int_equal(kc_outbox_add_many(c, "it_ob", TENANT, many, 17, &pb), KC_INTERNAL);
    kc_problem_clear(&pb);
    assert_int_equal(kc_outbox_add_many(c, "it_ob; DROP", TENANT, ev, 3, &pb), KC_INTERNAL);
    kc_problem_clear(&pb);
    assert_int_equal(kc_outbox_add_many(c, "it_ob", TENANT, ev, 0, &pb), KC_OK);
    assert_int_equal(pending_in_db(), 0);
    /* committed: three rows in order */
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(kc_outbox_add_many(c, "it_ob", TENANT, ev, 3, &pb), KC_OK);
    assert_int_equal(kc_db_commit(c, &pb), KC_OK);
    assert_int_equal(
        kc_db_exec(
            c, NULL,
            "SELECT type, subject, data::text, tenant_id::text  FROM it_ob.outbox WHERE published_at IS NULL ORDER BY id",
            0, NULL, &res, &pb),
        KC_OK);
    assert_int_equal(PQntuples(res), 3);
    for (int i = 0; i < 3; i++) {
        json_t *want = ev[i].data != NULL ? json_deep_copy(ev[i].data) : json_object();
        json_t *have = json_loads(PQgetvalue(res, i, 2), 0, NULL);
        assert_string_equal(PQgetvalue(res, i, 0), ev[i].type);
        assert_string_equal(PQgetvalue(res, i, 1), ev[i].subject);
        assert_string_equal(PQgetvalue(res, i, 3), TENANT);
        assert_non_null(have);
        assert_true(json_equal(want, have));
        json_decref(want);
        json_decref(have);
    }
    PQclear(res);
    res = NULL;
    assert_int_equal(kc_db_exec(c, NULL, "DELETE FROM it_ob.outbox WHERE published_at IS NULL", 0,
                                NULL, NULL, &pb),
                     KC_OK);
    kc_db_release(pool, c);
    json_decref(d0);
    json_decref(d2);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relay_in_order_through_outage),
        cmocka_unit_test(test_add_validates),
        cmocka_unit_test(test_add_many),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
