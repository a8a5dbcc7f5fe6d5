/* Integration: the connection pool against a real PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"

static kc_db_pool *pool;

static void exec_ok(kc_db_conn *c, const char *sql)
{
    kc_problem pb;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_exec(c, NULL, sql, 0, NULL, NULL, &pb), KC_OK);
    kc_problem_clear(&pb);
}

static int setup(void **state)
{
    char err[256];
    kc_db_conn *c = NULL;
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    if (kc_db_pool_create(it_env("KOERS_DATABASE_URL"), 4, &pool, err, sizeof(err)) != KC_OK) {
        fprintf(stderr, "pool: %s\n", err);
        return -1;
    }
    if (kc_db_acquire(pool, &c, &pb) != KC_OK)
        return -1;
    exec_ok(c, "DROP SCHEMA IF EXISTS it_db CASCADE");
    exec_ok(c, "CREATE SCHEMA it_db");
    exec_ok(c, "CREATE TABLE IF NOT EXISTS it_db.things (id uuid PRIMARY KEY, name text UNIQUE)");
    kc_db_release(pool, c);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

static long count_named(kc_db_conn *c, const char *name)
{
    kc_problem pb;
    PGresult *res = NULL;
    const char *p[1] = {name};
    long n = -1;
    kc_problem_init(&pb);
    if (kc_db_exec(c, "it_count", "SELECT count(*) FROM it_db.things WHERE name = $1", 1, p, &res,
                   &pb) == KC_OK)
        n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    kc_problem_clear(&pb);
    return n;
}

static void test_prepared_and_plain(void **state)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    PGresult *res = NULL;
    const char *p[2] = {"5b0c7a2e-3f7c-4d3e-9c1a-0a0b0c0d0e01", "alpha"};
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(
        kc_db_exec(c, "it_ins", "INSERT INTO it_db.things VALUES ($1, $2)", 2, p, NULL, &pb),
        KC_OK);
    /* the same name again reuses the prepared statement */
    for (int i = 0; i < 3; i++)
        assert_int_equal(count_named(c, "alpha"), 1);
    assert_int_equal(kc_db_exec(c, NULL, "SELECT name, NULL::text FROM it_db.things WHERE id = $1",
                                1, p, &res, &pb),
                     KC_OK);
    assert_int_equal(PQntuples(res), 1);
    assert_string_equal(PQgetvalue(res, 0, 0), "alpha");
    assert_true(PQgetisnull(res, 0, 1));
    PQclear(res);
    res = NULL;
    assert_int_equal(kc_db_exec(c, NULL,
                                "SELECT current_setting('application_name'),"
                                " current_setting('statement_timeout')",
                                0, NULL, &res, &pb),
                     KC_OK);
    assert_string_equal(PQgetvalue(res, 0, 0), "koers");
    assert_string_equal(PQgetvalue(res, 0, 1), "10s");
    PQclear(res);
    kc_db_release(pool, c);
    assert_int_equal(kc_db_pool_in_use(pool), 0);
    assert_int_equal(kc_db_pool_size(pool), 4);
    assert_int_equal(kc_db_ping(pool), KC_OK);
    kc_problem_clear(&pb);
}

static void test_sqlstate_mapping(void **state)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    const char *dup[2] = {"5b0c7a2e-3f7c-4d3e-9c1a-0a0b0c0d0e02", "beta"};
    const char *dup2[2] = {"5b0c7a2e-3f7c-4d3e-9c1a-0a0b0c0d0e03", "beta"};
    const char *bad[1] = {"not-a-uuid"};
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(
        kc_db_exec(c, "it_ins", "INSERT INTO it_db.things VALUES ($1, $2)", 2, dup, NULL, &pb),
        KC_OK);
    assert_int_equal(
        kc_db_exec(c, "it_ins", "INSERT INTO it_db.things VALUES ($1, $2)", 2, dup2, NULL, &pb),
        KC_CONFLICT);
    assert_int_equal(kc_status_http(pb.status), 409);
    assert_null(strstr(pb.detail, "duplicate key")); /* server text stays in the log */
    assert_non_null(strstr(pb.detail, "already exists"));
    kc_problem_clear(&pb);
    assert_int_equal(kc_db_exec(c, NULL, "SELECT $1::uuid", 1, bad, NULL, &pb), KC_INVALID);
    assert_int_equal(kc_status_http(pb.status), 422);
    kc_problem_clear(&pb);
    assert_int_equal(kc_db_exec(c, NULL, "SELECT * FROM it_db.no_such_table", 0, NULL, NULL, &pb),
                     KC_INTERNAL);
    assert_null(strstr(pb.detail, "no_such_table"));
    kc_problem_clear(&pb);
    kc_db_release(pool, c);
    assert_int_equal(kc_db_status_from_sqlstate("40001"), KC_CONFLICT);
    assert_int_equal(kc_db_status_from_sqlstate("40P01"), KC_CONFLICT);
    assert_int_equal(kc_db_status_from_sqlstate("23503"), KC_INVALID);
    assert_int_equal(kc_db_status_from_sqlstate("08006"), KC_UNAVAILABLE);
    assert_int_equal(kc_db_status_from_sqlstate("57P01"), KC_UNAVAILABLE);
    assert_int_equal(kc_db_status_from_sqlstate("42601"), KC_INTERNAL);
    assert_int_equal(kc_db_status_from_sqlstate(NULL), KC_INTERNAL);
}

