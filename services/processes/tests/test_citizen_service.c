/* The rules of a casedesk event applied to the citizens' side
 * (citizen_service_apply_event), the repository and the outbox faked: the
 * facts go to the repository as mapped; a root cause of a known process
 * is proposed at its step with the case's days over the SLA, a step that
 * is not the process's counts for the process as a whole, an unknown
 * process is ignored and counted; only a new proposal writes
 * bottleneck.raised; a malformed event is skipped; a database failure
 * fails the event. And the step check of a category mapping. */
/* LINK: citizens/citizen_service.c citizens/citizen_events.c backlog/bottleneck_score.c */
/* WRAP: kc_outbox_add citizen_repo_apply_fact citizen_repo_root_target citizen_repo_propose */
/* WRAP: citizen_repo_mapping_step_ok citizen_repo_figures citizen_repo_root_causes */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "koers/outbox.h"
#include "koers_test.h"
#include "citizens/citizen_repo.h"
#include "citizens/citizen_service.h"

#define TENANT "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define CASE   "00000000-0000-4000-8000-0000000000a1"
#define CAT    "00000000-0000-4000-8000-0000000000b1"
#define PROC   "00000000-0000-4000-8000-0000000000c1"
#define STEP   "00000000-0000-4000-8000-0000000000d1"
#define NEWB   "00000000-0000-4000-8000-0000000000e1"

/* the fake database */
static struct {
    int facts, proposals, events;
    int process_known, step_known, make_new, fail_facts, step_ok;
    char fact_case[40], fact_closed[40];
    char prop_process[40], prop_step[40], event_type[40], event_subject[40];
    char event_quadrant[16];
    double event_score;
    double prop_days;
} db;

static int reset(void **state)
{
    (void)state;
    memset(&db, 0, sizeof(db));
    db.process_known = db.step_known = db.make_new = db.step_ok = 1;
    return 0;
}

KT_FAKE(citizen_repo_apply_fact);
kc_status __wrap_citizen_repo_apply_fact(kc_db_conn *conn, const char *tenant_id,
                                         const citizen_fact *f, kc_problem *pb)
{
    (void)conn;
    assert_string_equal(tenant_id, TENANT);
    if (db.fail_facts)
        return kc_problem_set(pb, KC_UNAVAILABLE, "database gone");
    db.facts++;
    snprintf(db.fact_case, sizeof(db.fact_case), "%s", f->case_id);
    snprintf(db.fact_closed, sizeof(db.fact_closed), "%s", f->closed_at ? f->closed_at : "");
    return KC_OK;
}

KT_FAKE(citizen_repo_root_target);
kc_status __wrap_citizen_repo_root_target(kc_db_conn *conn, const char *tenant_id,
                                          const char *process_id, const char *step_id,
                                          int *process_known, int *step_known, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)process_id;
    (void)pb;
    *process_known = db.process_known;
    *step_known = step_id != NULL && db.step_known;
    return KC_OK;
}

KT_FAKE(citizen_repo_propose);
kc_status __wrap_citizen_repo_propose(kc_db_conn *conn, const char *tenant_id,
                                      const char *process_id, const char *step_id,
                                      const char *case_id, double days_over, char *new_id,
                                      double *new_score, int *counted, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)pb;
    assert_string_equal(case_id, CASE);
    db.proposals++;
    snprintf(db.prop_process, sizeof(db.prop_process), "%s", process_id);
    snprintf(db.prop_step, sizeof(db.prop_step), "%s", step_id ? step_id : "");
    db.prop_days = days_over;
    strcpy(new_id, db.make_new ? NEWB : "");
    *new_score = db.make_new ? 60.0 : 0;
    *counted = 1;
    return KC_OK;
}

