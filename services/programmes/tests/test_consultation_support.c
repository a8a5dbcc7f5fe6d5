/* LINK: manifest/consultation_support.c manifest/consultation_voter.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "koers/status.h"
#include "manifest/consultation_support.h"
#include "manifest/consultation_voter.h"

#define S1 "00000000-0000-4000-8000-000000000001"
#define S2 "00000000-0000-4000-8000-000000000002"

/* Round 1: statement 1 has 5 views from Burgerzaken (3 support, 1 with a
 * remark, 1 objection) and 2 from ICT (1 support, 1 objection); statement
 * 2 has 1 view from ICT. Round 2: statement 1 has 4 views from
 * Burgerzaken. */
static const consultation_count counts[] = {
    {S1, 1, "Burgerzaken", "object", 1},
    {S1, 1, "Burgerzaken", "support", 3},
    {S1, 1, "Burgerzaken", "support_with_remark", 1},
    {S1, 1, "ICT", "object", 1},
    {S1, 1, "ICT", "support", 1},
    {S2, 1, "ICT", "support", 1},
    {S1, 2, "Burgerzaken", "support", 4},
};

static const consultation_cell cells[] = {{S1, 1}, {S1, 2}, {S2, 1}, {S2, 2}};

static int get_int(const json_t *o, const char *k)
{
    return (int)json_integer_value(json_object_get(o, k));
}

static void a_tally_counts_each_stance(void **state)
{
    consultation_tally t = {0, 0, 0, 0};
    (void)state;

    assert_int_equal(consultation_tally_add(&t, "support", 3), 0);
    assert_int_equal(consultation_tally_add(&t, "support_with_remark", 2), 0);
    assert_int_equal(consultation_tally_add(&t, "object", 1), 0);
    assert_int_equal(consultation_tally_add(&t, "abstain", 1), -1);
    assert_int_equal(consultation_tally_add(&t, "support", -1), -1);
    assert_int_equal(t.views, 6);
    assert_int_equal(t.support, 3);
    assert_int_equal(t.support_with_remark, 2);
    assert_int_equal(t.object, 1);
    /* (3 + 2) / 6 = 0.8333 */
    assert_true(consultation_support_share(&t) > 0.83329 &&
                consultation_support_share(&t) < 0.83331);
}

static void an_empty_tally_has_no_share(void **state)
{
    consultation_tally t = {0, 0, 0, 0};
    (void)state;

    assert_true(consultation_support_share(&t) == 0.0);
}

static void the_small_group_rule(void **state)
{
    (void)state;

    assert_false(consultation_group_shown(4, 5));
    assert_true(consultation_group_shown(5, 5));
    assert_true(consultation_group_shown(6, 5));
    /* no views is never a figure, whatever the minimum */
    assert_false(consultation_group_shown(0, 1));
    assert_true(consultation_group_shown(1, 1));
}

static void per_statement_sums_the_departments(void **state)
{
    json_t *items;
    const json_t *it;
    (void)state;

    items = consultation_support_items(cells, 4, counts, 7, 0, 5);
    assert_non_null(items);
    assert_int_equal(json_array_size(items), 4);
    /* S1 round 1: 7 views over both departments */
    it = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(it, "statementId")), S1);
    assert_int_equal(get_int(it, "round"), 1);
    assert_true(json_is_false(json_object_get(it, "withheld")));
    assert_int_equal(get_int(it, "views"), 7);
    assert_int_equal(get_int(it, "support"), 4);
    assert_int_equal(get_int(it, "supportWithRemark"), 1);
    assert_int_equal(get_int(it, "object"), 2);
    assert_true(json_real_value(json_object_get(it, "supportShare")) > 0.71429 &&
                json_real_value(json_object_get(it, "supportShare")) <
                    0.71431); /* (4 + 1) / 7, four decimals */
    assert_null(json_object_get(it, "department"));
    /* S1 round 2: 4 views, below 5: withheld, no figures at all */
    it = json_array_get(items, 1);
    assert_int_equal(get_int(it, "round"), 2);
    assert_true(json_is_true(json_object_get(it, "withheld")));
    assert_null(json_object_get(it, "views"));
    assert_null(json_object_get(it, "support"));
    assert_null(json_object_get(it, "object"));
    assert_null(json_object_get(it, "supportShare"));
    /* S2 in both rounds: withheld (1 view, and none) */
    assert_true(json_is_true(json_object_get(json_array_get(items, 2), "withheld")));
    assert_true(json_is_true(json_object_get(json_array_get(items, 3), "withheld")));
    json_decref(items);
}

