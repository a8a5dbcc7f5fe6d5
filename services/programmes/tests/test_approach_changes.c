/* The changes of an "adjust" checkpoint, in memory: each op's shape and
 * rules, every fault named changes[i].<member>, a later change seeing the
 * earlier ones, and positions staying 1..n without gaps. */
/* LINK: checkpoints/approach_changes.c checkpoints/approach_model.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "checkpoints/approach_changes.h"

#define P1 "00000000-0000-4000-8000-0000000000a1"
#define P2 "00000000-0000-4000-8000-0000000000a2"
#define S1 "00000000-0000-4000-8000-0000000000b1"
#define S2 "00000000-0000-4000-8000-0000000000b2"
#define S3 "00000000-0000-4000-8000-0000000000b3"
#define S4 "00000000-0000-4000-8000-0000000000b4"
#define S5 "00000000-0000-4000-8000-0000000000b5" /* completed */
#define SR "00000000-0000-4000-8000-0000000000b9" /* removed */
#define GP "00000000-0000-4000-8000-0000000000c1" /* project */
#define GW "00000000-0000-4000-8000-0000000000c2" /* working */
#define B1 "00000000-0000-4000-8000-0000000000d1"
#define X1 "00000000-0000-4000-8000-0000000000e1" /* member of GP */
#define X2 "00000000-0000-4000-8000-0000000000e2" /* a person, no member */
#define NO "00000000-0000-4000-8000-0000000000ff" /* nothing */

static void step(approach_model *m, const char *id, const char *phase, int pos, const char *status)
{
    am_step s = {0};

    strcpy(s.id, id);
    strcpy(s.phase_id, phase);
    s.position = pos;
    strcpy(s.status, status);
    assert_int_equal(approach_model_add_step(m, &s), 0);
}

/* Phase 1: S1 S2 S3 (S1 the decided step); phase 2: S4 S5 (completed);
 * SR removed; the project group with X1, a working group, block B1. */
static void model(approach_model *m)
{
    am_phase ph = {0};
    am_group g = {0};
    am_member mb = {0};
    am_block b = {0};

    memset(m, 0, sizeof(*m));
    strcpy(ph.id, P1);
    ph.position = ph.orig_position = 1;
    assert_int_equal(approach_model_add_phase(m, &ph), 0);
    strcpy(ph.id, P2);
    ph.position = ph.orig_position = 2;
    assert_int_equal(approach_model_add_phase(m, &ph), 0);
    step(m, S1, P1, 1, "active");
    step(m, S2, P1, 2, "planned");
    step(m, S3, P1, 3, "planned");
    step(m, S4, P2, 1, "planned");
    step(m, S5, P2, 2, "completed");
    step(m, SR, P2, 0, "removed");
    strcpy(g.id, GP);
    strcpy(g.kind, "project");
    assert_int_equal(approach_model_add_group(m, &g), 0);
    strcpy(g.id, GW);
    strcpy(g.kind, "working");
    assert_int_equal(approach_model_add_group(m, &g), 0);
    strcpy(mb.group_id, GP);
    strcpy(mb.person_id, X1);
    strcpy(mb.role, "chair");
    strcpy(mb.orig_role, "chair");
    assert_int_equal(approach_model_add_member(m, &mb), 0);
    strcpy(b.id, B1);
    assert_int_equal(approach_model_add_block(m, &b), 0);
    assert_int_equal(approach_model_add_person(m, X1), 0);
    assert_int_equal(approach_model_add_person(m, X2), 0);
    strcpy(m->decided_step_id, S1);
}

/* Parses and applies text (a JSON array) to a fresh model; the status. */
static kc_status run(const char *text, approach_model *m, kc_problem *pb, json_t **keep)
{
    json_error_t err;
    json_t *changes = json_loads(text, 0, &err);
    approach_change *c = NULL;
    size_t n = 0;
    kc_status st;

    if (changes == NULL)
        fail_msg("bad test JSON: %s", err.text);
    model(m);
    kc_problem_init(pb);
    st = approach_changes_parse(changes, &c, &n, pb);
    if (st == KC_OK)
        st = approach_changes_apply(m, c, n, pb);
    free(c);
    *keep = changes; /* the model's new names point into it */
    return st;
}

