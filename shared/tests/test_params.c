#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <string.h>
#include <cmocka.h>

#include "koers/params.h"

/* Values come out in the order they went in, $1 first, NULL for SQL NULL. */
static void in_order(void **state)
{
    kc_params p;
    const char *const *v;
    json_t *doc = json_pack("{s:i, s:[s]}", "a", 1, "b", "x");

    (void)state;
    kc_params_init(&p);
    kc_params_text(&p, "tenant");
    kc_params_int(&p, 42);
    kc_params_null(&p);
    kc_params_text(&p, NULL);
    kc_params_bool(&p, 1);
    kc_params_json(&p, doc);
    assert_int_equal(kc_params_check(&p, NULL), KC_OK);
    assert_int_equal(kc_params_count(&p), 6);
    v = kc_params_values(&p);
    assert_string_equal(v[0], "tenant");
    assert_string_equal(v[1], "42");
    assert_null(v[2]);
    assert_null(v[3]);
    assert_string_equal(v[4], "true");
    assert_string_equal(v[5], "{\"a\":1,\"b\":[\"x\"]}");
    json_decref(doc);
    kc_params_free(&p);
    assert_int_equal(kc_params_count(&p), 0);
}

/* Text is borrowed: the very pointer, not a copy. */
static void text_borrowed(void **state)
{
    static const char tenant[] = "3f2c";
    kc_params p;

    (void)state;
    kc_params_init(&p);
    kc_params_text(&p, tenant);
    assert_ptr_equal(kc_params_values(&p)[0], tenant);
    kc_params_free(&p);
}

/* Each number keeps its own text; the extremes fit. */
static void numbers(void **state)
{
    kc_params p;
    const char *const *v;

    (void)state;
    kc_params_init(&p);
    kc_params_int(&p, 0);
    kc_params_int(&p, -7);
    kc_params_int(&p, LLONG_MAX);
    kc_params_int(&p, LLONG_MIN);
    v = kc_params_values(&p);
    assert_string_equal(v[0], "0");
    assert_string_equal(v[1], "-7");
    assert_string_equal(v[2], "9223372036854775807");
    assert_string_equal(v[3], "-9223372036854775808");
    kc_params_free(&p);
}

/* A flag is true or false; a yes/no filter may also be not given (SQL
 * NULL). */
static void booleans(void **state)
{
    kc_params p;
    const char *const *v;

    (void)state;
    kc_params_init(&p);
    kc_params_bool(&p, 1);
    kc_params_bool(&p, 0);
    kc_params_bool(&p, -1);
    kc_params_bool_or_null(&p, 1);
    kc_params_bool_or_null(&p, 0);
    kc_params_bool_or_null(&p, -1);
    v = kc_params_values(&p);
    assert_string_equal(v[0], "true");
    assert_string_equal(v[1], "false");
    assert_string_equal(v[2], "true");
    assert_string_equal(v[3], "true");
    assert_string_equal(v[4], "false");
    assert_null(v[5]);
    kc_params_free(&p);
}

/* No JSON is SQL NULL; a JSON null is the text null; scalars are encoded. */
static void json_values(void **state)
{
    kc_params p;
    json_t *null = json_null(), *s = json_string("a\"b");
    const char *const *v;

    (void)state;
    kc_params_init(&p);
    kc_params_json(&p, NULL);
    kc_params_json(&p, null);
    kc_params_json(&p, s);
    assert_int_equal(kc_params_check(&p, NULL), KC_OK);
    v = kc_params_values(&p);
    assert_null(v[0]);
    assert_string_equal(v[1], "null");
    assert_string_equal(v[2], "\"a\\\"b\"");
    json_decref(null);
    json_decref(s);
    kc_params_free(&p);
}

/* Arrays: SQL NULL for no items, {} for none, every element quoted with
 * '"' and '\\' escaped (what PostgreSQL's array input reads back). */
static void text_arrays(void **state)
{
    kc_params p;
    const char *const one[1] = {"6f1c2a3e-0000-4000-8000-000000000001"};
    const char *const odd[3] = {"a\"b", "c\\d", ""};
    const char *const *v;

    (void)state;
    kc_params_init(&p);
    kc_params_text_array(&p, NULL, 3);
    kc_params_text_array(&p, one, 0);
    kc_params_text_array(&p, one, 1);
    kc_params_text_array(&p, odd, 3);
    assert_int_equal(kc_params_check(&p, NULL), KC_OK);
    v = kc_params_values(&p);
    assert_null(v[0]);
    assert_string_equal(v[1], "{}");
    assert_string_equal(v[2], "{\"6f1c2a3e-0000-4000-8000-000000000001\"}");
    assert_string_equal(v[3], "{\"a\\\"b\",\"c\\\\d\",\"\"}");
    kc_params_free(&p);
}

/* One value too many marks the list; the check refuses it with a problem,
 * and the values appended before stay in place. */
static void too_many(void **state)
{
    kc_params p;
    kc_problem pb;
    int i;

    (void)state;
    kc_problem_init(&pb);
    kc_params_init(&p);
    for (i = 0; i < KC_PARAMS_MAX; i++)
        kc_params_int(&p, i + 1);
    assert_int_equal(kc_params_check(&p, &pb), KC_OK);
    kc_params_json(&p, json_true()); /* json_true is a singleton */
    kc_params_text(&p, "x");
    assert_int_equal(kc_params_count(&p), KC_PARAMS_MAX);
    assert_string_equal(kc_params_values(&p)[KC_PARAMS_MAX - 1], "32");
    assert_int_equal(kc_params_check(&p, &pb), KC_INTERNAL);
    assert_int_equal(pb.status, KC_INTERNAL);
    assert_non_null(strstr(pb.detail, "parameters"));
    kc_params_free(&p);
    kc_problem_clear(&pb);
}

/* Freeing empties the list for reuse; freeing twice or NULL is harmless. */
static void free_and_reuse(void **state)
{
    kc_params p;
    json_t *doc = json_pack("[i]", 1);

    (void)state;
    kc_params_init(&p);
    kc_params_json(&p, doc);
    kc_params_free(&p);
    kc_params_free(&p);
    kc_params_free(NULL);
    kc_params_text(&p, "again");
    assert_int_equal(kc_params_count(&p), 1);
    assert_string_equal(kc_params_values(&p)[0], "again");
    kc_params_free(&p);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(in_order), cmocka_unit_test(text_borrowed),  cmocka_unit_test(numbers),
        cmocka_unit_test(booleans), cmocka_unit_test(json_values),    cmocka_unit_test(text_arrays),
        cmocka_unit_test(too_many), cmocka_unit_test(free_and_reuse),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