static void test_transactions(void **state)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    const char *g[2] = {"5b0c7a2e-3f7c-4d3e-9c1a-0a0b0c0d0e04", "gamma"};
    const char *d[2] = {"5b0c7a2e-3f7c-4d3e-9c1a-0a0b0c0d0e05", "delta"};
    const char *e[2] = {"5b0c7a2e-3f7c-4d3e-9c1a-0a0b0c0d0e06", "epsilon"};
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(
        kc_db_exec(c, "it_ins", "INSERT INTO it_db.things VALUES ($1, $2)", 2, g, NULL, &pb),
        KC_OK);
    kc_db_rollback(c);
    assert_int_equal(count_named(c, "gamma"), 0);
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(
        kc_db_exec(c, "it_ins", "INSERT INTO it_db.things VALUES ($1, $2)", 2, d, NULL, &pb),
        KC_OK);
    assert_int_equal(kc_db_commit(c, &pb), KC_OK);
    assert_int_equal(count_named(c, "delta"), 1);
    /* a transaction left open is rolled back by release */
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(
        kc_db_exec(c, "it_ins", "INSERT INTO it_db.things VALUES ($1, $2)", 2, e, NULL, &pb),
        KC_OK);
    kc_db_release(pool, c);
    c = NULL;
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(PQtransactionStatus(kc_db_pg(c)), PQTRANS_IDLE);
    assert_int_equal(count_named(c, "epsilon"), 0);
    kc_db_release(pool, c);
    kc_problem_clear(&pb);
}

/* The work of kc_db_run_tx in the test: insert the row arg names, then
 * answer what the row's third member says. */
static kc_status insert_then(kc_db_conn *conn, void *arg, kc_problem *pb)
{
    const char *const *row = arg;
    kc_status st;

    st = kc_db_exec(conn, "it_ins", "INSERT INTO it_db.things VALUES ($1, $2)", 2, row, NULL, pb);
    if (st == KC_OK && row[2] != NULL)
        st = kc_problem_set(pb, KC_CONFLICT, "%s", row[2]);
    return st;
}

/* kc_db_run_tx commits the work that answers KC_OK, rolls back the work
 * that fails (with its problem), and gives the connection back each time. */
static void test_run_tx(void **state)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    const char *z[3] = {"5b0c7a2e-3f7c-4d3e-9c1a-0a0b0c0d0e07", "zeta", NULL};
    const char *h[3] = {"5b0c7a2e-3f7c-4d3e-9c1a-0a0b0c0d0e08", "eta", "eta refused"};
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_run_tx(pool, insert_then, z, &pb), KC_OK);
    assert_int_equal(kc_db_run_tx(pool, insert_then, h, &pb), KC_CONFLICT);
    assert_string_equal(pb.detail, "eta refused");
    assert_int_equal(kc_db_pool_in_use(pool), 0);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(count_named(c, "zeta"), 1);
    assert_int_equal(count_named(c, "eta"), 0);
    kc_db_release(pool, c);
    kc_problem_clear(&pb);
}

/* Statements queued in a transaction (pipeline mode): a failure among them
 * is reported when they are flushed, nothing of the transaction stays, and
 * the connection and its prepared statements work afterwards. */
static void test_pipelined_failure(void **state)
{
    kc_db_conn *c = NULL;
    kc_problem pb;
    const char *z[2] = {"5b0c7a2e-3f7c-4d3e-9c1a-0a0b0c0d0e07", "zeta"};
    const char *dup[2] = {"5b0c7a2e-3f7c-4d3e-9c1a-0a0b0c0d0e08", "delta"}; /* name taken */
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &c, &pb), KC_OK);
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(
        kc_db_exec(c, "it_ins", "INSERT INTO it_db.things VALUES ($1, $2)", 2, z, NULL, &pb),
        KC_OK);
    assert_int_equal(
        kc_db_exec(c, "it_ins", "INSERT INTO it_db.things VALUES ($1, $2)", 2, dup, NULL, &pb),
        KC_OK); /* only queued */
    assert_int_equal(kc_db_commit(c, &pb), KC_CONFLICT);
    assert_int_equal(kc_status_http(pb.status), 409);
    kc_problem_clear(&pb);
    assert_int_equal(PQtransactionStatus(kc_db_pg(c)), PQTRANS_IDLE);
    assert_int_equal(count_named(c, "zeta"), 0);
    /* a statement whose result is wanted flushes what was queued before it */
    assert_int_equal(kc_db_begin(c, &pb), KC_OK);
    assert_int_equal(
        kc_db_exec(c, "it_ins", "INSERT INTO it_db.things VALUES ($1, $2)", 2, z, NULL, &pb),
        KC_OK);
    /* the count sees the queued insert: it was sent first, in order */
    assert_int_equal(count_named(c, "zeta"), 1);
    kc_problem_clear(&pb);
    kc_db_rollback(c);
    assert_int_equal(count_named(c, "zeta"), 0);
    kc_db_release(pool, c);
}

