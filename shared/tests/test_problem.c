#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "koers/problem.h"

static void status_mapping_table(void **state)
{
    static const struct {
        kc_status st;
        int http;
        const char *slug;
    } want[] = {
        {KC_BAD_REQUEST, 400, "bad-request"},
        {KC_UNAUTHENTICATED, 401, "unauthenticated"},
        {KC_FORBIDDEN, 403, "forbidden"},
        {KC_NOT_FOUND, 404, "not-found"},
        {KC_METHOD_NOT_ALLOWED, 405, "method-not-allowed"},
        {KC_CONFLICT, 409, "conflict"},
        {KC_PRECONDITION_FAILED, 412, "precondition-failed"},
        {KC_TOO_LARGE, 413, "too-large"},
        {KC_UNSUPPORTED_MEDIA, 415, "unsupported-media-type"},
        {KC_INVALID, 422, "invalid"},
        {KC_PRECONDITION_REQUIRED, 428, "precondition-required"},
        {KC_TOO_MANY_REQUESTS, 429, "too-many-requests"},
        {KC_INTERNAL, 500, "internal"},
        {KC_UNAVAILABLE, 503, "unavailable"},
        {KC_NOT_IMPLEMENTED, 501, "not-implemented"},
    };
    char uri[128];
    size_t i;

    (void)state;
    assert_int_equal(kc_status_http(KC_OK), 200);
    assert_int_equal(KC_NELEMS(want), KC_STATUS_COUNT - 1);
    for (i = 0; i < KC_NELEMS(want); i++) {
        assert_int_equal(kc_status_http(want[i].st), want[i].http);
        snprintf(uri, sizeof(uri), "https://koers.dev/problems/%s", want[i].slug);
        assert_string_equal(kc_status_type(want[i].st), uri);
        assert_true(strlen(kc_status_title(want[i].st)) > 0);
    }
    assert_string_equal(kc_status_title(KC_NOT_FOUND), "Not Found");
    /* out of range is treated as internal, never a crash */
    assert_int_equal(kc_status_http((kc_status)99), 500);
    assert_int_equal(kc_status_http((kc_status)-1), 500);
}

static void renders_standard_members(void **state)
{
    kc_problem pb;
    json_t *doc;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_problem_set(&pb, KC_NOT_FOUND, "case %s not found", "abc"), KC_NOT_FOUND);
    doc = kc_problem_to_json(&pb, "/casedesk/v1/cases/abc");
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "type")),
                        "https://koers.dev/problems/not-found");
    assert_string_equal(json_string_value(json_object_get(doc, "title")), "Not Found");
    assert_int_equal(json_integer_value(json_object_get(doc, "status")), 404);
    assert_string_equal(json_string_value(json_object_get(doc, "detail")), "case abc not found");
    assert_string_equal(json_string_value(json_object_get(doc, "instance")),
                        "/casedesk/v1/cases/abc");
    assert_null(json_object_get(doc, "invalidParams"));
    json_decref(doc);
    kc_problem_clear(&pb);
}

static void empty_detail_becomes_title(void **state)
{
    kc_problem pb;
    json_t *doc;

    (void)state;
    kc_problem_init(&pb);
    pb.status = KC_FORBIDDEN;
    doc = kc_problem_to_json(&pb, NULL);
    assert_string_equal(json_string_value(json_object_get(doc, "detail")), "Forbidden");
    assert_null(json_object_get(doc, "instance"));
    json_decref(doc);
    kc_problem_clear(&pb);
}

static void invalid_params_and_extras(void **state)
{
    kc_problem pb;
    json_t *doc, *ip;

    (void)state;
    kc_problem_init(&pb);
    kc_problem_add_field(&pb, "citizen.email", "must be an e-mail address");
    assert_int_equal(pb.status, KC_INVALID);
    kc_problem_add_field(&pb, "priority", "must be one of: low, normal");
    kc_problem_set_extra(&pb, "allowedTransitions", json_pack("[s,s]", "in_progress", "closed"));
    kc_problem_set_extra(&pb, "status", json_integer(999)); /* may not override */
    doc = kc_problem_to_json(&pb, "/x");
    assert_int_equal(json_integer_value(json_object_get(doc, "status")), 422);
    ip = json_object_get(doc, "invalidParams");
    assert_int_equal(json_array_size(ip), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ip, 0), "name")),
                        "citizen.email");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ip, 1), "reason")),
                        "must be one of: low, normal");
    assert_int_equal(json_array_size(json_object_get(doc, "allowedTransitions")), 2);
    json_decref(doc);
    kc_problem_clear(&pb);
    assert_null(pb.invalid_params);
    assert_null(pb.extra);
    assert_int_equal(pb.status, KC_OK);
}