static int names(const kc_problem *pb, const char *field)
{
    const json_t *f;
    size_t i;

    json_array_foreach(pb->invalid_params, i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "name")), field) == 0)
            return 1;
    }
    return 0;
}

static void expect_ok(const char *text, approach_model *m, json_t **keep)
{
    kc_problem pb;

    if (run(text, m, &pb, keep) != KC_OK)
        fail_msg("refused: %s %s", pb.detail,
                 pb.invalid_params ? json_dumps(pb.invalid_params, 0) : "");
    kc_problem_clear(&pb);
}

/* The change is refused and names exactly field (among others maybe). */
static void expect_fault(const char *text, const char *field)
{
    approach_model m;
    json_t *keep = NULL;
    kc_problem pb;
    kc_status st = run(text, &m, &pb, &keep);

    if (st != KC_INVALID || !names(&pb, field))
        fail_msg("%s: want a fault on %s, got %d %s", text, field, st,
                 pb.invalid_params ? json_dumps(pb.invalid_params, 0) : "(none)");
    kc_problem_clear(&pb);
    approach_model_clear(&m);
    json_decref(keep);
}

static int pos(approach_model *m, const char *id)
{
    return approach_model_step(m, id)->position;
}

/* Steps of a phase hold 1..n once each. */
static void gapless(approach_model *m, const char *phase)
{
    int n = approach_model_steps_in(m, phase), seen[APPROACH_STEPS_MAX + 1] = {0};
    size_t i;

    for (i = 0; i < m->nsteps; i++) {
        if (m->steps[i].position == 0 || strcmp(m->steps[i].phase_id, phase) != 0)
            continue;
        assert_true(m->steps[i].position >= 1 && m->steps[i].position <= n);
        assert_int_equal(seen[m->steps[i].position]++, 0);
    }
}

static void add_phase_in_between_moves_the_later_ones(void **state)
{
    approach_model m;
    json_t *keep;
    (void)state;

    expect_ok("[{\"op\": \"add_phase\", \"name\": \"Evaluate\", \"position\": 2},"
              " {\"op\": \"add_phase\", \"name\": \"Last\"}]",
              &m, &keep);
    assert_int_equal(m.nphases, 4);
    assert_int_equal(approach_model_phase(&m, P1)->position, 1);
    assert_int_equal(m.phases[2].position, 2);
    assert_string_equal(m.phases[2].name, "Evaluate");
    assert_true(m.phases[2].is_new);
    assert_int_equal(approach_model_phase(&m, P2)->position, 3);
    assert_int_equal(m.phases[3].position, 4);
    approach_model_clear(&m);
    json_decref(keep);
}

static void add_step_default_last_or_at_a_position(void **state)
{
    approach_model m;
    json_t *keep;
    (void)state;

    expect_ok("[{\"op\": \"add_step\", \"phaseId\": \"" P1 "\", \"name\": \"Extra\","
              " \"kind\": \"workshop\", \"startsOn\": \"2026-03-01\", \"dueOn\": \"2026-03-02\"},"
              " {\"op\": \"add_step\", \"phaseId\": \"" P1 "\", \"name\": \"First\","
              " \"position\": 1}]",
              &m, &keep);
    assert_int_equal(m.steps[6].position, 5); /* last, then moved by the second add */
    assert_string_equal(m.steps[6].kind, "workshop");
    assert_string_equal(m.steps[6].due_on, "2026-03-02");
    assert_int_equal(m.steps[7].position, 1);
    assert_int_equal(pos(&m, S1), 2);
    assert_int_equal(pos(&m, S3), 4);
    assert_true(approach_model_step(&m, S1)->dirty);
    gapless(&m, P1);
    approach_model_clear(&m);
    json_decref(keep);
}

static void remove_step_closes_ranks(void **state)
{
    approach_model m;
    json_t *keep;
    (void)state;

    expect_ok("[{\"op\": \"remove_step\", \"stepId\": \"" S2 "\"}]", &m, &keep);
    assert_int_equal(pos(&m, S2), 0);
    assert_string_equal(approach_model_step(&m, S2)->status, "removed");
    assert_int_equal(pos(&m, S3), 2);
    assert_int_equal(approach_model_steps_in(&m, P1), 2);
    gapless(&m, P1);
    approach_model_clear(&m);
    json_decref(keep);
}

