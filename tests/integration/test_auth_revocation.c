/* The authenticator against a real PostgreSQL: a revoked API key and a
 * deactivated tenant are refused as soon as the announcement of the
 * committed change arrives (no time to live involved), a cached key costs
 * no query, and while the listener has lost its connection nothing cached
 * is trusted. Prints the latency from the commit to the refusal. */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "it.h"
#include "koers/auth.h"
#include "koers/log.h"
#include "koers/metrics.h"

#define SECRET   "it-auth-revocation-secret-0123456789abcdef"
#define ISSUER   "koers"
#define AUDIENCE "koers"
/* the latency rounds; a refusal must come within WITHIN_MS of the commit
 * (the announcement takes about a millisecond; the old cache kept a
 * revoked key for 30 s) */
#define ROUNDS    100
#define WITHIN_MS 1000
#define WAIT_MS   10000
#define HOT       10000 /* cached authentications timed */

static kc_db_pool *pool;
static kc_auth *auth;
static PGconn *adm;  /* the operator's connection: revocations, (de)activations */
static PGconn *adm2; /* on the maintenance database "postgres": closes ours */

/* ---- helpers ------------------------------------------------------------ */

/* The value of the metric line "<series> <value>", 0 when absent. */
static double metric(const char *series)
{
    char *text = kc_metrics_render(NULL);
    char want[160];
    double v = 0;
    const char *p;

    assert_non_null(text);
    snprintf(want, sizeof(want), "\n%s ", series);
    p = strstr(text, want);
    if (p != NULL)
        v = strtod(p + strlen(want), NULL);
    free(text);
    return v;
}

static double key_lookups(void)
{
    return metric("koers_auth_db_lookups_total{kind=\"api_key\"}");
}

static double tenant_lookups(void)
{
    return metric("koers_auth_db_lookups_total{kind=\"tenant\"}");
}

static double invalidations(void)
{
    return metric("koers_auth_invalidations_total{kind=\"api_key\"}");
}

/* Waits (bounded) until the listener is up (1) or down (0). */
static void wait_listener(int up)
{
    long long until = it_now_ms() + WAIT_MS;
    while ((metric("koers_auth_listener_up") == 1) != up && it_now_ms() < until)
        it_sleep_ms(1);
    assert_int_equal(metric("koers_auth_listener_up") == 1, up);
}

/* Runs sql with its parameters listed after it on the operator's
 * connection; fails the test when it fails. */
#define ADM(...) IT_SQL_ON(adm, __VA_ARGS__)

/* A new tenant (its id into tenant). */
static void new_tenant(char tenant[37])
{
    char slug[48];
    assert_int_equal(kc_uuid_v4(tenant), KC_OK);
    snprintf(slug, sizeof(slug), "it-auth-%.8s", tenant);
    ADM("INSERT INTO koers_iam.tenants (id, name, slug)\n"
        "VALUES ($1, 'it auth', $2)",
        tenant, slug);
}

/* A new key of tenant (the key into key, its id into id). */
static void new_key(const char *tenant, char key[64], char id[37])
{
    char hash[65];
    assert_int_equal(kc_api_key_generate(key, hash), KC_OK);
    assert_int_equal(kc_uuid_v4(id), KC_OK);
    ADM("INSERT INTO koers_iam.api_keys (id, tenant_id, name, key_hash, scopes)\n"
        "VALUES ($1, $2, 'it auth', $3, '{cases:read}')",
        id, tenant, hash);
}

/* Deactivates tenant (1) or activates it again (0). */
static void set_deactivated(const char *tenant, int deactivated)
{
    ADM("UPDATE koers_iam.tenants\n"
        "SET deactivated_at = CASE WHEN $2::boolean THEN now() END\n"
        "WHERE id = $1",
        tenant, deactivated ? "true" : "false");
}

static kc_status authn_key(const char *key)
{
    kc_principal p;
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = kc_auth_authenticate(auth, NULL, key, &p, &pb);
    kc_problem_clear(&pb);
    return st;
}

static kc_status authn_jwt(const char *token)
{
    char hdr[2048];
    kc_principal p;
    kc_problem pb;
    kc_status st;

    snprintf(hdr, sizeof(hdr), "Bearer %s", token);
    kc_problem_init(&pb);
    st = kc_auth_authenticate(auth, hdr, NULL, &p, &pb);
    kc_problem_clear(&pb);
    return st;
}

/* Both the key and the staff token authenticate. */
static void both_work(const char *key, const char *token)
{
    assert_int_equal(authn_key(key), KC_OK);
    assert_int_equal(authn_jwt(token), KC_OK);
}

static char *staff_token(const char *tenant)
{
    json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:I, s:[s]}", "iss", ISSUER, "aud", AUDIENCE, "sub",
                          "it-coordinator", "tenant", tenant, "exp", (json_int_t)time(NULL) + 600,
                          "roles", "coordinator");
    char *tok = kc_jwt_sign(c, SECRET);
    json_decref(c);
    assert_non_null(tok);
    return tok;
}

