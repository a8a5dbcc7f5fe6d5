/* LINK: cases/case_lifecycle.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cases/case_lifecycle.h"
#include "koers/status.h"

/* The README's table, written out again independently. */
static const struct {
    case_status from, to;
} allowed[] = {
    {CASE_STATUS_RECEIVED, CASE_STATUS_ASSIGNED},
    {CASE_STATUS_ASSIGNED, CASE_STATUS_IN_PROGRESS},
    {CASE_STATUS_IN_PROGRESS, CASE_STATUS_WAITING},
    {CASE_STATUS_IN_PROGRESS, CASE_STATUS_SOLUTION_PROPOSED},
    {CASE_STATUS_IN_PROGRESS, CASE_STATUS_RESOLVED},
    {CASE_STATUS_WAITING, CASE_STATUS_IN_PROGRESS},
    {CASE_STATUS_SOLUTION_PROPOSED, CASE_STATUS_IN_PROGRESS},
    {CASE_STATUS_SOLUTION_PROPOSED, CASE_STATUS_RESOLVED},
    {CASE_STATUS_RESOLVED, CASE_STATUS_CLOSED},
    {CASE_STATUS_RESOLVED, CASE_STATUS_IN_PROGRESS},
    {CASE_STATUS_CLOSED, CASE_STATUS_IN_PROGRESS},
};

static int in_table(int from, int to)
{
    size_t i;
    for (i = 0; i < KC_NELEMS(allowed); i++)
        if ((int)allowed[i].from == from && (int)allowed[i].to == to)
            return 1;
    return 0;
}

static void test_exactly_the_table_is_allowed(void **state)
{
    int from, to;
    (void)state;
    for (from = 0; from < CASE_STATUS_COUNT; from++)
        for (to = 0; to < CASE_STATUS_COUNT; to++)
            assert_int_equal(case_lifecycle_can_transition((case_status)from, (case_status)to),
                             in_table(from, to));
}

static void test_illegal_moves_name_the_allowed_ones(void **state)
{
    case_status out[CASE_STATUS_COUNT];
    size_t n;
    (void)state;

    assert_false(case_lifecycle_can_transition(CASE_STATUS_RECEIVED, CASE_STATUS_RESOLVED));
    n = case_lifecycle_allowed_from(CASE_STATUS_RECEIVED, out, CASE_STATUS_COUNT);
    assert_int_equal(n, 1);
    assert_string_equal(case_status_name(out[0]), "assigned");

    assert_false(case_lifecycle_can_transition(CASE_STATUS_IN_PROGRESS, CASE_STATUS_CLOSED));
    n = case_lifecycle_allowed_from(CASE_STATUS_IN_PROGRESS, out, CASE_STATUS_COUNT);
    assert_int_equal(n, 3);
    assert_string_equal(case_status_name(out[0]), "waiting");
    assert_string_equal(case_status_name(out[1]), "solution_proposed");
    assert_string_equal(case_status_name(out[2]), "resolved");

    assert_false(case_lifecycle_can_transition(CASE_STATUS_CLOSED, CASE_STATUS_RECEIVED));
    assert_false(case_lifecycle_can_transition(CASE_STATUS_WAITING, CASE_STATUS_RESOLVED));
    assert_false(case_lifecycle_can_transition(CASE_STATUS_ASSIGNED, CASE_STATUS_ASSIGNED));
}

static void test_reopen(void **state)
{
    (void)state;
    assert_true(case_lifecycle_is_reopen(CASE_STATUS_RESOLVED, CASE_STATUS_IN_PROGRESS));
    assert_true(case_lifecycle_is_reopen(CASE_STATUS_CLOSED, CASE_STATUS_IN_PROGRESS));
    assert_false(case_lifecycle_is_reopen(CASE_STATUS_WAITING, CASE_STATUS_IN_PROGRESS));
    assert_true(case_lifecycle_can_transition(CASE_STATUS_CLOSED, CASE_STATUS_IN_PROGRESS));
}

static void test_parse_and_format(void **state)
{
    case_status st;
    int i;
    (void)state;
    for (i = 0; i < CASE_STATUS_COUNT; i++) {
        assert_int_equal(case_status_parse(case_status_name((case_status)i), &st), 0);
        assert_int_equal(st, i);
    }
    assert_int_equal(case_status_parse("open", &st), -1);
    assert_int_equal(case_status_parse(NULL, &st), -1);
    assert_string_equal(case_status_name(CASE_STATUS_SOLUTION_PROPOSED), "solution_proposed");
    assert_false(case_status_is_open(CASE_STATUS_CLOSED));
    assert_true(case_status_is_open(CASE_STATUS_WAITING));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exactly_the_table_is_allowed),
        cmocka_unit_test(test_illegal_moves_name_the_allowed_ones),
        cmocka_unit_test(test_reopen),
        cmocka_unit_test(test_parse_and_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
