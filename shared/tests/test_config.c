#include <stdarg.h>
#include <stddef.h>
#include <sched.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "koers/config.h"

static const char *const all_vars[] = {
    "KOERS_BIND_ADDR",
    "KOERS_CASEDESK_PORT",
    "KOERS_PORT",
    "KOERS_HTTP_THREADS",
    "KOERS_HTTP_MAX_CONNECTIONS",
    "KOERS_HTTP_TIMEOUT",
    "KOERS_HTTP_REQUEST_DEADLINE_S",
    "KOERS_HTTP_MAX_CONNECTIONS_PER_ADDRESS",
    "KOERS_MAX_BODY_BYTES",
    "KOERS_DATABASE_URL",
    "KOERS_DB_POOL_SIZE",
    "KOERS_REDIS_URL",
    "KOERS_JWT_SECRET",
    "KOERS_JWT_ISSUER",
    "KOERS_JWT_AUDIENCE",
    "KOERS_AUTH_SERVICE_TOKENS",
    "KOERS_OIDC_ALLOW_HTTP",
    "KOERS_OIDC_CLOCK_SKEW_S",
    "KOERS_OIDC_REFRESH_MIN_S",
    "KOERS_OIDC_FETCH_TIMEOUT_S",
    "KOERS_OIDC_JWKS_TTL_S",
    "KOERS_PUBLIC_BASE_URL",
    "KOERS_LOG_LEVEL",
    "KOERS_OUTBOX_POLL_MS",
    "KOERS_ENV",
    "KOERS_MY_SVC_PORT",
    NULL,
};

static int clean_env(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; all_vars[i] != NULL; i++)
        unsetenv(all_vars[i]);
    return 0;
}

/* A process allowed one CPU (a cpuset, taskset) gets the threads of one,
 * however many the machine has online. */
static void threads_follow_usable_cpus(void **state)
{
    kc_config cfg;
    char err[256] = "";
    cpu_set_t saved, one;

    (void)state;
    assert_int_equal(sched_getaffinity(0, sizeof(saved), &saved), 0);
    assert_true(kc_cpu_count() <= sysconf(_SC_NPROCESSORS_ONLN));
    CPU_ZERO(&one);
    for (int i = 0; i < CPU_SETSIZE; i++) {
        if (CPU_ISSET(i, &saved)) {
            CPU_SET(i, &one);
            break;
        }
    }
    assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);
    assert_int_equal(kc_cpu_count(), 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_int_equal(sched_setaffinity(0, sizeof(saved), &saved), 0);
    assert_int_equal(cfg.cpus, 1);
    assert_int_equal(cfg.http_threads, KC_THREADS_PER_CPU < 2 ? 2 : KC_THREADS_PER_CPU);
    assert_int_equal(cfg.db_pool_size, cfg.http_threads);
}

static void defaults(void **state)
{
    kc_config cfg;
    char err[256] = "";

    (void)state;
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_string_equal(cfg.service, "casedesk");
    assert_string_equal(cfg.bind_addr, "127.0.0.1");
    assert_int_equal(cfg.port, 8081);
    /* threads: KC_THREADS_PER_CPU per usable CPU, within 2..256 */
    assert_int_equal(cfg.cpus, kc_cpu_count());
    assert_true(cfg.cpus >= 1);
    assert_int_equal(cfg.http_threads, KC_THREADS_PER_CPU * cfg.cpus < 2 ? 2
                                       : KC_THREADS_PER_CPU * cfg.cpus > 256
                                           ? 256
                                           : KC_THREADS_PER_CPU * cfg.cpus);
    assert_int_equal(cfg.http_max_connections, 16384);
    assert_int_equal(cfg.http_max_per_address, 0);
    assert_int_equal(cfg.http_timeout_s, 15);
    assert_int_equal(cfg.http_deadline_s, 30);
    assert_int_equal(cfg.max_body_bytes, 1048576);
    assert_string_equal(cfg.database_url, "postgresql://koers@127.0.0.1:5432/koers");
    assert_int_equal(cfg.db_pool_size, cfg.http_threads);
    assert_string_equal(cfg.redis_url, "redis://127.0.0.1:6379/0");
    assert_true(strlen(cfg.jwt_secret) >= 32);
    assert_string_equal(cfg.jwt_issuer, "koers");
    assert_string_equal(cfg.jwt_audience, "koers");
    assert_string_equal(cfg.public_base_url, "");
    assert_int_equal(cfg.log_level, KC_LOG_INFO);
    assert_int_equal(cfg.outbox_poll_ms, 200);
}

