/* Unit tests of stats.c. Every expected value was computed by hand (the
 * working is in the comment above each check); a check allows for the
 * rounding of the last written decimal only. */
/* LINK: results/stats.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "results/stats.h"

#define EPS 1e-6

static void assert_near(double got, double want, double eps)
{
    if (!(got > want - eps && got < want + eps))
        fail_msg("got %.9f, want %.9f (+- %g)", got, want, eps);
}

/* x = 2 4 4 4 5 5 7 9: n = 8, sum = 40, mean = 40 / 8 = 5. */
static void test_mean(void **state)
{
    double m = -1;
    (void)state;
    assert_int_equal(stats_mean(8, 40.0, &m), 0);
    assert_near(m, 5.0, EPS);
    /* likert5 answers 1 2 2 5: sum 10, mean 2.5 */
    assert_int_equal(stats_mean(4, 10.0, &m), 0);
    assert_near(m, 2.5, EPS);
    m = 42;
    assert_int_equal(stats_mean(0, 0.0, &m), -1);
    assert_near(m, 42, EPS); /* untouched */
}

/* x = 2 4 4 4 5 5 7 9: sum = 40, sumsq = 4+16+16+16+25+25+49+81 = 232.
 * sum of squared deviations = 232 - 40^2/8 = 232 - 200 = 32;
 * sample variance = 32 / 7 = 4.5714286; sd = sqrt(4.5714286) = 2.1380899. */
static void test_sd_from_sums(void **state)
{
    double sd = -1;
    (void)state;
    assert_int_equal(stats_sd(8, 40.0, 232.0, &sd), 0);
    assert_near(sd, 2.1380899, 1e-6);
    /* 1 2 2 5: sum 10, sumsq 1+4+4+25 = 34; ss = 34 - 100/4 = 9;
     * var = 9/3 = 3; sd = sqrt(3) = 1.7320508 */
    assert_int_equal(stats_sd(4, 10.0, 34.0, &sd), 0);
    assert_near(sd, 1.7320508, 1e-6);
    /* all equal (3 3 3): sum 9, sumsq 27; ss = 27 - 81/3 = 0 -> sd 0 */
    assert_int_equal(stats_sd(3, 9.0, 27.0, &sd), 0);
    assert_near(sd, 0.0, EPS);
    /* one observation has no sample sd */
    assert_int_equal(stats_sd(1, 4.0, 16.0, &sd), -1);
}

/* Answers 9 10 10 8 7 6 3 9 10 5 (n = 10): promoters (9-10) are
 * 9 10 10 9 10 = 5, detractors (0-6) are 6 3 5 = 3, passives 8 7.
 * NPS = 100 * (5 - 3) / 10 = 20. */
static void test_nps(void **state)
{
    double nps = 0;
    (void)state;
    assert_int_equal(stats_nps(10, 5, 3, &nps), 0);
    assert_near(nps, 20.0, EPS);
    /* 1 promoter, 3 detractors of 4: 100 * (1 - 3) / 4 = -50 */
    assert_int_equal(stats_nps(4, 1, 3, &nps), 0);
    assert_near(nps, -50.0, EPS);
    /* all promoters: 100; all detractors: -100 */
    assert_int_equal(stats_nps(7, 7, 0, &nps), 0);
    assert_near(nps, 100.0, EPS);
    assert_int_equal(stats_nps(7, 0, 7, &nps), 0);
    assert_near(nps, -100.0, EPS);
    assert_int_equal(stats_nps(0, 0, 0, &nps), -1);
    assert_int_equal(stats_nps(5, 4, 3, &nps), -1); /* 7 > 5 */
}

/* Table look-ups: a df between entries takes the smaller entry (wider). */
static void test_t_quantile(void **state)
{
    (void)state;
    assert_near(stats_t975(1), 12.706, EPS);
    assert_near(stats_t975(0.4), 12.706, EPS); /* below 1: as 1 */
    assert_near(stats_t975(5), 2.571, EPS);
    assert_near(stats_t975(5.0276), 2.571, EPS); /* floor 5 */
    assert_near(stats_t975(30), 2.042, EPS);
    assert_near(stats_t975(35.5), 2.042, EPS);  /* 30 <= df < 40 */
    assert_near(stats_t975(73.77), 2.000, EPS); /* 60 <= df < 80 */
    assert_near(stats_t975(120), 1.980, EPS);
    assert_near(stats_t975(999.9), 1.965, EPS);
    assert_near(stats_t975(1000), 1.96, EPS);
    assert_near(stats_t975(1e9), 1.96, EPS);
}

/* a: n 10, mean 4.0, sd 1.0; b: n 5, mean 3.0, sd 2.0.
 * va = 1^2/10 = 0.1, vb = 2^2/5 = 0.8, se = sqrt(0.9) = 0.9486833.
 * df = 0.9^2 / (0.1^2/9 + 0.8^2/4) = 0.81 / (0.0011111 + 0.16)
 *    = 0.81 / 0.1611111 = 5.0275862 -> t(5) = 2.571.
 * half width = 2.571 * 0.9486833 = 2.4390648;
 * difference 1.0, interval [-1.4390648, 3.4390648]: contains 0. */
static void test_welch_not_significant(void **state)
{
    stats_interval ci;
    (void)state;
    assert_int_equal(stats_welch_ci95(10, 4.0, 1.0, 5, 3.0, 2.0, &ci), 0);
    assert_near(ci.difference, 1.0, EPS);
    assert_near(ci.df, 5.0275862, 1e-6);
    assert_near(ci.lo, -1.4390648, 1e-6);
    assert_near(ci.hi, 3.4390648, 1e-6);
    assert_false(ci.significant);
}

