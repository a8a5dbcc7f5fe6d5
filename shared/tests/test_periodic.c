/* kc_periodic: the background thread of scheduled work. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <time.h>
#include <cmocka.h>
#include "koers/periodic.h"

static void count(void *arg)
{
    atomic_fetch_add((atomic_int *)arg, 1);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* first_now: the first call comes at once, not after the (hour-long) period;
 * stop wakes the thread out of its wait instead of waiting the hour. */
static void test_first_call_at_once_and_stop_wakes_the_wait(void **state)
{
    atomic_int calls = 0;
    kc_periodic *p = NULL;
    int i;

    (void)state;
    assert_int_equal(kc_periodic_start(3600, 1, count, &calls, &p), KC_OK);
    for (i = 0; i < 500 && atomic_load(&calls) == 0; i++)
        sleep_ms(10);
    assert_int_equal(atomic_load(&calls), 1);
    kc_periodic_stop(p); /* returns: the test would hang for an hour otherwise */
    assert_int_equal(atomic_load(&calls), 1);
}

/* Without first_now nothing runs before the period; with a period of 1 s
 * calls keep coming. */
static void test_calls_every_period(void **state)
{
    atomic_int calls = 0;
    kc_periodic *p = NULL;
    int i;

    (void)state;
    assert_int_equal(kc_periodic_start(1, 0, count, &calls, &p), KC_OK);
    assert_int_equal(atomic_load(&calls), 0);
    for (i = 0; i < 500 && atomic_load(&calls) < 2; i++)
        sleep_ms(10);
    kc_periodic_stop(p);
    assert_true(atomic_load(&calls) >= 2);
}

static void test_bad_arguments(void **state)
{
    kc_periodic *p = (kc_periodic *)1;

    (void)state;
    assert_int_equal(kc_periodic_start(0, 1, count, NULL, &p), KC_INTERNAL);
    assert_null(p);
    assert_int_equal(kc_periodic_start(1, 1, NULL, NULL, &p), KC_INTERNAL);
    kc_periodic_stop(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_call_at_once_and_stop_wakes_the_wait),
        cmocka_unit_test(test_calls_every_period),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