static void values_from_environment(void **state)
{
    kc_config cfg;
    char err[256] = "";

    (void)state;
    setenv("KOERS_PORT", "9000", 1);
    setenv("KOERS_CASEDESK_PORT", "9001", 1);
    setenv("KOERS_HTTP_THREADS", "16", 1);
    setenv("KOERS_MAX_BODY_BYTES", "2048", 1);
    setenv("KOERS_LOG_LEVEL", "debug", 1);
    setenv("KOERS_PUBLIC_BASE_URL", "https://api.example.nl/", 1);
    setenv("KOERS_BIND_ADDR", "::1", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.port, 9001); /* the service's own variable wins */
    assert_int_equal(cfg.http_threads, 16);
    assert_int_equal(cfg.db_pool_size, 16); /* follows the thread count */
    assert_int_equal(cfg.max_body_bytes, 2048);
    assert_int_equal(cfg.log_level, KC_LOG_DEBUG);
    assert_string_equal(cfg.public_base_url, "https://api.example.nl");
    assert_string_equal(cfg.bind_addr, "::1");
    unsetenv("KOERS_CASEDESK_PORT");
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.port, 9000);
}

/* Sets var=value and expects kc_config_load to fail naming var. */
static void expect_bad(const char *var, const char *value)
{
    kc_config cfg;
    char err[256] = "";

    clean_env(NULL);
    setenv(var, value, 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    if (strstr(err, var) == NULL)
        fail_msg("%s=%s: message \"%s\" does not name the variable", var, value, err);
    unsetenv(var);
}

static void bad_values_named(void **state)
{
    (void)state;
    expect_bad("KOERS_PORT", "http");
    expect_bad("KOERS_PORT", "80x");
    expect_bad("KOERS_PORT", "70000");
    expect_bad("KOERS_PORT", "0");
    expect_bad("KOERS_CASEDESK_PORT", "-1");
    expect_bad("KOERS_HTTP_THREADS", "1");
    expect_bad("KOERS_HTTP_THREADS", "257");
    expect_bad("KOERS_HTTP_THREADS", "8 ");
    expect_bad("KOERS_HTTP_THREADS", "99999999999999999999");
    expect_bad("KOERS_HTTP_TIMEOUT", "1.5");
    expect_bad("KOERS_HTTP_REQUEST_DEADLINE_S", "0");
    expect_bad("KOERS_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "-1");
    expect_bad("KOERS_MAX_BODY_BYTES", "1023");
    expect_bad("KOERS_MAX_BODY_BYTES", "67108865");
    expect_bad("KOERS_DB_POOL_SIZE", "0");
    expect_bad("KOERS_OUTBOX_POLL_MS", "5");
    expect_bad("KOERS_OUTBOX_POLL_MS", "60001");
    expect_bad("KOERS_REDIS_URL", "http://127.0.0.1:6379");
    expect_bad("KOERS_JWT_SECRET", "short");
    expect_bad("KOERS_LOG_LEVEL", "verbose");
    expect_bad("KOERS_BIND_ADDR", "localhost");
    expect_bad("KOERS_PUBLIC_BASE_URL", "api.example.nl");
    expect_bad("KOERS_AUTH_SERVICE_TOKENS", "maybe");
    expect_bad("KOERS_OIDC_ALLOW_HTTP", "2");
    expect_bad("KOERS_OIDC_CLOCK_SKEW_S", "601");
    expect_bad("KOERS_OIDC_REFRESH_MIN_S", "0");
    expect_bad("KOERS_OIDC_FETCH_TIMEOUT_S", "61");
    expect_bad("KOERS_OIDC_JWKS_TTL_S", "59");
}

/* The authenticator's settings: safe defaults (service tokens on, https
 * only), switches in any of their spellings. */
static void auth_settings(void **state)
{
    kc_config cfg;
    char err[256] = "";

    (void)state;
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.auth_service_tokens, 1);
    assert_int_equal(cfg.oidc_allow_http, 0);
    assert_int_equal(cfg.oidc_clock_skew_s, 60);
    assert_int_equal(cfg.oidc_refresh_min_s, 30);
    assert_int_equal(cfg.oidc_fetch_timeout_s, 5);
    assert_int_equal(cfg.oidc_jwks_ttl_s, 3600);
    setenv("KOERS_AUTH_SERVICE_TOKENS", "OFF", 1);
    setenv("KOERS_OIDC_ALLOW_HTTP", "1", 1);
    setenv("KOERS_OIDC_CLOCK_SKEW_S", "0", 1);
    setenv("KOERS_OIDC_REFRESH_MIN_S", "5", 1);
    setenv("KOERS_OIDC_FETCH_TIMEOUT_S", "2", 1);
    setenv("KOERS_OIDC_JWKS_TTL_S", "600", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.auth_service_tokens, 0);
    assert_int_equal(cfg.oidc_allow_http, 1);
    assert_int_equal(cfg.oidc_clock_skew_s, 0);
    assert_int_equal(cfg.oidc_refresh_min_s, 5);
    assert_int_equal(cfg.oidc_fetch_timeout_s, 2);
    assert_int_equal(cfg.oidc_jwks_ttl_s, 600);
    setenv("KOERS_AUTH_SERVICE_TOKENS", "false", 1);
    setenv("KOERS_OIDC_ALLOW_HTTP", "yes", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.auth_service_tokens, 0);
    assert_int_equal(cfg.oidc_allow_http, 1);
    setenv("KOERS_AUTH_SERVICE_TOKENS", "on", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.auth_service_tokens, 1);
}

static void range_in_message(void **state)
{
    kc_config cfg;
    char err[256] = "";

    (void)state;
    setenv("KOERS_HTTP_THREADS", "abc", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "2..256"));
}

