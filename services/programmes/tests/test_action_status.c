/* LINK: actions/action_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "actions/action_status.h"
#include "koers/status.h"

/* The contract's table, written out again independently: planned ->
 * in_progress -> done, planned | in_progress -> cancelled. */
static const struct {
    action_status from, to;
} allowed[] = {
    {ACTION_STATUS_PLANNED, ACTION_STATUS_IN_PROGRESS},
    {ACTION_STATUS_IN_PROGRESS, ACTION_STATUS_DONE},
    {ACTION_STATUS_PLANNED, ACTION_STATUS_CANCELLED},
    {ACTION_STATUS_IN_PROGRESS, ACTION_STATUS_CANCELLED},
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

    for (from = 0; from < ACTION_STATUS_COUNT; from++)
        for (to = 0; to < ACTION_STATUS_COUNT; to++)
            assert_int_equal(action_status_can_move((action_status)from, (action_status)to),
                             in_table(from, to));
}

static void done_and_cancelled_are_final(void **state)
{
    action_status out[ACTION_STATUS_COUNT];
    (void)state;

    assert_int_equal(action_status_allowed_from(ACTION_STATUS_DONE, out, ACTION_STATUS_COUNT), 0);
    assert_int_equal(action_status_allowed_from(ACTION_STATUS_CANCELLED, out, ACTION_STATUS_COUNT),
                     0);
    assert_false(action_status_can_move(ACTION_STATUS_PLANNED, ACTION_STATUS_DONE));
}

static void names_round_trip(void **state)
{
    action_status st;
    int i;
    (void)state;

    for (i = 0; i < ACTION_STATUS_COUNT; i++) {
        assert_int_equal(action_status_parse(action_status_name((action_status)i), &st), 0);
        assert_int_equal(st, i);
    }
    assert_string_equal(action_status_name(ACTION_STATUS_IN_PROGRESS), "in_progress");
    assert_int_equal(action_status_parse("finished", &st), -1);
}

static void a_refusal_names_what_is_allowed(void **state)
{
    kc_problem pb;
    const json_t *to;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(action_status_refuse(ACTION_STATUS_PLANNED, ACTION_STATUS_DONE, &pb),
                     KC_CONFLICT);
    to = json_object_get(pb.extra, "allowedTransitions");
    assert_int_equal(json_array_size(to), 2);
    assert_string_equal(json_string_value(json_array_get(to, 0)), "in_progress");
    assert_string_equal(json_string_value(json_array_get(to, 1)), "cancelled");
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exactly_the_table_is_allowed),
        cmocka_unit_test(done_and_cancelled_are_final),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(a_refusal_names_what_is_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
