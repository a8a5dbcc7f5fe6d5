/* Unit tests of delivery/backoff.c: Open Notificaties' schedule by default
 * (25 s * 4^n, at most 52000 s, 7 retries, 10 s per attempt), the jitter
 * within +-10 %, the variables that make time controllable, and bad values
 * refused naming the variable. */
/* LINK: delivery/backoff.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "delivery/backoff.h"

static const char *const VARS[] = {
    "KOERS_NOTIFICATIONS_RETRIES",      "KOERS_NOTIFICATIONS_RETRY_BASE_MS",
    "KOERS_NOTIFICATIONS_RETRY_FACTOR", "KOERS_NOTIFICATIONS_RETRY_MAX_MS",
    "KOERS_NOTIFICATIONS_TIMEOUT_S",
};

static int clean(void **state)
{
    char err[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(VARS) / sizeof(VARS[0]); i++)
        unsetenv(VARS[i]);
    assert_int_equal(backoff_configure(err, sizeof(err)), 0);
    return 0;
}

static void open_notificaties_schedule_by_default(void **state)
{
    static const long long want_s[] = {25, 100, 400, 1600, 6400, 25600, 52000, 52000, 52000};
    size_t n;

    (void)state;
    assert_int_equal(backoff_retries(), 7);
    assert_int_equal(backoff_timeout_s(), 10);
    for (n = 0; n < sizeof(want_s) / sizeof(want_s[0]); n++)
        assert_int_equal(backoff_delay_ms((int)n, 0.5), want_s[n] * 1000);
    /* far beyond the cap: no overflow */
    assert_int_equal(backoff_delay_ms(1000, 0.5), 52000000LL);
    assert_int_equal(backoff_delay_ms(-3, 0.5), 25000);
}

static void jitter_stays_within_ten_percent(void **state)
{
    int n;
    double u;

    (void)state;
    assert_int_equal(backoff_delay_ms(0, 0.0), 22500);
    assert_int_equal(backoff_delay_ms(1, 0.0), 90000);
    assert_int_equal(backoff_delay_ms(1, 0.75), 105000);
    assert_true(backoff_delay_ms(1, 0.999999) <= 110000);
    assert_true(backoff_delay_ms(1, 0.999999) > 109990);
    for (n = 0; n < 6; n++)
        for (u = 0.0; u < 1.0; u += 0.01) {
            long long plain = backoff_delay_ms(n, 0.5), d = backoff_delay_ms(n, u);
            assert_true(d >= plain * 9 / 10 && d <= plain * 11 / 10);
        }
    /* at the cap the jitter only shortens: the maximum is a maximum */
    assert_int_equal(backoff_delay_ms(7, 0.9), 52000000LL);
    assert_int_equal(backoff_delay_ms(7, 0.0), 46800000LL);
    /* an out-of-range draw is the plain schedule */
    assert_int_equal(backoff_delay_ms(0, 1.0), 25000);
    assert_int_equal(backoff_delay_ms(0, -0.1), 25000);
}

static void variables_make_time_controllable(void **state)
{
    static const long long want[] = {100, 200, 400, 800, 800, 800, 800};
    char err[256];
    size_t n;

    (void)state;
    setenv("KOERS_NOTIFICATIONS_RETRIES", "3", 1);
    setenv("KOERS_NOTIFICATIONS_RETRY_BASE_MS", "100", 1);
    setenv("KOERS_NOTIFICATIONS_RETRY_FACTOR", "2", 1);
    setenv("KOERS_NOTIFICATIONS_RETRY_MAX_MS", "800", 1);
    setenv("KOERS_NOTIFICATIONS_TIMEOUT_S", "2", 1);
    assert_int_equal(backoff_configure(err, sizeof(err)), 0);
    assert_int_equal(backoff_retries(), 3);
    assert_int_equal(backoff_timeout_s(), 2);
    for (n = 0; n < sizeof(want) / sizeof(want[0]); n++)
        assert_int_equal(backoff_delay_ms((int)n, 0.5), want[n]);
    /* no retries at all is allowed */
    setenv("KOERS_NOTIFICATIONS_RETRIES", "0", 1);
    assert_int_equal(backoff_configure(err, sizeof(err)), 0);
    assert_int_equal(backoff_retries(), 0);
}

static void bad_values_are_refused(void **state)
{
    static const struct {
        const char *var, *value;
    } bad[] = {
        {"KOERS_NOTIFICATIONS_RETRIES", "21"},
        {"KOERS_NOTIFICATIONS_RETRIES", "-1"},
        {"KOERS_NOTIFICATIONS_RETRIES", "seven"},
        {"KOERS_NOTIFICATIONS_RETRY_BASE_MS", "0"},
        {"KOERS_NOTIFICATIONS_RETRY_BASE_MS", "25s"},
        {"KOERS_NOTIFICATIONS_RETRY_FACTOR", "0"},
        {"KOERS_NOTIFICATIONS_RETRY_FACTOR", "1.5"},
        {"KOERS_NOTIFICATIONS_RETRY_MAX_MS", "99999999999"},
        {"KOERS_NOTIFICATIONS_TIMEOUT_S", "0"},
        {"KOERS_NOTIFICATIONS_TIMEOUT_S", "61"},
        {"KOERS_NOTIFICATIONS_TIMEOUT_S", " 5"},
    };
    char err[256];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        clean(NULL);
        setenv(bad[i].var, bad[i].value, 1);
        err[0] = '\0';
        assert_int_equal(backoff_configure(err, sizeof(err)), -1);
        assert_non_null(strstr(err, bad[i].var));
        /* the schedule in force is untouched */
        assert_int_equal(backoff_delay_ms(0, 0.5), 25000);
        assert_int_equal(backoff_timeout_s(), 10);
    }
    clean(NULL);
    setenv("KOERS_NOTIFICATIONS_RETRY_BASE_MS", "1000", 1);
    setenv("KOERS_NOTIFICATIONS_RETRY_MAX_MS", "999", 1);
    assert_int_equal(backoff_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_NOTIFICATIONS_RETRY_MAX_MS"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(open_notificaties_schedule_by_default, clean),
        cmocka_unit_test_setup(jitter_stays_within_ten_percent, clean),
        cmocka_unit_test_setup(variables_make_time_controllable, clean),
        cmocka_unit_test_setup(bad_values_are_refused, clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
