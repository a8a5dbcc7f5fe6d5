/* The judgement of a KPI measurement: on target at the edges in both
 * directions, the rounding to the four decimals kept, which measurement is
 * the latest, and which event a new measurement raises. */
/* LINK: kpis/kpi_rule.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kpis/kpi_rule.h"

static void higher_is_better_meets_at_the_target(void **state)
{
    (void)state;
    assert_true(kpi_rule_on_target(KPI_HIGHER_IS_BETTER, 80.0, 80.0));
    assert_true(kpi_rule_on_target(KPI_HIGHER_IS_BETTER, 80.0001, 80.0));
    assert_false(kpi_rule_on_target(KPI_HIGHER_IS_BETTER, 79.9999, 80.0));
    assert_true(kpi_rule_on_target(KPI_HIGHER_IS_BETTER, -1.0, -2.0));
    assert_false(kpi_rule_on_target(KPI_HIGHER_IS_BETTER, -2.5, -2.0));
}

static void lower_is_better_meets_at_the_target(void **state)
{
    (void)state;
    assert_true(kpi_rule_on_target(KPI_LOWER_IS_BETTER, 56.0, 56.0));
    assert_true(kpi_rule_on_target(KPI_LOWER_IS_BETTER, 55.9999, 56.0));
    assert_false(kpi_rule_on_target(KPI_LOWER_IS_BETTER, 56.0001, 56.0));
    assert_true(kpi_rule_on_target(KPI_LOWER_IS_BETTER, 0.0, 0.0));
}

static void judged_as_kept_to_four_decimals(void **state)
{
    (void)state;
    /* 79.99996 is kept as 80.0000: on target, as a reader of the value sees */
    assert_true(kpi_rule_on_target(KPI_HIGHER_IS_BETTER, 79.99996, 80.0));
    assert_false(kpi_rule_on_target(KPI_HIGHER_IS_BETTER, 79.99994, 80.0));
    assert_true(kpi_rule_round(0.1 + 0.2) == 0.3);
    assert_true(kpi_rule_round(12.34565) == 12.3457 || kpi_rule_round(12.34565) == 12.3456);
    assert_true(kpi_rule_round(-1.00005) == -1.0001 || kpi_rule_round(-1.00005) == -1.0);
    assert_true(kpi_rule_round(1234.5) == 1234.5);
}

static void directions_parse(void **state)
{
    kpi_direction d;
    (void)state;

    assert_int_equal(kpi_rule_direction_parse("higher_is_better", &d), 0);
    assert_int_equal(d, KPI_HIGHER_IS_BETTER);
    assert_int_equal(kpi_rule_direction_parse("lower_is_better", &d), 0);
    assert_int_equal(d, KPI_LOWER_IS_BETTER);
    assert_int_equal(kpi_rule_direction_parse("higher", &d), -1);
    assert_int_equal(kpi_rule_direction_parse(NULL, &d), -1);
}

static void the_latest_ends_last(void **state)
{
    (void)state;
    assert_true(kpi_rule_is_latest("2024-03-31", NULL));
    assert_true(kpi_rule_is_latest("2024-03-31", ""));
    assert_true(kpi_rule_is_latest("2024-04-30", "2024-03-31"));
    assert_false(kpi_rule_is_latest("2024-02-29", "2024-03-31"));
    assert_true(kpi_rule_is_latest("2025-01-01", "2024-12-31"));
}

static void only_the_latest_period_alarms(void **state)
{
    (void)state;
    /* an older period recorded late: nothing, on or off */
    assert_int_equal(kpi_rule_alarm(0, 0, 1, 1), KPI_ALARM_NONE);
    assert_int_equal(kpi_rule_alarm(0, 1, 1, 0), KPI_ALARM_NONE);
    /* the latest off target: always, the first and every next */
    assert_int_equal(kpi_rule_alarm(1, 0, 0, 0), KPI_ALARM_OFF_TARGET);
    assert_int_equal(kpi_rule_alarm(1, 0, 1, 1), KPI_ALARM_OFF_TARGET);
    assert_int_equal(kpi_rule_alarm(1, 0, 1, 0), KPI_ALARM_OFF_TARGET);
}

static void back_on_target_only_after_off(void **state)
{
    (void)state;
    assert_int_equal(kpi_rule_alarm(1, 1, 1, 0), KPI_ALARM_BACK_ON_TARGET);
    assert_int_equal(kpi_rule_alarm(1, 1, 1, 1), KPI_ALARM_NONE);
    assert_int_equal(kpi_rule_alarm(1, 1, 0, 0), KPI_ALARM_NONE); /* the first measurement */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(higher_is_better_meets_at_the_target),
        cmocka_unit_test(lower_is_better_meets_at_the_target),
        cmocka_unit_test(judged_as_kept_to_four_decimals),
        cmocka_unit_test(directions_parse),
        cmocka_unit_test(the_latest_ends_last),
        cmocka_unit_test(only_the_latest_period_alarms),
        cmocka_unit_test(back_on_target_only_after_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
