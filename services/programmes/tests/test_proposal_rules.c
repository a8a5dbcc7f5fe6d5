/* LINK: proposals/proposal_rules.c proposals/proposal_status.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "proposals/proposal_rules.h"
#include "koers/status.h"

#define PA  "00000000-0000-4000-8000-0000000000a1"
#define PB  "00000000-0000-4000-8000-0000000000a2"
#define PC  "00000000-0000-4000-8000-0000000000a3"
#define PX  "00000000-0000-4000-8000-0000000000a9"
#define PR1 "00000000-0000-4000-8000-0000000000b1"
#define PR2 "00000000-0000-4000-8000-0000000000b2"
#define BB1 "00000000-0000-4000-8000-0000000000c1"
#define BB2 "00000000-0000-4000-8000-0000000000c2"
#define WG1 "00000000-0000-4000-8000-0000000000d1"

static proposal_brief brief(const char *id, const char *programme, const char *block,
                            const char *status)
{
    proposal_brief b;

    memset(&b, 0, sizeof(b));
    snprintf(b.id, sizeof(b.id), "%s", id);
    snprintf(b.programme_id, sizeof(b.programme_id), "%s", programme);
    snprintf(b.building_block_id, sizeof(b.building_block_id), "%s", block);
    snprintf(b.working_group_id, sizeof(b.working_group_id), "%s", WG1);
    snprintf(b.status, sizeof(b.status), "%s", status);
    return b;
}

/* The names of pb's invalidParams, comma-separated. */
static const char *fields(const kc_problem *pb, char *out, size_t n)
{
    size_t i;

    out[0] = '\0';
    for (i = 0; i < json_array_size(pb->invalid_params); i++)
        snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? "," : "",
                 json_string_value(json_object_get(json_array_get(pb->invalid_params, i), "name")));
    return out;
}

static void a_reason_is_required_unless_approved(void **state)
{
    kc_problem pb;
    char names[256];
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(proposal_rules_decision("approved", NULL, 1, &pb), KC_OK);
    assert_int_equal(proposal_rules_decision("rejected", "te duur", 0, &pb), KC_OK);
    assert_int_equal(proposal_rules_decision("returned", NULL, 0, &pb), KC_INVALID);
    assert_string_equal(fields(&pb, names, sizeof(names)), "reason");
    kc_problem_clear(&pb);
    assert_int_equal(proposal_rules_decision("rejected", "", 0, &pb), KC_INVALID);
    assert_string_equal(fields(&pb, names, sizeof(names)), "reason");
    kc_problem_clear(&pb);
}

static void only_an_approval_makes_an_action(void **state)
{
    kc_problem pb;
    char names[256];
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(proposal_rules_decision("rejected", NULL, 1, &pb), KC_INVALID);
    assert_string_equal(fields(&pb, names, sizeof(names)), "reason,action");
    kc_problem_clear(&pb);
}

static void proposals_of_one_programme_merge(void **state)
{
    proposal_brief found[3];
    json_t *ids = json_pack("[s, s, s]", PC, PA, PB);
    kc_problem pb;
    (void)state;

    found[0] = brief(PA, PR1, BB1, "draft");
    found[1] = brief(PB, PR1, BB2, "submitted");
    found[2] = brief(PC, PR1, BB2, "returned");
    kc_problem_init(&pb);
    assert_int_equal(proposal_rules_merge(ids, found, 3, BB2, &pb), KC_OK);
    kc_problem_clear(&pb);
    json_decref(ids);
}

static void every_fault_of_the_ids_is_named(void **state)
{
    proposal_brief found[2];
    json_t *ids = json_pack("[s, s, s, s]", PA, PB, PA, PX);
    kc_problem pb;
    char names[256];
    (void)state;

    found[0] = brief(PA, PR1, BB1, "draft");
    found[1] = brief(PB, PR2, BB1, "draft"); /* another programme */
    kc_problem_init(&pb);
    assert_int_equal(proposal_rules_merge(ids, found, 2, BB2, &pb), KC_INVALID);
    assert_string_equal(fields(&pb, names, sizeof(names)),
                        "proposalIds[1],proposalIds[2],proposalIds[3],buildingBlockId");
    kc_problem_clear(&pb);
    json_decref(ids);
}

static void a_decided_proposal_is_not_merged(void **state)
{
    proposal_brief found[2];
    json_t *ids = json_pack("[s, s]", PA, PB);
    kc_problem pb;
    (void)state;

    found[0] = brief(PA, PR1, BB1, "draft");
    found[1] = brief(PB, PR1, BB1, "approved");
    kc_problem_init(&pb);
    assert_int_equal(proposal_rules_merge(ids, found, 2, BB1, &pb), KC_CONFLICT);
    assert_non_null(strstr(pb.detail, PB));
    assert_non_null(json_object_get(pb.extra, "allowedTransitions"));
    kc_problem_clear(&pb);
    json_decref(ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_reason_is_required_unless_approved),
        cmocka_unit_test(only_an_approval_makes_an_action),
        cmocka_unit_test(proposals_of_one_programme_merge),
        cmocka_unit_test(every_fault_of_the_ids_is_named),
        cmocka_unit_test(a_decided_proposal_is_not_merged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
