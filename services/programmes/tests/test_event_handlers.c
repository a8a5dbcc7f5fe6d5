/* The handlers of the other services' events (events/events_consumer.c)
 * and the rules behind them, the repositories and the outbox faked: a
 * survey.closed keeps the survey's top values (malformed ones left out)
 * with the publication instant; an improvement.completed completes the
 * linked actions and writes action.status.changed for each one that moved,
 * none for one that only learnt its improvement completed; other types and
 * events naming nothing are skipped; a database failure fails the event. */
/* LINK: events/events_consumer.c events/closed_survey_service.c events/linked_action_service.c */
/* LINK: programmes_service.c */
/* LINK: values/value_catalogue_service.c values/value_rules.c values/value_catalogue_repo.c */
/* WRAP: kc_outbox_add closed_survey_repo_upsert closed_survey_repo_candidates */
/* WRAP: linked_action_repo_complete */
/* WRAP: goal_service_apply_survey_closed goal_service_apply_feedback */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers/outbox.h"
#include "koers_test.h"
#include "events/closed_survey_repo.h"
#include "events/closed_survey_service.h"
#include "events/events_consumer.h"
#include "events/linked_action_repo.h"
#include "goals/goal_service.h"

#define TENANT "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define SURVEY "00000000-0000-4000-8000-0000000000a1"
#define VALUE1 "00000000-0000-4000-8000-0000000000b1"
#define VALUE2 "00000000-0000-4000-8000-0000000000b2"
#define IMPR   "00000000-0000-4000-8000-0000000000c1"
#define ACT1   "00000000-0000-4000-8000-0000000000d1"
#define ACT2   "00000000-0000-4000-8000-0000000000d2"
#define PROG   "00000000-0000-4000-8000-0000000000e1"
#define AT     "2026-06-30T12:00:00.000Z"

/* the fake database */
static struct {
    int upserts, completes, events, fail_repo, fail_outbox;
    int goal_surveys, goal_feedbacks; /* what reached the goals (goals/goal_service.h) */
    char survey[40], closed_at[40], event_id[40], improvement[40], at[40];
    json_t *top;
    json_t *event_data[4];
    char event_subject[4][40];
} db;

static int reset(void **state)
{
    (void)state;
    memset(&db, 0, sizeof(db));
    return 0;
}

static int release(void **state)
{
    (void)state;
    json_decref(db.top);
    for (int i = 0; i < 4; i++)
        json_decref(db.event_data[i]);
    return 0;
}

KT_FAKE(closed_survey_repo_upsert);
kc_status __wrap_closed_survey_repo_upsert(kc_db_conn *conn, const char *tenant_id,
                                           const char *survey_id, const char *top_values_json,
                                           const char *closed_at, const char *event_id,
                                           kc_problem *pb)
{
    (void)conn;
    assert_string_equal(tenant_id, TENANT);
    if (db.fail_repo)
        return kc_problem_set(pb, KC_UNAVAILABLE, "database gone");
    db.upserts++;
    snprintf(db.survey, sizeof(db.survey), "%s", survey_id);
    snprintf(db.closed_at, sizeof(db.closed_at), "%s", closed_at ? closed_at : "(now)");
    snprintf(db.event_id, sizeof(db.event_id), "%s", event_id);
    json_decref(db.top);
    db.top = json_loads(top_values_json, 0, NULL);
    assert_non_null(db.top);
    return KC_OK;
}

KT_FAKE(closed_survey_repo_candidates);
kc_status __wrap_closed_survey_repo_candidates(kc_db_conn *conn, const char *tenant_id,
                                               const char *programme_id, json_t **items,
                                               kc_problem *pb)
{
    (void)conn, (void)tenant_id, (void)programme_id;
    *items = NULL;
    return kc_problem_set(pb, KC_INTERNAL, "not in this test");
}

/* Two linked actions: ACT1 was planned and is now done; ACT2 was done and
 * only learnt that its improvement completed. */