static void production_refuses_default_secret(void **state)
{
    kc_config cfg;
    char err[256] = "";

    (void)state;
    setenv("KOERS_ENV", "production", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_JWT_SECRET"));
    setenv("KOERS_JWT_SECRET", "koers-local-development-secret-change-me!!", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    setenv("KOERS_JWT_SECRET", "a-real-secret-of-more-than-32-bytes-long", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_string_equal(cfg.jwt_secret, "a-real-secret-of-more-than-32-bytes-long");
}

/* One case per kind of key of the table: text, int, size, port, log
 * level, and the checks after reading. */
static void every_kind_of_key(void **state)
{
    kc_config cfg;
    char err[256] = "", longer[600];

    (void)state;
    /* text: a value, the default when empty, too long is an error */
    setenv("KOERS_JWT_ISSUER", "gemeente", 1);
    setenv("KOERS_JWT_AUDIENCE", "", 1);
    setenv("KOERS_DATABASE_URL", "postgresql://x@db/koers", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_string_equal(cfg.jwt_issuer, "gemeente");
    assert_string_equal(cfg.jwt_audience, "koers");
    assert_string_equal(cfg.database_url, "postgresql://x@db/koers");
    memset(longer, 'a', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    setenv("KOERS_DATABASE_URL", longer, 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    assert_string_equal(err, "KOERS_DATABASE_URL is too long (at most 511 bytes)");
    unsetenv("KOERS_DATABASE_URL");

    /* int: a value, the default when empty; one defaulting to another key
     * takes an explicit value too */
    setenv("KOERS_HTTP_TIMEOUT", "45", 1);
    setenv("KOERS_HTTP_THREADS", "", 1);
    setenv("KOERS_DB_POOL_SIZE", "3", 1);
    setenv("KOERS_OUTBOX_POLL_MS", "10", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.http_timeout_s, 45);
    assert_int_equal(cfg.http_threads, KC_THREADS_PER_CPU * cfg.cpus < 2 ? 2
                                       : KC_THREADS_PER_CPU * cfg.cpus > 256
                                           ? 256
                                           : KC_THREADS_PER_CPU * cfg.cpus);
    assert_int_equal(cfg.db_pool_size, 3);
    assert_int_equal(cfg.outbox_poll_ms, 10);
    setenv("KOERS_HTTP_MAX_CONNECTIONS", "15", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    assert_string_equal(
        err, "KOERS_HTTP_MAX_CONNECTIONS must be an integer in 16..1000000 (got \"15\")");
    unsetenv("KOERS_HTTP_MAX_CONNECTIONS");

    /* size */
    setenv("KOERS_MAX_BODY_BYTES", "67108864", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.max_body_bytes, 67108864);

    /* port: the service's variable (named from the service) before
     * KOERS_PORT, an empty one does not count */
    setenv("KOERS_PORT", "9100", 1);
    setenv("KOERS_MY_SVC_PORT", "9101", 1);
    assert_int_equal(kc_config_load(&cfg, "my-svc", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.port, 9101);
    setenv("KOERS_MY_SVC_PORT", "", 1);
    assert_int_equal(kc_config_load(&cfg, "my-svc", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.port, 9100);
    setenv("KOERS_MY_SVC_PORT", "65536", 1);
    assert_int_equal(kc_config_load(&cfg, "my-svc", 8081, err, sizeof(err)), -1);
    assert_string_equal(err, "KOERS_MY_SVC_PORT must be an integer in 1..65535 (got \"65536\")");

    /* log level: by name; an unknown or overlong one names the choices */
    clean_env(NULL);
    setenv("KOERS_LOG_LEVEL", "warn", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_int_equal(cfg.log_level, KC_LOG_WARN);
    setenv("KOERS_LOG_LEVEL", "informationalmessages", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    assert_string_equal(err, "KOERS_LOG_LEVEL must be one of debug, info, warn, error");
    unsetenv("KOERS_LOG_LEVEL");

    /* checks: after reading, naming the variable */
    setenv("KOERS_PUBLIC_BASE_URL", "http://koers.example.nl//", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_string_equal(cfg.public_base_url, "http://koers.example.nl");
    setenv("KOERS_PUBLIC_BASE_URL", "/", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_string_equal(cfg.public_base_url, "");
    setenv("KOERS_REDIS_URL", "rediss://cache:6379/0", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    assert_string_equal(err, "KOERS_REDIS_URL must start with redis://");
    unsetenv("KOERS_REDIS_URL");
    setenv("KOERS_BIND_ADDR", "0.0.0.0", 1);
    setenv("KOERS_JWT_SECRET", "0123456789abcdef0123456789abcdef", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_string_equal(cfg.bind_addr, "0.0.0.0");
    setenv("KOERS_JWT_SECRET", "0123456789abcdef0123456789abcde", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    assert_string_equal(err, "KOERS_JWT_SECRET must be at least 32 bytes long");
}

/* The first bad key in the table's order is the one named. */
static void first_bad_key_is_named(void **state)
{
    kc_config cfg;
    char err[256] = "";

    (void)state;
    setenv("KOERS_OUTBOX_POLL_MS", "1", 1);
    setenv("KOERS_HTTP_THREADS", "1", 1);
    setenv("KOERS_BIND_ADDR", "nowhere", 1);
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    assert_string_equal(err, "KOERS_BIND_ADDR must be a numeric IPv4 or IPv6 address");
    unsetenv("KOERS_BIND_ADDR");
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_HTTP_THREADS"));
    unsetenv("KOERS_HTTP_THREADS");
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_OUTBOX_POLL_MS"));
}

static void env_helpers(void **state)
{
    int v = 0;
    char s[8];
    char err[128] = "";

    (void)state;
    unsetenv("KOERS_TEST_N");
    assert_int_equal(kc_env_int("KOERS_TEST_N", 5, 1, 10, &v, err, sizeof(err)), 0);
    assert_int_equal(v, 5);
    setenv("KOERS_TEST_N", "10", 1);
    assert_int_equal(kc_env_int("KOERS_TEST_N", 5, 1, 10, &v, err, sizeof(err)), 0);
    assert_int_equal(v, 10);
    setenv("KOERS_TEST_N", "11", 1);
    assert_int_equal(kc_env_int("KOERS_TEST_N", 5, 1, 10, &v, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_TEST_N"));
    assert_non_null(strstr(err, "1..10"));
    setenv("KOERS_TEST_N", "toolongvalue", 1);
    assert_int_equal(kc_env_str("KOERS_TEST_N", "d", s, sizeof(s), err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_TEST_N"));
    unsetenv("KOERS_TEST_N");
    assert_int_equal(kc_env_str("KOERS_TEST_N", "d", s, sizeof(s), err, sizeof(err)), 0);
    assert_string_equal(s, "d");
    /* a switch, read as the common keys read theirs */
    assert_int_equal(kc_env_switch("KOERS_TEST_N", 1, &v, err, sizeof(err)), 0);
    assert_int_equal(v, 1);
    setenv("KOERS_TEST_N", "Off", 1);
    assert_int_equal(kc_env_switch("KOERS_TEST_N", 1, &v, err, sizeof(err)), 0);
    assert_int_equal(v, 0);
    setenv("KOERS_TEST_N", "true", 1);
    assert_int_equal(kc_env_switch("KOERS_TEST_N", 0, &v, err, sizeof(err)), 0);
    assert_int_equal(v, 1);
    setenv("KOERS_TEST_N", "2", 1);
    assert_int_equal(kc_env_switch("KOERS_TEST_N", 0, &v, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_TEST_N must be on or off"));
    unsetenv("KOERS_TEST_N");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(defaults, clean_env),
        cmocka_unit_test_setup(threads_follow_usable_cpus, clean_env),
        cmocka_unit_test_setup(values_from_environment, clean_env),
        cmocka_unit_test_setup(bad_values_named, clean_env),
        cmocka_unit_test_setup(auth_settings, clean_env),
        cmocka_unit_test_setup(range_in_message, clean_env),
        cmocka_unit_test_setup(production_refuses_default_secret, clean_env),
        cmocka_unit_test_setup(env_helpers, clean_env),
        cmocka_unit_test_setup(every_kind_of_key, clean_env),
        cmocka_unit_test_setup(first_bad_key_is_named, clean_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
