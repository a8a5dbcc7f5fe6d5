/* The survey handlers as a client sees them (status, headers, body, the
 * problem document), called through a request context without a server.
 * The survey service below them is faked: each fake records what the
 * handler passed on and answers what the test set up. */
/* LINK: surveys/survey_http.c surveys_http.c surveys/survey_model.c */
/* WRAP: survey_service_get survey_service_update survey_service_delete */
/* WRAP: survey_service_add_question */
/* WRAP: survey_service_list survey_service_create survey_service_add_section */
/* WRAP: survey_service_update_question survey_service_delete_question */
/* WRAP: survey_service_open survey_service_close survey_service_new_wave */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers_test.h"
#include "surveys/survey_service.h"
#include "surveys_http.h"

#define TENANT    "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define SURVEY_ID "0b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a80"
#define QUESTION  "5d7c2b1a-3e4f-4a6b-9c8d-7e6f5a4b3c2d"
#define BASE      "/surveys/v1/surveys"

/* What the fake service saw and what it answers. */
static struct {
    int calls;
    char id[64];
    char tenant[37];
    long long if_match;
    kc_status answer; /* KC_OK: a survey (or question); else this problem */
    int version;
} svc;

static surveys_app app; /* the handlers reach the pool through ctx->app */

static int reset(void **state)
{
    (void)state;
    memset(&svc, 0, sizeof(svc));
    svc.answer = KC_OK;
    svc.version = 3;
    svc.if_match = -2;
    return 0;
}

/* Records the call; answers the set-up problem (KC_OK: none). */
static kc_status fake_call(const kc_principal *p, const char *id, kc_problem *pb)
{
    svc.calls++;
    snprintf(svc.id, sizeof(svc.id), "%s", id ? id : "");
    snprintf(svc.tenant, sizeof(svc.tenant), "%s", p->tenant_id);
    if (svc.answer == KC_NOT_FOUND)
        return kc_problem_set(pb, KC_NOT_FOUND, "survey %s not found", id);
    if (svc.answer == KC_PRECONDITION_FAILED)
        return kc_problem_set(pb, KC_PRECONDITION_FAILED, "survey %s is at version %d", id,
                              svc.version);
    if (svc.answer == KC_CONFLICT) {
        kc_problem_set_extra(pb, "surveyStatus", json_string("open"));
        return kc_problem_set(pb, KC_CONFLICT, "questions cannot change once the survey is open");
    }
    if (svc.answer == KC_INVALID) {
        kc_problem_add_field(pb, "options.choices", "must have from 2 to 50 choices");
        kc_problem_add_field(pb, "text", "must not be empty");
        return kc_problem_set(pb, KC_INVALID, "the question is not valid");
    }
    return svc.answer;
}

static void fake_survey(survey *out)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->id, sizeof(out->id), "%s", SURVEY_ID);
    snprintf(out->title, sizeof(out->title), "Medewerkersmonitor");
    snprintf(out->kind, sizeof(out->kind), "climate_monitor");
    snprintf(out->status, sizeof(out->status), "draft");
    snprintf(out->series_id, sizeof(out->series_id), "%s", SURVEY_ID);
    out->audiences = json_pack("[s]", "employees");
    out->wave = 1;
    out->version = svc.version;
}

KT_FAKE(survey_service_get);
kc_status __wrap_survey_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                    survey *out, kc_problem *pb)
{
    kc_status st = fake_call(p, id, pb);

    (void)pool;
    memset(out, 0, sizeof(*out));
    if (st == KC_OK)
        fake_survey(out);
    return st;
}

KT_FAKE(survey_service_update);
kc_status __wrap_survey_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                       const json_t *body, long long if_match, survey *out,
                                       kc_problem *pb)
{
    kc_status st = fake_call(p, id, pb);

    (void)pool;
    svc.if_match = if_match;
    memset(out, 0, sizeof(*out));
    if (st == KC_OK) {
        fake_survey(out);
        snprintf(out->title, sizeof(out->title), "%s",
                 json_string_value(json_object_get(body, "title")));
    }
    return st;
}

KT_FAKE(survey_service_delete);
kc_status __wrap_survey_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                       kc_problem *pb)
{
    (void)pool;
    return fake_call(p, id, pb);
}

KT_FAKE(survey_service_add_question);
kc_status __wrap_survey_service_add_question(kc_db_pool *pool, const kc_principal *p,
                                             const char *id, const json_t *body, question *out,
                                             kc_problem *pb)
{
    kc_status st = fake_call(p, id, pb);

    (void)pool;
    memset(out, 0, sizeof(*out));
    if (st == KC_OK) {
        snprintf(out->id, sizeof(out->id), "%s", QUESTION);
        snprintf(out->code, sizeof(out->code), "q1");
        snprintf(out->type, sizeof(out->type), "%s",
                 json_string_value(json_object_get(body, "type")));
        out->text = strdup(json_string_value(json_object_get(body, "text")));
        out->options = json_object();
        out->required = 1;
    }
    return st;
}

