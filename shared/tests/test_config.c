#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers/config.h"

static const char *const all_vars[] = {
    "KOERS_BIND_ADDR",
    "KOERS_CASEDESK_PORT",
    "KOERS_PORT",
    "KOERS_HTTP_THREADS",
    "KOERS_HTTP_MAX_CONNECTIONS",
    "KOERS_HTTP_TIMEOUT",
    "KOERS_MAX_BODY_BYTES",
    "KOERS_DATABASE_URL",
    "KOERS_DB_POOL_SIZE",
    "KOERS_REDIS_URL",
    "KOERS_JWT_SECRET",
    "KOERS_JWT_ISSUER",
    "KOERS_JWT_AUDIENCE",
    "KOERS_PUBLIC_BASE_URL",
    "KOERS_LOG_LEVEL",
    "KOERS_OUTBOX_POLL_MS",
    "KOERS_ENV",
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

static void defaults(void **state)
{
    kc_config cfg;
    char err[256] = "";

    (void)state;
    assert_int_equal(kc_config_load(&cfg, "casedesk", 8081, err, sizeof(err)), 0);
    assert_string_equal(cfg.service, "casedesk");
    assert_string_equal(cfg.bind_addr, "127.0.0.1");
    assert_int_equal(cfg.port, 8081);
    assert_int_equal(cfg.http_threads, 8);
    assert_int_equal(cfg.http_max_connections, 4096);
    assert_int_equal(cfg.http_timeout_s, 30);
    assert_int_equal(cfg.max_body_bytes, 1048576);
    assert_string_equal(cfg.database_url, "postgresql://koers@127.0.0.1:5432/koers");
    assert_int_equal(cfg.db_pool_size, 8);
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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(defaults, clean_env),
        cmocka_unit_test_setup(values_from_environment, clean_env),
        cmocka_unit_test_setup(bad_values_named, clean_env),
        cmocka_unit_test_setup(range_in_message, clean_env),
        cmocka_unit_test_setup(production_refuses_default_secret, clean_env),
        cmocka_unit_test_setup(env_helpers, clean_env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