static void move_step_within_and_across_phases(void **state)
{
    approach_model m;
    json_t *keep;
    (void)state;

    expect_ok("[{\"op\": \"move_step\", \"stepId\": \"" S3 "\", \"position\": 1},"
              " {\"op\": \"move_step\", \"stepId\": \"" S2 "\", \"phaseId\": \"" P2 "\","
              " \"position\": 3}]",
              &m, &keep);
    assert_int_equal(pos(&m, S3), 1);
    assert_int_equal(pos(&m, S1), 2);
    assert_string_equal(approach_model_step(&m, S2)->phase_id, P2);
    assert_int_equal(pos(&m, S2), 3);
    assert_int_equal(pos(&m, S4), 1);
    assert_int_equal(pos(&m, S5), 2);
    gapless(&m, P1);
    gapless(&m, P2);
    approach_model_clear(&m);
    json_decref(keep);
}

static void redate_replaces_and_null_clears(void **state)
{
    approach_model m;
    json_t *keep;
    (void)state;

    expect_ok("[{\"op\": \"redate_step\", \"stepId\": \"" S2 "\", \"startsOn\": \"2026-05-01\","
              " \"dueOn\": \"2026-06-01\"},"
              " {\"op\": \"redate_step\", \"stepId\": \"" S2 "\", \"startsOn\": null}]",
              &m, &keep);
    assert_string_equal(approach_model_step(&m, S2)->starts_on, "");
    assert_string_equal(approach_model_step(&m, S2)->due_on, "2026-06-01");
    approach_model_clear(&m);
    json_decref(keep);
}

static void rescope_and_change_group(void **state)
{
    approach_model m;
    json_t *keep;
    (void)state;

    expect_ok("[{\"op\": \"rescope_building_block\", \"buildingBlockId\": \"" B1 "\","
              " \"title\": \"Smaller\", \"stepId\": \"" S4 "\", \"workingGroupId\": \"" GW "\","
              " \"dueOn\": \"2026-09-01\"},"
              " {\"op\": \"change_group\", \"groupId\": \"" GP "\", \"name\": \"Project team\","
              " \"addMembers\": [{\"personId\": \"" X2 "\", \"role\": \"member\"},"
              " {\"personId\": \"" X1 "\", \"role\": \"secretary\"}]},"
              " {\"op\": \"change_group\", \"groupId\": \"" GP "\","
              " \"removeMembers\": [\"" X2 "\"]}]",
              &m, &keep);
    assert_true(m.blocks[0].dirty);
    assert_string_equal(m.blocks[0].title, "Smaller");
    assert_string_equal(m.blocks[0].step_id, S4);
    assert_string_equal(m.blocks[0].working_group_id, GW);
    assert_string_equal(m.blocks[0].due_on, "2026-09-01");
    assert_string_equal(approach_model_group(&m, GP)->name, "Project team");
    assert_string_equal(approach_model_member(&m, GP, X1)->role, "secretary");
    /* added by the second change, removed by the third: a later change sees it */
    assert_string_equal(approach_model_member(&m, GP, X2)->role, "");
    approach_model_clear(&m);
    json_decref(keep);
}

static void a_later_change_sees_the_earlier_ones(void **state)
{
    (void)state;
    /* removed by change 0, so change 1 may not move it */
    expect_fault("[{\"op\": \"remove_step\", \"stepId\": \"" S2 "\"},"
                 " {\"op\": \"move_step\", \"stepId\": \"" S2 "\", \"position\": 1}]",
                 "changes[1].stepId");
    /* phase 1 has 2 steps after the removal: position 3 is out */
    expect_fault("[{\"op\": \"remove_step\", \"stepId\": \"" S2 "\"},"
                 " {\"op\": \"move_step\", \"stepId\": \"" S1 "\", \"position\": 3}]",
                 "changes[1].position");
    /* after a step was added, position 4 is fine in phase 1 */
    {
        approach_model m;
        json_t *keep;

        expect_ok("[{\"op\": \"add_step\", \"phaseId\": \"" P1 "\", \"name\": \"X\"},"
                  " {\"op\": \"move_step\", \"stepId\": \"" S1 "\", \"position\": 4}]",
                  &m, &keep);
        assert_int_equal(pos(&m, S1), 4);
        gapless(&m, P1);
        approach_model_clear(&m);
        json_decref(keep);
    }
}

