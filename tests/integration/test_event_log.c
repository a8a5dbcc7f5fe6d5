/* Integration: the relay numbers what it publishes (outbox seq) and
 * kc_event_log_page reads a tenant's published events back in publication
 * order (events replay). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "koers/event_log.h"
#include "koers/migrate.h"
#include "koers/outbox.h"

#define SCHEMA   "it_ev"
#define TENANT_A "7d1c2f4e-2222-4a2b-9c3d-00000000000a"
#define TENANT_B "7d1c2f4e-2222-4a2b-9c3d-00000000000b"

static kc_db_pool *pool;
static kc_outbox_relay *relay;

/* One value of a query of the test database as a number (-1 on failure). */
static long long scalar(const char *sql)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    PGresult *res = NULL;
    long long v = -1;

    kc_problem_init(&pb);
    if (kc_db_acquire(pool, &c, &pb) == KC_OK &&
        kc_db_exec(c, NULL, sql, 0, NULL, &res, &pb) == KC_OK && PQntuples(res) == 1 &&
        !PQgetisnull(res, 0, 0))
        v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    kc_db_release(pool, c);
    kc_problem_clear(&pb);
    return v;
}

static int wait_published(int ms)
{
    long long until = it_now_ms() + ms;
    while (it_now_ms() < until) {
        if (scalar("SELECT count(*) FROM " SCHEMA ".outbox WHERE published_at IS NULL") == 0)
            return 1;
        it_sleep_ms(20);
    }
    return 0;
}

/* Adds event number n for tenant in its own committed transaction. */
static void add(const char *tenant, int n)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    json_t *data = json_pack("{s:i}", "n", n);

    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(kc_outbox_add(c, SCHEMA, "case.received", tenant, "case-1", data, &pb), KC_OK);
    assert_int_equal(kc_db_commit(c, &pb), KC_OK);
    kc_db_release(pool, c);
    json_decref(data);
    kc_problem_clear(&pb);
}

static int setup(void **state)
{
    (void)state;
    if (it_setup(SCHEMA, NULL, 0, &pool) != 0)
        return -1;
    return kc_outbox_relay_start(it_env("KOERS_DATABASE_URL"), SCHEMA, "itev",
                                 it_env("KOERS_REDIS_URL"), 50, &relay) == KC_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    kc_outbox_relay_stop(relay);
    kc_db_pool_free(pool);
    return 0;
}

/* Reads every event of tenant after `after`, `limit` per page, checking
 * the seq grows; returns how many (data.n of each into ns). */
static int read_all(const char *tenant, long long after, int limit, int *ns, int max)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    int total = 0, more = 1;

    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    while (more) {
        kc_event_log_entry *items = NULL;
        size_t n = 0;
        assert_int_equal(kc_event_log_page(c, SCHEMA, tenant, after, limit, &items, &n, &more, &pb),
                         KC_OK);
        assert_true(n <= (size_t)limit);
        assert_true(more == 0 || n == (size_t)limit);
        for (size_t i = 0; i < n; i++) {
            assert_true(items[i].seq > after);
            after = items[i].seq;
            assert_int_equal(strlen(items[i].id), 36);
            assert_string_equal(items[i].type, "case.received");
            assert_string_equal(items[i].subject, "case-1");
            assert_int_equal(strlen(items[i].created_at), 24);
            assert_int_equal(strlen(items[i].published_at), 24);
            assert_true(total < max);
            ns[total++] = (int)json_integer_value(json_object_get(items[i].data, "n"));
        }
        kc_event_log_free(items, n);
    }
    kc_db_release(pool, c);
    kc_problem_clear(&pb);
    return total;
}

