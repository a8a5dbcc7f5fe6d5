/* LINK: governance/building_block_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "governance/building_block_status.h"
#include "koers/status.h"

/* The contract's table, written out again independently: open ->
 * in_progress -> done; open | in_progress -> dropped. */
static const struct {
    building_block_status from, to;
} allowed[] = {
    {BUILDING_BLOCK_OPEN, BUILDING_BLOCK_IN_PROGRESS},
    {BUILDING_BLOCK_IN_PROGRESS, BUILDING_BLOCK_DONE},
    {BUILDING_BLOCK_OPEN, BUILDING_BLOCK_DROPPED},
    {BUILDING_BLOCK_IN_PROGRESS, BUILDING_BLOCK_DROPPED},
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

    for (from = 0; from < BUILDING_BLOCK_STATUS_COUNT; from++)
        for (to = 0; to < BUILDING_BLOCK_STATUS_COUNT; to++)
            assert_int_equal(building_block_status_can_move((building_block_status)from,
                                                            (building_block_status)to),
                             in_table(from, to));
}

/* The 409 names the moves the table allows from where the block is. */
static void a_refused_move_names_the_allowed_ones(void **state)
{
    kc_problem pb;
    json_t *allowed_to;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(building_block_status_refuse(BUILDING_BLOCK_OPEN, BUILDING_BLOCK_DONE, &pb),
                     KC_CONFLICT);
    allowed_to = json_object_get(pb.extra, "allowedTransitions");
    assert_int_equal(json_array_size(allowed_to), 2);
    assert_string_equal(json_string_value(json_array_get(allowed_to, 0)), "in_progress");
    assert_string_equal(json_string_value(json_array_get(allowed_to, 1)), "dropped");
    assert_non_null(strstr(pb.detail, "open"));
    kc_problem_clear(&pb);
}

/* Nothing leaves done or dropped: the 409 allows nothing. */
static void done_and_dropped_are_final(void **state)
{
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(
        building_block_status_refuse(BUILDING_BLOCK_DONE, BUILDING_BLOCK_IN_PROGRESS, &pb),
        KC_CONFLICT);
    assert_int_equal(json_array_size(json_object_get(pb.extra, "allowedTransitions")), 0);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(building_block_status_refuse(BUILDING_BLOCK_DROPPED, BUILDING_BLOCK_OPEN, &pb),
                     KC_CONFLICT);
    assert_int_equal(json_array_size(json_object_get(pb.extra, "allowedTransitions")), 0);
    kc_problem_clear(&pb);
}

static void names_parse_back(void **state)
{
    building_block_status st;
    int s;
    (void)state;

    for (s = 0; s < BUILDING_BLOCK_STATUS_COUNT; s++) {
        assert_int_equal(
            building_block_status_parse(building_block_status_name((building_block_status)s), &st),
            0);
        assert_int_equal((int)st, s);
    }
    assert_string_equal(building_block_status_name(BUILDING_BLOCK_IN_PROGRESS), "in_progress");
    assert_int_equal(building_block_status_parse("in progress", &st), -1);
    assert_int_equal(building_block_status_parse(NULL, &st), -1);
    assert_string_equal(building_block_status_name(BUILDING_BLOCK_STATUS_COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exactly_the_table_is_allowed),
        cmocka_unit_test(a_refused_move_names_the_allowed_ones),
        cmocka_unit_test(done_and_dropped_are_final),
        cmocka_unit_test(names_parse_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
