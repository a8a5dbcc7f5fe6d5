/* LINK: referrals/escalation.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "referrals/escalation.h"

#define OFFICIAL "11111111-1111-4111-8111-111111111111"
#define MANAGER  "22222222-2222-4222-8222-222222222222"
#define OWNER    "33333333-3333-4333-8333-333333333333"

static const char *const ladder_full[] = {"team_manager", "process_owner"};
static const char *const ladder_owner[] = {"process_owner"};
static const char *const ladder_manager[] = {"team_manager"};

static escalation_input input(int level, const char *rung, const char *holder,
                              const char *const *ladder, size_t n, const char *manager,
                              const char *owner)
{
    escalation_input in = {level, rung, holder, ladder, n, manager, owner};
    return in;
}

static void test_climbs_the_ladder_in_order(void **state)
{
    escalation_input in = input(0, "official", OFFICIAL, ladder_full, 2, MANAGER, OWNER);
    escalation_step s;

    (void)state;
    assert_int_equal(escalation_next(&in, &s), 1);
    assert_int_equal(s.level, 1);
    assert_string_equal(s.rung, "team_manager");
    assert_string_equal(s.official_id, MANAGER);

    in = input(1, "team_manager", MANAGER, ladder_full, 2, MANAGER, OWNER);
    assert_int_equal(escalation_next(&in, &s), 1);
    assert_int_equal(s.level, 2);
    assert_string_equal(s.rung, "process_owner");
    assert_string_equal(s.official_id, OWNER);
}

static void test_past_the_top_nothing_happens(void **state)
{
    escalation_input in = input(2, "process_owner", OWNER, ladder_full, 2, MANAGER, OWNER);
    escalation_step s;

    (void)state;
    assert_int_equal(escalation_next(&in, &s), 0);
    in = input(1, "team_manager", MANAGER, ladder_manager, 1, MANAGER, OWNER);
    assert_int_equal(escalation_next(&in, &s), 0);
    /* an empty ladder: the addressee stays */
    in = input(0, "official", OFFICIAL, NULL, 0, MANAGER, OWNER);
    assert_int_equal(escalation_next(&in, &s), 0);
}

static void test_empty_rung_is_skipped(void **state)
{
    escalation_input in = input(0, "official", OFFICIAL, ladder_full, 2, NULL, OWNER);
    escalation_step s;

    (void)state;
    assert_int_equal(escalation_next(&in, &s), 1);
    assert_int_equal(s.level, 1);
    assert_string_equal(s.rung, "process_owner");
    assert_string_equal(s.official_id, OWNER);

    in = input(0, "official", OFFICIAL, ladder_full, 2, "", "");
    assert_int_equal(escalation_next(&in, &s), 0);
}

static void test_same_person_is_skipped(void **state)
{
    /* the official is their own department's team manager */
    escalation_input in = input(0, "official", MANAGER, ladder_full, 2, MANAGER, OWNER);
    escalation_step s;

    (void)state;
    assert_int_equal(escalation_next(&in, &s), 1);
    assert_string_equal(s.rung, "process_owner");
    assert_string_equal(s.official_id, OWNER);

    /* the team manager is also the process owner: nothing above them */
    in = input(1, "team_manager", MANAGER, ladder_full, 2, MANAGER, MANAGER);
    assert_int_equal(escalation_next(&in, &s), 0);
}

static void test_held_by_nobody(void **state)
{
    /* a department without a team manager: nobody holds it until escalated */
    escalation_input in = input(0, "official", NULL, ladder_full, 2, NULL, OWNER);
    escalation_step s;

    (void)state;
    assert_int_equal(escalation_next(&in, &s), 1);
    assert_int_equal(s.level, 1);
    assert_string_equal(s.rung, "process_owner");
}

static void test_ladder_setting_decides(void **state)
{
    escalation_input in = input(0, "official", OFFICIAL, ladder_owner, 1, MANAGER, OWNER);
    escalation_step s;

    (void)state;
    assert_int_equal(escalation_next(&in, &s), 1);
    assert_string_equal(s.rung, "process_owner");
    /* a rung already passed is not climbed again, whatever the ladder says */
    in = input(1, "process_owner", OWNER, ladder_full, 2, MANAGER, OWNER);
    assert_int_equal(escalation_next(&in, &s), 0);
}

static void test_rung_rank(void **state)
{
    (void)state;
    assert_int_equal(escalation_rung_rank("official"), 0);
    assert_int_equal(escalation_rung_rank("team_manager"), 1);
    assert_int_equal(escalation_rung_rank("process_owner"), 2);
    assert_int_equal(escalation_rung_rank("mayor"), -1);
    assert_int_equal(escalation_rung_rank(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_climbs_the_ladder_in_order),
        cmocka_unit_test(test_past_the_top_nothing_happens),
        cmocka_unit_test(test_empty_rung_is_skipped),
        cmocka_unit_test(test_same_person_is_skipped),
        cmocka_unit_test(test_held_by_nobody),
        cmocka_unit_test(test_ladder_setting_decides),
        cmocka_unit_test(test_rung_rank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
