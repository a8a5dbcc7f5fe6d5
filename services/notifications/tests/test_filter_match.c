/* LINK: intake/filter_match.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "intake/filter_match.h"

/* Whether the message (kanaal, kenmerken JSON) matches kanalen (JSON). */
static int matches(const char *kanalen_json, const char *kanaal, const char *kenmerken_json)
{
    json_t *kanalen = json_loads(kanalen_json, 0, NULL);
    json_t *kenmerken = json_loads(kenmerken_json, 0, NULL);
    int m;

    assert_non_null(kanalen);
    assert_non_null(kenmerken);
    m = filter_match(kanalen, kanaal, kenmerken);
    json_decref(kanalen);
    json_decref(kenmerken);
    return m;
}

#define CASE                                                                                       \
    "{\"eventType\": \"case.status.changed\", \"status\": \"closed\", \"district\": \"Noord\"}"

static void naam_must_match(void **state)
{
    (void)state;
    assert_true(matches("[{\"naam\": \"cases\", \"filters\": {}}]", "cases", CASE));
    assert_true(matches("[{\"naam\": \"cases\"}]", "cases", CASE));
    assert_false(matches("[{\"naam\": \"referrals\", \"filters\": {}}]", "cases", CASE));
    assert_false(matches("[{\"naam\": \"Cases\"}]", "cases", CASE));
    assert_false(matches("[]", "cases", CASE));
}

static void exact_values(void **state)
{
    (void)state;
    assert_true(
        matches("[{\"naam\": \"cases\", \"filters\": {\"status\": \"closed\"}}]", "cases", CASE));
    assert_false(
        matches("[{\"naam\": \"cases\", \"filters\": {\"status\": \"received\"}}]", "cases", CASE));
    /* exact: no prefix, no case folding */
    assert_false(
        matches("[{\"naam\": \"cases\", \"filters\": {\"status\": \"close\"}}]", "cases", CASE));
    assert_false(
        matches("[{\"naam\": \"cases\", \"filters\": {\"district\": \"noord\"}}]", "cases", CASE));
    /* every filter must hold */
    assert_false(matches("[{\"naam\": \"cases\", \"filters\": {\"status\": \"closed\","
                         " \"district\": \"Zuid\"}}]",
                         "cases", CASE));
    assert_true(matches("[{\"naam\": \"cases\", \"filters\": {\"status\": \"closed\","
                        " \"district\": \"Noord\", \"eventType\": \"case.status.changed\"}}]",
                        "cases", CASE));
}

static void star_matches_anything(void **state)
{
    (void)state;
    assert_true(
        matches("[{\"naam\": \"cases\", \"filters\": {\"status\": \"*\"}}]", "cases", CASE));
    assert_true(
        matches("[{\"naam\": \"cases\", \"filters\": {\"priority\": \"*\"}}]", "cases", CASE));
    assert_false(matches("[{\"naam\": \"cases\", \"filters\": {\"status\": \"*\","
                         " \"district\": \"Zuid\"}}]",
                         "cases", CASE));
}

static void missing_kenmerk_ignored(void **state)
{
    (void)state;
    /* the message has no priority: that filter is ignored */
    assert_true(
        matches("[{\"naam\": \"cases\", \"filters\": {\"priority\": \"high\"}}]", "cases", CASE));
    assert_true(matches("[{\"naam\": \"cases\", \"filters\": {\"priority\": \"high\","
                        " \"status\": \"closed\"}}]",
                        "cases", CASE));
    assert_false(matches("[{\"naam\": \"cases\", \"filters\": {\"priority\": \"high\","
                         " \"status\": \"received\"}}]",
                         "cases", CASE));
}

static void several_entries(void **state)
{
    static const char kanalen[] = "[{\"naam\": \"referrals\", \"filters\": {}},"
                                  " {\"naam\": \"cases\", \"filters\": {\"status\": \"received\"}},"
                                  " {\"naam\": \"cases\", \"filters\": {\"district\": \"Noord\"}}]";

    (void)state;
    /* the second cases entry matches though the first does not */
    assert_true(matches(kanalen, "cases", CASE));
    assert_true(matches(kanalen, "referrals", "{\"status\": \"open\"}"));
    assert_false(matches(kanalen, "surveys", "{}"));
    assert_false(matches("[{\"naam\": \"cases\", \"filters\": {\"status\": \"received\"}},"
                         " {\"naam\": \"cases\", \"filters\": {\"district\": \"Zuid\"}}]",
                         "cases", CASE));
}

static void malformed_matches_nothing(void **state)
{
    (void)state;
    assert_false(matches("{\"naam\": \"cases\"}", "cases", CASE));
    assert_false(matches("[\"cases\"]", "cases", CASE));
    assert_false(matches("[{\"naam\": \"cases\", \"filters\": {\"status\": 3}}]", "cases", CASE));
    assert_false(matches("[{\"naam\": \"cases\", \"filters\": [\"status\"]}]", "cases", CASE));
    assert_false(filter_match(NULL, "cases", NULL));
    /* a kenmerk that is not a string equals no filter value */
    assert_false(matches("[{\"naam\": \"cases\", \"filters\": {\"status\": \"3\"}}]", "cases",
                         "{\"status\": 3}"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(naam_must_match),       cmocka_unit_test(exact_values),
        cmocka_unit_test(star_matches_anything), cmocka_unit_test(missing_kenmerk_ignored),
        cmocka_unit_test(several_entries),       cmocka_unit_test(malformed_matches_nothing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