static void every_fault_is_named(void **state)
{
    (void)state;
    expect_fault("[]", "changes");
    expect_fault("[7]", "changes[0]");
    expect_fault("[{\"op\": \"rename\"}]", "changes[0].op");
    expect_fault("[{\"op\": \"add_phase\"}]", "changes[0].name");
    expect_fault("[{\"op\": \"add_phase\", \"name\": \"X\", \"position\": 4}]",
                 "changes[0].position");
    expect_fault("[{\"op\": \"add_phase\", \"name\": \"X\", \"stepId\": \"" S1 "\"}]",
                 "changes[0].stepId");
    expect_fault("[{\"op\": \"add_step\", \"phaseId\": \"" NO "\", \"name\": \"X\"}]",
                 "changes[0].phaseId");
    expect_fault("[{\"op\": \"add_step\", \"phaseId\": \"" P1 "\", \"name\": \"X\","
                 " \"kind\": \"party\"}]",
                 "changes[0].kind");
    expect_fault("[{\"op\": \"add_step\", \"phaseId\": \"" P1 "\", \"name\": \"X\","
                 " \"position\": 5}]",
                 "changes[0].position");
    expect_fault("[{\"op\": \"add_step\", \"phaseId\": \"" P1 "\", \"name\": \"X\","
                 " \"startsOn\": \"2026-02-02\", \"dueOn\": \"2026-02-01\"}]",
                 "changes[0].dueOn");
    expect_fault("[{\"op\": \"remove_step\", \"stepId\": \"" NO "\"}]", "changes[0].stepId");
    expect_fault("[{\"op\": \"remove_step\", \"stepId\": \"" S5 "\"}]", "changes[0].stepId");
    expect_fault("[{\"op\": \"remove_step\", \"stepId\": \"" S1 "\"}]", "changes[0].stepId");
    expect_fault("[{\"op\": \"remove_step\", \"stepId\": \"" SR "\"}]", "changes[0].stepId");
    expect_fault("[{\"op\": \"remove_step\", \"stepId\": \"x\"}]", "changes[0].stepId");
    expect_fault("[{\"op\": \"move_step\", \"stepId\": \"" S2 "\"}]", "changes[0].position");
    expect_fault("[{\"op\": \"move_step\", \"stepId\": \"" S2 "\", \"position\": 4}]",
                 "changes[0].position");
    expect_fault("[{\"op\": \"move_step\", \"stepId\": \"" S2 "\", \"phaseId\": \"" NO "\","
                 " \"position\": 1}]",
                 "changes[0].phaseId");
    expect_fault("[{\"op\": \"redate_step\", \"stepId\": \"" S2 "\"}]", "changes[0].startsOn");
    expect_fault("[{\"op\": \"redate_step\", \"stepId\": \"" S2 "\", \"dueOn\": \"2026-13-01\"}]",
                 "changes[0].dueOn");
    expect_fault("[{\"op\": \"redate_step\", \"stepId\": \"" S2 "\", \"startsOn\": \"2026-05-02\","
                 " \"dueOn\": \"2026-05-01\"}]",
                 "changes[0].dueOn");
    expect_fault("[{\"op\": \"rescope_building_block\", \"buildingBlockId\": \"" B1 "\"}]",
                 "changes[0].buildingBlockId");
    expect_fault("[{\"op\": \"rescope_building_block\", \"buildingBlockId\": \"" NO "\","
                 " \"title\": \"T\"}]",
                 "changes[0].buildingBlockId");
    expect_fault("[{\"op\": \"rescope_building_block\", \"buildingBlockId\": \"" B1 "\","
                 " \"stepId\": \"" SR "\"}]",
                 "changes[0].stepId");
    expect_fault("[{\"op\": \"rescope_building_block\", \"buildingBlockId\": \"" B1 "\","
                 " \"workingGroupId\": \"" GP "\"}]",
                 "changes[0].workingGroupId");
    expect_fault("[{\"op\": \"change_group\", \"groupId\": \"" GP "\"}]", "changes[0].groupId");
    expect_fault("[{\"op\": \"change_group\", \"groupId\": \"" NO "\", \"name\": \"N\"}]",
                 "changes[0].groupId");
    expect_fault("[{\"op\": \"change_group\", \"groupId\": \"" GP "\","
                 " \"addMembers\": [{\"personId\": \"" NO "\", \"role\": \"member\"}]}]",
                 "changes[0].addMembers[0].personId");
    expect_fault("[{\"op\": \"change_group\", \"groupId\": \"" GP "\","
                 " \"addMembers\": [{\"personId\": \"" X2 "\", \"role\": \"boss\"}]}]",
                 "changes[0].addMembers[0].role");
    expect_fault("[{\"op\": \"change_group\", \"groupId\": \"" GP "\","
                 " \"addMembers\": [{\"personId\": \"" X2 "\", \"role\": \"member\"}],"
                 " \"removeMembers\": [\"" X2 "\"]}]",
                 "changes[0].addMembers[0].personId");
    expect_fault("[{\"op\": \"change_group\", \"groupId\": \"" GP "\","
                 " \"removeMembers\": [\"" X2 "\"]}]",
                 "changes[0].removeMembers[0]");
}

