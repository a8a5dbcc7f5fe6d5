/* The C twin of the scoring formula (sql/004_backlog.sql) at its edges:
 * the frequency levels exactly at 1 a month, 52/12 (once a week), 21 and
 * 105 a month, per week and per month; the score's ends, its rounding and
 * weights of 0; all-zero and out-of-range weights refused; the quadrants
 * at impact 2/3 and effort 2/3. */
/* LINK: backlog/bottleneck_score.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "backlog/bottleneck_score.h"

static void frequency_levels_per_month(void **state)
{
    (void)state;
    assert_int_equal(bottleneck_frequency_level(0, BOTTLENECK_PER_MONTH), 1);
    assert_int_equal(bottleneck_frequency_level(1, BOTTLENECK_PER_MONTH), 2); /* exactly 1 */
    assert_int_equal(bottleneck_frequency_level(4, BOTTLENECK_PER_MONTH), 2); /* under 52/12 */
    assert_int_equal(bottleneck_frequency_level(5, BOTTLENECK_PER_MONTH), 3);
    assert_int_equal(bottleneck_frequency_level(20, BOTTLENECK_PER_MONTH), 3);
    assert_int_equal(bottleneck_frequency_level(21, BOTTLENECK_PER_MONTH), 4); /* exactly 21 */
    assert_int_equal(bottleneck_frequency_level(104, BOTTLENECK_PER_MONTH), 4);
    assert_int_equal(bottleneck_frequency_level(105, BOTTLENECK_PER_MONTH), 5); /* exactly 105 */
    assert_int_equal(bottleneck_frequency_level(100000, BOTTLENECK_PER_MONTH), 5);
}

static void frequency_levels_per_week(void **state)
{
    (void)state;
    /* a week counts 52/12 a month */
    assert_int_equal(bottleneck_frequency_level(0, BOTTLENECK_PER_WEEK), 1);
    /* once a week is exactly 52/12 a month: not under it */
    assert_int_equal(bottleneck_frequency_level(1, BOTTLENECK_PER_WEEK), 3);
    assert_int_equal(bottleneck_frequency_level(4, BOTTLENECK_PER_WEEK), 3);  /* 17.3 */
    assert_int_equal(bottleneck_frequency_level(5, BOTTLENECK_PER_WEEK), 4);  /* 21.7 */
    assert_int_equal(bottleneck_frequency_level(24, BOTTLENECK_PER_WEEK), 4); /* 104 */
    assert_int_equal(bottleneck_frequency_level(25, BOTTLENECK_PER_WEEK), 5); /* 108.3 */
    assert_int_equal(bottleneck_frequency_level(100000, BOTTLENECK_PER_WEEK), 5);
}

static void frequency_unknown_and_bad(void **state)
{
    (void)state;
    assert_int_equal(bottleneck_frequency_level(0, BOTTLENECK_PER_NONE), 3);
    assert_int_equal(bottleneck_frequency_level(999, BOTTLENECK_PER_NONE), 3);
    assert_int_equal(bottleneck_frequency_level(-1, BOTTLENECK_PER_MONTH), -1);
    assert_int_equal(bottleneck_frequency_level(1, (bottleneck_frequency_unit)7), -1);
}

static void score_ends_and_defaults(void **state)
{
    bottleneck_weights w = BOTTLENECK_WEIGHTS_DEFAULT;
    (void)state;

    assert_int_equal(bottleneck_score_tenths(5, 1, 5, &w), 1000); /* the most */
    assert_int_equal(bottleneck_score_tenths(1, 5, 1, &w), 200);  /* the least */
    /* 20 * (2*3 + 1*3 + 1*3) / 4 = 60 */
    assert_int_equal(bottleneck_score_tenths(3, 3, 3, &w), 600);
    /* 20 * (2*4 + 1*4 + 1*2) / 4 = 70 */
    assert_int_equal(bottleneck_score_tenths(4, 2, 2, &w), 700);
}

static void score_rounds_half_away_from_zero(void **state)
{
    bottleneck_weights w3 = {1, 1, 1}, w7 = {3, 2, 2}, w8 = {4, 3, 1};
    (void)state;

    /* 20 * (4 + 3 + 3) / 3 = 66.666.. -> 66.7 */
    assert_int_equal(bottleneck_score_tenths(4, 3, 3, &w3), 667);
    /* 20 * (3 + 3 + 2) / 3 = 53.333.. -> 53.3 */
    assert_int_equal(bottleneck_score_tenths(3, 3, 2, &w3), 533);
    /* 20 * (3*5 + 2*5 + 2*5) / 7 = 100 */
    assert_int_equal(bottleneck_score_tenths(5, 1, 5, &w7), 1000);
    /* 20 * (4*1 + 3*1 + 1*1) / 8 = 20: all ends meet */
    assert_int_equal(bottleneck_score_tenths(1, 5, 1, &w8), 200);
    /* 20 * (4*2 + 3*5 + 1*2) / 8 = 62.5 exactly: stays 62.5 */
    assert_int_equal(bottleneck_score_tenths(2, 1, 2, &w8), 625);
    /* 20 * (4*3 + 3*4 + 1*1) / 8 = 62.5 */
    assert_int_equal(bottleneck_score_tenths(3, 2, 1, &w8), 625);
    {
        bottleneck_weights w40 = {40, 0, 0}, w_half = {1, 0, 39};
        /* only impact: 20 * impact */
        assert_int_equal(bottleneck_score_tenths(3, 5, 1, &w40), 600);
        /* 20 * (2 + 39*3) / 40 = 59.5 exactly */
        assert_int_equal(bottleneck_score_tenths(2, 5, 3, &w_half), 595);
        /* 20 * (1 + 39*1) / 40 = 20 ; 20 * (3 + 39*4)/40 = 79.5 */
        assert_int_equal(bottleneck_score_tenths(3, 5, 4, &w_half), 795);
    }
    {
        /* 200 * (1*1 + 0 + 2*2) / 3 = 333.33 -> 33.3; 200*(1*2+2*2)/3 = 400 -> 40.0 */
        bottleneck_weights w = {1, 0, 2};
        assert_int_equal(bottleneck_score_tenths(1, 3, 2, &w), 333);
        assert_int_equal(bottleneck_score_tenths(2, 3, 2, &w), 400);
        /* 200 * (1*1 + 2*1) / 3 = 200 */
        assert_int_equal(bottleneck_score_tenths(1, 1, 1, &w), 200);
        /* 200 * (5 + 2*4) / 3 = 866.67 -> 86.7 */
        assert_int_equal(bottleneck_score_tenths(5, 1, 4, &w), 867);
    }
}