KT_FAKE(linked_action_repo_complete);
kc_status __wrap_linked_action_repo_complete(kc_db_conn *conn, const char *tenant_id,
                                             const char *improvement_id, const char *at,
                                             linked_action_change **changes, size_t *n,
                                             kc_problem *pb)
{
    static const linked_action_change rows[2] = {
        {ACT1, PROG, "planned", "done"},
        {ACT2, PROG, "done", "done"},
    };

    (void)conn;
    assert_string_equal(tenant_id, TENANT);
    *changes = NULL;
    *n = 0;
    if (db.fail_repo)
        return kc_problem_set(pb, KC_UNAVAILABLE, "database gone");
    db.completes++;
    snprintf(db.improvement, sizeof(db.improvement), "%s", improvement_id);
    snprintf(db.at, sizeof(db.at), "%s", at ? at : "(now)");
    *changes = malloc(sizeof(rows));
    assert_non_null(*changes);
    memcpy(*changes, rows, sizeof(rows));
    *n = 2;
    return KC_OK;
}

KT_FAKE(goal_service_apply_survey_closed);
kc_status __wrap_goal_service_apply_survey_closed(kc_db_conn *conn, const char *tenant_id,
                                                  const char *event_id, const char *subject,
                                                  const json_t *data, const char *published_at,
                                                  kc_problem *pb)
{
    (void)conn;
    (void)event_id;
    (void)subject;
    (void)published_at;
    (void)pb;
    assert_string_equal(tenant_id, TENANT);
    assert_non_null(data);
    db.goal_surveys++;
    return KC_OK;
}

KT_FAKE(goal_service_apply_feedback);
kc_status __wrap_goal_service_apply_feedback(kc_db_conn *conn, const char *tenant_id,
                                             const char *event_id, const char *subject,
                                             const json_t *data, const char *published_at,
                                             kc_problem *pb)
{
    (void)conn;
    (void)event_id;
    (void)data;
    (void)published_at;
    (void)pb;
    assert_string_equal(tenant_id, TENANT);
    assert_string_equal(subject, IMPR);
    db.goal_feedbacks++;
    return KC_OK;
}

KT_FAKE(kc_outbox_add);
kc_status __wrap_kc_outbox_add(kc_db_conn *conn, const char *schema, const char *type,
                               const char *tenant_id, const char *subject, const json_t *data,
                               kc_problem *pb)
{
    (void)conn;
    assert_string_equal(schema, "programmes");
    assert_string_equal(type, "action.status.changed");
    assert_string_equal(tenant_id, TENANT);
    if (db.fail_outbox)
        return kc_problem_set(pb, KC_UNAVAILABLE, "database gone");
    assert_true(db.events < 4);
    snprintf(db.event_subject[db.events], sizeof(db.event_subject[0]), "%s", subject);
    db.event_data[db.events++] = json_deep_copy(data);
    return KC_OK;
}

/* One event of `type` through the handler of its source. */
static kc_status deliver(int survey_source, const char *type, const char *subject,
                         const char *data_json, const char *time)
{
    json_t *data = json_loads(data_json, 0, NULL);
    kc_consumer_event ev = {.seq = 7,
                            .id = "ev-1",
                            .type = type,
                            .subject = subject,
                            .data = data,
                            .time = time,
                            .tenant_id = TENANT};
    kc_problem pb;
    kc_status st;

    assert_non_null(data);
    kc_problem_init(&pb);
    st = survey_source ? programmes_events_on_survey(NULL, TENANT, &ev, NULL, &pb)
                       : programmes_events_on_process(NULL, TENANT, &ev, NULL, &pb);
    kc_problem_clear(&pb);
    json_decref(data);
    return st;
}

#define TOP                                                                                        \
    "{\"surveyId\": \"" SURVEY "\", \"topValues\": {"                                              \
    " \"citizens\": [{\"valueId\": \"" VALUE1 "\", \"name\": \"Betrouwbaar\", \"count\": 5},"      \
    "                {\"valueId\": \"not-a-uuid\", \"name\": \"Kapot\", \"count\": 4},"            \
    "                {\"valueId\": \"" VALUE2 "\", \"name\": \"Open\", \"count\": 3}],"            \
    " \"employees\": [{\"valueId\": \"" VALUE2 "\", \"name\": \"Open\", \"count\": -1}],"          \
    " \"managers\": \"none\"}}"

