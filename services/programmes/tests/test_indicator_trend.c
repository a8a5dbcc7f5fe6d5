/* The judgement of an indicator's values (goals/indicator_trend.c): off
 * track against the target in both directions, a relapse from the best
 * earlier value beyond the margin, the first value and equal values, and
 * each signal once per period. */
/* LINK: goals/indicator_trend.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "goals/indicator_trend.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void without_values_nothing_is_judged(void **state)
{
    indicator_rule rule = {.target = 3.5, .direction = INDICATOR_AT_LEAST};
    indicator_verdict v;
    (void)state;

    indicator_trend_judge(NULL, 0, &rule, &v);
    assert_false(v.has_value);
    assert_false(v.on_track);
    assert_int_equal(indicator_trend_to_raise(&v, 0), 0);
}

static void the_first_value_is_off_track_below_the_target_but_never_a_relapse(void **state)
{
    indicator_point pts[] = {{"wave:1", 3.2}};
    indicator_rule rule = {.target = 3.5, .direction = INDICATOR_AT_LEAST};
    indicator_verdict v;
    (void)state;

    indicator_trend_judge(pts, N(pts), &rule, &v);
    assert_true(v.has_value);
    assert_string_equal(v.period, "wave:1");
    assert_false(v.on_track);
    assert_int_equal(v.signals, INDICATOR_SIGNAL_OFF_TRACK);
}

static void a_value_equal_to_the_target_is_on_track_in_both_directions(void **state)
{
    indicator_point pts[] = {{"2027-01", 0.8}};
    indicator_rule least = {.target = 0.8, .direction = INDICATOR_AT_LEAST};
    indicator_rule most = {.target = 0.8, .direction = INDICATOR_AT_MOST};
    indicator_verdict v;
    (void)state;

    indicator_trend_judge(pts, N(pts), &least, &v);
    assert_true(v.on_track);
    assert_int_equal(v.signals, 0);
    indicator_trend_judge(pts, N(pts), &most, &v);
    assert_true(v.on_track);
    assert_int_equal(v.signals, 0);
}

static void at_most_is_off_track_above_the_target(void **state)
{
    indicator_point pts[] = {{"2027-01", 0.1}, {"2027-02", 0.3}};
    indicator_rule rule = {.target = 0.2, .direction = INDICATOR_AT_MOST, .relapse_margin = 0.05};
    indicator_verdict v;
    (void)state;

    indicator_trend_judge(pts, N(pts), &rule, &v);
    assert_false(v.on_track);
    /* 0.3 is worse than the best earlier 0.1 by 0.2 > 0.05: also a relapse */
    assert_int_equal(v.signals, INDICATOR_SIGNAL_OFF_TRACK | INDICATOR_SIGNAL_RELAPSE);
    assert_true(v.reference == 0.1);

    pts[1].value = 0.05; /* lower is better: no relapse, on track */
    indicator_trend_judge(pts, N(pts), &rule, &v);
    assert_true(v.on_track);
    assert_int_equal(v.signals, 0);
}

static void a_fall_from_the_best_earlier_value_beyond_the_margin_is_a_relapse(void **state)
{
    /* the best earlier value (4.1, wave 2), not the previous one (3.9) */
    indicator_point pts[] = {{"wave:1", 3.6}, {"wave:2", 4.1}, {"wave:3", 3.9}, {"wave:4", 3.8}};
    indicator_rule rule = {.target = 3.5, .direction = INDICATOR_AT_LEAST, .relapse_margin = 0.25};
    indicator_verdict v;
    (void)state;

    indicator_trend_judge(pts, N(pts), &rule, &v);
    assert_true(v.on_track); /* 3.8 still meets 3.5 */
    assert_int_equal(v.signals, INDICATOR_SIGNAL_RELAPSE);
    assert_true(v.reference == 4.1);
    assert_string_equal(v.period, "wave:4");
}

static void a_fall_within_the_margin_or_to_an_equal_value_is_no_relapse(void **state)
{
    indicator_point pts[] = {{"wave:1", 4.0}, {"wave:2", 3.8}};
    indicator_rule rule = {.target = 3.5, .direction = INDICATOR_AT_LEAST, .relapse_margin = 0.2};
    indicator_verdict v;
    (void)state;

    /* exactly the margin: not more than it */
    indicator_trend_judge(pts, N(pts), &rule, &v);
    assert_int_equal(v.signals, 0);

    pts[1].value = 4.0; /* equal values, margin 0 */
    rule.relapse_margin = 0;
    indicator_trend_judge(pts, N(pts), &rule, &v);
    assert_int_equal(v.signals, 0);
    assert_true(v.on_track);

    pts[1].value = 3.9999; /* the smallest stored fall with margin 0 is one */
    indicator_trend_judge(pts, N(pts), &rule, &v);
    assert_int_equal(v.signals, INDICATOR_SIGNAL_RELAPSE);
}

static void each_signal_is_raised_once_per_period(void **state)
{
    indicator_point pts[] = {{"wave:1", 4.0}, {"wave:2", 3.0}};
    indicator_rule rule = {.target = 3.5, .direction = INDICATOR_AT_LEAST};
    indicator_verdict v;
    unsigned raised = 0, now;
    (void)state;

    indicator_trend_judge(pts, N(pts), &rule, &v);
    now = indicator_trend_to_raise(&v, raised);
    assert_int_equal(now, INDICATOR_SIGNAL_OFF_TRACK | INDICATOR_SIGNAL_RELAPSE);
    raised |= now;
    /* the same period judged again (a later refresh): nothing new */
    indicator_trend_judge(pts, N(pts), &rule, &v);
    assert_int_equal(indicator_trend_to_raise(&v, raised), 0);
    /* only the off-track one raised before: the relapse is still due */
    assert_int_equal(indicator_trend_to_raise(&v, INDICATOR_SIGNAL_OFF_TRACK),
                     INDICATOR_SIGNAL_RELAPSE);
}

static void directions_parse_and_nothing_else_does(void **state)
{
    indicator_direction d = INDICATOR_AT_LEAST;
    (void)state;

    assert_true(indicator_direction_parse("at_most", &d));
    assert_int_equal(d, INDICATOR_AT_MOST);
    assert_true(indicator_direction_parse("at_least", &d));
    assert_int_equal(d, INDICATOR_AT_LEAST);
    assert_false(indicator_direction_parse("up", &d));
    assert_false(indicator_direction_parse(NULL, &d));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(without_values_nothing_is_judged),
        cmocka_unit_test(the_first_value_is_off_track_below_the_target_but_never_a_relapse),
        cmocka_unit_test(a_value_equal_to_the_target_is_on_track_in_both_directions),
        cmocka_unit_test(at_most_is_off_track_above_the_target),
        cmocka_unit_test(a_fall_from_the_best_earlier_value_beyond_the_margin_is_a_relapse),
        cmocka_unit_test(a_fall_within_the_margin_or_to_an_equal_value_is_no_relapse),
        cmocka_unit_test(each_signal_is_raised_once_per_period),
        cmocka_unit_test(directions_parse_and_nothing_else_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