KT_FAKE(kc_outbox_add);
kc_status __wrap_kc_outbox_add(kc_db_conn *conn, const char *schema, const char *type,
                               const char *tenant_id, const char *subject, const json_t *data,
                               kc_problem *pb)
{
    (void)conn;
    (void)schema;
    (void)tenant_id;
    (void)pb;
    db.events++;
    snprintf(db.event_type, sizeof(db.event_type), "%s", type);
    snprintf(db.event_subject, sizeof(db.event_subject), "%s", subject);
    snprintf(db.event_quadrant, sizeof(db.event_quadrant), "%s",
             json_string_value(json_object_get(data, "quadrant")));
    db.event_score = json_real_value(json_object_get(data, "score"));
    /* ids, states and numbers only: id, processId, stepId, source, impact,
     * effort, score, quadrant, status */
    assert_int_equal(json_object_size(data), 9);
    assert_null(json_object_get(data, "description"));
    assert_string_equal(json_string_value(json_object_get(data, "source")), "citizens_cases");
    return KC_OK;
}

KT_FAKE(citizen_repo_mapping_step_ok);
kc_status __wrap_citizen_repo_mapping_step_ok(kc_db_conn *conn, const char *tenant_id,
                                              const char *id, int has_process,
                                              const char *process_id, int has_step,
                                              const char *step_id, int *ok, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)id;
    (void)has_process;
    (void)process_id;
    (void)has_step;
    (void)step_id;
    (void)pb;
    *ok = db.step_ok;
    return KC_OK;
}

KT_FAKE(citizen_repo_figures);
kc_status __wrap_citizen_repo_figures(kc_db_conn *conn, const char *tenant_id,
                                      const char *process_id, const char *from, const char *to,
                                      int by_month, json_t **out, kc_problem *pb)
{
    (void)conn, (void)tenant_id, (void)process_id, (void)from, (void)to, (void)by_month;
    *out = NULL;
    return kc_problem_set(pb, KC_INTERNAL, "not in this test");
}

KT_FAKE(citizen_repo_root_causes);
kc_status __wrap_citizen_repo_root_causes(kc_db_conn *conn, const char *tenant_id,
                                          const char *process_id, int limit, json_t **items,
                                          kc_problem *pb)
{
    (void)conn, (void)tenant_id, (void)process_id, (void)limit;
    *items = NULL;
    return kc_problem_set(pb, KC_INTERNAL, "not in this test");
}

static kc_status apply(const char *type, const char *json)
{
    json_error_t err;
    json_t *data = json_loads(json, 0, &err);
    kc_problem pb;
    kc_status st;

    assert_non_null(data);
    kc_problem_init(&pb);
    st = citizen_service_apply_event(NULL, TENANT, "ev-1", type, CASE, data,
                                     "2026-06-30T12:00:00.000Z", &pb);
    kc_problem_clear(&pb);
    json_decref(data);
    return st;
}

#define RESOLVED(step)                                                                             \
    "{\"categoryId\": \"" CAT "\", \"resolvedAt\": \"2026-05-10T08:00:00.000Z\","                  \
    " \"resolutionDue\": \"2026-05-07T20:00:00.000Z\", \"slaBreached\": true,"                     \
    " \"rootCause\": {\"processId\": \"" PROC "\", \"stepId\": " step "}}"

static void a_closed_case_is_a_fact_and_no_proposal(void **state)
{
    (void)state;
    assert_int_equal(apply("case.closed", "{\"categoryId\": \"" CAT "\","
                                          " \"closedAt\": \"2026-05-10T08:00:00.000Z\"}"),
                     KC_OK);
    assert_int_equal(db.facts, 1);
    assert_string_equal(db.fact_case, CASE);
    assert_string_equal(db.fact_closed, "2026-05-10T08:00:00.000Z");
    assert_int_equal(db.proposals, 0);
    assert_int_equal(db.events, 0);
}

static void a_root_cause_is_proposed_at_its_step(void **state)
{
    (void)state;
    assert_int_equal(apply("case.resolved", RESOLVED("\"" STEP "\"")), KC_OK);
    assert_int_equal(db.facts, 1);
    assert_int_equal(db.proposals, 1);
    assert_string_equal(db.prop_process, PROC);
    assert_string_equal(db.prop_step, STEP);
    assert_true(db.prop_days == 2.5);
    /* a new proposal is raised */
    assert_int_equal(db.events, 1);
    assert_string_equal(db.event_type, "bottleneck.raised");
    /* the same data as a bottleneck raised by hand: impact 3, effort 3 */
    assert_string_equal(db.event_quadrant, "big_bet");
    assert_true(db.event_score == 60.0);
    assert_string_equal(db.event_subject, NEWB);
}

