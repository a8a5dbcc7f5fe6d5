/* LINK: improvements/improvement_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "improvements/improvement_status.h"
#include "koers/status.h"

/* The README's table, written out again independently. */
static const struct {
    improvement_status from, to;
} allowed[] = {
    {IMPROVEMENT_STATUS_PROPOSED, IMPROVEMENT_STATUS_PLANNED},
    {IMPROVEMENT_STATUS_PROPOSED, IMPROVEMENT_STATUS_DROPPED},
    {IMPROVEMENT_STATUS_PLANNED, IMPROVEMENT_STATUS_IN_PROGRESS},
    {IMPROVEMENT_STATUS_PLANNED, IMPROVEMENT_STATUS_DROPPED},
    {IMPROVEMENT_STATUS_IN_PROGRESS, IMPROVEMENT_STATUS_DONE},
    {IMPROVEMENT_STATUS_IN_PROGRESS, IMPROVEMENT_STATUS_DROPPED},
    {IMPROVEMENT_STATUS_DROPPED, IMPROVEMENT_STATUS_PROPOSED},
};

static int in_table(int from, int to)
{
    size_t i;
    for (i = 0; i < KC_NELEMS(allowed); i++)
        if ((int)allowed[i].from == from && (int)allowed[i].to == to)
            return 1;
    return 0;
}

static void exactly_the_table_is_allowed(void **state)
{
    int from, to;
    (void)state;

    for (from = 0; from < IMPROVEMENT_STATUS_COUNT; from++)
        for (to = 0; to < IMPROVEMENT_STATUS_COUNT; to++)
            assert_int_equal(
                improvement_status_can_move((improvement_status)from, (improvement_status)to),
                in_table(from, to));
}

static void done_is_final(void **state)
{
    improvement_status out[IMPROVEMENT_STATUS_COUNT];
    int to;
    (void)state;

    for (to = 0; to < IMPROVEMENT_STATUS_COUNT; to++)
        assert_false(improvement_status_can_move(IMPROVEMENT_STATUS_DONE, (improvement_status)to));
    assert_int_equal(
        improvement_status_allowed_from(IMPROVEMENT_STATUS_DONE, out, IMPROVEMENT_STATUS_COUNT), 0);
}

static void skipping_a_step_is_refused(void **state)
{
    (void)state;
    assert_false(improvement_status_can_move(IMPROVEMENT_STATUS_PROPOSED, IMPROVEMENT_STATUS_DONE));
    assert_false(
        improvement_status_can_move(IMPROVEMENT_STATUS_PROPOSED, IMPROVEMENT_STATUS_IN_PROGRESS));
    assert_false(
        improvement_status_can_move(IMPROVEMENT_STATUS_DROPPED, IMPROVEMENT_STATUS_PLANNED));
    assert_false(
        improvement_status_can_move(IMPROVEMENT_STATUS_PLANNED, IMPROVEMENT_STATUS_PROPOSED));
}

static void allowed_from_lists_in_order(void **state)
{
    improvement_status out[IMPROVEMENT_STATUS_COUNT];
    size_t n;
    (void)state;

    n = improvement_status_allowed_from(IMPROVEMENT_STATUS_IN_PROGRESS, out,
                                        IMPROVEMENT_STATUS_COUNT);
    assert_int_equal(n, 2);
    assert_string_equal(improvement_status_name(out[0]), "done");
    assert_string_equal(improvement_status_name(out[1]), "dropped");
    n = improvement_status_allowed_from(IMPROVEMENT_STATUS_DROPPED, out, IMPROVEMENT_STATUS_COUNT);
    assert_int_equal(n, 1);
    assert_string_equal(improvement_status_name(out[0]), "proposed");
    n = improvement_status_allowed_from(IMPROVEMENT_STATUS_PROPOSED, out, 0);
    assert_int_equal(n, 2); /* counts even when out has no room */
}

static void names_parse_back(void **state)
{
    improvement_status st;
    int s;
    (void)state;

    for (s = 0; s < IMPROVEMENT_STATUS_COUNT; s++) {
        assert_int_equal(
            improvement_status_parse(improvement_status_name((improvement_status)s), &st), 0);
        assert_int_equal((int)st, s);
    }
    assert_string_equal(improvement_status_name(IMPROVEMENT_STATUS_IN_PROGRESS), "in_progress");
    assert_int_equal(improvement_status_parse("in progress", &st), -1);
    assert_int_equal(improvement_status_parse(NULL, &st), -1);
    assert_string_equal(improvement_status_name(IMPROVEMENT_STATUS_COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exactly_the_table_is_allowed),
        cmocka_unit_test(done_is_final),
        cmocka_unit_test(skipping_a_step_is_refused),
        cmocka_unit_test(allowed_from_lists_in_order),
        cmocka_unit_test(names_parse_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