/* Terminates every pool session from a separate connection. */
static void terminate_pool_sessions(void)
{
    PGconn *admin = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    PGresult *res = NULL;
    assert_int_equal(PQstatus(admin), CONNECTION_OK);
    res = PQexec(admin, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE application_name = 'koers' AND pid <> pg_backend_pid()");
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    assert_true(strtol(PQgetvalue(res, 0, 0), NULL, 10) >= 1);
    PQclear(res);
    PQfinish(admin);
    it_sleep_ms(100);
}

static void test_server_went_away(void **state)
{
    kc_db_conn *held[4] = {NULL};
    kc_problem pb;
    int ok = 0, unavailable = 0;
    (void)state;
    kc_problem_init(&pb);
    /* every connection has "it_count" prepared */
    for (int i = 0; i < 4; i++) {
        assert_int_equal(kc_db_acquire(pool, &held[i], &pb), KC_OK);
        assert_int_equal(count_named(held[i], "alpha"), 1);
    }
    for (int i = 0; i < 4; i++)
        kc_db_release(pool, held[i]);
    terminate_pool_sessions();
    /* each connection either works (reset at acquire) or fails with 503 */
    for (int i = 0; i < 4; i++) {
        kc_status st = kc_db_acquire(pool, &held[i], &pb);
        if (st == KC_OK)
            st =
                kc_db_exec(held[i], "it_count", "SELECT count(*) FROM it_db.things WHERE name = $1",
                           1, (const char *const[]){"alpha"}, NULL, &pb);
        assert_true(st == KC_OK || st == KC_UNAVAILABLE);
        if (st == KC_OK)
            ok++;
        else
            unavailable++;
        kc_problem_clear(&pb);
    }
    for (int i = 0; i < 4; i++)
        kc_db_release(pool, held[i]);
    assert_int_equal(ok + unavailable, 4);
    /* afterwards every connection works again, prepared statements too */
    for (int i = 0; i < 4; i++) {
        assert_int_equal(kc_db_acquire(pool, &held[i], &pb), KC_OK);
        assert_int_equal(count_named(held[i], "alpha"), 1);
    }
    for (int i = 0; i < 4; i++)
        kc_db_release(pool, held[i]);

    /* killed in the middle of a transaction: that request fails with 503 */
    assert_int_equal(kc_db_acquire(pool, &held[0], &pb), KC_OK);
    assert_int_equal(kc_db_begin(held[0], &pb), KC_OK);
    terminate_pool_sessions();
    {
        /* a statement whose result is not read is only queued inside a
         * transaction: the failure shows at the latest at COMMIT */
        kc_status st = kc_db_exec(held[0], NULL, "SELECT 1", 0, NULL, NULL, &pb);
        if (st == KC_OK)
            st = kc_db_commit(held[0], &pb);
        assert_int_equal(st, KC_UNAVAILABLE);
        assert_int_equal(kc_status_http(pb.status), 503);
    }
    kc_problem_clear(&pb);
    kc_db_release(pool, held[0]);
    assert_int_equal(kc_db_ping(pool), KC_OK);
    for (int i = 0; i < 8; i++)
        assert_int_equal(kc_db_ping(pool), KC_OK);
}

static void test_acquire_times_out(void **state)
{
    kc_db_pool *one = NULL;
    kc_db_conn *a = NULL, *b = NULL;
    kc_problem pb;
    char err[256];
    long long t0;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_pool_create(it_env("KOERS_DATABASE_URL"), 1, &one, err, sizeof(err)),
                     KC_OK);
    assert_int_equal(kc_db_acquire(one, &a, &pb), KC_OK);
    assert_int_equal(kc_db_pool_in_use(one), 1);
    t0 = it_now_ms();
    assert_int_equal(kc_db_acquire(one, &b, &pb), KC_UNAVAILABLE);
    assert_null(b);
    assert_in_range(it_now_ms() - t0, 4000, 8000);
    kc_problem_clear(&pb);
    kc_db_release(one, a);
    kc_db_pool_free(one);
    /* an unreachable server is a clear error, not a crash */
    assert_int_equal(
        kc_db_pool_create("postgresql://koers@127.0.0.1:1/koers", 2, &one, err, sizeof(err)),
        KC_UNAVAILABLE);
    assert_null(one);
    assert_non_null(strstr(err, "database unreachable"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prepared_and_plain),
        cmocka_unit_test(test_sqlstate_mapping),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_server_went_away),
        cmocka_unit_test(test_acquire_times_out),
        cmocka_unit_test(test_pipelined_failure),
        cmocka_unit_test(test_run_tx),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
