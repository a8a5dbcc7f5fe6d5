/* LINK: proposals/proposal_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proposals/proposal_status.h"
#include "koers/status.h"

/* The table, written out again independently: draft -> submitted
 * -> approved | rejected | returned, returned -> submitted, draft |
 * submitted | returned -> split | merged. */
static const struct {
    proposal_status from, to;
} allowed[] = {
    {PROPOSAL_STATUS_DRAFT, PROPOSAL_STATUS_SUBMITTED},
    {PROPOSAL_STATUS_SUBMITTED, PROPOSAL_STATUS_APPROVED},
    {PROPOSAL_STATUS_SUBMITTED, PROPOSAL_STATUS_REJECTED},
    {PROPOSAL_STATUS_SUBMITTED, PROPOSAL_STATUS_RETURNED},
    {PROPOSAL_STATUS_RETURNED, PROPOSAL_STATUS_SUBMITTED},
    {PROPOSAL_STATUS_DRAFT, PROPOSAL_STATUS_SPLIT},
    {PROPOSAL_STATUS_SUBMITTED, PROPOSAL_STATUS_SPLIT},
    {PROPOSAL_STATUS_RETURNED, PROPOSAL_STATUS_SPLIT},
    {PROPOSAL_STATUS_DRAFT, PROPOSAL_STATUS_MERGED},
    {PROPOSAL_STATUS_SUBMITTED, PROPOSAL_STATUS_MERGED},
    {PROPOSAL_STATUS_RETURNED, PROPOSAL_STATUS_MERGED},
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

    for (from = 0; from < PROPOSAL_STATUS_COUNT; from++)
        for (to = 0; to < PROPOSAL_STATUS_COUNT; to++)
            assert_int_equal(proposal_status_can_move((proposal_status)from, (proposal_status)to),
                             in_table(from, to));
}

static void decided_split_and_merged_are_final(void **state)
{
    static const proposal_status finals[] = {PROPOSAL_STATUS_APPROVED, PROPOSAL_STATUS_REJECTED,
                                             PROPOSAL_STATUS_SPLIT, PROPOSAL_STATUS_MERGED};
    proposal_status out[PROPOSAL_STATUS_COUNT];
    size_t i;
    (void)state;

    for (i = 0; i < KC_NELEMS(finals); i++)
        assert_int_equal(proposal_status_allowed_from(finals[i], out, PROPOSAL_STATUS_COUNT), 0);
}

static void a_draft_is_not_decided_before_it_is_submitted(void **state)
{
    (void)state;
    assert_false(proposal_status_can_move(PROPOSAL_STATUS_DRAFT, PROPOSAL_STATUS_APPROVED));
    assert_false(proposal_status_can_move(PROPOSAL_STATUS_RETURNED, PROPOSAL_STATUS_APPROVED));
    assert_false(proposal_status_can_move(PROPOSAL_STATUS_APPROVED, PROPOSAL_STATUS_REJECTED));
}

static void only_draft_and_returned_are_editable(void **state)
{
    int st;
    (void)state;

    for (st = 0; st < PROPOSAL_STATUS_COUNT; st++)
        assert_int_equal(proposal_status_editable((proposal_status)st),
                         st == PROPOSAL_STATUS_DRAFT || st == PROPOSAL_STATUS_RETURNED);
}

static void names_round_trip(void **state)
{
    proposal_status st;
    int i;
    (void)state;

    for (i = 0; i < PROPOSAL_STATUS_COUNT; i++) {
        assert_int_equal(proposal_status_parse(proposal_status_name((proposal_status)i), &st), 0);
        assert_int_equal(st, i);
    }
    assert_string_equal(proposal_status_name(PROPOSAL_STATUS_RETURNED), "returned");
    assert_int_equal(proposal_status_parse("decided", &st), -1);
    assert_int_equal(proposal_status_parse(NULL, &st), -1);
}

static void a_refusal_is_409_naming_what_is_allowed(void **state)
{
    kc_problem pb;
    const json_t *allowed_to;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(
        proposal_status_refuse(PROPOSAL_STATUS_RETURNED, PROPOSAL_STATUS_APPROVED, &pb),
        KC_CONFLICT);
    allowed_to = json_object_get(pb.extra, "allowedTransitions");
    assert_int_equal(json_array_size(allowed_to), 3);
    assert_string_equal(json_string_value(json_array_get(allowed_to, 0)), "submitted");
    assert_string_equal(json_string_value(json_array_get(allowed_to, 1)), "split");
    assert_string_equal(json_string_value(json_array_get(allowed_to, 2)), "merged");
    assert_non_null(strstr(pb.detail, "returned"));
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exactly_the_table_is_allowed),
        cmocka_unit_test(decided_split_and_merged_are_final),
        cmocka_unit_test(a_draft_is_not_decided_before_it_is_submitted),
        cmocka_unit_test(only_draft_and_returned_are_editable),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(a_refusal_is_409_naming_what_is_allowed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
