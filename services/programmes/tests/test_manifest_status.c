/* LINK: manifest/manifest_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "manifest/manifest_status.h"
#include "koers/status.h"

/* The contract's table, written out again independently: draft ->
 * consultation -> adopted -> superseded (the last only by a later
 * adoption). */
static const struct {
    manifest_status from, to;
} allowed[] = {
    {MANIFEST_STATUS_DRAFT, MANIFEST_STATUS_CONSULTATION},
    {MANIFEST_STATUS_CONSULTATION, MANIFEST_STATUS_ADOPTED},
    {MANIFEST_STATUS_ADOPTED, MANIFEST_STATUS_SUPERSEDED},
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

    for (from = 0; from < MANIFEST_STATUS_COUNT; from++)
        for (to = 0; to < MANIFEST_STATUS_COUNT; to++)
            assert_int_equal(manifest_status_can_move((manifest_status)from, (manifest_status)to),
                             in_table(from, to));
}

static void superseded_is_final_and_nothing_goes_back(void **state)
{
    manifest_status out[MANIFEST_STATUS_COUNT];
    (void)state;

    assert_int_equal(
        manifest_status_allowed_from(MANIFEST_STATUS_SUPERSEDED, out, MANIFEST_STATUS_COUNT), 0);
    assert_false(manifest_status_can_move(MANIFEST_STATUS_ADOPTED, MANIFEST_STATUS_DRAFT));
    assert_false(manifest_status_can_move(MANIFEST_STATUS_CONSULTATION, MANIFEST_STATUS_DRAFT));
    assert_false(manifest_status_can_move(MANIFEST_STATUS_DRAFT, MANIFEST_STATUS_ADOPTED));
    assert_false(manifest_status_can_move(MANIFEST_STATUS_ADOPTED, MANIFEST_STATUS_CONSULTATION));
}

static void names_round_trip(void **state)
{
    manifest_status st;
    int i;
    (void)state;

    for (i = 0; i < MANIFEST_STATUS_COUNT; i++) {
        assert_int_equal(manifest_status_parse(manifest_status_name((manifest_status)i), &st), 0);
        assert_int_equal(st, i);
    }
    assert_string_equal(manifest_status_name(MANIFEST_STATUS_CONSULTATION), "consultation");
    assert_int_equal(manifest_status_parse("withdrawn", &st), -1);
}

static void a_refusal_names_what_is_allowed(void **state)
{
    kc_problem pb;
    const json_t *to;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(manifest_status_refuse(MANIFEST_STATUS_DRAFT, MANIFEST_STATUS_ADOPTED, &pb),
                     KC_CONFLICT);
    to = json_object_get(pb.extra, "allowedTransitions");
    assert_int_equal(json_array_size(to), 1);
    assert_string_equal(json_string_value(json_array_get(to, 0)), "consultation");
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exactly_the_table_is_allowed),
        cmocka_unit_test(superseded_is_final_and_nothing_goes_back),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(a_refusal_names_what_is_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
