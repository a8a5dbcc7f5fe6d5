/* answer_validate: every question type, a good answer and each kind of bad
 * one, with the fault named as the client would see it. */
/* LINK: responses/answer_validate.c surveys/survey_model.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "responses/answer_validate.h"

#define QL5  "00000000-0000-4000-8000-000000000001"
#define QL7  "00000000-0000-4000-8000-000000000002"
#define QNPS "00000000-0000-4000-8000-000000000003"
#define QSC  "00000000-0000-4000-8000-000000000004"
#define QMC  "00000000-0000-4000-8000-000000000005"
#define QRK  "00000000-0000-4000-8000-000000000006"
#define QOT  "00000000-0000-4000-8000-000000000007"
#define QVS  "00000000-0000-4000-8000-000000000008"
#define V1   "10000000-0000-4000-8000-000000000001"
#define V2   "10000000-0000-4000-8000-000000000002"
#define V3   "10000000-0000-4000-8000-000000000003"
#define NQ   8

static question qs[NQ];
static const char *const values[] = {V1, V2, V3};

static void set_q(question *q, const char *id, const char *code, const char *type, int required,
                  const char *options)
{
    memset(q, 0, sizeof(*q));
    strcpy(q->id, id);
    strcpy(q->code, code);
    strcpy(q->type, type);
    q->required = required;
    q->options = json_loads(options, 0, NULL);
}

static int setup(void **state)
{
    (void)state;
    set_q(&qs[0], QL5, "l5", "likert5", 1, "{}");
    set_q(&qs[1], QL7, "l7", "likert7", 1, "{}");
    set_q(&qs[2], QNPS, "nps", "nps", 1, "{}");
    set_q(&qs[3], QSC, "sc", "single_choice", 1,
          "{\"choices\":[{\"value\":\"web\",\"label\":\"Web\"},{\"value\":\"desk\",\"label\":\"D\"}"
          "]}");
    set_q(&qs[4], QMC, "mc", "multiple_choice", 1,
          "{\"choices\":[{\"value\":\"a\",\"label\":\"A\"},{\"value\":\"b\",\"label\":\"B\"},"
          "{\"value\":\"c\",\"label\":\"C\"}],\"maxChoices\":2}");
    set_q(&qs[5], QRK, "rk", "ranking", 1,
          "{\"choices\":[{\"value\":\"x\",\"label\":\"X\"},{\"value\":\"y\",\"label\":\"Y\"},"
          "{\"value\":\"z\",\"label\":\"Z\"}]}");
    set_q(&qs[6], QOT, "ot", "open_text", 0, "{\"maxLength\":10}");
    set_q(&qs[7], QVS, "vs", "value_selection", 1, "{\"pick\":2}");
    return 0;
}

static int teardown(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < NQ; i++)
        question_clear(&qs[i]);
    return 0;
}

/* A complete, valid set of answers with answer `replace_q` swapped for
 * `replacement` (JSON text, or NULL to leave that question out). */
static json_t *answers_with(const char *replace_q, const char *replacement)
{
    static const char *const good[NQ][2] = {
        {QL5, "{\"questionId\":\"" QL5 "\",\"value\":5}"},
        {QL7, "{\"questionId\":\"" QL7 "\",\"value\":7}"},
        {QNPS, "{\"questionId\":\"" QNPS "\",\"value\":0}"},
        {QSC, "{\"questionId\":\"" QSC "\",\"choice\":\"web\"}"},
        {QMC, "{\"questionId\":\"" QMC "\",\"choices\":[\"a\",\"c\"]}"},
        {QRK, "{\"questionId\":\"" QRK "\",\"ranking\":[\"z\",\"x\",\"y\"]}"},
        {QOT, "{\"questionId\":\"" QOT "\",\"text\":\"héél goed\"}"},
        {QVS, "{\"questionId\":\"" QVS "\",\"valueIds\":[\"" V1 "\",\"" V3 "\"]}"},
    };
    json_t *arr = json_array();
    size_t i;

    for (i = 0; i < NQ; i++) {
        const char *text = good[i][1];
        if (replace_q != NULL && strcmp(good[i][0], replace_q) == 0) {
            if (replacement == NULL)
                continue;
            text = replacement;
        }
        json_array_append_new(arr, json_loads(text, 0, NULL));
    }
    return arr;
}

/* Validates and returns the status; *names gets the invalidParams names
 * joined by spaces. */