static void a_closed_survey_keeps_its_top_values(void **state)
{
    const json_t *citizens;

    (void)state;
    assert_int_equal(deliver(1, "survey.closed", SURVEY, TOP, AT), KC_OK);
    assert_int_equal(db.upserts, 1);
    assert_string_equal(db.survey, SURVEY);
    assert_string_equal(db.closed_at, AT);
    assert_string_equal(db.event_id, "ev-1");
    /* the malformed value and the audiences without a usable one left out */
    assert_int_equal(json_object_size(db.top), 1);
    citizens = json_object_get(db.top, "citizens");
    assert_int_equal(json_array_size(citizens), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(citizens, 0), "valueId")),
                        VALUE1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(citizens, 0), "name")),
                        "Betrouwbaar");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(citizens, 0), "count")), 5);
    assert_string_equal(json_string_value(json_object_get(json_array_get(citizens, 1), "valueId")),
                        VALUE2);
}

static void the_survey_id_may_come_from_the_data_and_the_time_may_be_missing(void **state)
{
    (void)state;
    assert_int_equal(deliver(1, "survey.closed", "", TOP, ""), KC_OK);
    assert_int_equal(db.upserts, 1);
    assert_string_equal(db.survey, SURVEY);
    assert_string_equal(db.closed_at, "(now)");
    /* no top values at all: kept as none */
    assert_int_equal(deliver(1, "survey.closed", SURVEY, "{}", "yesterday"), KC_OK);
    assert_int_equal(db.upserts, 2);
    assert_int_equal(json_object_size(db.top), 0);
    assert_string_equal(db.closed_at, "(now)");
}

static void other_survey_events_and_surveys_without_id_are_skipped(void **state)
{
    (void)state;
    assert_int_equal(deliver(1, "survey.opened", SURVEY, TOP, AT), KC_OK);
    assert_int_equal(deliver(1, "survey.closed", "nope", "{\"topValues\": {}}", AT), KC_OK);
    assert_int_equal(db.upserts, 0);
}

static void a_database_failure_fails_the_survey_event(void **state)
{
    (void)state;
    db.fail_repo = 1;
    assert_int_equal(deliver(1, "survey.closed", SURVEY, TOP, AT), KC_UNAVAILABLE);
    assert_int_equal(db.goal_surveys, 0); /* nothing after the failure */
}

static void a_closed_survey_also_reaches_the_goals(void **state)
{
    (void)state;
    assert_int_equal(deliver(1, "survey.closed", SURVEY, TOP, AT), KC_OK);
    assert_int_equal(db.goal_surveys, 1);
    assert_int_equal(deliver(1, "survey.opened", SURVEY, TOP, AT), KC_OK);
    assert_int_equal(db.goal_surveys, 1);
}

static void case_feedback_reaches_the_goals_and_other_case_events_do_not(void **state)
{
    json_t *data = json_pack("{s:i, s:i, s:b}", "round", 0, "satisfaction", 4, "equalParty", 1);
    kc_consumer_event ev = {.seq = 9,
                            .id = "ev-2",
                            .type = "case.feedback.received",
                            .subject = IMPR,
                            .data = data,
                            .time = AT,
                            .tenant_id = TENANT};
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(programmes_events_on_case(NULL, TENANT, &ev, NULL, &pb), KC_OK);
    assert_int_equal(db.goal_feedbacks, 1);
    ev.type = "case.created";
    assert_int_equal(programmes_events_on_case(NULL, TENANT, &ev, NULL, &pb), KC_OK);
    assert_int_equal(db.goal_feedbacks, 1);
    kc_problem_clear(&pb);
    json_decref(data);
}