KT_UNREACHED(survey_service_list)
KT_UNREACHED(survey_service_create)
KT_UNREACHED(survey_service_add_section)
KT_UNREACHED(survey_service_update_question)
KT_UNREACHED(survey_service_delete_question)
KT_UNREACHED(survey_service_open)
KT_UNREACHED(survey_service_close)
KT_UNREACHED(survey_service_new_wave)

/* A survey manager's request to route_path, for survey SURVEY_ID. */
static void request(kt_request *t, const char *method, const char *route_path, const char *url)
{
    kt_request_init(t, method, route_path, url);
    t->ctx.app = &app;
    kt_request_staff(t, TENANT, "manager-1", "survey_manager");
    kt_request_param(t, "id", SURVEY_ID);
}

static const char *member(const json_t *doc, const char *name)
{
    return json_string_value(json_object_get(doc, name));
}

static void get_answers_the_survey_with_its_etag(void **state)
{
    kt_request t;
    (void)state;

    request(&t, "GET", BASE "/:id", BASE "/" SURVEY_ID);
    assert_int_equal(kt_request_run(&t, survey_http_get), KC_OK);
    assert_int_equal(kt_status(&t), 200);
    assert_string_equal(kt_header(&t, "ETag"), "\"3\"");
    assert_string_equal(kt_header(&t, "Content-Type"), "application/json");
    assert_null(kt_header(&t, "Location"));
    assert_string_equal(member(t.body, "id"), SURVEY_ID);
    assert_string_equal(member(t.body, "title"), "Medewerkersmonitor");
    assert_string_equal(member(t.body, "status"), "draft");
    /* the service got the path's id and the caller's tenant */
    assert_int_equal(svc.calls, 1);
    assert_string_equal(svc.id, SURVEY_ID);
    assert_string_equal(svc.tenant, TENANT);
    kt_request_clear(&t);
}

static void get_of_an_unknown_survey_is_a_404_problem(void **state)
{
    kt_request t;
    (void)state;

    svc.answer = KC_NOT_FOUND;
    request(&t, "GET", BASE "/:id", BASE "/" SURVEY_ID);
    assert_int_equal(kt_request_run(&t, survey_http_get), KC_NOT_FOUND);
    assert_int_equal(kt_status(&t), 404);
    assert_string_equal(kt_header(&t, "Content-Type"), "application/problem+json");
    assert_null(kt_header(&t, "ETag"));
    assert_int_equal(json_integer_value(json_object_get(t.body, "status")), 404);
    assert_string_equal(member(t.body, "title"), "Not Found");
    assert_string_equal(member(t.body, "detail"), "survey " SURVEY_ID " not found");
    assert_string_equal(member(t.body, "instance"), BASE "/" SURVEY_ID);
    kt_request_clear(&t);
}

static void patch_passes_if_match_on_and_answers_the_new_version(void **state)
{
    kt_request t;
    (void)state;

    svc.version = 4;
    request(&t, "PATCH", BASE "/:id", BASE "/" SURVEY_ID);
    kt_request_header(&t, "If-Match", "\"3\"");
    kt_request_json(&t, "{\"title\": \"Monitor 2027\"}");
    assert_int_equal(kt_request_run(&t, survey_http_update), KC_OK);
    assert_int_equal(svc.if_match, 3);
    assert_int_equal(kt_status(&t), 200);
    assert_string_equal(kt_header(&t, "ETag"), "\"4\"");
    assert_string_equal(member(t.body, "title"), "Monitor 2027");
    kt_request_clear(&t);
}

static void patch_without_if_match_passes_none(void **state)
{
    kt_request t;
    (void)state;

    request(&t, "PATCH", BASE "/:id", BASE "/" SURVEY_ID);
    kt_request_json(&t, "{\"closesAt\": null}");
    assert_int_equal(kt_request_run(&t, survey_http_update), KC_OK);
    assert_int_equal(svc.if_match, -1);
    kt_request_clear(&t);
}

static void patch_of_a_stale_version_is_a_412_problem(void **state)
{
    kt_request t;
    (void)state;

    svc.answer = KC_PRECONDITION_FAILED;
    request(&t, "PATCH", BASE "/:id", BASE "/" SURVEY_ID);
    kt_request_header(&t, "If-Match", "\"2\"");
    kt_request_json(&t, "{\"title\": \"Monitor 2027\"}");
    assert_int_equal(kt_request_run(&t, survey_http_update), KC_PRECONDITION_FAILED);
    assert_int_equal(kt_status(&t), 412);
    assert_string_equal(kt_header(&t, "Content-Type"), "application/problem+json");
    assert_int_equal(json_integer_value(json_object_get(t.body, "status")), 412);
    assert_null(kt_header(&t, "ETag"));
    kt_request_clear(&t);
}

