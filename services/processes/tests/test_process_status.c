/* LINK: processes/process_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "koers/status.h"
#include "processes/process_status.h"

/* The README's table, written out again independently. */
static const struct {
    process_status from, to;
} allowed[] = {
    {PROCESS_STATUS_SELECTED, PROCESS_STATUS_ANALYSING},
    {PROCESS_STATUS_SELECTED, PROCESS_STATUS_ARCHIVED},
    {PROCESS_STATUS_ANALYSING, PROCESS_STATUS_IMPROVING},
    {PROCESS_STATUS_ANALYSING, PROCESS_STATUS_ARCHIVED},
    {PROCESS_STATUS_IMPROVING, PROCESS_STATUS_MONITORING},
    {PROCESS_STATUS_IMPROVING, PROCESS_STATUS_ARCHIVED},
    {PROCESS_STATUS_MONITORING, PROCESS_STATUS_IMPROVING},
    {PROCESS_STATUS_MONITORING, PROCESS_STATUS_ARCHIVED},
    {PROCESS_STATUS_ARCHIVED, PROCESS_STATUS_SELECTED},
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

    for (from = 0; from < PROCESS_STATUS_COUNT; from++)
        for (to = 0; to < PROCESS_STATUS_COUNT; to++)
            assert_int_equal(process_status_can_move((process_status)from, (process_status)to),
                             in_table(from, to));
}

static void no_status_moves_to_itself(void **state)
{
    int s;
    (void)state;

    for (s = 0; s < PROCESS_STATUS_COUNT; s++)
        assert_false(process_status_can_move((process_status)s, (process_status)s));
}

static void skipping_a_step_is_refused(void **state)
{
    (void)state;
    assert_false(process_status_can_move(PROCESS_STATUS_SELECTED, PROCESS_STATUS_IMPROVING));
    assert_false(process_status_can_move(PROCESS_STATUS_SELECTED, PROCESS_STATUS_MONITORING));
    assert_false(process_status_can_move(PROCESS_STATUS_ANALYSING, PROCESS_STATUS_SELECTED));
    assert_false(process_status_can_move(PROCESS_STATUS_ARCHIVED, PROCESS_STATUS_MONITORING));
}

static void allowed_from_lists_in_method_order(void **state)
{
    process_status out[PROCESS_STATUS_COUNT];
    size_t n;
    (void)state;

    n = process_status_allowed_from(PROCESS_STATUS_SELECTED, out, PROCESS_STATUS_COUNT);
    assert_int_equal(n, 2);
    assert_string_equal(process_status_name(out[0]), "analysing");
    assert_string_equal(process_status_name(out[1]), "archived");
    n = process_status_allowed_from(PROCESS_STATUS_MONITORING, out, PROCESS_STATUS_COUNT);
    assert_int_equal(n, 2);
    assert_string_equal(process_status_name(out[0]), "improving");
    assert_string_equal(process_status_name(out[1]), "archived");
    n = process_status_allowed_from(PROCESS_STATUS_ARCHIVED, out, 0);
    assert_int_equal(n, 1); /* counts even when out has no room */
}

static void names_parse_back(void **state)
{
    process_status st;
    int s;
    (void)state;

    for (s = 0; s < PROCESS_STATUS_COUNT; s++) {
        assert_int_equal(process_status_parse(process_status_name((process_status)s), &st), 0);
        assert_int_equal((int)st, s);
    }
    assert_int_equal(process_status_parse("Selected", &st), -1);
    assert_int_equal(process_status_parse("", &st), -1);
    assert_int_equal(process_status_parse(NULL, &st), -1);
    assert_string_equal(process_status_name(PROCESS_STATUS_COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exactly_the_table_is_allowed),
        cmocka_unit_test(no_status_moves_to_itself),
        cmocka_unit_test(skipping_a_step_is_refused),
        cmocka_unit_test(allowed_from_lists_in_method_order),
        cmocka_unit_test(names_parse_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