static void one_bad_change_in_the_middle_names_its_index(void **state)
{
    (void)state;
    expect_fault("[{\"op\": \"add_phase\", \"name\": \"A\"},"
                 " {\"op\": \"remove_step\", \"stepId\": \"" S5 "\"},"
                 " {\"op\": \"add_phase\", \"name\": \"B\"}]",
                 "changes[1].stepId");
}

static void too_many_changes(void **state)
{
    json_t *list = json_array();
    approach_change *c = NULL;
    size_t n = 0, i;
    kc_problem pb;
    (void)state;

    for (i = 0; i < APPROACH_CHANGES_MAX + 1; i++)
        json_array_append_new(list, json_pack("{s:s, s:s}", "op", "add_phase", "name", "P"));
    kc_problem_init(&pb);
    assert_int_equal(approach_changes_parse(list, &c, &n, &pb), KC_INVALID);
    assert_true(names(&pb, "changes"));
    assert_null(c);
    kc_problem_clear(&pb);
    json_decref(list);
}

static void record_and_event_carry_ids_not_names(void **state)
{
    approach_model m;
    json_t *changes, *record, *event;
    approach_change *c = NULL;
    size_t n = 0;
    kc_problem pb;
    (void)state;

    changes = json_loads("[{\"op\": \"add_step\", \"phaseId\": \"" P2 "\", \"name\": \"Secret\","
                         " \"position\": 1},"
                         " {\"op\": \"change_group\", \"groupId\": \"" GP "\", \"name\": \"N\","
                         " \"addMembers\": [{\"personId\": \"" X2 "\", \"role\": \"member\"}]}]",
                         0, NULL);
    model(&m);
    kc_problem_init(&pb);
    assert_int_equal(approach_changes_parse(changes, &c, &n, &pb), KC_OK);
    assert_int_equal(approach_changes_apply(&m, c, n, &pb), KC_OK);
    strcpy(m.steps[c[0].created].id, NO);
    record = approach_changes_record(&m, c, n);
    event = approach_changes_event(&m, c, n);
    assert_string_equal(json_string_value(json_object_get(json_array_get(record, 0), "stepId")),
                        NO);
    assert_string_equal(json_string_value(json_object_get(json_array_get(record, 0), "name")),
                        "Secret");
    assert_string_equal(json_string_value(json_object_get(json_array_get(event, 0), "stepId")), NO);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(event, 0), "position")), 1);
    assert_null(json_object_get(json_array_get(event, 0), "name"));
    assert_null(json_object_get(json_array_get(event, 1), "name"));
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(json_array_get(event, 1), "addMembers"), 0)),
                        X2);
    json_decref(record);
    json_decref(event);
    free(c);
    kc_problem_clear(&pb);
    approach_model_clear(&m);
    json_decref(changes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(add_phase_in_between_moves_the_later_ones),
        cmocka_unit_test(add_step_default_last_or_at_a_position),
        cmocka_unit_test(remove_step_closes_ranks),
        cmocka_unit_test(move_step_within_and_across_phases),
        cmocka_unit_test(redate_replaces_and_null_clears),
        cmocka_unit_test(rescope_and_change_group),
        cmocka_unit_test(a_later_change_sees_the_earlier_ones),
        cmocka_unit_test(every_fault_is_named),
        cmocka_unit_test(one_bad_change_in_the_middle_names_its_index),
        cmocka_unit_test(too_many_changes),
        cmocka_unit_test(record_and_event_carry_ids_not_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