static void add_field_keeps_status(void **state)
{
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    kc_problem_set(&pb, KC_BAD_REQUEST, "bad query");
    kc_problem_add_field(&pb, "limit", "too big");
    assert_int_equal(pb.status, KC_BAD_REQUEST);
    kc_problem_clear(&pb);
}

static void internal_hides_detail(void **state)
{
    kc_problem pb;
    json_t *doc;
    const char *detail;

    (void)state;
    kc_problem_init(&pb);
    kc_problem_set(&pb, KC_INTERNAL, "PQexec: relation \"secret_table\" does not exist");
    doc = kc_problem_to_json(&pb, "/x");
    assert_int_equal(json_integer_value(json_object_get(doc, "status")), 500);
    detail = json_string_value(json_object_get(doc, "detail"));
    assert_non_null(detail);
    assert_null(strstr(detail, "secret_table"));
    json_decref(doc);
    kc_problem_clear(&pb);
}

static void method_not_allowed_problem(void **state)
{
    kc_problem pb;
    json_t *doc;

    (void)state;
    kc_problem_init(&pb);
    kc_problem_set(&pb, KC_METHOD_NOT_ALLOWED, "DELETE is not allowed");
    snprintf(pb.allow, sizeof(pb.allow), "GET, POST");
    doc = kc_problem_to_json(&pb, "/x");
    assert_int_equal(json_integer_value(json_object_get(doc, "status")), 405);
    assert_string_equal(json_string_value(json_object_get(doc, "title")), "Method Not Allowed");
    json_decref(doc);
    kc_problem_clear(&pb);
}

static void null_problem_is_safe(void **state)
{
    (void)state;
    assert_int_equal(kc_problem_set(NULL, KC_CONFLICT, "x"), KC_CONFLICT);
    kc_problem_add_field(NULL, "a", "b");
    kc_problem_set_extra(NULL, "a", json_true());
    kc_problem_clear(NULL);
}

/* Client bytes that are not UTF-8 (a raw path with %ff, a value cut
 * inside a character by "%.64s") still render: each bad byte is U+FFFD,
 * the field is kept. Found by tests/fuzz/fuzz_problem.c: the document was
 * NULL and the client got an empty body without a Content-Type. */
static void renders_text_that_is_not_utf8(void **state)
{
    kc_problem pb;
    json_t *doc, *item;

    (void)state;
    kc_problem_init(&pb);
    kc_problem_set(&pb, KC_NOT_FOUND, "no Open311 resource at %s", "/open311/v2/\xff\xfe");
    kc_problem_add_field(&pb, "attribute[\xc3]", "is \xe2\x82");
    doc = kc_problem_to_json(&pb, "/casedesk/v1/open311/v2/\xed\xa0\x80");
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "detail")),
                        "no Open311 resource at /open311/v2/\xef\xbf\xbd\xef\xbf\xbd");
    assert_string_equal(json_string_value(json_object_get(doc, "instance")),
                        "/casedesk/v1/open311/v2/\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    item = json_array_get(json_object_get(doc, "invalidParams"), 0);
    assert_string_equal(json_string_value(json_object_get(item, "name")),
                        "attribute[\xef\xbf\xbd]");
    assert_string_equal(json_string_value(json_object_get(item, "reason")),
                        "is \xef\xbf\xbd\xef\xbf\xbd");
    json_decref(doc);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_mapping_table),
        cmocka_unit_test(renders_standard_members),
        cmocka_unit_test(empty_detail_becomes_title),
        cmocka_unit_test(invalid_params_and_extras),
        cmocka_unit_test(add_field_keeps_status),
        cmocka_unit_test(internal_hides_detail),
        cmocka_unit_test(method_not_allowed_problem),
        cmocka_unit_test(null_problem_is_safe),
        cmocka_unit_test(renders_text_that_is_not_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
