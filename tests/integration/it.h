#ifndef KOERS_IT_H
#define KOERS_IT_H

/* Helpers of the integration tests (header-only, static inline), and the
 * test support of the unit tests (koers_test.h: kt_staff,
 * kt_invalid_param, ...). Include after <cmocka.h>. */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>
#include <jansson.h>
#include "koers/consumer_set.h"
#include "koers/db.h"
#include "koers/migrate.h"
#include "koers_test.h"

static inline const char *it_env(const char *name)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0') {
        fprintf(stderr, "%s is not set: run through tests/integration/run.sh\n", name);
        exit(2);
    }
    return v;
}

static inline long long it_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void it_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* The connections of the pool it_setup creates: enough for every test. */
#define IT_POOL_SIZE 4

/* The group set-up of a test program on the database: drops `schema` with
 * all it holds, migrates it afresh (the platform's migrations and the n
 * given; none: NULL, 0) and creates *pool (IT_POOL_SIZE connections; the
 * caller frees it with kc_db_pool_free). Returns 0, or -1 after saying on
 * stderr what failed. */
static inline int it_setup(const char *schema, const kc_migration *migrations, size_t n,
                           kc_db_pool **pool)
{
    char drop[128], err[256];
    PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));

    *pool = NULL;
    snprintf(drop, sizeof(drop), "DROP SCHEMA IF EXISTS %s CASCADE", schema);
    PQclear(PQexec(pg, drop));
    PQfinish(pg);
    if (kc_migrate(it_env("KOERS_DATABASE_URL"), schema, migrations, n, err, sizeof(err)) !=
        KC_OK) {
        fprintf(stderr, "migrate %s: %s\n", schema, err);
        return -1;
    }
    if (kc_db_pool_create(it_env("KOERS_DATABASE_URL"), IT_POOL_SIZE, pool, err, sizeof(err)) !=
        KC_OK) {
        fprintf(stderr, "pool: %s\n", err);
        return -1;
    }
    return 0;
}

/* Runs sql (one statement, with the n params $1.. as text, NULL for an
 * SQL NULL) on the connection pg: 1 when it succeeded, else 0 after
 * saying why on stderr. */
static inline int it_sql_run(PGconn *pg, const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

    if (!ok)
        fprintf(stderr, "sql: %s\n%s\n", PQerrorMessage(pg), sql);
    PQclear(r);
    return ok;
}

/* Runs sql (as it_sql_run) on a connection of its own, outside any test's
 * transaction; fails the test, saying why, when it fails. For rows a test
 * puts in. */
static inline void it_sql(const char *sql, int n, const char *const *params)
{
    PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    int ok = it_sql_run(pg, sql, n, params);

    PQfinish(pg);
    assert_true(ok);
}

/* it_sql on the test's own connection pg (kept open). */
static inline void it_sql_on(PGconn *pg, const char *sql, int n, const char *const *params)
{
    assert_true(it_sql_run(pg, sql, n, params));
}

/* The number of the parameters listed (each a const char *). */
#define IT_NPARAMS(...) ((int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

/* it_sql with its parameters listed after sql (each a const char *, NULL
 * for an SQL NULL), counted here: IT_SQL("... $1, $2", id, name). */
#define IT_SQL(sql, ...) it_sql((sql), IT_NPARAMS(__VA_ARGS__), (const char *const[]){__VA_ARGS__})

/* it_sql_on with its parameters listed, as IT_SQL. */
#define IT_SQL_ON(pg, sql, ...)                                                                    \
    it_sql_on((pg), (sql), IT_NPARAMS(__VA_ARGS__), (const char *const[]){__VA_ARGS__})

/* The one value of the one row of a query (printf-style: the test's own
 * values go in with %s), as text ("" for NULL), copied into out (n bytes);
 * returns out. Fails the test unless the query gives exactly one row. */
static inline const char *it_sql_valuev(char *out, size_t n, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static inline const char *it_sql_valuev(char *out, size_t n, const char *fmt, va_list ap)
{
    char sql[4096];
    PGconn *pg;
    PGresult *r;
    int rows = -1;

    vsnprintf(sql, sizeof(sql), fmt, ap);
    pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    r = PQexec(pg, sql);
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        rows = PQntuples(r);
    else
        fprintf(stderr, "sql: %s\n%s\n", PQerrorMessage(pg), sql);
    snprintf(out, n, "%s", rows == 1 ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    PQfinish(pg);
    assert_int_equal(rows, 1);
    return out;
}

static inline const char *it_sql_value(char *out, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline const char *it_sql_value(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    it_sql_valuev(out, n, fmt, ap);
    va_end(ap);
    return out;
}

/* The value of a one-row query of one number (a count), as it_sql_value. */
static inline long it_sql_count(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline long it_sql_count(const char *fmt, ...)
{
    char v[32];
    va_list ap;

    va_start(ap, fmt);
    it_sql_valuev(v, sizeof(v), fmt, ap);
    va_end(ap);
    return atol(v);
}

/* Applies one event of tenant (of type and subject, its data the JSON text
 * data_json, published at time: RFC 3339, "" if unknown) through handler
 * (given user), on a connection of pool in a transaction of its own, as a
 * consumer of the set runs it. id NULL: the next event id of the test program
 * ("00000000-0000-4000-9000-<n>", counting from 1), else id. The event's
 * seq is the program's count of events applied. Fails the test, saying
 * why, unless data_json parses, the handler returns KC_OK and the
 * transaction commits. */
static inline void it_apply_event_from(kc_db_pool *pool, kc_consumer_set_handler handler,
                                       void *user, const char *tenant, const char *id,
                                       const char *type, const char *subject, const char *data_json,
                                       const char *time)
{
    static int event_no;
    kc_db_conn *conn = NULL;
    kc_problem pb;
    json_error_t jerr;
    json_t *data = json_loads(data_json, 0, &jerr);
    char next_id[40];
    kc_consumer_event ev = {0};
    kc_status st;

    if (data == NULL)
        fprintf(stderr, "bad test JSON: %s\n", jerr.text);
    assert_non_null(data);
    snprintf(next_id, sizeof(next_id), "00000000-0000-4000-9000-%012d", ++event_no);
    ev.seq = event_no;
    ev.id = id != NULL ? id : next_id;
    ev.type = type;
    ev.subject = subject;
    ev.data = data;
    ev.time = time;
    ev.tenant_id = tenant;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    st = handler(conn, tenant, &ev, user, &pb);
    if (st != KC_OK)
        fprintf(stderr, "apply %s: %s\n", type, pb.detail);
    assert_int_equal(st, KC_OK);
    assert_int_equal(kc_db_commit(conn, &pb), KC_OK);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    json_decref(data);
}

/* it_apply_event_from with no user (a handler of one source). */
static inline void it_apply_event(kc_db_pool *pool, kc_consumer_set_handler handler,
                                  const char *tenant, const char *id, const char *type,
                                  const char *subject, const char *data_json, const char *time)
{
    it_apply_event_from(pool, handler, NULL, tenant, id, type, subject, data_json, time);
}

/* Stops or starts the test Redis through tests/integration/redisctl.sh. */
static inline int it_redis(const char *action)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "sh '%s' %s >/dev/null", it_env("KOERS_TEST_REDISCTL"), action);
    return system(cmd);
}

#endif
