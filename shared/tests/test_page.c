#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers/page.h"

static const kc_route list_route = {
    "GET", "/casedesk/v1/cases", "/casedesk/v1/cases", KC_PUBLIC, NULL, NULL};

typedef struct {
    struct _u_request req;
    kc_ctx ctx;
} fake;

static fake *fake_new(const char *path)
{
    fake *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    assert_int_equal(ulfius_init_request(&f->req), U_OK);
    free(f->req.url_path);
    f->req.url_path = strdup(path);
    u_map_put(f->req.map_header, "Host", "localhost:8081");
    f->ctx.req = &f->req;
    f->ctx.route = &list_route;
    return f;
}

static void fake_free(fake *f)
{
    ulfius_clean_request(&f->req);
    free(f);
}

static void cursor_round_trip(void **state)
{
    static const char *const keys[] = {"2024-05-01T12:00:00.123456Z", "a", "ab", "abc", "with|bar"};
    kc_page page;
    char *c;
    size_t i;

    (void)state;
    for (i = 0; i < KC_NELEMS(keys); i++) {
        c = kc_cursor_encode(keys[i], "123e4567-e89b-12d3-a456-426614174000");
        assert_non_null(c);
        assert_null(strpbrk(c, "+/=")); /* base64url, no padding */
        memset(&page, 0, sizeof(page));
        assert_int_equal(kc_cursor_decode(c, &page), 0);
        assert_true(page.has_cursor);
        assert_string_equal(page.after_key, keys[i]);
        assert_string_equal(page.after_id, "123e4567-e89b-12d3-a456-426614174000");
        free(c);
    }
}

static void bad_cursors(void **state)
{
    kc_page page;
    char *c;

    (void)state;
    memset(&page, 0, sizeof(page));
    assert_int_equal(kc_cursor_decode("", &page), -1);
    assert_int_equal(kc_cursor_decode("!!!!", &page), -1);
    assert_int_equal(kc_cursor_decode("YWJj", &page), -1);     /* "abc": no bar */
    assert_int_equal(kc_cursor_decode("YWJjfA", &page), -1);   /* "abc|": no id */
    assert_int_equal(kc_cursor_decode("fGFiYw", &page), -1);   /* "|abc": no key */
    assert_int_equal(kc_cursor_decode("YWJjfA==", &page), -1); /* padding is not ours */
    assert_int_equal(kc_cursor_decode("A", &page), -1);
    c = kc_cursor_encode("k", "id with spaces");
    assert_int_equal(kc_cursor_decode(c, &page), -1);
    free(c);
    assert_false(page.has_cursor);
}

static void reads_limit_and_cursor(void **state)
{
    fake *f = fake_new("/casedesk/v1/cases");
    kc_page page;
    kc_problem pb;
    char *c = kc_cursor_encode("2024-01-01T00:00:00Z", "123e4567-e89b-12d3-a456-426614174000");

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_page_read(&f->ctx, &page, &pb), KC_OK);
    assert_int_equal(page.limit, 20);
    assert_false(page.has_cursor);

    u_map_put(f->req.map_url, "limit", "100");
    u_map_put(f->req.map_url, "cursor", c);
    assert_int_equal(kc_page_read(&f->ctx, &page, &pb), KC_OK);
    assert_int_equal(page.limit, 100);
    assert_true(page.has_cursor);
    assert_string_equal(page.after_key, "2024-01-01T00:00:00Z");
    free(c);
    fake_free(f);
}

static const char *first_fault(const kc_problem *pb)
{
    return json_string_value(json_object_get(json_array_get(pb->invalid_params, 0), "name"));
}

static void bad_limit_and_cursor_are_400(void **state)
{
    static const char *const bad_limits[] = {"0", "101", "abc", "1.5", "", "-3"};
    fake *f;
    kc_page page;
    kc_problem pb;
    size_t i;

    (void)state;
    for (i = 0; i < KC_NELEMS(bad_limits); i++) {
        f = fake_new("/casedesk/v1/cases");
        kc_problem_init(&pb);
        u_map_put(f->req.map_url, "limit", bad_limits[i]);
        assert_int_equal(kc_page_read(&f->ctx, &page, &pb), KC_BAD_REQUEST);
        assert_int_equal(kc_status_http(pb.status), 400);
        assert_string_equal(first_fault(&pb), "limit");
        kc_problem_clear(&pb);
        fake_free(f);
    }
    f = fake_new("/casedesk/v1/cases");
    kc_problem_init(&pb);
    u_map_put(f->req.map_url, "cursor", "garbage!");
    assert_int_equal(kc_page_read(&f->ctx, &page, &pb), KC_BAD_REQUEST);
    assert_string_equal(first_fault(&pb), "cursor");
    kc_problem_clear(&pb);
    fake_free(f);
}

