/* The survey rules (draft -> open -> closed, what may change when, the
 * checks of a body) as a client would meet them: the problem status, its
 * detail and the fields it names. The repository, the connection pool and
 * the outbox are faked: one survey in memory. */
/* LINK: surveys/survey_service.c surveys/survey_model.c surveys/question_spec.c surveys.c */
/* WRAP: kc_db_acquire kc_db_release kc_db_begin kc_db_commit kc_db_rollback */
/* WRAP: kc_outbox_add survey_repo_lock survey_repo_get survey_repo_question_count */
/* WRAP: survey_repo_set_status survey_repo_update survey_repo_add_question */
/* WRAP: settings_repo_min_group_size survey_repo_top_values kc_idem_create */
/* WRAP: survey_repo_question_results */
/* WRAP: survey_repo_insert survey_repo_list survey_repo_delete survey_repo_add_section */
/* WRAP: survey_repo_get_question survey_repo_update_question */
/* WRAP: survey_repo_delete_question survey_repo_new_wave survey_repo_lock_due */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers_test.h"
#include "surveys/settings_repo.h"
#include "surveys/survey_repo.h"
#include "surveys/survey_service.h"

#define TENANT    "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define SURVEY_ID "0b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a80"

/* The one survey of the fake repository, and what the service did. */
static struct {
    char status[8];
    int version;
    int questions;
    int updates, added_questions;
    int question_results_min_group; /* what the close asked the repository */
    json_t *closed_data;            /* the data of the last survey.closed */
} db;

static const kc_principal manager = {
    .kind = KC_PRINCIPAL_STAFF,
    .tenant_id = TENANT,
    .subject = "manager-1",
    .roles = "survey_manager",
};

static int reset(void **state)
{
    (void)state;
    json_decref(db.closed_data);
    memset(&db, 0, sizeof(db));
    kt_db_reset();
    strcpy(db.status, "draft");
    db.version = 3;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(db.closed_data);
    db.closed_data = NULL;
    return 0;
}

/* ---- fakes: the repository ------------------------------------------------ */

static void fake_read(survey *out)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->id, sizeof(out->id), "%s", SURVEY_ID);
    snprintf(out->title, sizeof(out->title), "Medewerkersmonitor");
    snprintf(out->kind, sizeof(out->kind), "climate_monitor");
    snprintf(out->status, sizeof(out->status), "%s", db.status);
    snprintf(out->series_id, sizeof(out->series_id), "%s", SURVEY_ID);
    out->wave = 2;
    out->audiences = json_pack("[s]", "employees");
    out->version = db.version;
}

KT_FAKE(survey_repo_lock);
kc_status __wrap_survey_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  survey *out, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)id;
    (void)pb;
    fake_read(out);
    return KC_OK;
}

KT_FAKE(survey_repo_get);
kc_status __wrap_survey_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 int with_content, survey *out, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)id;
    (void)with_content;
    (void)pb;
    fake_read(out);
    return KC_OK;
}

KT_FAKE(survey_repo_question_count);
kc_status __wrap_survey_repo_question_count(kc_db_conn *conn, const char *tenant_id,
                                            const char *survey_id, int *out, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)survey_id;
    (void)pb;
    *out = db.questions;
    return KC_OK;
}

KT_FAKE(survey_repo_set_status);
kc_status __wrap_survey_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                        const char *to, survey *out, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)id;
    (void)pb;
    snprintf(db.status, sizeof(db.status), "%s", to);
    db.version++;
    fake_read(out);
    return KC_OK;
}

KT_FAKE(survey_repo_update);
kc_status __wrap_survey_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                                    int version, const char *title, const char *audiences_json,
                                    int set_closes_at, const char *closes_at, survey *out,
                                    kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)id;
    (void)version;
    (void)title;
    (void)audiences_json;
    (void)set_closes_at;
    (void)closes_at;
    (void)pb;
    db.updates++;
    db.version++;
    fake_read(out);
    return KC_OK;
}

