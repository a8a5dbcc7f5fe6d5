/* LINK: cases/routing.c sla/sla_calendar.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cases/routing.h"

#define CAT_A "11111111-1111-4111-8111-111111111111"
#define CAT_B "22222222-2222-4222-8222-222222222222"

static const char *const pool_ab[] = {"anna", "bert"};
static const char *const pool_c[] = {"cees"};
static const char *const pool_all[] = {"anna", "bert", "cees", "dirk"};
static const char *const kw_afval[] = {"afval", "Container"};

static routing_officer_in officers[] = {
    {"anna", 1, 0, 10, 1}, {"bert", 1, 0, 10, 2}, {"cees", 1, 0, 10, 3}, {"dirk", 1, 0, 10, 4}};

static void reset(void)
{
    size_t i;
    for (i = 0; i < 4; i++) {
        officers[i].active = 1;
        officers[i].open_cases = 0;
        officers[i].capacity = 10;
    }
}

static const char *route(const routing_rule_in *rules, size_t n, const char *cat,
                         const char *district, const char *text)
{
    routing_case_in c = {cat, district, text};
    return routing_choose(rules, n, officers, 4, &c);
}

static void test_first_matching_rule_in_order_wins(void **state)
{
    routing_rule_in rules[] = {
        {1, CAT_B, NULL, NULL, 0, pool_c, 1},
        {1, CAT_A, NULL, NULL, 0, pool_ab, 2},
        {1, NULL, NULL, NULL, 0, pool_c, 1}, /* catch-all */
    };
    (void)state;
    reset();
    assert_string_equal(route(rules, 3, CAT_A, NULL, "x"), "anna");
    assert_string_equal(route(rules, 3, CAT_B, NULL, "x"), "cees");
    assert_string_equal(route(rules, 3, "other", NULL, "x"), "cees");
}

static void test_district_and_keywords(void **state)
{
    routing_rule_in rules[] = {
        {1, NULL, "Ootmarsum", kw_afval, 2, pool_c, 1},
    };
    (void)state;
    reset();
    assert_string_equal(route(rules, 1, CAT_A, "ootmarsum", "De AFVALbak is vol"), "cees");
    assert_string_equal(route(rules, 1, CAT_A, "OOTMARSUM", "een volle container"), "cees");
    assert_null(route(rules, 1, CAT_A, "Denekamp", "afval"));         /* district differs */
    assert_null(route(rules, 1, CAT_A, NULL, "afval"));               /* no district */
    assert_null(route(rules, 1, CAT_A, "Ootmarsum", "lantaarnpaal")); /* no keyword */
}

static void test_least_loaded_by_ratio(void **state)
{
    routing_rule_in rules[] = {{1, NULL, NULL, NULL, 0, pool_all, 4}};
    (void)state;
    reset();
    officers[0].open_cases = 3; /* anna 3/10 = 0.30 */
    officers[1].open_cases = 1; /* bert 1/2  = 0.50 */
    officers[1].capacity = 2;
    officers[2].open_cases = 5; /* cees 5/20 = 0.25 */
    officers[2].capacity = 20;
    officers[3].open_cases = 4; /* dirk 4/10 = 0.40 */
    assert_string_equal(route(rules, 1, CAT_A, NULL, "x"), "cees");
}

static void test_inactive_and_full_officers_are_skipped(void **state)
{
    routing_rule_in rules[] = {{1, NULL, NULL, NULL, 0, pool_ab, 2}};
    (void)state;
    reset();
    officers[0].active = 0;      /* anna inactive, though idle */
    officers[1].open_cases = 10; /* bert full */
    assert_null(route(rules, 1, CAT_A, NULL, "x"));
    officers[1].open_cases = 9;
    assert_string_equal(route(rules, 1, CAT_A, NULL, "x"), "bert");
}

static void test_full_pool_does_not_fall_through(void **state)
{
    routing_rule_in rules[] = {
        {1, CAT_A, NULL, NULL, 0, pool_c, 1},
        {1, NULL, NULL, NULL, 0, pool_ab, 2},
    };
    (void)state;
    reset();
    officers[2].open_cases = 10;
    assert_null(route(rules, 2, CAT_A, NULL, "x"));
}

static void test_inactive_rule_is_skipped(void **state)
{
    routing_rule_in rules[] = {
        {0, CAT_A, NULL, NULL, 0, pool_c, 1},
        {1, CAT_A, NULL, NULL, 0, pool_ab, 2},
    };
    (void)state;
    reset();
    assert_string_equal(route(rules, 2, CAT_A, NULL, "x"), "anna");
}

static void test_ties(void **state)
{
    routing_rule_in rules[] = {{1, NULL, NULL, NULL, 0, pool_all, 4}};
    (void)state;
    reset();
    /* equal ratio 1/5 = 2/10: fewer open cases wins (cees) */
    officers[0].open_cases = 2;
    officers[1].open_cases = 2;
    officers[2].open_cases = 1;
    officers[2].capacity = 5;
    officers[3].open_cases = 2;
    assert_string_equal(route(rules, 1, CAT_A, NULL, "x"), "cees");
    /* all equal: the earliest created (anna, created_seq 1) */
    reset();
    assert_string_equal(route(rules, 1, CAT_A, NULL, "x"), "anna");
}

static void test_no_rule_matches(void **state)
{
    routing_rule_in rules[] = {{1, CAT_B, NULL, NULL, 0, pool_ab, 2}};
    (void)state;
    reset();
    assert_null(route(rules, 1, CAT_A, NULL, "x"));
    assert_null(route(NULL, 0, CAT_A, NULL, "x"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_matching_rule_in_order_wins),
        cmocka_unit_test(test_district_and_keywords),
        cmocka_unit_test(test_least_loaded_by_ratio),
        cmocka_unit_test(test_inactive_and_full_officers_are_skipped),
        cmocka_unit_test(test_full_pool_does_not_fall_through),
        cmocka_unit_test(test_inactive_rule_is_skipped),
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_no_rule_matches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
