/* Unit tests of shared/src/states.c: a state machine as data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "koers/states.h"
#include "koers/status.h"

enum { DRAFT, RUNNING, DONE, STOPPED };
static const char *const names[] = {"draft", "running", "done", "stopped"};
static const kc_move moves[] = {
    {DRAFT, RUNNING}, {RUNNING, DONE}, {RUNNING, STOPPED}, {DRAFT, STOPPED}};
static const kc_states machine = {names, KC_NELEMS(names), moves, KC_NELEMS(moves)};

static void test_names_both_ways(void **state)
{
    int st = -1;

    (void)state;
    assert_int_equal(kc_states_parse(&machine, "running", &st), 0);
    assert_int_equal(st, RUNNING);
    assert_int_equal(kc_states_parse(&machine, "Running", &st), -1);
    assert_int_equal(kc_states_parse(&machine, "", &st), -1);
    assert_int_equal(kc_states_parse(&machine, NULL, &st), -1);
    assert_string_equal(kc_states_name(&machine, STOPPED), "stopped");
    assert_string_equal(kc_states_name(&machine, 4), "unknown");
    assert_string_equal(kc_states_name(&machine, -1), "unknown");
}

static void test_moves_are_the_table(void **state)
{
    int from, to, allowed;
    size_t i;

    (void)state;
    for (from = 0; from < 4; from++) {
        for (to = 0; to < 4; to++) {
            allowed = 0;
            for (i = 0; i < KC_NELEMS(moves); i++)
                allowed |= moves[i].from == from && moves[i].to == to;
            assert_int_equal(kc_states_can_move(&machine, from, to), allowed);
        }
    }
    assert_int_equal(kc_states_can_move(&machine, DONE, RUNNING), 0); /* no way back */
}

static void test_allowed_from_in_state_order_and_counted(void **state)
{
    int out[4] = {-1, -1, -1, -1};

    (void)state;
    assert_int_equal(kc_states_allowed_from(&machine, RUNNING, out, 4), 2);
    assert_int_equal(out[0], DONE);
    assert_int_equal(out[1], STOPPED);
    assert_int_equal(kc_states_allowed_from(&machine, DRAFT, out, 1), 2); /* says what it needs */
    assert_int_equal(out[0], RUNNING);
    assert_int_equal(kc_states_allowed_from(&machine, DONE, out, 4), 0);
}

/* A refused move: 409, the detail names both states and the allowed ones,
 * allowedTransitions lists them in state order; "none" from a final state. */
static void test_refuse_names_the_allowed(void **state)
{
    kc_problem pb;
    json_t *allowed;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_states_refuse(&machine, 0, 2, &pb), KC_CONFLICT);
    assert_int_equal(pb.status, KC_CONFLICT);
    assert_string_equal(pb.detail, "cannot go from draft to done; allowed: running, stopped");
    allowed = json_object_get(pb.extra, "allowedTransitions");
    assert_int_equal(json_array_size(allowed), 2);
    assert_string_equal(json_string_value(json_array_get(allowed, 0)), "running");
    assert_string_equal(json_string_value(json_array_get(allowed, 1)), "stopped");
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(kc_states_refuse(&machine, 2, 0, &pb), KC_CONFLICT);
    assert_string_equal(pb.detail, "cannot go from done to draft; allowed: none");
    assert_int_equal(json_array_size(json_object_get(pb.extra, "allowedTransitions")), 0);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_both_ways),
        cmocka_unit_test(test_moves_are_the_table),
        cmocka_unit_test(test_allowed_from_in_state_order_and_counted),
        cmocka_unit_test(test_refuse_names_the_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