/* a: n 50, mean 3.8, sd 0.8; b: n 40, mean 3.2, sd 1.0.
 * va = 0.64/50 = 0.0128, vb = 1/40 = 0.025; va + vb = 0.0378,
 * se = sqrt(0.0378) = 0.1944222.
 * df = 0.0378^2 / (0.0128^2/49 + 0.025^2/39)
 *    = 0.00142884 / (0.0000033437 + 0.0000160256) = 73.768 -> t(60) = 2.000.
 * half = 2.000 * 0.1944222 = 0.3888444; difference 0.6,
 * interval [0.2111556, 0.9888444]: excludes 0, significant.
 * Swapping a and b mirrors it: difference -0.6, [-0.9888444, -0.2111556]. */
static void test_welch_significant(void **state)
{
    stats_interval ci;
    (void)state;
    assert_int_equal(stats_welch_ci95(50, 3.8, 0.8, 40, 3.2, 1.0, &ci), 0);
    assert_near(ci.difference, 0.6, EPS);
    assert_near(ci.df, 73.768, 1e-3);
    assert_near(ci.lo, 0.2111556, 1e-6);
    assert_near(ci.hi, 0.9888444, 1e-6);
    assert_true(ci.significant);
    assert_int_equal(stats_welch_ci95(40, 3.2, 1.0, 50, 3.8, 0.8, &ci), 0);
    assert_near(ci.difference, -0.6, EPS);
    assert_near(ci.lo, -0.9888444, 1e-6);
    assert_near(ci.hi, -0.2111556, 1e-6);
    assert_true(ci.significant);
}

/* Both samples without spread: the interval is the difference itself;
 * 4.0 - 3.0 = 1 is significant, 3.0 - 3.0 = 0 is not. Fewer than two
 * observations on a side: no interval. */
static void test_welch_degenerate(void **state)
{
    stats_interval ci;
    (void)state;
    assert_int_equal(stats_welch_ci95(5, 4.0, 0.0, 6, 3.0, 0.0, &ci), 0);
    assert_near(ci.lo, 1.0, EPS);
    assert_near(ci.hi, 1.0, EPS);
    assert_near(ci.df, 9.0, EPS);
    assert_true(ci.significant);
    assert_int_equal(stats_welch_ci95(5, 3.0, 0.0, 6, 3.0, 0.0, &ci), 0);
    assert_false(ci.significant);
    assert_int_equal(stats_welch_ci95(1, 3.0, 0.0, 6, 3.0, 1.0, &ci), -1);
    assert_int_equal(stats_welch_ci95(6, 3.0, 1.0, 0, 0.0, 0.0, &ci), -1);
}

/* 30 of 50 (0.6) against 20 of 50 (0.4): d = 0.2.
 * se = sqrt(0.6*0.4/50 + 0.4*0.6/50) = sqrt(0.0048 + 0.0048) = sqrt(0.0096)
 *    = 0.0979796; half = 1.96 * 0.0979796 = 0.1920400.
 * In percentage points: 20 +- 19.20400 -> [0.79600, 39.20400], significant.
 * 10 of 20 (0.5) against 9 of 20 (0.45): d = 0.05,
 * se = sqrt(0.25/20 + 0.2475/20) = sqrt(0.024875) = 0.1577181,
 * half = 0.3091275 -> [-25.91275, 35.91275] percentage points, not significant. */
static void test_two_proportions(void **state)
{
    stats_interval ci;
    (void)state;
    assert_int_equal(stats_two_prop_ci95(30, 50, 20, 50, &ci), 0);
    assert_near(ci.difference, 20.0, EPS);
    assert_near(ci.lo, 0.79600, 1e-4);
    assert_near(ci.hi, 39.20400, 1e-4);
    assert_true(ci.significant);
    assert_int_equal(stats_two_prop_ci95(10, 20, 9, 20, &ci), 0);
    assert_near(ci.difference, 5.0, EPS);
    assert_near(ci.lo, -25.91275, 1e-4);
    assert_near(ci.hi, 35.91275, 1e-4);
    assert_false(ci.significant);
    assert_int_equal(stats_two_prop_ci95(1, 0, 1, 5, &ci), -1);
    assert_int_equal(stats_two_prop_ci95(6, 5, 1, 5, &ci), -1);
}

/* The small-group rule with the default minimum 5: 4 is withheld, 5 not;
 * an empty group is withheld; the reason names the minimum. */
static void test_small_group_rule(void **state)
{
    char reason[64];
    (void)state;
    assert_true(stats_withheld(0, 5));
    assert_true(stats_withheld(4, 5));
    assert_false(stats_withheld(5, 5));
    assert_false(stats_withheld(100000, 5));
    assert_true(stats_withheld(9, 10));
    assert_false(stats_withheld(2, 2));
    stats_withheld_reason(5, reason, sizeof(reason));
    assert_string_equal(reason, "fewer than 5 respondents");
    stats_withheld_reason(12, reason, sizeof(reason));
    assert_string_equal(reason, "fewer than 12 respondents");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mean),
        cmocka_unit_test(test_sd_from_sums),
        cmocka_unit_test(test_nps),
        cmocka_unit_test(test_t_quantile),
        cmocka_unit_test(test_welch_not_significant),
        cmocka_unit_test(test_welch_significant),
        cmocka_unit_test(test_welch_degenerate),
        cmocka_unit_test(test_two_proportions),
        cmocka_unit_test(test_small_group_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
