/* LINK: coverage/coverage_calc.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "coverage/coverage_calc.h"

static void the_seed_s_fifteen_team_managers(void **state)
{
    coverage_figures f;
    (void)state;

    /* De Ronde Venen: 4 processes chosen first, all 15 team managers in 2023 */
    coverage_compute(15, 4, -1, &f);
    assert_int_equal(f.team_managers, 15);
    assert_int_equal(f.covered, 4);
    assert_int_equal(f.share_permille, 267); /* 266.67 rounded */
    assert_int_equal(f.target, 15);
    assert_int_equal(f.remaining, 11);
    assert_false(f.target_met);

    coverage_compute(15, 15, -1, &f);
    assert_int_equal(f.share_permille, 1000);
    assert_int_equal(f.remaining, 0);
    assert_true(f.target_met);
}

static void share_rounds_half_up(void **state)
{
    coverage_figures f;
    (void)state;

    coverage_compute(3, 1, -1, &f);
    assert_int_equal(f.share_permille, 333);
    coverage_compute(3, 2, -1, &f);
    assert_int_equal(f.share_permille, 667);
    coverage_compute(8, 1, -1, &f); /* 125 exactly */
    assert_int_equal(f.share_permille, 125);
    coverage_compute(2000, 1, -1, &f); /* 0.5 per mille rounds up */
    assert_int_equal(f.share_permille, 1);
    coverage_compute(2001, 1, -1, &f); /* 0.49975 rounds down */
    assert_int_equal(f.share_permille, 0);
}

static void no_team_managers(void **state)
{
    coverage_figures f;
    (void)state;

    coverage_compute(0, 0, -1, &f);
    assert_int_equal(f.share_permille, 0);
    assert_int_equal(f.target, 0);
    assert_int_equal(f.remaining, 0);
    assert_true(f.target_met);

    coverage_compute(0, 0, 5, &f);
    assert_int_equal(f.remaining, 5);
    assert_false(f.target_met);
}

static void a_set_target(void **state)
{
    coverage_figures f;
    (void)state;

    coverage_compute(15, 9, 10, &f);
    assert_int_equal(f.target, 10);
    assert_int_equal(f.remaining, 1);
    assert_false(f.target_met);
    coverage_compute(15, 10, 10, &f);
    assert_int_equal(f.remaining, 0);
    assert_true(f.target_met);
    coverage_compute(15, 12, 10, &f); /* beyond the target */
    assert_int_equal(f.remaining, 0);
    assert_true(f.target_met);
    coverage_compute(15, 0, 0, &f); /* a target of zero is met at once */
    assert_true(f.target_met);
}

static void counts_out_of_range_are_clamped(void **state)
{
    coverage_figures f;
    (void)state;

    coverage_compute(-3, -1, -1, &f);
    assert_int_equal(f.team_managers, 0);
    assert_int_equal(f.covered, 0);
    coverage_compute(4, 9, -1, &f);
    assert_int_equal(f.covered, 4);
    assert_int_equal(f.share_permille, 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_seed_s_fifteen_team_managers),
        cmocka_unit_test(share_rounds_half_up),
        cmocka_unit_test(no_team_managers),
        cmocka_unit_test(a_set_target),
        cmocka_unit_test(counts_out_of_range_are_clamped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