static void patch_with_a_malformed_if_match_never_reaches_the_service(void **state)
{
    kt_request t;
    (void)state;

    request(&t, "PATCH", BASE "/:id", BASE "/" SURVEY_ID);
    kt_request_header(&t, "If-Match", "version 3");
    kt_request_json(&t, "{\"title\": \"Monitor 2027\"}");
    assert_int_equal(kt_request_run(&t, survey_http_update), KC_BAD_REQUEST);
    assert_int_equal(kt_status(&t), 400);
    assert_true(kt_invalid_param(json_object_get(t.body, "invalidParams"), "If-Match"));
    assert_int_equal(svc.calls, 0);
    kt_request_clear(&t);
}

static void patch_that_is_not_json_is_a_415_problem(void **state)
{
    kt_request t;
    (void)state;

    request(&t, "PATCH", BASE "/:id", BASE "/" SURVEY_ID);
    kt_request_header(&t, "Content-Type", "text/plain");
    assert_int_equal(kt_request_run(&t, survey_http_update), KC_UNSUPPORTED_MEDIA);
    assert_int_equal(kt_status(&t), 415);
    assert_int_equal(svc.calls, 0);
    kt_request_clear(&t);
}

static void delete_answers_204_without_body(void **state)
{
    kt_request t;
    (void)state;

    request(&t, "DELETE", BASE "/:id", BASE "/" SURVEY_ID);
    assert_int_equal(kt_request_run(&t, survey_http_delete), KC_OK);
    assert_int_equal(kt_status(&t), 204);
    assert_null(t.body);
    assert_string_equal(svc.id, SURVEY_ID);
    kt_request_clear(&t);
}

static void added_question_answers_201_with_its_location(void **state)
{
    kt_request t;
    (void)state;

    request(&t, "POST", BASE "/:id/questions", BASE "/" SURVEY_ID "/questions");
    kt_request_json(&t, "{\"text\": \"Hoe tevreden bent u?\", \"type\": \"likert5\"}");
    assert_int_equal(kt_request_run(&t, survey_http_add_question), KC_OK);
    assert_int_equal(kt_status(&t), 201);
    assert_string_equal(kt_header(&t, "Location"), BASE "/" SURVEY_ID "/questions/" QUESTION);
    assert_null(kt_header(&t, "ETag"));
    assert_string_equal(member(t.body, "id"), QUESTION);
    assert_string_equal(member(t.body, "type"), "likert5");
    kt_request_clear(&t);
}

static void added_question_to_an_open_survey_is_a_409_problem(void **state)
{
    kt_request t;
    (void)state;

    svc.answer = KC_CONFLICT;
    request(&t, "POST", BASE "/:id/questions", BASE "/" SURVEY_ID "/questions");
    kt_request_json(&t, "{\"text\": \"Hoe tevreden bent u?\", \"type\": \"likert5\"}");
    assert_int_equal(kt_request_run(&t, survey_http_add_question), KC_CONFLICT);
    assert_int_equal(kt_status(&t), 409);
    assert_null(kt_header(&t, "Location"));
    assert_string_equal(member(t.body, "detail"),
                        "questions cannot change once the survey is open");
    assert_string_equal(member(t.body, "surveyStatus"), "open");
    kt_request_clear(&t);
}

static void invalid_question_names_its_fields(void **state)
{
    kt_request t;
    const json_t *fields;
    (void)state;

    svc.answer = KC_INVALID;
    request(&t, "POST", BASE "/:id/questions", BASE "/" SURVEY_ID "/questions");
    kt_request_json(&t, "{\"text\": \"\", \"type\": \"single_choice\"}");
    assert_int_equal(kt_request_run(&t, survey_http_add_question), KC_INVALID);
    assert_int_equal(kt_status(&t), 422);
    fields = json_object_get(t.body, "invalidParams");
    assert_int_equal(json_array_size(fields), 2);
    assert_true(kt_invalid_param(fields, "options.choices"));
    assert_true(kt_invalid_param(fields, "text"));
    kt_request_clear(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(get_answers_the_survey_with_its_etag, reset),
        cmocka_unit_test_setup(get_of_an_unknown_survey_is_a_404_problem, reset),
        cmocka_unit_test_setup(patch_passes_if_match_on_and_answers_the_new_version, reset),
        cmocka_unit_test_setup(patch_without_if_match_passes_none, reset),
        cmocka_unit_test_setup(patch_of_a_stale_version_is_a_412_problem, reset),
        cmocka_unit_test_setup(patch_with_a_malformed_if_match_never_reaches_the_service, reset),
        cmocka_unit_test_setup(patch_that_is_not_json_is_a_415_problem, reset),
        cmocka_unit_test_setup(delete_answers_204_without_body, reset),
        cmocka_unit_test_setup(added_question_answers_201_with_its_location, reset),
        cmocka_unit_test_setup(added_question_to_an_open_survey_is_a_409_problem, reset),
        cmocka_unit_test_setup(invalid_question_names_its_fields, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