KT_FAKE(survey_repo_add_question);
kc_status __wrap_survey_repo_add_question(kc_db_conn *conn, const char *tenant_id,
                                          const char *survey_id, const question *q, question *out,
                                          kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)survey_id;
    (void)pb;
    db.added_questions++;
    memset(out, 0, sizeof(*out));
    snprintf(out->type, sizeof(out->type), "%s", q->type);
    return KC_OK;
}

KT_FAKE(settings_repo_min_group_size);
kc_status __wrap_settings_repo_min_group_size(kc_db_conn *conn, const char *tenant_id, int *out,
                                              kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)pb;
    *out = 5;
    return KC_OK;
}

KT_FAKE(survey_repo_top_values);
kc_status __wrap_survey_repo_top_values(kc_db_conn *conn, const char *tenant_id, const char *id,
                                        int min_group, json_t **out, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)id;
    (void)min_group;
    (void)pb;
    *out = json_object();
    return KC_OK;
}

KT_FAKE(survey_repo_question_results);
kc_status __wrap_survey_repo_question_results(kc_db_conn *conn, const char *tenant_id,
                                              const char *id, int min_group, json_t **out,
                                              kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)id;
    (void)pb;
    db.question_results_min_group = min_group;
    *out = json_pack("[{s:s, s:s, s:f, s:i}]", "code", "trots", "audience", "employees", "mean",
                     3.25, "n", 8);
    return KC_OK;
}

/* The outbox: the types as kt_db counts them, and the data of survey.closed. */
KT_FAKE(kc_outbox_add);
kc_status __wrap_kc_outbox_add(kc_db_conn *conn, const char *schema, const char *type,
                               const char *tenant_id, const char *aggregate_id, const json_t *data,
                               kc_problem *pb)
{
    (void)conn;
    (void)schema;
    (void)tenant_id;
    (void)aggregate_id;
    (void)pb;
    if (kt_db.nevents < (int)KC_NELEMS(kt_db.events))
        snprintf(kt_db.events[kt_db.nevents++], sizeof(kt_db.events[0]), "%s", type);
    if (strcmp(type, "survey.closed") == 0) {
        json_decref(db.closed_data);
        db.closed_data = json_deep_copy(data);
    }
    return KC_OK;
}

KT_UNREACHED(kc_idem_create)
KT_UNREACHED(survey_repo_insert)
KT_UNREACHED(survey_repo_list)
KT_UNREACHED(survey_repo_delete)
KT_UNREACHED(survey_repo_add_section)
KT_UNREACHED(survey_repo_get_question)
KT_UNREACHED(survey_repo_update_question)
KT_UNREACHED(survey_repo_delete_question)
KT_UNREACHED(survey_repo_new_wave)
KT_UNREACHED(survey_repo_lock_due)

/* ---- the tests ------------------------------------------------------------ */

/* Every connection taken was given back. */
static void assert_released(void)
{
    assert_int_equal(kt_db.acquired, kt_db.released);
}

static const char *extra(const kc_problem *pb, const char *name)
{
    return json_string_value(json_object_get(pb->extra, name));
}

static void opening_a_draft_with_questions_opens_it_and_tells_the_world(void **state)
{
    survey s;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    db.questions = 2;
    assert_int_equal(survey_service_open(NULL, &manager, SURVEY_ID, &s, &pb), KC_OK);
    assert_string_equal(s.status, "open");
    assert_int_equal(s.version, 4);
    assert_int_equal(kt_db.nevents, 1);
    assert_string_equal(kt_db.events[0], "survey.opened");
    assert_int_equal(kt_db.committed, 1);
    assert_int_equal(kt_db.rolled_back, 0);
    assert_released();
    survey_clear(&s);
    kc_problem_clear(&pb);
}