static void page_body_links(void **state)
{
    fake *f = fake_new("/casedesk/v1/cases");
    json_t *body, *items = json_pack("[{s:i}]", "n", 1);
    const char *self, *next;
    char *c = kc_cursor_encode("old", "123e4567-e89b-12d3-a456-426614174000");
    char *want_c =
        kc_cursor_encode("2024-05-01T00:00:00+02:00", "123e4567-e89b-12d3-a456-426614174000");
    char want[512];
    kc_page page;

    (void)state;
    u_map_put(f->req.map_url, "status", "in progress");
    u_map_put(f->req.map_url, "cursor", c);
    u_map_put(f->req.map_url, "limit", "2");
    body = kc_page_body(&f->ctx, items, "2024-05-01T00:00:00+02:00",
                        "123e4567-e89b-12d3-a456-426614174000");
    assert_non_null(body);
    assert_int_equal(json_array_size(json_object_get(body, "items")), 1);
    self = json_string_value(
        json_object_get(json_object_get(json_object_get(body, "_links"), "self"), "href"));
    next = json_string_value(
        json_object_get(json_object_get(json_object_get(body, "_links"), "next"), "href"));
    snprintf(want, sizeof(want),
             "http://localhost:8081/casedesk/v1/cases?status=in%%20progress&cursor=%s&limit=2", c);
    assert_string_equal(self, want);
    snprintf(want, sizeof(want),
             "http://localhost:8081/casedesk/v1/cases?status=in%%20progress&limit=2&cursor=%s",
             want_c);
    assert_string_equal(next, want);
    /* the cursor in the link decodes to the next key */
    memset(&page, 0, sizeof(page));
    assert_int_equal(kc_cursor_decode(strstr(next, "cursor=") + 7, &page), 0);
    assert_string_equal(page.after_key, "2024-05-01T00:00:00+02:00");
    json_decref(body);

    body = kc_page_body(&f->ctx, json_array(), NULL, NULL);
    assert_null(json_object_get(json_object_get(body, "_links"), "next"));
    json_decref(body);
    free(c);
    free(want_c);
    fake_free(f);
}

#define PARENT "123e4567-e89b-12d3-a456-426614174000"

static void numbered_list_cursor_belongs_to_its_parent(void **state)
{
    fake *f = fake_new("/casedesk/v1/cases/" PARENT "/timeline");
    char *mine = kc_cursor_encode("42", PARENT);
    char *other = kc_cursor_encode("42", "99999999-e89b-12d3-a456-426614174000");
    char *zero = kc_cursor_encode("0", PARENT);
    long long after = -1;
    kc_page page;
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_seq_page_read(&f->ctx, PARENT, "timeline", &page, &after, &pb), KC_OK);
    assert_int_equal(after, 0);
    assert_int_equal(page.limit, 20);
    u_map_put(f->req.map_url, "cursor", mine);
    assert_int_equal(kc_seq_page_read(&f->ctx, PARENT, "timeline", &page, &after, &pb), KC_OK);
    assert_int_equal(after, 42);

    u_map_put(f->req.map_url, "cursor", other);
    assert_int_equal(kc_seq_page_read(&f->ctx, PARENT, "timeline", &page, &after, &pb),
                     KC_BAD_REQUEST);
    assert_string_equal(pb.detail, "the cursor is not one of this timeline");
    assert_string_equal(first_fault(&pb), "cursor");
    kc_problem_clear(&pb);

    kc_problem_init(&pb);
    u_map_put(f->req.map_url, "cursor", zero);
    assert_int_equal(kc_seq_page_read(&f->ctx, PARENT, "list", &page, &after, &pb), KC_BAD_REQUEST);
    assert_string_equal(pb.detail, "the cursor is not one of this list");
    kc_problem_clear(&pb);

    /* only limit and cursor */
    kc_problem_init(&pb);
    u_map_put(f->req.map_url, "cursor", mine);
    u_map_put(f->req.map_url, "status", "open");
    assert_int_equal(kc_seq_page_read(&f->ctx, PARENT, "list", &page, &after, &pb), KC_BAD_REQUEST);
    assert_string_equal(first_fault(&pb), "status");
    kc_problem_clear(&pb);
    free(mine);
    free(other);
    free(zero);
    fake_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cursor_round_trip),
        cmocka_unit_test(bad_cursors),
        cmocka_unit_test(reads_limit_and_cursor),
        cmocka_unit_test(bad_limit_and_cursor_are_400),
        cmocka_unit_test(page_body_links),
        cmocka_unit_test(numbered_list_cursor_belongs_to_its_parent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
