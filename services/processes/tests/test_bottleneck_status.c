/* The bottleneck status table and its decisions: each decision from each
 * status, as the README writes them, and the allowed ones an illegal
 * decision names. */
/* LINK: backlog/bottleneck_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "backlog/bottleneck_status.h"

/* The README's decisions, written out again independently: from, decision, to. */
static const struct {
    bottleneck_status from;
    bottleneck_decision d;
    bottleneck_status to;
} legal[] = {
    {BOTTLENECK_PROPOSED, BOTTLENECK_TAKE_UP, BOTTLENECK_OPEN},
    {BOTTLENECK_PROPOSED, BOTTLENECK_DISMISS, BOTTLENECK_DISMISSED},
    {BOTTLENECK_OPEN, BOTTLENECK_DISMISS, BOTTLENECK_DISMISSED},
    {BOTTLENECK_DISMISSED, BOTTLENECK_REOPEN, BOTTLENECK_OPEN},
    {BOTTLENECK_SOLVED, BOTTLENECK_REOPEN, BOTTLENECK_OPEN},
};

static int legal_to(int from, int d)
{
    size_t i;

    for (i = 0; i < sizeof(legal) / sizeof(legal[0]); i++)
        if ((int)legal[i].from == from && (int)legal[i].d == d)
            return (int)legal[i].to;
    return -1;
}

static void exactly_the_decisions_of_the_table(void **state)
{
    bottleneck_status to;
    int from, d;
    (void)state;

    for (from = 0; from < BOTTLENECK_STATUS_COUNT; from++)
        for (d = 0; d < BOTTLENECK_DECISION_COUNT; d++) {
            to = BOTTLENECK_STATUS_COUNT;
            if (legal_to(from, d) < 0) {
                assert_int_equal(
                    bottleneck_decide((bottleneck_status)from, (bottleneck_decision)d, &to), -1);
            } else {
                assert_int_equal(
                    bottleneck_decide((bottleneck_status)from, (bottleneck_decision)d, &to), 0);
                assert_int_equal(to, legal_to(from, d));
            }
        }
}

static void allowed_decisions_per_status(void **state)
{
    bottleneck_decision out[BOTTLENECK_DECISION_COUNT];
    (void)state;

    assert_int_equal(bottleneck_decisions_allowed(BOTTLENECK_PROPOSED, out, 3), 2);
    assert_int_equal(out[0], BOTTLENECK_TAKE_UP);
    assert_int_equal(out[1], BOTTLENECK_DISMISS);
    /* open -> solved is in the table, but no decision makes it */
    assert_int_equal(bottleneck_decisions_allowed(BOTTLENECK_OPEN, out, 3), 1);
    assert_int_equal(out[0], BOTTLENECK_DISMISS);
    assert_int_equal(bottleneck_decisions_allowed(BOTTLENECK_SOLVED, out, 3), 1);
    assert_int_equal(out[0], BOTTLENECK_REOPEN);
    assert_int_equal(bottleneck_decisions_allowed(BOTTLENECK_DISMISSED, out, 3), 1);
    assert_int_equal(out[0], BOTTLENECK_REOPEN);
    /* a short array still learns how many */
    assert_int_equal(bottleneck_decisions_allowed(BOTTLENECK_PROPOSED, out, 1), 2);
}

static void names_parse_both_ways(void **state)
{
    bottleneck_status st;
    bottleneck_decision d;
    int i;
    (void)state;

    for (i = 0; i < BOTTLENECK_STATUS_COUNT; i++) {
        assert_int_equal(bottleneck_status_parse(bottleneck_status_name((bottleneck_status)i), &st),
                         0);
        assert_int_equal(st, i);
    }
    for (i = 0; i < BOTTLENECK_DECISION_COUNT; i++) {
        assert_int_equal(
            bottleneck_decision_parse(bottleneck_decision_name((bottleneck_decision)i), &d), 0);
        assert_int_equal(d, i);
    }
    assert_string_equal(bottleneck_status_name(BOTTLENECK_DISMISSED), "dismissed");
    assert_string_equal(bottleneck_decision_name(BOTTLENECK_TAKE_UP), "take_up");
    assert_int_equal(bottleneck_status_parse("closed", &st), -1);
    assert_int_equal(bottleneck_decision_parse("solve", &d), -1);
    assert_int_equal(bottleneck_decision_parse(NULL, &d), -1);
    assert_int_equal(bottleneck_decide(BOTTLENECK_OPEN, BOTTLENECK_DECISION_COUNT, &st), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exactly_the_decisions_of_the_table),
        cmocka_unit_test(allowed_decisions_per_status),
        cmocka_unit_test(names_parse_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
