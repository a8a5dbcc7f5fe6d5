/* libFuzzer target: what a client sends to surveys, through the code that
 * takes the bytes:
 *  - "responses": POST /surveys/v1/surveys/{id}/responses (the anonymous
 *    citizen's answers: kc_read_json_body, the operation's field table,
 *    answer_validate against a survey with a question of every type and
 *    the tenant's core values), to the response's insert;
 *  - "question": a question definition as staff send it
 *    (question_spec_check: the options of every type).
 * Faked, and nothing more: the pool (koers_test.h's fake), the survey and
 * core values the repository would read, and the insert (which succeeds).
 *
 * Input: the first line picks the mode, the rest is the JSON body.
 * What must hold: no 500; a refused response is a 400/415/422 problem; an
 * accepted one reached the insert with the answers as sent. */
/* SERVICE: surveys */
/* LINK: * */
/* WRAP: kc_db_acquire kc_db_release survey_repo_get survey_repo_core_value_ids */
/* WRAP: response_repo_insert */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers/db.h"
#include "koers_test.h"
#include "responses/response_repo.h"
#include "surveys.h"
#include "surveys/question_spec.h"
#include "surveys/survey_repo.h"
#include "surveys_http.h"

#define TENANT    "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define SURVEY_ID "0b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a80"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One question of every type, as staff define them. */
static const char *const question_bodies[] = {
    "{\"text\": \"Vertrouwen\", \"type\": \"likert5\", \"required\": true}",
    "{\"text\": \"Tevredenheid\", \"type\": \"likert7\"}",
    "{\"text\": \"Aanbevelen\", \"type\": \"nps\"}",
    "{\"text\": \"Kanaal\", \"type\": \"single_choice\", \"options\": {\"choices\":"
    " [{\"value\": \"web\", \"label\": \"Web\"}, {\"value\": \"balie\", \"label\": \"Balie\"}]}}",
    "{\"text\": \"Wat\", \"type\": \"multiple_choice\", \"options\": {\"maxChoices\": 2, \"choices\":"
    " [{\"value\": \"a\", \"label\": \"A\"}, {\"value\": \"b\", \"label\": \"B\"},"
    " {\"value\": \"c\", \"label\": \"C\"}]}}",
    "{\"text\": \"Volgorde\", \"type\": \"ranking\", \"options\": {\"choices\":"
    " [{\"value\": \"x\", \"label\": \"X\"}, {\"value\": \"y\", \"label\": \"Y\"}]}}",
    "{\"text\": \"Toelichting\", \"type\": \"open_text\", \"options\": {\"maxLength\": 200}}",
    "{\"text\": \"Waarden\", \"type\": \"value_selection\", \"options\": {\"pick\": 2}}",
};
#define NQ (sizeof(question_bodies) / sizeof(question_bodies[0]))
static const char *const question_ids[NQ] = {
    "10000000-0000-4000-8000-000000000001", "10000000-0000-4000-8000-000000000002",
    "10000000-0000-4000-8000-000000000003", "10000000-0000-4000-8000-000000000004",
    "10000000-0000-4000-8000-000000000005", "10000000-0000-4000-8000-000000000006",
    "10000000-0000-4000-8000-000000000007", "10000000-0000-4000-8000-000000000008",
};
static const char *const value_ids[] = {"20000000-0000-4000-8000-000000000001",
                                        "20000000-0000-4000-8000-000000000002",
                                        "20000000-0000-4000-8000-000000000003"};
static json_t *options[NQ];
static int inserted;

KT_FAKE(survey_repo_get);
kc_status __wrap_survey_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 int with_content, survey *out, kc_problem *pb)
{
    json_t *q;
    size_t i;

    (void)conn;
    (void)tenant_id;
    (void)with_content;
    memset(out, 0, sizeof(*out));
    if (strcmp(id, SURVEY_ID) != 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "survey not found");
    strcpy(out->id, SURVEY_ID);
    strcpy(out->title, "Burgerpeiling");
    strcpy(out->kind, "citizen");
    strcpy(out->status, "open");
    out->audiences = json_pack("[s]", "citizens");
    out->questions = calloc(NQ, sizeof(question));
    if (out->audiences == NULL || out->questions == NULL)
        abort();
    out->nquestions = NQ;
    for (i = 0; i < NQ; i++) {
        q = json_loads(question_bodies[i], 0, NULL);
        strcpy(out->questions[i].id, question_ids[i]);
        out->questions[i].position = (int)i + 1;
        snprintf(out->questions[i].code, sizeof(out->questions[i].code), "q%zu", i);
        snprintf(out->questions[i].type, sizeof(out->questions[i].type), "%s",
                 json_string_value(json_object_get(q, "type")));
        out->questions[i].required = json_is_true(json_object_get(q, "required"));
        out->questions[i].text = strdup(json_string_value(json_object_get(q, "text")));
        out->questions[i].options = json_incref(options[i]);
        json_decref(q);
    }
    return KC_OK;
}

