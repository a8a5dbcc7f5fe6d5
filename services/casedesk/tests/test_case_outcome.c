/* LINK: cases/case_outcome.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cases/case_outcome.h"

#define REFUSAL_OK "We cannot grant this because the permit was refused in 2024."

static void check_ok(const char *outcome, const char *explanation)
{
    const char *field = NULL, *reason = NULL;

    assert_int_equal(case_outcome_check(outcome, explanation, &field, &reason), 0);
}

static void check_fault(const char *outcome, const char *explanation, const char *want_field)
{
    const char *field = NULL, *reason = NULL;

    assert_int_equal(case_outcome_check(outcome, explanation, &field, &reason), -1);
    assert_non_null(field);
    assert_non_null(reason);
    assert_string_equal(field, want_field);
}

static void test_each_outcome(void **state)
{
    (void)state;
    check_ok("agreed", "Done.");
    check_ok("partly_agreed", "The lamp is fixed; the bench stays.");
    check_ok("refused", REFUSAL_OK);
}

static void test_missing_outcome(void **state)
{
    (void)state;
    check_fault(NULL, "Done.", "outcome");
}

static void test_unknown_outcome(void **state)
{
    (void)state;
    check_fault("maybe", "Done.", "outcome");
    check_fault("Agreed", "Done.", "outcome");
    check_fault("", "Done.", "outcome");
}

static void test_missing_explanation(void **state)
{
    (void)state;
    check_fault("agreed", NULL, "explanation");
    check_fault("agreed", "", "explanation");
    check_fault("agreed", "   \n\t ", "explanation");
    check_fault("refused", NULL, "explanation");
}

static void test_refusal_too_short(void **state)
{
    char s[64];

    (void)state;
    check_fault("refused", "No.", "explanation");
    /* 39 characters, and 39 plus white space around it */
    memset(s, 'x', 39);
    s[39] = '\0';
    check_fault("refused", s, "explanation");
    check_fault("refused", "   xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx   ", "explanation");
    /* exactly 40 */
    memset(s, 'x', 40);
    s[40] = '\0';
    check_ok("refused", s);
    /* short refusals are only a fault for refusals */
    check_ok("agreed", "No.");
}

static void test_characters_not_bytes(void **state)
{
    /* 20 two-byte characters = 40 bytes but only 20 characters */
    static const char twenty[] = "éééééééééééééééééééé";
    static const char forty[] = "éééééééééééééééééééééééééééééééééééééééé";

    (void)state;
    check_fault("refused", twenty, "explanation");
    check_ok("refused", forty);
}

static void test_explanation_too_long(void **state)
{
    static char s[5002];

    (void)state;
    memset(s, 'a', 5000);
    s[5000] = '\0';
    check_ok("agreed", s);
    s[5000] = 'a';
    s[5001] = '\0';
    check_fault("agreed", s, "explanation");
}

static void test_parse_and_name(void **state)
{
    case_outcome o;

    (void)state;
    assert_int_equal(case_outcome_parse("partly_agreed", &o), 0);
    assert_int_equal(o, CASE_OUTCOME_PARTLY_AGREED);
    assert_string_equal(case_outcome_name(CASE_OUTCOME_REFUSED), "refused");
    assert_string_equal(case_outcome_name((case_outcome)9), "unknown");
    assert_int_equal(case_outcome_parse(NULL, &o), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_outcome),         cmocka_unit_test(test_missing_outcome),
        cmocka_unit_test(test_unknown_outcome),      cmocka_unit_test(test_missing_explanation),
        cmocka_unit_test(test_refusal_too_short),    cmocka_unit_test(test_characters_not_bytes),
        cmocka_unit_test(test_explanation_too_long), cmocka_unit_test(test_parse_and_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
