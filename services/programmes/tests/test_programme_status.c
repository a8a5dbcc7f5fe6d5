/* LINK: programmes/programme_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "koers/status.h"
#include "programmes/programme_status.h"

/* The contract's table, written out again independently. */
static const struct {
    programme_status from, to;
} allowed[] = {
    {PROGRAMME_STATUS_DRAFT, PROGRAMME_STATUS_RUNNING},
    {PROGRAMME_STATUS_DRAFT, PROGRAMME_STATUS_STOPPED},
    {PROGRAMME_STATUS_RUNNING, PROGRAMME_STATUS_COMPLETED},
    {PROGRAMME_STATUS_RUNNING, PROGRAMME_STATUS_STOPPED},
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

    for (from = 0; from < PROGRAMME_STATUS_COUNT; from++)
        for (to = 0; to < PROGRAMME_STATUS_COUNT; to++)
            assert_int_equal(
                programme_status_can_move((programme_status)from, (programme_status)to),
                in_table(from, to));
}

static void completed_and_stopped_are_final(void **state)
{
    programme_status out[PROGRAMME_STATUS_COUNT];
    (void)state;

    assert_int_equal(programme_status_allowed_from(PROGRAMME_STATUS_COMPLETED, out, 4), 0);
    assert_int_equal(programme_status_allowed_from(PROGRAMME_STATUS_STOPPED, out, 4), 0);
    assert_int_equal(programme_status_allowed_from(PROGRAMME_STATUS_DRAFT, out, 4), 2);
    assert_int_equal(out[0], PROGRAMME_STATUS_RUNNING);
    assert_int_equal(out[1], PROGRAMME_STATUS_STOPPED);
}

static void names_round_trip(void **state)
{
    static const char *const names[] = {"draft", "running", "completed", "stopped"};
    programme_status st;
    int i;
    (void)state;

    for (i = 0; i < PROGRAMME_STATUS_COUNT; i++) {
        assert_int_equal(programme_status_parse(names[i], &st), 0);
        assert_int_equal(st, i);
        assert_string_equal(programme_status_name(st), names[i]);
    }
    assert_int_equal(programme_status_parse("paused", &st), -1);
    assert_int_equal(programme_status_parse(NULL, &st), -1);
}

static void a_refusal_names_the_allowed_moves(void **state)
{
    kc_problem pb;
    json_t *allowed_moves;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(programme_status_refuse(PROGRAMME_STATUS_RUNNING, PROGRAMME_STATUS_DRAFT, &pb),
                     KC_CONFLICT);
    allowed_moves = json_object_get(pb.extra, "allowedTransitions");
    assert_int_equal(json_array_size(allowed_moves), 2);
    assert_string_equal(json_string_value(json_array_get(allowed_moves, 0)), "completed");
    assert_string_equal(json_string_value(json_array_get(allowed_moves, 1)), "stopped");
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(
        programme_status_refuse(PROGRAMME_STATUS_COMPLETED, PROGRAMME_STATUS_RUNNING, &pb),
        KC_CONFLICT);
    assert_int_equal(json_array_size(json_object_get(pb.extra, "allowedTransitions")), 0);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exactly_the_table_is_allowed),
        cmocka_unit_test(completed_and_stopped_are_final),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(a_refusal_names_the_allowed_moves),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