static void weights_of_zero_leave_a_member_out(void **state)
{
    bottleneck_weights effort_only = {0, 1, 0}, frequency_only = {0, 0, 100};
    int impact;
    (void)state;

    for (impact = 1; impact <= 5; impact++) {
        /* only effort counts: 20 * (6 - effort) */
        assert_int_equal(bottleneck_score_tenths(impact, 2, 1, &effort_only), 800);
        /* only frequency: 20 * level */
        assert_int_equal(bottleneck_score_tenths(impact, 5, 4, &frequency_only), 800);
    }
}

static void bad_weights_and_inputs_are_refused(void **state)
{
    bottleneck_weights zero = {0, 0, 0}, negative = {-1, 1, 1}, big = {101, 1, 1},
                       edge = {100, 100, 100}, ok = BOTTLENECK_WEIGHTS_DEFAULT;
    (void)state;

    assert_false(bottleneck_weights_valid(&zero));
    assert_false(bottleneck_weights_valid(&negative));
    assert_false(bottleneck_weights_valid(&big));
    assert_false(bottleneck_weights_valid(NULL));
    assert_true(bottleneck_weights_valid(&edge));
    assert_int_equal(bottleneck_score_tenths(3, 3, 3, &zero), -1);
    assert_int_equal(bottleneck_score_tenths(3, 3, 3, &big), -1);
    assert_int_equal(bottleneck_score_tenths(3, 3, 3, &edge), 600);
    assert_int_equal(bottleneck_score_tenths(0, 3, 3, &ok), -1);
    assert_int_equal(bottleneck_score_tenths(6, 3, 3, &ok), -1);
    assert_int_equal(bottleneck_score_tenths(3, 0, 3, &ok), -1);
    assert_int_equal(bottleneck_score_tenths(3, 6, 3, &ok), -1);
    assert_int_equal(bottleneck_score_tenths(3, 3, 0, &ok), -1);
    assert_int_equal(bottleneck_score_tenths(3, 3, 6, &ok), -1);
}

static void quadrants_at_their_edges(void **state)
{
    bottleneck_quadrant q;
    (void)state;

    assert_int_equal(bottleneck_quadrant_of(3, 2), BOTTLENECK_QUICK_WIN);
    assert_int_equal(bottleneck_quadrant_of(5, 1), BOTTLENECK_QUICK_WIN);
    assert_int_equal(bottleneck_quadrant_of(3, 3), BOTTLENECK_BIG_BET);
    assert_int_equal(bottleneck_quadrant_of(5, 5), BOTTLENECK_BIG_BET);
    assert_int_equal(bottleneck_quadrant_of(2, 2), BOTTLENECK_FILL_IN);
    assert_int_equal(bottleneck_quadrant_of(1, 1), BOTTLENECK_FILL_IN);
    assert_int_equal(bottleneck_quadrant_of(2, 3), BOTTLENECK_THANKLESS);
    assert_int_equal(bottleneck_quadrant_of(1, 5), BOTTLENECK_THANKLESS);
    assert_string_equal(bottleneck_quadrant_name(BOTTLENECK_QUICK_WIN), "quick_win");
    assert_string_equal(bottleneck_quadrant_name(BOTTLENECK_BIG_BET), "big_bet");
    assert_string_equal(bottleneck_quadrant_name(BOTTLENECK_FILL_IN), "fill_in");
    assert_string_equal(bottleneck_quadrant_name(BOTTLENECK_THANKLESS), "thankless");
    assert_string_equal(bottleneck_quadrant_name(BOTTLENECK_QUADRANT_COUNT), "unknown");
    assert_int_equal(bottleneck_quadrant_parse("big_bet", &q), 0);
    assert_int_equal(q, BOTTLENECK_BIG_BET);
    assert_int_equal(bottleneck_quadrant_parse("quickwin", &q), -1);
    assert_int_equal(bottleneck_quadrant_parse(NULL, &q), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(frequency_levels_per_month),
        cmocka_unit_test(frequency_levels_per_week),
        cmocka_unit_test(frequency_unknown_and_bad),
        cmocka_unit_test(score_ends_and_defaults),
        cmocka_unit_test(score_rounds_half_away_from_zero),
        cmocka_unit_test(weights_of_zero_leave_a_member_out),
        cmocka_unit_test(bad_weights_and_inputs_are_refused),
        cmocka_unit_test(quadrants_at_their_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
