/* LINK: cases/case_lifecycle.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cases/case_lifecycle.h"
#include "kt_states.h"

KT_ADAPT_NAMES(case_status, case_status_parse, case_status_name);
KT_ADAPT_CAN_MOVE(case_status, case_lifecycle_can_transition);
KT_ADAPT_ALLOWED_FROM(case_status, case_lifecycle_allowed_from);

/* The README's table, written out again independently. (The lifecycle
 * has no refusal of its own: the case service words it.) */
static const char *const names[] = {"received",          "assigned", "in_progress", "waiting",
                                    "solution_proposed", "resolved", "closed"};
static const char *const others[] = {"open", NULL};
static const char *const moves[] = {
    "received -> assigned",
    "assigned -> in_progress",
    "in_progress -> waiting | solution_proposed | resolved",
    "waiting -> in_progress",
    "solution_proposed -> in_progress | resolved",
    "resolved -> closed | in_progress",
    "closed -> in_progress",
};
static const kt_machine lifecycle = KT_MACHINE_OF(case_status, CASE_STATUS_COUNT, names, others,
                                                  moves, kt_case_status_allowed_from, NULL);

static void test_reopen(void **state)
{
    (void)state;
    assert_true(case_lifecycle_is_reopen(CASE_STATUS_RESOLVED, CASE_STATUS_IN_PROGRESS));
    assert_true(case_lifecycle_is_reopen(CASE_STATUS_CLOSED, CASE_STATUS_IN_PROGRESS));
    assert_false(case_lifecycle_is_reopen(CASE_STATUS_WAITING, CASE_STATUS_IN_PROGRESS));
}

static void test_open_until_resolved(void **state)
{
    (void)state;
    assert_false(case_status_is_open(CASE_STATUS_CLOSED));
    assert_true(case_status_is_open(CASE_STATUS_WAITING));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(kt_states_exactly_the_table_is_allowed, (void *)&lifecycle),
        cmocka_unit_test_prestate(kt_states_allowed_from_follows_the_table, (void *)&lifecycle),
        cmocka_unit_test_prestate(kt_names_round_trip, (void *)&lifecycle.states),
        cmocka_unit_test(test_reopen),
        cmocka_unit_test(test_open_until_resolved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
