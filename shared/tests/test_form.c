/* kc_form_decode and kc_multipart_decode: application/x-www-form-urlencoded
 * and multipart/form-data bodies (Open311). */
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

static void form_bracket_names_collect_their_values(void **state)
{
    json_t *f;
    (void)state;
    f = decode_ok("attribute[SOORT][]=glas&attribute[SOORT][]=papier&attribute[X]=1&%5B%5D=y");
    assert_int_equal(json_array_size(json_object_get(f, "attribute[SOORT][]")), 2);
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(f, "attribute[SOORT][]"), 1)), "papier");
    assert_string_equal(json_string_value(json_object_get(f, "attribute[X]")), "1");
    /* "[]" alone is a plain name */
    assert_string_equal(json_string_value(json_object_get(f, "[]")), "y");
    json_decref(f);
    decode_bad("attribute[X]=1&attribute[X]=2", "attribute[X]");
}

static json_t *multipart_ok(const char *ct, const char *body)
{
    json_t *out = NULL;
    kc_problem pb;

    kc_problem_init(&pb);
    assert_int_equal(kc_multipart_decode(ct, body, strlen(body), &out, &pb), KC_OK);
    assert_non_null(out);
    kc_problem_clear(&pb);
    return out;
}

static void multipart_bad(const char *ct, const char *body, size_t len)
{
    json_t *out = NULL;
    kc_problem pb;

    kc_problem_init(&pb);
    assert_int_equal(kc_multipart_decode(ct, body, len, &out, &pb), KC_BAD_REQUEST);
    assert_null(out);
    assert_non_null(pb.invalid_params);
    kc_problem_clear(&pb);
}

#define PART(b, name, value)                                                                       \
    "--" b "\r\nContent-Disposition: form-data; name=\"" name "\"\r\n\r\n" value "\r\n"

static void multipart_boundaries_quoted_unquoted_with_equals(void **state)
{
    static const struct {
        const char *ct, *boundary;
    } cases[] = {
        {"multipart/form-data; boundary=simple", "simple"},
        {"multipart/form-data;boundary=----=_Part_7_1234.5678", "----=_Part_7_1234.5678"},
        {"multipart/form-data; boundary=\"a=b c?d\"", "a=b c?d"},
        {"Multipart/Form-Data; charset=utf-8; BOUNDARY=xyz", "xyz"},
        {"multipart/form-data; boundary = \"q\"; charset=utf-8", "q"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *b = cases[i].boundary;
        char *body = NULL;
        json_t *f;
        assert_true(
            asprintf(&body,
                     "preamble ignored\r\n"
                     "--%s\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\n"
                     "abc\r\n"
                     "--%s\r\nContent-Disposition: form-data; name=description\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                     "two\r\nlines, Jos\xc3\xa9\r\n"
                     "--%s\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n"
                     "--%s\r\nContent-Disposition: form-data; name=\"media\"; "
                     "filename=\"foto.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                     "\xff\xd8\xff not text\r\n"
                     "--%s\r\nContent-Disposition: form-data; name=\"attribute[S][]\"\r\n\r\n"
                     "a\r\n"
                     "--%s\r\nContent-Disposition: form-data; name=\"attribute[S][]\"\r\n\r\n"
                     "b\r\n"
                     "--%s--\r\nepilogue ignored",
                     b, b, b, b, b, b, b) > 0);
        f = multipart_ok(cases[i].ct, body);
        assert_string_equal(json_string_value(json_object_get(f, "service_code")), "abc");
        assert_string_equal(json_string_value(json_object_get(f, "description")),
                            "two\r\nlines, Jos\xc3\xa9");
        assert_string_equal(json_string_value(json_object_get(f, "empty")), "");
        assert_null(json_object_get(f, "media")); /* a file is left out */
        assert_int_equal(json_array_size(json_object_get(f, "attribute[S][]")), 2);
        assert_int_equal(json_object_size(f), 4);
        json_decref(f);
        free(body);
    }
}

static void multipart_bare_line_feeds_are_accepted(void **state)
{
    json_t *f;
    (void)state;
    f = multipart_ok("multipart/form-data; boundary=b",
                     "--b\nContent-Disposition: form-data; name=\"a\"\n\n1\n--b--\n");
    assert_string_equal(json_string_value(json_object_get(f, "a")), "1");
    json_decref(f);
}

static void multipart_malformed_is_a_bad_request(void **state)
{
    static const char nul_body[] = PART("b", "a", "x\0y") "--b--\r\n";
    (void)state;
    /* the boundary: none, empty, unclosed quote, longer than 70 */
    multipart_bad("multipart/form-data", PART("b", "a", "1") "--b--\r\n", 30);
    multipart_bad("multipart/form-data; boundary=", "--\r\n", 4);
    multipart_bad("multipart/form-data; boundary=\"open", "--open--\r\n", 10);
    {
        char ct[128];
        snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%071d", 0); /* 71 characters */
        multipart_bad(ct, "", 0);
    }
    multipart_bad(NULL, "", 0);
    /* the body: no delimiter, no close delimiter, no name, no
     * Content-Disposition, no blank line after the headers, a NUL, not
     * UTF-8, a field twice */
    multipart_bad("multipart/form-data; boundary=b", "nothing", 7);
    multipart_bad("multipart/form-data; boundary=b",
                  "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", 53);
    multipart_bad("multipart/form-data; boundary=b", PART("b", "", "1") "--b--\r\n",
                  strlen(PART("b", "", "1") "--b--\r\n"));
    multipart_bad("multipart/form-data; boundary=b",
                  "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", 43);
    multipart_bad("multipart/form-data; boundary=b",
                  "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n", 48);
    multipart_bad("multipart/form-data; boundary=b", nul_body, sizeof(nul_body) - 1);
    multipart_bad("multipart/form-data; boundary=b", PART("b", "a", "\xff\xfe") "--b--\r\n",
                  strlen(PART("b", "a", "\xff\xfe") "--b--\r\n"));
    multipart_bad("multipart/form-data; boundary=b",
                  PART("b", "a", "1") PART("b", "a", "2") "--b--\r\n",
                  strlen(PART("b", "a", "1") PART("b", "a", "2") "--b--\r\n"));
    multipart_bad("multipart/form-data; boundary=b", "--bX\r\n", 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(form_fields_and_escapes),
        cmocka_unit_test(form_empty_and_empty_pairs),
        cmocka_unit_test(form_faults_are_named),
        cmocka_unit_test(form_bracket_names_collect_their_values),
        cmocka_unit_test(multipart_boundaries_quoted_unquoted_with_equals),
        cmocka_unit_test(multipart_bare_line_feeds_are_accepted),
        cmocka_unit_test(multipart_malformed_is_a_bad_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