static void a_completed_improvement_completes_its_actions(void **state)
{
    (void)state;
    assert_int_equal(deliver(0, "improvement.completed", IMPR,
                             "{\"id\": \"" IMPR "\", \"processId\": \"" PROG "\"}", AT),
                     KC_OK);
    assert_int_equal(db.completes, 1);
    assert_string_equal(db.improvement, IMPR);
    assert_string_equal(db.at, AT);
    /* one event: the action that moved; ids and states only */
    assert_int_equal(db.events, 1);
    assert_string_equal(db.event_subject[0], ACT1);
    assert_int_equal(json_object_size(db.event_data[0]), 4);
    assert_string_equal(json_string_value(json_object_get(db.event_data[0], "id")), ACT1);
    assert_string_equal(json_string_value(json_object_get(db.event_data[0], "programmeId")), PROG);
    assert_string_equal(json_string_value(json_object_get(db.event_data[0], "from")), "planned");
    assert_string_equal(json_string_value(json_object_get(db.event_data[0], "to")), "done");
}

static void the_improvement_id_may_come_from_the_data(void **state)
{
    (void)state;
    assert_int_equal(deliver(0, "improvement.completed", "", "{\"id\": \"" IMPR "\"}", ""), KC_OK);
    assert_int_equal(db.completes, 1);
    assert_string_equal(db.improvement, IMPR);
    assert_string_equal(db.at, "(now)");
}

static void other_process_events_and_improvements_without_id_are_skipped(void **state)
{
    (void)state;
    assert_int_equal(deliver(0, "improvement.status.changed", IMPR, "{\"to\": \"done\"}", AT),
                     KC_OK);
    assert_int_equal(deliver(0, "improvement.completed", "x", "{\"id\": 3}", AT), KC_OK);
    assert_int_equal(db.completes, 0);
    assert_int_equal(db.events, 0);
}

static void a_database_failure_fails_the_improvement_event(void **state)
{
    (void)state;
    db.fail_repo = 1;
    assert_int_equal(deliver(0, "improvement.completed", IMPR, "{}", AT), KC_UNAVAILABLE);
    db.fail_repo = 0;
    db.fail_outbox = 1;
    assert_int_equal(deliver(0, "improvement.completed", IMPR, "{}", AT), KC_UNAVAILABLE);
}

static void top_values_are_bounded(void **state)
{
    json_t *in = json_pack("{s:[]}", "citizens"), *out;
    json_t *long_name = NULL;
    char name[202];

    (void)state;
    for (int i = 0; i < 60; i++)
        json_array_append_new(
            json_object_get(in, "citizens"),
            json_pack("{s:s, s:s, s:i}", "valueId", VALUE1, "name", "Open", "count", i));
    memset(name, 'x', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    long_name = json_pack("[{s:s, s:s, s:i}]", "valueId", VALUE1, "name", name, "count", 1);
    json_object_set_new(in, "employees", long_name);
    out = closed_survey_top_values(in);
    assert_int_equal(json_array_size(json_object_get(out, "citizens")), 50);
    assert_null(json_object_get(out, "employees"));
    json_decref(out);
    out = closed_survey_top_values(NULL);
    assert_int_equal(json_object_size(out), 0);
    json_decref(out);
    json_decref(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_closed_survey_keeps_its_top_values, reset, release),
        cmocka_unit_test_setup_teardown(
            the_survey_id_may_come_from_the_data_and_the_time_may_be_missing, reset, release),
        cmocka_unit_test_setup_teardown(other_survey_events_and_surveys_without_id_are_skipped,
                                        reset, release),
        cmocka_unit_test_setup_teardown(a_database_failure_fails_the_survey_event, reset, release),
        cmocka_unit_test_setup_teardown(a_closed_survey_also_reaches_the_goals, reset, release),
        cmocka_unit_test_setup_teardown(
            case_feedback_reaches_the_goals_and_other_case_events_do_not, reset, release),
        cmocka_unit_test_setup_teardown(a_completed_improvement_completes_its_actions, reset,
                                        release),
        cmocka_unit_test_setup_teardown(the_improvement_id_may_come_from_the_data, reset, release),
        cmocka_unit_test_setup_teardown(
            other_process_events_and_improvements_without_id_are_skipped, reset, release),
        cmocka_unit_test_setup_teardown(a_database_failure_fails_the_improvement_event, reset,
                                        release),
        cmocka_unit_test_setup_teardown(top_values_are_bounded, reset, release),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