/* Milliseconds (fractional) since from (CLOCK_MONOTONIC). */
static double ms_since(const struct timespec *from)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - from->tv_sec) * 1e3 + (double)(now.tv_nsec - from->tv_nsec) / 1e6;
}

/* Milliseconds (fractional) from `from` until check() stops answering
 * KC_OK, spinning (no sleep) for at most WITHIN_MS; -1 if it never did.
 * *first is 1 when the very first check already refused. */
static double until_refused(const struct timespec *from, kc_status (*check)(const char *),
                            const char *cred, int *first)
{
    double ms;
    int tries = 0;

    for (;;) {
        kc_status st = check(cred);
        ms = ms_since(from);
        if (st != KC_OK) {
            assert_int_equal(st, KC_UNAUTHENTICATED);
            *first = tries == 0;
            return ms;
        }
        if (ms > WITHIN_MS)
            return -1;
        tries++;
        sched_yield();
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Lets new connections to the test's database in (1) or not (0). */
static void allow_connections(int allow)
{
    char sql[256];
    const char *db = PQdb(adm);
    char *quoted = PQescapeIdentifier(adm2, db, strlen(db));
    PGresult *r;

    assert_non_null(quoted);
    snprintf(sql, sizeof(sql), "ALTER DATABASE %s ALLOW_CONNECTIONS %s", quoted,
             allow ? "true" : "false");
    PQfreemem(quoted);
    r = PQexec(adm2, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fprintf(stderr, "sql: %s\n%s\n", PQerrorMessage(adm2), sql);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
}

/* ---- set-up --------------------------------------------------------------- */

static int setup(void **state)
{
    char err[256];
    kc_auth_options auth_opts;
    (void)state;
    if (kc_migrate(it_env("KOERS_DATABASE_URL"), NULL, NULL, 0, err, sizeof(err)) != KC_OK) {
        fprintf(stderr, "migrate: %s\n", err);
        return -1;
    }
    if (kc_db_pool_create(it_env("KOERS_DATABASE_URL"), IT_POOL_SIZE, &pool, err, sizeof(err)) !=
        KC_OK)
        return -1;
    adm = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    if (PQstatus(adm) != CONNECTION_OK)
        return -1;
    {
        /* the URL's dbname expanded first, then overridden */
        const char *const keys[] = {"dbname", "dbname", NULL};
        const char *const vals[] = {it_env("KOERS_DATABASE_URL"), "postgres", NULL};
        adm2 = PQconnectdbParams(keys, vals, 1);
        if (PQstatus(adm2) != CONNECTION_OK)
            return -1;
    }
    kc_auth_options_init(&auth_opts, SECRET, ISSUER, AUDIENCE);
    if (kc_auth_create(pool, &auth_opts, &auth) != KC_OK ||
        kc_auth_listen(auth, it_env("KOERS_DATABASE_URL")) != KC_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    /* whatever a failed test left behind */
    allow_connections(1);
    PQclear(PQexec(adm, "ALTER TABLE koers_iam.api_keys ENABLE TRIGGER api_keys_announce_change"));
    kc_auth_free(auth);
    PQfinish(adm);
    PQfinish(adm2);
    kc_db_pool_free(pool);
    return 0;
}

/* ---- tests ---------------------------------------------------------------- */

/* A cached key costs no query; revoked, it is refused once the commit's
 * announcement arrived. Measured over ROUNDS revocations: in even rounds
 * whether the very next authentication after the commit already refuses
 * the key; in odd ones the time from the commit until the announcement has
 * dropped it from the cache (the requests of another, cached key meanwhile
 * read the listener's socket as every request does). */
static void test_revoked_key_refused_at_once(void **state)
{
    char tenant[37], key[64], id[37], other[64], other_id[37];
    double lat[ROUNDS / 2], before, dropped;
    int firsts = 0, nlat = 0;
    struct timespec committed, now;
    (void)state;
    wait_listener(1);
    new_tenant(tenant);
    new_key(tenant, other, other_id);
    assert_int_equal(authn_key(other), KC_OK);

    for (int r = 0; r < ROUNDS; r++) {
        new_key(tenant, key, id);
        assert_int_equal(authn_key(key), KC_OK); /* looked up, cached */
        before = key_lookups();
        clock_gettime(CLOCK_MONOTONIC, &committed);
        for (int i = 0; i < (r == 0 ? HOT : 10); i++) {
            assert_int_equal(authn_key(key), KC_OK);
            assert_int_equal(authn_key(other), KC_OK);
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        /* the hot path: no query, however often */
        assert_true(key_lookups() == before);
        if (r == 0) {
            assert_true(tenant_lookups() == 0);
            printf("hot path: %d cached key authentications, no database lookup, %.2f us each\n",
                   2 * HOT,
                   ((double)(now.tv_sec - committed.tv_sec) * 1e9 +
                    (double)(now.tv_nsec - committed.tv_nsec)) /
                       1e3 / (2 * HOT));
        }

        dropped = invalidations();
        ADM("UPDATE koers_iam.api_keys\n"
            "SET revoked_at = now()\n"
            "WHERE id = $1",
            id);
        clock_gettime(CLOCK_MONOTONIC, &committed);
        if (r % 2 == 0) {
            firsts += authn_key(key) == KC_UNAUTHENTICATED;
        } else {
            double ms;
            int seen;
            do {
                assert_int_equal(authn_key(other), KC_OK);
                seen = invalidations() != dropped;
                ms = ms_since(&committed);
            } while (!seen && ms <= WITHIN_MS);
            if (ms > WITHIN_MS)
                fail_msg("round %d: no announcement %d ms after the commit", r, WITHIN_MS);
            lat[nlat++] = ms;
            /* dropped: the next authentication asks the database */
            assert_int_equal(authn_key(key), KC_UNAUTHENTICATED);
        }
        /* refused within the bound in every round, and then for good */
        {
            int first = 0;
            assert_true(until_refused(&committed, authn_key, key, &first) >= 0);
        }
        assert_int_equal(authn_key(key), KC_UNAUTHENTICATED);
    }
    qsort(lat, (size_t)nlat, sizeof(lat[0]), cmp_double);
    printf(
        "revocation: commit -> cache drop over %d rounds: median %.3f ms, p90 %.3f ms, max %.3f ms; the very next authentication after the commit refused the key in %d of %d rounds\n",
        nlat, lat[nlat / 2], lat[nlat * 9 / 10], lat[nlat - 1], firsts, ROUNDS / 2);
}

/* A deactivated tenant's key and staff token are refused at once; activated
 * again, both work again; another tenant is untouched. */
static void test_tenant_deactivation(void **state)
{
    char tenant[37], other[37], key[64], id[37], okey[64], oid[37];
    char *tok, *otok;
    struct timespec committed;
    double lk, lj;
    int first = 0;
    (void)state;
    wait_listener(1);
    new_tenant(tenant);
    new_tenant(other);
    new_key(tenant, key, id);
    new_key(other, okey, oid);
    tok = staff_token(tenant);
    otok = staff_token(other);
    for (int i = 0; i < 2; i++) {
        both_work(key, tok);
        both_work(okey, otok);
    }

    set_deactivated(tenant, 1);
    clock_gettime(CLOCK_MONOTONIC, &committed);
    lk = until_refused(&committed, authn_key, key, &first);
    lj = until_refused(&committed, authn_jwt, tok, &first);
    assert_true(lk >= 0 && lj >= 0);
    printf("tenant deactivation: commit -> key refused %.3f ms, staff token refused %.3f ms\n", lk,
           lj);
    both_work(okey, otok);

    set_deactivated(tenant, 0);
    {
        long long until = it_now_ms() + WITHIN_MS;
        while ((authn_key(key) != KC_OK || authn_jwt(tok) != KC_OK) && it_now_ms() < until)
            sched_yield();
    }
    both_work(key, tok);
    free(tok);
    free(otok);
}

/* A missed announcement (the trigger disabled stands for one) leaves a
 * stale entry while the listener is connected: that is what the listener
 * is for. Once it lost its connection, nothing cached is used: every
 * authentication asks the database; when it is back, the cache starts
 * empty. */
static void test_listener_loss_no_stale_cache(void **state)
{
    char tenant[37], key[64], id[37], key2[64], id2[37];
    double before;
    (void)state;
    wait_listener(1);
    new_tenant(tenant);
    new_key(tenant, key, id);
    new_key(tenant, key2, id2);
    assert_int_equal(authn_key(key), KC_OK);
    assert_int_equal(authn_key(key2), KC_OK);

    ADM("ALTER TABLE koers_iam.api_keys DISABLE TRIGGER api_keys_announce_change");
    ADM("UPDATE koers_iam.api_keys\n"
        "SET revoked_at = now()\n"
        "WHERE id = $1",
        id);
    assert_int_equal(authn_key(key), KC_OK); /* stale: nothing was announced */

    /* the listener loses its connection and cannot get another one */
    allow_connections(0);
    ADM("SELECT pg_terminate_backend(pid)\n"
        "FROM pg_stat_activity\n"
        "WHERE application_name = 'koers-auth-listener'");
    wait_listener(0);
    before = key_lookups();
    assert_int_equal(authn_key(key), KC_UNAUTHENTICATED);
    assert_int_equal(authn_key(key2), KC_OK);
    assert_int_equal(authn_key(key2), KC_OK);
    assert_true(key_lookups() == before + 3); /* each one asked the database */

    allow_connections(1);
    ADM("ALTER TABLE koers_iam.api_keys ENABLE TRIGGER api_keys_announce_change");
    wait_listener(1);
    /* back: afresh */
    before = key_lookups();
    assert_int_equal(authn_key(key2), KC_OK);
    assert_int_equal(authn_key(key2), KC_OK);
    assert_true(key_lookups() == before + 1);
    assert_int_equal(authn_key(key), KC_UNAUTHENTICATED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_revoked_key_refused_at_once),
        cmocka_unit_test(test_tenant_deactivation),
        cmocka_unit_test(test_listener_loss_no_stale_cache),
    };
    kc_log_init("it-auth", KC_LOG_WARN);
    return cmocka_run_group_tests(tests, setup, teardown);
}
