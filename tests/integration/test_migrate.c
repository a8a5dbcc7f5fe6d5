/* Integration: kc_migrate against a real PostgreSQL, also concurrently. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "koers/migrate.h"

static const kc_migration good[] = {
    {"001_widgets", "CREATE TABLE widgets (id int PRIMARY KEY);"},
    {"002_widgets_name", "ALTER TABLE widgets ADD COLUMN name text;\n"
                         "INSERT INTO widgets VALUES (1, 'one');"},
};

static PGconn *pg;

static long scalar(const char *sql)
{
    PGresult *res = PQexec(pg, sql);
    long v = -1;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        v = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return v;
}

static int setup(void **state)
{
    (void)state;
    pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    if (PQstatus(pg) != CONNECTION_OK)
        return -1;
    PQclear(PQexec(pg, "DROP SCHEMA IF EXISTS it_mig CASCADE; DROP SCHEMA IF EXISTS it_bad CASCADE;"
                       " DROP SCHEMA IF EXISTS it_stats CASCADE"));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    PQfinish(pg);
    return 0;
}

typedef struct {
    kc_status st;
    char err[256];
} mig_result;

static void *migrate_thread(void *arg)
{
    mig_result *r = arg;
    r->st = kc_migrate(it_env("KOERS_DATABASE_URL"), "it_mig", good, 2, r->err, sizeof(r->err));
    return NULL;
}

static void test_concurrent_then_noop(void **state)
{
    pthread_t th[4];
    mig_result res[4];
    char err[256];
    (void)state;
    memset(res, 0, sizeof(res));
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, migrate_thread, &res[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(res[i].st, KC_OK);
    }
    /* each version once: 6 platform migrations of the service schema + 2 of the service */
    assert_int_equal(scalar("SELECT count(*) FROM it_mig.schema_migrations"), 8);
    assert_int_equal(scalar("SELECT count(*) FROM it_mig.schema_migrations WHERE version IN"
                            " ('platform/svc_001_outbox', 'platform/svc_002_idempotency_keys',"
                            " 'platform/svc_003_outbox_vacuum', 'platform/svc_004_outbox_seq',"
                            " 'platform/svc_005_consumer', 'platform/svc_006_outbox_event_id',"
                            " '001_widgets', '002_widgets_name')"),
                     8);
    assert_int_equal(scalar("SELECT count(*) FROM koers_iam.schema_migrations WHERE version IN"
                            " ('platform/iam_001_tenants', 'platform/iam_002_api_keys')"),
                     2);
    /* unqualified names landed in the service schema */
    assert_int_equal(scalar("SELECT count(*) FROM it_mig.widgets"), 1);
    assert_int_equal(scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'widgets'"
                            " AND schemaname <> 'it_mig'"),
                     0);
    assert_int_equal(scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'it_mig' AND"
                            " tablename IN ('outbox', 'idempotency_keys')"),
                     2);
    assert_int_equal(scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'koers_iam' AND"
                            " tablename IN ('tenants', 'api_keys')"),
                     2);
    assert_int_equal(scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = 'it_mig' AND"
                            " indexname = 'outbox_pending_idx'"),
                     1);
    /* the columns the auth module queries */
    assert_int_equal(scalar("SELECT count(*) FROM (SELECT id, tenant_id, scopes FROM"
                            " koers_iam.api_keys WHERE key_hash = 'x' AND revoked_at IS NULL) q"),
                     0);
    /* a second run is a no-op */
    assert_int_equal(kc_migrate(it_env("KOERS_DATABASE_URL"), "it_mig", good, 2, err, sizeof(err)),
                     KC_OK);
    assert_int_equal(scalar("SELECT count(*) FROM it_mig.schema_migrations"), 8);
    assert_int_equal(scalar("SELECT count(*) FROM it_mig.widgets"), 1);
    /* schema NULL: only the koers_iam part */
    assert_int_equal(kc_migrate(it_env("KOERS_DATABASE_URL"), NULL, NULL, 0, err, sizeof(err)),
                     KC_OK);
}