static kc_status run(json_t *answers, char *names, size_t n)
{
    kc_problem pb;
    kc_status st;
    size_t i;
    json_t *p;

    kc_problem_init(&pb);
    st = answer_validate(qs, NQ, values, 3, answers, &pb);
    names[0] = '\0';
    json_array_foreach(pb.invalid_params, i, p)
    {
        strncat(names, json_string_value(json_object_get(p, "name")), n - strlen(names) - 2);
        strcat(names, " ");
    }
    kc_problem_clear(&pb);
    json_decref(answers);
    return st;
}

static void expect_fault(const char *q, const char *answer, const char *name)
{
    char names[1024];

    assert_int_equal(run(answers_with(q, answer), names, sizeof(names)), KC_INVALID);
    assert_non_null(strstr(names, name));
}

static void test_all_good(void **state)
{
    char names[1024];

    (void)state;
    assert_int_equal(run(answers_with(NULL, NULL), names, sizeof(names)), KC_OK);
    assert_string_equal(names, "");
}

static void test_optional_may_be_left_out(void **state)
{
    char names[1024];

    (void)state;
    assert_int_equal(run(answers_with(QOT, NULL), names, sizeof(names)), KC_OK);
}

static void test_required_missing_named_by_question_id(void **state)
{
    (void)state;
    expect_fault(QNPS, NULL, "answers[questionId=" QNPS "]");
}

static void test_likert5(void **state)
{
    (void)state;
    expect_fault(QL5, "{\"questionId\":\"" QL5 "\",\"value\":6}", "answers[0].value");
    expect_fault(QL5, "{\"questionId\":\"" QL5 "\",\"value\":0}", "answers[0].value");
    expect_fault(QL5, "{\"questionId\":\"" QL5 "\",\"value\":\"3\"}", "answers[0].value");
    expect_fault(QL5, "{\"questionId\":\"" QL5 "\",\"value\":2.5}", "answers[0].value");
    expect_fault(QL5, "{\"questionId\":\"" QL5 "\"}", "answers[0].value");
    expect_fault(QL5, "{\"questionId\":\"" QL5 "\",\"value\":3,\"choice\":\"a\"}",
                 "answers[0].choice");
}

static void test_likert7(void **state)
{
    char names[1024];

    (void)state;
    assert_int_equal(
        run(answers_with(QL7, "{\"questionId\":\"" QL7 "\",\"value\":1}"), names, sizeof(names)),
        KC_OK);
    expect_fault(QL7, "{\"questionId\":\"" QL7 "\",\"value\":8}", "answers[1].value");
    expect_fault(QL7, "{\"questionId\":\"" QL7 "\",\"text\":\"7\"}", "answers[1].text");
}

static void test_nps(void **state)
{
    char names[1024];

    (void)state;
    assert_int_equal(
        run(answers_with(QNPS, "{\"questionId\":\"" QNPS "\",\"value\":10}"), names, sizeof(names)),
        KC_OK);
    expect_fault(QNPS, "{\"questionId\":\"" QNPS "\",\"value\":11}", "answers[2].value");
    expect_fault(QNPS, "{\"questionId\":\"" QNPS "\",\"value\":-1}", "answers[2].value");
}

static void test_single_choice(void **state)
{
    (void)state;
    expect_fault(QSC, "{\"questionId\":\"" QSC "\",\"choice\":\"fax\"}", "answers[3].choice");
    expect_fault(QSC, "{\"questionId\":\"" QSC "\",\"choice\":1}", "answers[3].choice");
    expect_fault(QSC, "{\"questionId\":\"" QSC "\",\"choices\":[\"web\"]}", "answers[3].choices");
}

static void test_multiple_choice(void **state)
{
    (void)state;
    expect_fault(QMC, "{\"questionId\":\"" QMC "\",\"choices\":[\"a\",\"b\",\"c\"]}",
                 "answers[4].choices"); /* more than maxChoices */
    expect_fault(QMC, "{\"questionId\":\"" QMC "\",\"choices\":[]}", "answers[4].choices");
    expect_fault(QMC, "{\"questionId\":\"" QMC "\",\"choices\":[\"a\",\"a\"]}",
                 "answers[4].choices");
    expect_fault(QMC, "{\"questionId\":\"" QMC "\",\"choices\":[\"q\"]}", "answers[4].choices");
    expect_fault(QMC, "{\"questionId\":\"" QMC "\",\"choices\":\"a\"}", "answers[4].choices");
}

