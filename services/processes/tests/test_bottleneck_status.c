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
#include "kt_states.h"

KT_ADAPT_NAMES(bottleneck_status, bottleneck_status_parse, bottleneck_status_name);
KT_ADAPT_NAMES(bottleneck_decision, bottleneck_decision_parse, bottleneck_decision_name);

static const char *const status_names[] = {"proposed", "open", "solved", "dismissed"};
static const char *const not_statuses[] = {"closed", NULL};
static const kt_names statuses =
    KT_NAMES(bottleneck_status, BOTTLENECK_STATUS_COUNT, status_names, not_statuses);
static const char *const decision_names[] = {"take_up", "dismiss", "reopen"};
static const char *const not_decisions[] = {"solve", NULL};
static const kt_names decisions =
    KT_NAMES(bottleneck_decision, BOTTLENECK_DECISION_COUNT, decision_names, not_decisions);

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

static void an_unknown_decision_is_none(void **state)
{
    bottleneck_status st;
    (void)state;

    assert_int_equal(bottleneck_decide(BOTTLENECK_OPEN, BOTTLENECK_DECISION_COUNT, &st), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exactly_the_decisions_of_the_table),
        cmocka_unit_test(allowed_decisions_per_status),
        cmocka_unit_test_prestate(kt_names_round_trip, (void *)&statuses),
        cmocka_unit_test_prestate(kt_names_round_trip, (void *)&decisions),
        cmocka_unit_test(an_unknown_decision_is_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
