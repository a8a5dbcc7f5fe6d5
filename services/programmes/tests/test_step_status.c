/* LINK: approach/step_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "approach/step_status.h"
#include "koers/status.h"

/* The contract's table of a step, written out again independently. */
static const struct {
    step_status from, to;
} allowed[] = {
    {STEP_STATUS_PLANNED, STEP_STATUS_ACTIVE},
    {STEP_STATUS_PLANNED, STEP_STATUS_COMPLETED},
    {STEP_STATUS_ACTIVE, STEP_STATUS_COMPLETED},
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

    for (from = 0; from < STEP_STATUS_COUNT; from++)
        for (to = 0; to < STEP_STATUS_COUNT; to++)
            assert_int_equal(step_status_can_move((step_status)from, (step_status)to),
                             in_table(from, to));
}

static void no_transition_removes_or_reopens(void **state)
{
    int s;
    (void)state;

    for (s = 0; s < STEP_STATUS_COUNT; s++) {
        assert_false(step_status_can_move((step_status)s, STEP_STATUS_REMOVED));
        assert_false(step_status_can_move((step_status)s, STEP_STATUS_PLANNED));
    }
    assert_false(step_status_can_move(STEP_STATUS_REMOVED, STEP_STATUS_ACTIVE));
}

static void a_refusal_names_the_allowed_moves(void **state)
{
    kc_problem pb;
    json_t *moves;
    step_status st;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(step_status_refuse(STEP_STATUS_ACTIVE, STEP_STATUS_ACTIVE, &pb), KC_CONFLICT);
    moves = json_object_get(pb.extra, "allowedTransitions");
    assert_int_equal(json_array_size(moves), 1);
    assert_string_equal(json_string_value(json_array_get(moves, 0)), "completed");
    kc_problem_clear(&pb);
    assert_int_equal(step_status_parse("removed", &st), 0);
    assert_int_equal(st, STEP_STATUS_REMOVED);
    assert_string_equal(step_status_name(STEP_STATUS_ACTIVE), "active");
    assert_int_equal(step_status_parse("done", &st), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exactly_the_table_is_allowed),
        cmocka_unit_test(no_transition_removes_or_reopens),
        cmocka_unit_test(a_refusal_names_the_allowed_moves),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