static void opening_a_draft_without_questions_is_a_conflict(void **state)
{
    survey s;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(survey_service_open(NULL, &manager, SURVEY_ID, &s, &pb), KC_CONFLICT);
    assert_string_equal(pb.detail, "survey " SURVEY_ID " has no questions yet");
    assert_string_equal(db.status, "draft");
    assert_int_equal(kt_db.nevents, 0);
    assert_int_equal(kt_db.committed, 0);
    assert_int_equal(kt_db.rolled_back, 1);
    assert_released();
    survey_clear(&s);
    kc_problem_clear(&pb);
}

static void only_a_draft_opens_and_only_an_open_survey_closes(void **state)
{
    survey s;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    strcpy(db.status, "open");
    db.questions = 1;
    assert_int_equal(survey_service_open(NULL, &manager, SURVEY_ID, &s, &pb), KC_CONFLICT);
    assert_string_equal(extra(&pb, "surveyStatus"), "open");
    survey_clear(&s);
    kc_problem_clear(&pb);

    strcpy(db.status, "draft");
    assert_int_equal(survey_service_close(NULL, &manager, SURVEY_ID, &s, &pb), KC_CONFLICT);
    assert_string_equal(extra(&pb, "surveyStatus"), "draft");
    assert_int_equal(kt_db.nevents, 0);
    survey_clear(&s);
    kc_problem_clear(&pb);

    strcpy(db.status, "open");
    assert_int_equal(survey_service_close(NULL, &manager, SURVEY_ID, &s, &pb), KC_OK);
    assert_string_equal(s.status, "closed");
    assert_int_equal(kt_db.nevents, 1);
    assert_string_equal(kt_db.events[0], "survey.closed");
    assert_released();
    survey_clear(&s);
    kc_problem_clear(&pb);
}

static void the_closed_event_carries_the_numeric_questions_means_of_large_groups(void **state)
{
    const json_t *q;
    survey s;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    strcpy(db.status, "open");
    assert_int_equal(survey_service_close(NULL, &manager, SURVEY_ID, &s, &pb), KC_OK);
    assert_int_equal(db.question_results_min_group, 5); /* the tenant's minimum group size */
    assert_non_null(db.closed_data);
    assert_string_equal(json_string_value(json_object_get(db.closed_data, "seriesId")), SURVEY_ID);
    assert_int_equal(json_integer_value(json_object_get(db.closed_data, "wave")), 2);
    assert_true(json_is_object(json_object_get(db.closed_data, "topValues")));
    q = json_array_get(json_object_get(db.closed_data, "questionResults"), 0);
    assert_string_equal(json_string_value(json_object_get(q, "code")), "trots");
    assert_string_equal(json_string_value(json_object_get(q, "audience")), "employees");
    assert_int_equal(json_integer_value(json_object_get(q, "n")), 8);
    assert_true(json_real_value(json_object_get(q, "mean")) == 3.25);
    survey_clear(&s);
    kc_problem_clear(&pb);
}

static void update_names_every_wrong_audience_before_touching_the_database(void **state)
{
    json_t *body = json_pack("{s:[s,s,s]}", "audiences", "employees", "aliens", "employees");
    survey s;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(survey_service_update(NULL, &manager, SURVEY_ID, body, -1, &s, &pb),
                     KC_INVALID);
    assert_int_equal(json_array_size(pb.invalid_params), 2);
    assert_true(kt_invalid_param(pb.invalid_params, "audiences[1]")); /* unknown */
    assert_true(kt_invalid_param(pb.invalid_params, "audiences[2]")); /* repeated */
    assert_int_equal(kt_db.acquired, 0);
    survey_clear(&s);
    kc_problem_clear(&pb);
    json_decref(body);
}

static void update_of_a_stale_version_is_a_failed_precondition(void **state)
{
    json_t *body = json_pack("{s:s}", "title", "Monitor 2027");
    survey s;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(survey_service_update(NULL, &manager, SURVEY_ID, body, 2, &s, &pb),
                     KC_PRECONDITION_FAILED);
    assert_int_equal(db.updates, 0);
    assert_int_equal(kt_db.rolled_back, 1);
    assert_released();
    survey_clear(&s);
    kc_problem_clear(&pb);

    assert_int_equal(survey_service_update(NULL, &manager, SURVEY_ID, body, 3, &s, &pb), KC_OK);
    assert_int_equal(db.updates, 1);
    assert_int_equal(s.version, 4);
    survey_clear(&s);
    kc_problem_clear(&pb);
    json_decref(body);
}