KT_FAKE(survey_repo_core_value_ids);
kc_status __wrap_survey_repo_core_value_ids(kc_db_conn *conn, const char *tenant_id, char ***ids,
                                            size_t *n, kc_problem *pb)
{
    size_t i, k = sizeof(value_ids) / sizeof(value_ids[0]);

    (void)conn;
    (void)tenant_id;
    (void)pb;
    *ids = calloc(k, sizeof(char *));
    if (*ids == NULL)
        abort();
    for (i = 0; i < k; i++)
        (*ids)[i] = strdup(value_ids[i]);
    *n = k;
    return KC_OK;
}

KT_FAKE(response_repo_insert);
kc_status __wrap_response_repo_insert(kc_db_conn *conn, const char *tenant_id,
                                      const char *survey_id, const char *audience,
                                      const char *answers_json, kc_problem *pb)
{
    json_t *a = json_loads(answers_json, 0, NULL);

    (void)conn;
    (void)tenant_id;
    (void)pb;
    if (a == NULL || !json_is_array(a) || strcmp(survey_id, SURVEY_ID) != 0 ||
        strcmp(audience, "citizens") != 0)
        abort();
    json_decref(a);
    inserted = 1;
    return KC_OK;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    kc_problem pb;
    json_t *q;
    size_t i;

    (void)argc;
    (void)argv;
    setenv("KOERS_LOG_LEVEL", "error", 1);
    for (i = 0; i < NQ; i++) {
        kc_problem_init(&pb);
        q = json_loads(question_bodies[i], 0, NULL);
        if (q == NULL || question_spec_check(q, &options[i], &pb) != KC_OK)
            abort();
        json_decref(q);
        kc_problem_clear(&pb);
    }
    return 0;
}

static void respond(const char *body, size_t len)
{
    surveys_app app = {0};
    kt_request t;
    kc_status st;
    int status;

    kt_request_init(&t, "POST", "/surveys/v1/surveys/:id/responses",
                    "/surveys/v1/surveys/" SURVEY_ID "/responses");
    t.ctx.app = &app;
    t.ctx.principal = kt_staff(TENANT, "anonymous", "citizen");
    kt_request_param(&t, "id", SURVEY_ID);
    kt_request_header(&t, "Content-Type", "application/json");
    t.req.binary_body = o_malloc(len + 1);
    memcpy(t.req.binary_body, body, len);
    t.req.binary_body_length = len;
    inserted = 0;
    st = kt_request_run(&t, response_http_submit_open);
    status = kt_status(&t);
    if (st == KC_OK ? !inserted || status >= 300
                    : inserted || (status != 400 && status != 415 && status != 422))
        abort();
    kt_request_clear(&t);
}

static void define_question(const char *body, size_t len)
{
    json_t *q = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL), *opts = NULL;
    kc_problem pb;
    kc_status st;

    if (q == NULL)
        return;
    kc_problem_init(&pb);
    st = question_spec_check(q, &opts, &pb);
    if (st == KC_OK ? !json_is_object(opts) : st != KC_INVALID || opts != NULL)
        abort();
    json_decref(opts);
    json_decref(q);
    kc_problem_clear(&pb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t n;

    kt_db_reset(); /* the pool's fake (koers_test.h) counts: afresh for each input */

    if (nl == NULL)
        return 0;
    n = (size_t)(nl - data);
    if (n == 9 && memcmp(data, "responses", 9) == 0)
        respond((const char *)nl + 1, size - n - 1);
    else if (n == 8 && memcmp(data, "question", 8) == 0)
        define_question((const char *)nl + 1, size - n - 1);
    return 0;
}