static void per_department_withholds_the_small_one(void **state)
{
    json_t *items;
    const json_t *it;
    (void)state;

    items = consultation_support_items(cells, 4, counts, 7, 1, 5);
    assert_non_null(items);
    /* S1/1/Burgerzaken, S1/1/ICT, S2/1/ICT, S1/2/Burgerzaken */
    assert_int_equal(json_array_size(items), 4);
    it = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(it, "department")), "Burgerzaken");
    assert_int_equal(get_int(it, "views"), 5);
    assert_int_equal(get_int(it, "support"), 3);
    assert_int_equal(get_int(it, "supportWithRemark"), 1);
    assert_int_equal(get_int(it, "object"), 1);
    it = json_array_get(items, 1);
    assert_string_equal(json_string_value(json_object_get(it, "department")), "ICT");
    assert_true(json_is_true(json_object_get(it, "withheld")));
    assert_null(json_object_get(it, "object"));
    it = json_array_get(items, 3);
    assert_int_equal(get_int(it, "round"), 2);
    assert_true(json_is_true(json_object_get(it, "withheld")));
    json_decref(items);

    /* with a minimum of 2 ICT's statement 1 shows, statement 2 does not */
    items = consultation_support_items(cells, 4, counts, 7, 1, 2);
    assert_int_equal(get_int(json_array_get(items, 1), "views"), 2);
    assert_int_equal(get_int(json_array_get(items, 1), "object"), 1);
    assert_true(json_is_true(json_object_get(json_array_get(items, 2), "withheld")));
    json_decref(items);
}

static void a_round_filter_leaves_out_unlisted_counts(void **state)
{
    static const consultation_cell round2[] = {{S1, 2}, {S2, 2}};
    json_t *items;
    (void)state;

    items = consultation_support_items(round2, 2, counts, 7, 1, 1);
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(get_int(json_array_get(items, 0), "round"), 2);
    assert_int_equal(get_int(json_array_get(items, 0), "views"), 4);
    json_decref(items);
}

/* The same counts in another order (and one without a statement, which
 * belongs to no statement): the same sums; per department the groups come
 * in the order of their first count. */
static void counts_in_any_order_give_the_same_figures(void **state)
{
    static const consultation_count shuffled[] = {
        {S2, 1, "ICT", "support", 1},         {S1, 1, "ICT", "object", 1},
        {S1, 2, "Burgerzaken", "support", 4}, {NULL, 1, "ICT", "support", 9},
        {S1, 1, "Burgerzaken", "support", 3}, {S1, 1, "ICT", "support", 1},
        {S1, 1, "Burgerzaken", "object", 1},  {S1, 1, "Burgerzaken", "support_with_remark", 1},
    };
    static const char *const departments[] = {"ICT", "ICT", "Burgerzaken", "Burgerzaken"};
    static const int rounds[] = {1, 1, 2, 1};
    static const int views[] = {1, 2, 4, 5};
    json_t *items;
    const json_t *it;
    size_t i;
    (void)state;

    items = consultation_support_items(cells, 4, shuffled, 8, 0, 1);
    assert_int_equal(json_array_size(items), 4);
    assert_int_equal(get_int(json_array_get(items, 0), "views"), 7);
    assert_int_equal(get_int(json_array_get(items, 0), "support"), 4);
    assert_int_equal(get_int(json_array_get(items, 1), "views"), 4);
    assert_int_equal(get_int(json_array_get(items, 2), "views"), 1);
    assert_true(json_is_true(json_object_get(json_array_get(items, 3), "withheld")));
    json_decref(items);

    items = consultation_support_items(cells, 4, shuffled, 8, 1, 1);
    assert_int_equal(json_array_size(items), 4);
    for (i = 0; i < 4; i++) {
        it = json_array_get(items, i);
        assert_string_equal(json_string_value(json_object_get(it, "statementId")),
                            i == 0 ? S2 : S1);
        assert_string_equal(json_string_value(json_object_get(it, "department")), departments[i]);
        assert_int_equal(get_int(it, "round"), rounds[i]);
        assert_int_equal(get_int(it, "views"), views[i]);
    }
    assert_int_equal(get_int(json_array_get(items, 3), "support"), 3);
    assert_int_equal(get_int(json_array_get(items, 3), "supportWithRemark"), 1);
    json_decref(items);
}