static void an_open_survey_keeps_its_title_but_may_move_its_closing(void **state)
{
    json_t *title = json_pack("{s:s}", "title", "Monitor 2027");
    json_t *closes = json_pack("{s:s}", "closesAt", "2030-01-01T00:00:00Z");
    survey s;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    strcpy(db.status, "open");
    assert_int_equal(survey_service_update(NULL, &manager, SURVEY_ID, title, -1, &s, &pb),
                     KC_CONFLICT);
    assert_string_equal(extra(&pb, "surveyStatus"), "open");
    survey_clear(&s);
    kc_problem_clear(&pb);

    assert_int_equal(survey_service_update(NULL, &manager, SURVEY_ID, closes, -1, &s, &pb), KC_OK);
    assert_int_equal(db.updates, 1);
    survey_clear(&s);
    kc_problem_clear(&pb);

    strcpy(db.status, "closed");
    assert_int_equal(survey_service_update(NULL, &manager, SURVEY_ID, closes, -1, &s, &pb),
                     KC_CONFLICT);
    assert_int_equal(db.updates, 1);
    assert_released();
    survey_clear(&s);
    kc_problem_clear(&pb);
    json_decref(title);
    json_decref(closes);
}

static void questions_change_only_in_a_draft(void **state)
{
    json_t *body = json_pack("{s:s, s:s}", "text", "Hoe tevreden bent u?", "type", "likert5");
    question q;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    strcpy(db.status, "open");
    assert_int_equal(survey_service_add_question(NULL, &manager, SURVEY_ID, body, &q, &pb),
                     KC_CONFLICT);
    assert_non_null(strstr(pb.detail, "questions cannot change once the survey is open"));
    assert_int_equal(db.added_questions, 0);
    question_clear(&q);
    kc_problem_clear(&pb);

    strcpy(db.status, "draft");
    assert_int_equal(survey_service_add_question(NULL, &manager, SURVEY_ID, body, &q, &pb), KC_OK);
    assert_string_equal(q.type, "likert5");
    assert_int_equal(db.added_questions, 1);
    assert_int_equal(kt_db.committed, 1);
    assert_released();
    question_clear(&q);
    kc_problem_clear(&pb);
    json_decref(body);
}

static void a_question_body_is_checked_before_the_survey_is_locked(void **state)
{
    json_t *body = json_pack("{s:s, s:s}", "text", "", "type", "essay");
    question q;
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(survey_service_add_question(NULL, &manager, SURVEY_ID, body, &q, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "text"));
    assert_true(kt_invalid_param(pb.invalid_params, "type"));
    assert_int_equal(kt_db.acquired, 0);
    question_clear(&q);
    kc_problem_clear(&pb);
    json_decref(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(opening_a_draft_with_questions_opens_it_and_tells_the_world, reset),
        cmocka_unit_test_setup(opening_a_draft_without_questions_is_a_conflict, reset),
        cmocka_unit_test_setup(only_a_draft_opens_and_only_an_open_survey_closes, reset),
        cmocka_unit_test_setup(the_closed_event_carries_the_numeric_questions_means_of_large_groups,
                               reset),
        cmocka_unit_test_setup(update_names_every_wrong_audience_before_touching_the_database,
                               reset),
        cmocka_unit_test_setup(update_of_a_stale_version_is_a_failed_precondition, reset),
        cmocka_unit_test_setup(an_open_survey_keeps_its_title_but_may_move_its_closing, reset),
        cmocka_unit_test_setup(questions_change_only_in_a_draft, reset),
        cmocka_unit_test_setup(a_question_body_is_checked_before_the_survey_is_locked, reset),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
