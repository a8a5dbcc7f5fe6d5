/* kc_form_decode: application/x-www-form-urlencoded bodies (Open311). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "koers/http.h"

static json_t *decode_ok(const char *text)
{
    json_t *out = NULL;
    kc_problem pb;

    kc_problem_init(&pb);
    assert_int_equal(kc_form_decode(text, strlen(text), &out, &pb), KC_OK);
    assert_non_null(out);
    kc_problem_clear(&pb);
    return out;
}

/* Decoding fails with KC_BAD_REQUEST naming `field`. */
static void decode_bad(const char *text, const char *field)
{
    json_t *out = NULL;
    kc_problem pb;

    kc_problem_init(&pb);
    assert_int_equal(kc_form_decode(text, strlen(text), &out, &pb), KC_BAD_REQUEST);
    assert_null(out);
    assert_non_null(pb.invalid_params);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "name")), field);
    kc_problem_clear(&pb);
}

static void form_fields_and_escapes(void **state)
{
    json_t *f;
    (void)state;
    f = decode_ok("api_key=kk_abc&service_code=7d1c2f4e-1111-4a2b-9c3d-000000000001"
                  "&description=Losse+tegel%2C+gevaarlijk&first_name=Jos%C3%A9&lat=52.09&flag");
    assert_int_equal(json_object_size(f), 6);
    assert_string_equal(json_string_value(json_object_get(f, "api_key")), "kk_abc");
    assert_string_equal(json_string_value(json_object_get(f, "description")),
                        "Losse tegel, gevaarlijk");
    assert_string_equal(json_string_value(json_object_get(f, "first_name")), "Jos\xc3\xa9");
    assert_string_equal(json_string_value(json_object_get(f, "lat")), "52.09");
    assert_string_equal(json_string_value(json_object_get(f, "flag")), "");
    json_decref(f);
}

static void form_empty_and_empty_pairs(void **state)
{
    json_t *f;
    (void)state;
    f = decode_ok("");
    assert_int_equal(json_object_size(f), 0);
    json_decref(f);
    f = decode_ok("a=1&&b=%3D&");
    assert_int_equal(json_object_size(f), 2);
    assert_string_equal(json_string_value(json_object_get(f, "b")), "=");
    json_decref(f);
}

static void form_faults_are_named(void **state)
{
    (void)state;
    decode_bad("a=1&a=2", "a");
    decode_bad("a=%zz", "a");
    decode_bad("a=%4", "a");
    decode_bad("a=%00", "a");
    decode_bad("a=%C3%28", "a"); /* not UTF-8 */
    decode_bad("=1", "(form)");
    decode_bad("%=1", "(form)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(form_fields_and_escapes),
        cmocka_unit_test(form_empty_and_empty_pairs),
        cmocka_unit_test(form_faults_are_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