static void test_every_published_event_has_a_seq_per_tenant(void **state)
{
    int ns[64], n;
    (void)state;
    for (int i = 0; i < 10; i++)
        add(i % 2 == 0 ? TENANT_A : TENANT_B, i);
    assert_true(wait_published(10000));
    assert_int_equal(scalar("SELECT count(*) FROM " SCHEMA ".outbox WHERE seq IS NULL"), 0);
    assert_int_equal(scalar("SELECT count(DISTINCT seq) FROM " SCHEMA ".outbox"), 10);
    /* tenant A only, in order, through pages of 2 */
    n = read_all(TENANT_A, 0, 2, ns, 64);
    assert_int_equal(n, 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(ns[i], 2 * i);
    n = read_all(TENANT_B, 0, 100, ns, 64);
    assert_int_equal(n, 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(ns[i], 2 * i + 1);
    /* after the last seq: nothing */
    n = read_all(TENANT_A, scalar("SELECT max(seq) FROM " SCHEMA ".outbox"), 10, ns, 64);
    assert_int_equal(n, 0);
}

/* An event written first but committed last is published last: its seq
 * is the higher one although its id is the lower, so a reader that
 * remembered the seq of the first publication still finds it. */
static void test_seq_follows_publication_not_id(void **state)
{
    kc_db_conn *slow = NULL;
    kc_problem pb;
    PGresult *res = NULL;
    json_t *data = json_pack("{s:i}", "n", 100);
    long long before = scalar("SELECT coalesce(max(seq), 0) FROM " SCHEMA ".outbox");
    int ns[8], n;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &slow, &pb), KC_OK);
    assert_int_equal(kc_db_begin(slow, &pb), KC_OK);
    assert_int_equal(kc_outbox_add(slow, SCHEMA, "case.received", TENANT_A, "case-1", data, &pb),
                     KC_OK);
    /* a statement with a result sends the queued INSERT: its id is taken */
    assert_int_equal(kc_db_exec(slow, NULL, "SELECT 1", 0, NULL, &res, &pb), KC_OK);
    PQclear(res);
    add(TENANT_A, 101);
    assert_true(wait_published(10000));
    n = read_all(TENANT_A, before, 10, ns, 8);
    assert_int_equal(n, 1);
    assert_int_equal(ns[0], 101);
    assert_int_equal(kc_db_commit(slow, &pb), KC_OK);
    kc_db_release(pool, slow);
    assert_true(wait_published(10000));
    n = read_all(TENANT_A, before, 10, ns, 8);
    assert_int_equal(n, 2);
    assert_int_equal(ns[0], 101);
    assert_int_equal(ns[1], 100);
    assert_int_equal(scalar("SELECT count(*) FROM " SCHEMA ".outbox WHERE data->>'n' = '100' AND "
                            "seq > (SELECT seq FROM " SCHEMA ".outbox WHERE data->>'n' = '101') "
                            "AND id < (SELECT id FROM " SCHEMA ".outbox WHERE data->>'n' = '101')"),
                     1);
    json_decref(data);
    kc_problem_clear(&pb);
}

static void test_page_validates(void **state)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    kc_event_log_entry *items = NULL;
    size_t n = 0;
    int more = 0;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(kc_event_log_page(c, "it_ev; DROP", TENANT_A, 0, 10, &items, &n, &more, &pb),
                     KC_INVALID);
    assert_int_equal(kc_event_log_page(c, SCHEMA, "nope", 0, 10, &items, &n, &more, &pb),
                     KC_INVALID);
    assert_int_equal(kc_event_log_page(c, SCHEMA, TENANT_A, 0, 0, &items, &n, &more, &pb),
                     KC_INVALID);
    assert_int_equal(kc_event_log_page(c, SCHEMA, TENANT_A, 0, 1001, &items, &n, &more, &pb),
                     KC_INVALID);
    assert_null(items);
    assert_int_equal(n, 0);
    kc_db_release(pool, c);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_published_event_has_a_seq_per_tenant),
        cmocka_unit_test(test_seq_follows_publication_not_id),
        cmocka_unit_test(test_page_validates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
