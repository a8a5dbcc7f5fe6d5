/* question_spec: the options each question type accepts, defaults filled
 * in, and every fault named. */
/* LINK: surveys/question_spec.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "surveys/question_spec.h"

/* Checks body (JSON text); *names gets the fault names joined by spaces;
 * *opts (caller's) the normalised options. */
static kc_status check(const char *body, char *names, size_t n, json_t **opts)
{
    json_t *b = json_loads(body, 0, NULL), *p;
    kc_problem pb;
    kc_status st;
    size_t i;

    assert_non_null(b);
    kc_problem_init(&pb);
    st = question_spec_check(b, opts, &pb);
    names[0] = '\0';
    json_array_foreach(pb.invalid_params, i, p)
    {
        strncat(names, json_string_value(json_object_get(p, "name")), n - strlen(names) - 2);
        strcat(names, " ");
    }
    kc_problem_clear(&pb);
    json_decref(b);
    return st;
}

static void test_defaults(void **state)
{
    char names[512];
    json_t *o = NULL;

    (void)state;
    assert_int_equal(check("{\"text\":\"t\",\"type\":\"open_text\"}", names, sizeof(names), &o),
                     KC_OK);
    assert_int_equal(json_integer_value(json_object_get(o, "maxLength")), 1000);
    json_decref(o);
    assert_int_equal(
        check("{\"text\":\"t\",\"type\":\"multiple_choice\",\"options\":{\"choices\":"
              "[{\"value\":\"a\",\"label\":\"A\"},{\"value\":\"b\",\"label\":\"B\"}]}}",
              names, sizeof(names), &o),
        KC_OK);
    assert_int_equal(json_integer_value(json_object_get(o, "maxChoices")), 2);
    json_decref(o);
    assert_int_equal(check("{\"text\":\"t\",\"type\":\"nps\"}", names, sizeof(names), &o), KC_OK);
    assert_int_equal(json_object_size(o), 0);
    json_decref(o);
}

static void test_faults(void **state)
{
    char names[512];
    json_t *o = NULL;

    (void)state;
    assert_int_equal(check("{\"text\":\"t\",\"type\":\"likert5\",\"options\":{\"labels\":[\"a\"]}}",
                           names, sizeof(names), &o),
                     KC_INVALID);
    assert_non_null(strstr(names, "options.labels"));
    assert_int_equal(
        check("{\"text\":\"t\",\"type\":\"single_choice\",\"options\":{\"choices\":"
              "[{\"value\":\"a\",\"label\":\"A\"},{\"value\":\"a\",\"label\":\"B\"}]}}",
              names, sizeof(names), &o),
        KC_INVALID);
    assert_non_null(strstr(names, "options.choices[1].value"));
    assert_int_equal(check("{\"text\":\"t\",\"type\":\"ranking\"}", names, sizeof(names), &o),
                     KC_INVALID);
    assert_non_null(strstr(names, "options.choices"));
    assert_int_equal(
        check("{\"text\":\"t\",\"type\":\"value_selection\",\"options\":{\"pick\":11}}", names,
              sizeof(names), &o),
        KC_INVALID);
    assert_non_null(strstr(names, "options.pick"));
    assert_int_equal(check("{\"text\":\"t\",\"type\":\"nps\",\"code\":\"Bad Code\",\"options\":{"
                           "\"maxLength\":3}}",
                           names, sizeof(names), &o),
                     KC_INVALID);
    assert_non_null(strstr(names, "code"));
    assert_non_null(strstr(names, "options.maxLength"));
    assert_int_equal(check("{\"text\":\"t\",\"type\":\"essay\"}", names, sizeof(names), &o),
                     KC_INVALID);
    assert_non_null(strstr(names, "type"));
    assert_null(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