static void the_event_nulls_withheld_counts(void **state)
{
    static const consultation_cell round1[] = {{S1, 1}, {S2, 1}};
    json_t *st;
    const json_t *it;
    (void)state;

    st = consultation_support_event(round1, 2, counts, 7, 5);
    assert_int_equal(json_array_size(st), 2);
    it = json_array_get(st, 0);
    assert_int_equal(get_int(it, "views"), 7);
    assert_int_equal(get_int(it, "object"), 2);
    it = json_array_get(st, 1);
    assert_string_equal(json_string_value(json_object_get(it, "statementId")), S2);
    assert_true(json_is_null(json_object_get(it, "views")));
    assert_true(json_is_null(json_object_get(it, "support")));
    assert_true(json_is_null(json_object_get(it, "supportWithRemark")));
    assert_true(json_is_null(json_object_get(it, "object")));
    json_decref(st);
}

static void a_voter_is_stable_per_salt_and_unlinkable_across(void **state)
{
    unsigned char s1[CONSULTATION_SALT_LEN], s2[CONSULTATION_SALT_LEN];
    unsigned char a[CONSULTATION_VOTER_LEN], b[CONSULTATION_VOTER_LEN];
    unsigned char c[CONSULTATION_VOTER_LEN], d[CONSULTATION_VOTER_LEN];
    (void)state;

    assert_int_equal(consultation_voter_salt(s1), 0);
    assert_int_equal(consultation_voter_salt(s2), 0);
    assert_memory_not_equal(s1, s2, sizeof(s1));
    assert_int_equal(consultation_voter_of(s1, sizeof(s1), "prog-emp1-a", a), 0);
    assert_int_equal(consultation_voter_of(s1, sizeof(s1), "prog-emp1-a", b), 0);
    assert_memory_equal(a, b, sizeof(a)); /* the same person meets their view again */
    assert_int_equal(consultation_voter_of(s1, sizeof(s1), "prog-emp2-a", c), 0);
    assert_memory_not_equal(a, c, sizeof(a));
    assert_int_equal(consultation_voter_of(s2, sizeof(s2), "prog-emp1-a", d), 0);
    assert_memory_not_equal(a, d, sizeof(a)); /* another round: another voter */
    assert_int_equal(consultation_voter_of(s1, sizeof(s1), "", a), -1);
    assert_int_equal(consultation_voter_of(NULL, 0, "x", a), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_tally_counts_each_stance),
        cmocka_unit_test(an_empty_tally_has_no_share),
        cmocka_unit_test(the_small_group_rule),
        cmocka_unit_test(per_statement_sums_the_departments),
        cmocka_unit_test(per_department_withholds_the_small_one),
        cmocka_unit_test(a_round_filter_leaves_out_unlisted_counts),
        cmocka_unit_test(counts_in_any_order_give_the_same_figures),
        cmocka_unit_test(the_event_nulls_withheld_counts),
        cmocka_unit_test(a_voter_is_stable_per_salt_and_unlinkable_across),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