static void a_case_added_to_a_proposal_raises_nothing(void **state)
{
    (void)state;
    db.make_new = 0;
    assert_int_equal(apply("case.resolved", RESOLVED("\"" STEP "\"")), KC_OK);
    assert_int_equal(db.proposals, 1);
    assert_int_equal(db.events, 0);
}

static void a_step_of_another_process_counts_for_the_process(void **state)
{
    (void)state;
    db.step_known = 0;
    assert_int_equal(apply("case.resolved", RESOLVED("\"" STEP "\"")), KC_OK);
    assert_int_equal(db.proposals, 1);
    assert_string_equal(db.prop_step, "");
}

static void an_unknown_process_is_ignored_and_counted(void **state)
{
    long long before = citizen_service_unknown_root_causes();

    (void)state;
    db.process_known = 0;
    assert_int_equal(apply("case.resolved", RESOLVED("null")), KC_OK);
    assert_int_equal(db.facts, 1);
    assert_int_equal(db.proposals, 0);
    assert_int_equal(db.events, 0);
    assert_int_equal(citizen_service_unknown_root_causes(), before + 1);
}

static void malformed_and_other_events_change_nothing(void **state)
{
    (void)state;
    assert_int_equal(apply("case.closed", "{\"categoryId\": 7}"), KC_OK);
    assert_int_equal(apply("case.message.sent", "{\"categoryId\": \"" CAT "\"}"), KC_OK);
    assert_int_equal(db.facts, 0);
}

static void a_database_failure_fails_the_event(void **state)
{
    (void)state;
    db.fail_facts = 1;
    assert_int_equal(apply("case.resolved", RESOLVED("\"" STEP "\"")), KC_UNAVAILABLE);
    assert_int_equal(db.proposals, 0);
}

static void a_mapping_step_outside_its_process_is_invalid(void **state)
{
    kc_principal p = {.kind = KC_PRINCIPAL_STAFF, .tenant_id = TENANT};
    json_t *body = json_pack("{s:s, s:s}", "processId", PROC, "stepId", STEP);
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(citizen_service_check_mapping(NULL, &p, NULL, body, &pb), KC_OK);
    db.step_ok = 0;
    assert_int_equal(citizen_service_check_mapping(NULL, &p, NULL, body, &pb), KC_INVALID);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "name")), "stepId");
    /* a delete is not checked */
    assert_int_equal(citizen_service_check_mapping(NULL, &p, "x", NULL, &pb), KC_OK);
    kc_problem_clear(&pb);
    json_decref(body);
}

static void the_figures_refuse_bad_queries_before_the_database(void **state)
{
    kc_principal p = {.kind = KC_PRINCIPAL_STAFF, .tenant_id = TENANT};
    json_t *out = NULL;
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(citizen_service_figures(NULL, &p, "nope", NULL, NULL, NULL, &out, &pb),
                     KC_BAD_REQUEST);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(citizen_service_figures(NULL, &p, PROC, "2026-02-30", NULL, NULL, &out, &pb),
                     KC_BAD_REQUEST);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(
        citizen_service_figures(NULL, &p, PROC, "2026-03-02", "2026-03-01", NULL, &out, &pb),
        KC_BAD_REQUEST);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "name")), "from");
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(citizen_service_figures(NULL, &p, PROC, NULL, NULL, "week", &out, &pb),
                     KC_BAD_REQUEST);
    kc_problem_clear(&pb);
    assert_null(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(a_closed_case_is_a_fact_and_no_proposal, reset),
        cmocka_unit_test_setup(a_root_cause_is_proposed_at_its_step, reset),
        cmocka_unit_test_setup(a_case_added_to_a_proposal_raises_nothing, reset),
        cmocka_unit_test_setup(a_step_of_another_process_counts_for_the_process, reset),
        cmocka_unit_test_setup(an_unknown_process_is_ignored_and_counted, reset),
        cmocka_unit_test_setup(malformed_and_other_events_change_nothing, reset),
        cmocka_unit_test_setup(a_database_failure_fails_the_event, reset),
        cmocka_unit_test_setup(a_mapping_step_outside_its_process_is_invalid, reset),
        cmocka_unit_test_setup(the_figures_refuse_bad_queries_before_the_database, reset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