static void test_ranking(void **state)
{
    (void)state;
    expect_fault(QRK, "{\"questionId\":\"" QRK "\",\"ranking\":[\"x\",\"y\"]}",
                 "answers[5].ranking"); /* not every choice */
    expect_fault(QRK, "{\"questionId\":\"" QRK "\",\"ranking\":[\"x\",\"x\",\"y\"]}",
                 "answers[5].ranking");
    expect_fault(QRK, "{\"questionId\":\"" QRK "\",\"ranking\":[\"x\",\"y\",\"w\"]}",
                 "answers[5].ranking");
}

static void test_open_text(void **state)
{
    char names[1024];

    (void)state;
    /* ten characters (not bytes) fit */
    assert_int_equal(run(answers_with(QOT, "{\"questionId\":\"" QOT "\",\"text\":\"ééééééééé\"}"),
                         names, sizeof(names)),
                     KC_OK);
    expect_fault(QOT, "{\"questionId\":\"" QOT "\",\"text\":\"12345678901\"}", "answers[6].text");
    expect_fault(QOT, "{\"questionId\":\"" QOT "\",\"text\":\"\"}", "answers[6].text");
    expect_fault(QOT, "{\"questionId\":\"" QOT "\",\"text\":5}", "answers[6].text");
}

static void test_value_selection(void **state)
{
    (void)state;
    expect_fault(QVS, "{\"questionId\":\"" QVS "\",\"valueIds\":[\"" V1 "\"]}",
                 "answers[7].valueIds"); /* not exactly pick */
    expect_fault(QVS, "{\"questionId\":\"" QVS "\",\"valueIds\":[\"" V1 "\",\"" V1 "\"]}",
                 "answers[7].valueIds");
    expect_fault(QVS,
                 "{\"questionId\":\"" QVS "\",\"valueIds\":[\"" V1
                 "\",\"20000000-0000-4000-8000-000000000009\"]}",
                 "answers[7].valueIds"); /* not a core value of the tenant */
    expect_fault(QVS, "{\"questionId\":\"" QVS "\",\"valueIds\":[\"" V1 "\",\"nope\"]}",
                 "answers[7].valueIds");
}

static void test_unknown_and_repeated_questions(void **state)
{
    char names[1024];
    json_t *a;

    (void)state;
    a = answers_with(NULL, NULL);
    json_array_append_new(
        a, json_loads("{\"questionId\":\"90000000-0000-4000-8000-000000000000\",\"value\":1}", 0,
                      NULL));
    json_array_append_new(a, json_loads("{\"questionId\":\"" QL5 "\",\"value\":1}", 0, NULL));
    json_array_append_new(a, json_loads("{\"value\":1}", 0, NULL));
    assert_int_equal(run(a, names, sizeof(names)), KC_INVALID);
    assert_non_null(strstr(names, "answers[8].questionId"));
    assert_non_null(strstr(names, "answers[9].questionId"));
    assert_non_null(strstr(names, "answers[10].questionId"));
}

static void test_every_fault_is_named(void **state)
{
    char names[1024];
    json_t *a;

    (void)state;
    a = json_loads("[{\"questionId\":\"" QL5 "\",\"value\":9},"
                   "{\"questionId\":\"" QSC "\",\"choice\":\"zz\"}]",
                   0, NULL);
    assert_int_equal(run(a, names, sizeof(names)), KC_INVALID);
    assert_non_null(strstr(names, "answers[0].value"));
    assert_non_null(strstr(names, "answers[1].choice"));
    /* and the required ones not answered */
    assert_non_null(strstr(names, "answers[questionId=" QL7 "]"));
    assert_non_null(strstr(names, "answers[questionId=" QVS "]"));
    assert_null(strstr(names, "answers[questionId=" QOT "]"));
}

static void test_not_an_array(void **state)
{
    char names[1024];

    (void)state;
    assert_int_equal(run(json_object(), names, sizeof(names)), KC_INVALID);
    assert_string_equal(names, "answers ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_good),
        cmocka_unit_test(test_optional_may_be_left_out),
        cmocka_unit_test(test_required_missing_named_by_question_id),
        cmocka_unit_test(test_likert5),
        cmocka_unit_test(test_likert7),
        cmocka_unit_test(test_nps),
        cmocka_unit_test(test_single_choice),
        cmocka_unit_test(test_multiple_choice),
        cmocka_unit_test(test_ranking),
        cmocka_unit_test(test_open_text),
        cmocka_unit_test(test_value_selection),
        cmocka_unit_test(test_unknown_and_repeated_questions),
        cmocka_unit_test(test_every_fault_is_named),
        cmocka_unit_test(test_not_an_array),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