static void test_broken_rolls_back(void **state)
{
    const kc_migration more[] = {
        good[0],
        good[1],
        {"003_gadgets", "CREATE TABLE gadgets (id int);"},
        {"004_broken", "CREATE TABLE gizmos (id int);\nSELECT * FROM no_such_table;"},
    };
    char err[256] = "";
    (void)state;
    assert_int_equal(kc_migrate(it_env("KOERS_DATABASE_URL"), "it_mig", more, 4, err, sizeof(err)),
                     KC_INTERNAL);
    assert_non_null(strstr(err, "004_broken"));
    assert_int_equal(scalar("SELECT count(*) FROM pg_tables WHERE tablename IN"
                            " ('gadgets', 'gizmos')"),
                     0);
    assert_int_equal(scalar("SELECT count(*) FROM it_mig.schema_migrations"), 8);
    /* a fresh schema whose migration fails leaves no schema behind */
    assert_int_equal(
        kc_migrate(it_env("KOERS_DATABASE_URL"), "it_bad", &more[3], 1, err, sizeof(err)),
        KC_INTERNAL);
    assert_int_equal(scalar("SELECT count(*) FROM pg_namespace WHERE nspname = 'it_bad'"), 0);
    /* with the broken one fixed, 003 and 004 apply */
    assert_int_equal(kc_migrate(it_env("KOERS_DATABASE_URL"), "it_mig", more, 3, err, sizeof(err)),
                     KC_OK);
    assert_int_equal(scalar("SELECT count(*) FROM it_mig.schema_migrations"), 9);
}

static void test_bad_schema_names(void **state)
{
    char err[256];
    const char *bad[] = {"",
                         "Caps",
                         "1abc",
                         "a-b",
                         "x; DROP TABLE y",
                         "koers_iam",
                         "a234567890123456789012345678901234567890123456789012345678901234"};
    (void)state;
    for (size_t i = 0; i < KC_NELEMS(bad); i++)
        assert_int_equal(
            kc_migrate(it_env("KOERS_DATABASE_URL"), bad[i], good, 2, err, sizeof(err)),
            KC_INVALID);
    assert_int_equal(
        kc_migrate("postgresql://koers@127.0.0.1:1/koers", "it_x", good, 2, err, sizeof(err)),
        KC_UNAVAILABLE);
}

/* The tables of schema (and of koers_iam) without planner statistics: never
 * analyzed, or holding rows without column statistics. */
static long unanalyzed(const char *schema)
{
    char sql[1024];

    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
             " WHERE s.schemaname IN ('koers_iam', '%s')"
             "   AND (c.reltuples < 0 OR (s.last_analyze IS NULL AND s.last_autoanalyze IS NULL)"
             "        OR (c.reltuples > 0 AND NOT EXISTS (SELECT 1 FROM pg_stats p"
             "             WHERE p.schemaname = s.schemaname AND p.tablename = s.relname)))",
             schema);
    return scalar(sql);
}

/* A fresh deployment: every table of the schema has statistics once the
 * migrations ran (an empty one is analyzed too: the planner then knows it
 * is empty), also one filled by a migration whose index was built after
 * the rows (as pg_restore does: the index counts the rows, nothing
 * analyzes them); a second run analyzes nothing again. */
static void test_fresh_schema_analyzed(void **state)
{
    const kc_migration ms[] = {
        {"001_empty", "CREATE TABLE empty_one (id int PRIMARY KEY, name text);"},
        {"002_filled", "CREATE TABLE filled (id int, name text);\n"
                       "INSERT INTO filled SELECT g, 'row ' || g FROM generate_series(1, 2000) g;\n"
                       "CREATE INDEX filled_id ON filled (id);"},
    };
    char err[256] = "";
    long tables, analyses;
    (void)state;
    assert_int_equal(kc_migrate(it_env("KOERS_DATABASE_URL"), "it_stats", ms, 2, err, sizeof(err)),
                     KC_OK);
    tables = scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'it_stats'");
    assert_true(tables >= 4); /* the two above, schema_migrations and the platform's */
    assert_int_equal(unanalyzed("it_stats"), 0);
    assert_int_equal(
        scalar("SELECT reltuples::bigint FROM pg_class WHERE oid = 'it_stats.filled'::regclass"),
        2000);
    assert_true(scalar("SELECT count(*) FROM pg_stats WHERE schemaname = 'it_stats'"
                       " AND tablename = 'filled'") == 2);
    assert_int_equal(scalar("SELECT reltuples::bigint FROM pg_class"
                            " WHERE oid = 'it_stats.empty_one'::regclass"),
                     0);
    analyses =
        scalar("SELECT sum(analyze_count) FROM pg_stat_user_tables WHERE schemaname = 'it_stats'");
    assert_true(analyses >= tables);
    /* the next start finds nothing to analyze among the tables with rows */
    assert_int_equal(kc_migrate(it_env("KOERS_DATABASE_URL"), "it_stats", ms, 2, err, sizeof(err)),
                     KC_OK);
    assert_int_equal(scalar("SELECT analyze_count FROM pg_stat_user_tables"
                            " WHERE schemaname = 'it_stats' AND relname = 'filled'"),
                     1);
    assert_int_equal(unanalyzed("it_stats"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_then_noop),
        cmocka_unit_test(test_broken_rolls_back),
        cmocka_unit_test(test_bad_schema_names),
        cmocka_unit_test(test_fresh_schema_analyzed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
