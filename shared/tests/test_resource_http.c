/* The resource kit's generic handlers (shared/src/resource_http.c) as a
 * client sees them — status, headers, body, problem documents — called
 * through a request context without a server. The kit's service below
 * them is faked: each fake records what the handler passed on and answers
 * what the test set up. */
/* WRAP: kc_resource_list kc_resource_create kc_resource_get kc_resource_update */
/* WRAP: kc_resource_delete */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "support/koers_test.h"
#include "koers/idempotency.h"
#include "koers/resource.h"

#define TENANT "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define ID     "0b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a80"
#define PATH   "/x/v1/things"

static const kc_column thing_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .max_len = 20},
     .column = "name",
     .filter = 1},
};

static const kc_resource thing = {
    .noun = "thing",
    .schema = "x",
    .table = "x.things",
    .path = PATH,
    .columns = thing_columns,
    .ncolumns = KC_NELEMS(thing_columns),
};

/* What the fake service saw and what it answers. */
static struct {
    int calls;
    char id[64], tenant[37], filter[64], idem_key[256];
    long long if_match;
    int limit, replayed;
    kc_status answer; /* KC_OK: a row; else this problem */
} svc;

static int reset(void **state)
{
    (void)state;
    memset(&svc, 0, sizeof(svc));
    svc.if_match = -2;
    return 0;
}

static kc_status answer(const char *tenant_id, const char *id, json_t **row, kc_problem *pb)
{
    svc.calls++;
    snprintf(svc.tenant, sizeof(svc.tenant), "%s", tenant_id);
    snprintf(svc.id, sizeof(svc.id), "%s", id ? id : "");
    if (svc.answer != KC_OK)
        return kc_problem_set(pb, svc.answer, "thing %s: faked", id ? id : "-");
    if (row != NULL)
        *row = json_pack("{s:s, s:s}", "id", ID, "name", "Bank");
    return KC_OK;
}

KT_FAKE(kc_resource_get);
kc_status __wrap_kc_resource_get(kc_db_pool *pool, const kc_resource *res, const char *tenant_id,
                                 const char *id, json_t **row, long long *version, kc_problem *pb)
{
    (void)pool;
    assert_ptr_equal(res, &thing);
    *version = 3;
    return answer(tenant_id, id, row, pb);
}

KT_FAKE(kc_resource_create);
kc_status __wrap_kc_resource_create(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                                    const kc_idem *idem, const json_t *body, json_t **row,
                                    long long *version, int *replayed, kc_problem *pb)
{
    (void)pool;
    (void)body;
    assert_ptr_equal(res, &thing);
    snprintf(svc.idem_key, sizeof(svc.idem_key), "%s", idem->active ? idem->key : "");
    *version = 1;
    *replayed = svc.replayed;
    return answer(p->tenant_id, NULL, row, pb);
}

KT_FAKE(kc_resource_update);
kc_status __wrap_kc_resource_update(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                                    const char *id, const json_t *body, long long if_match,
                                    json_t **row, long long *version, kc_problem *pb)
{
    (void)pool;
    (void)body;
    assert_ptr_equal(res, &thing);
    svc.if_match = if_match;
    *version = 4;
    return answer(p->tenant_id, id, row, pb);
}

KT_FAKE(kc_resource_delete);
kc_status __wrap_kc_resource_delete(kc_db_pool *pool, const kc_resource *res, const kc_principal *p,
                                    const char *id, kc_problem *pb)
{
    (void)pool;
    assert_ptr_equal(res, &thing);
    return answer(p->tenant_id, id, NULL, pb);
}

KT_FAKE(kc_resource_list);
kc_status __wrap_kc_resource_list(kc_db_pool *pool, const kc_resource *res, const char *tenant_id,
                                  const json_t *filters, const kc_keyset *page, json_t **items,
                                  kc_keyset_next *next, kc_problem *pb)
{
    (void)pool;
    assert_ptr_equal(res, &thing);
    svc.limit = page->limit;
    if (json_object_get(filters, "name") != NULL)
        snprintf(svc.filter, sizeof(svc.filter), "%s",
                 json_string_value(json_object_get(filters, "name")));
    next->has_more = 1;
    snprintf(next->key, sizeof(next->key), "2026-01-01 00:00:00+00");
    snprintf(next->id, sizeof(next->id), "%s", ID);
    svc.calls++;
    if (svc.answer != KC_OK)
        return kc_problem_set(pb, svc.answer, "faked");
    *items = json_pack("[{s:s}]", "id", ID);
    (void)tenant_id;
    return KC_OK;
}

/* A request to the resource's route for method and url. */
static void request(kt_request *t, const char *method, const char *route_path, const char *url)
{
    kt_request_init(t, method, route_path, url);
    t->route.arg = &thing;
    kt_request_staff(t, TENANT, "u1", "coordinator");
}

static void test_get_answers_the_row_with_its_etag(void **state)
{
    kt_request t;

    (void)state;
    request(&t, "GET", PATH "/:id", PATH "/" ID);
    kt_request_param(&t, "id", ID);
    assert_int_equal(kt_request_run(&t, kc_resource_http_get), KC_OK);
    assert_int_equal(kt_status(&t), 200);
    assert_string_equal(kt_header(&t, "ETag"), "\"3\"");
    assert_string_equal(json_string_value(json_object_get(t.body, "name")), "Bank");
    assert_string_equal(svc.id, ID);
    assert_string_equal(svc.tenant, TENANT);
    kt_request_clear(&t);
}

static void test_a_missing_row_is_a_404_problem(void **state)
{
    kt_request t;

    (void)state;
    svc.answer = KC_NOT_FOUND;
    request(&t, "GET", PATH "/:id", PATH "/" ID);
    kt_request_param(&t, "id", ID);
    assert_int_equal(kt_request_run(&t, kc_resource_http_get), KC_NOT_FOUND);
    assert_int_equal(kt_status(&t), 404);
    assert_non_null(strstr(kt_header(&t, "Content-Type"), "application/problem+json"));
    assert_int_equal(json_integer_value(json_object_get(t.body, "status")), 404);
    kt_request_clear(&t);
}

static void test_create_answers_201_with_location_and_replay(void **state)
{
    kt_request t;

    (void)state;
    request(&t, "POST", PATH, PATH);
    kt_request_json(&t, "{\"name\": \"Bank\"}");
    assert_int_equal(kt_request_run(&t, kc_resource_http_create), KC_OK);
    assert_int_equal(kt_status(&t), 201);
    assert_non_null(strstr(kt_header(&t, "Location"), PATH "/" ID));
    assert_string_equal(kt_header(&t, "ETag"), "\"1\"");
    assert_null(kt_header(&t, "Idempotent-Replayed"));
    kt_request_clear(&t);

    svc.replayed = 1;
    request(&t, "POST", PATH, PATH);
    kt_request_header(&t, "Idempotency-Key", "k-42");
    kt_request_json(&t, "{\"name\": \"Bank\"}");
    assert_int_equal(kt_request_run(&t, kc_resource_http_create), KC_OK);
    assert_int_equal(kt_status(&t), 201);
    assert_string_equal(kt_header(&t, "Idempotent-Replayed"), "true");
    assert_string_equal(svc.idem_key, "k-42");
    kt_request_clear(&t);
}

static void test_create_without_json_never_reaches_the_service(void **state)
{
    kt_request t;

    (void)state;
    request(&t, "POST", PATH, PATH);
    assert_int_equal(kt_request_run(&t, kc_resource_http_create), KC_UNSUPPORTED_MEDIA);
    assert_int_equal(kt_status(&t), 415);
    assert_int_equal(svc.calls, 0);
    kt_request_clear(&t);
}

static void test_patch_passes_if_match_and_answers_the_new_version(void **state)
{
    kt_request t;

    (void)state;
    request(&t, "PATCH", PATH "/:id", PATH "/" ID);
    kt_request_param(&t, "id", ID);
    kt_request_header(&t, "If-Match", "\"7\"");
    kt_request_json(&t, "{\"name\": \"Stoel\"}");
    assert_int_equal(kt_request_run(&t, kc_resource_http_update), KC_OK);
    assert_int_equal(kt_status(&t), 200);
    assert_int_equal(svc.if_match, 7);
    assert_string_equal(kt_header(&t, "ETag"), "\"4\"");
    kt_request_clear(&t);

    /* a malformed If-Match is the client's fault, before the service */
    reset(NULL);
    request(&t, "PATCH", PATH "/:id", PATH "/" ID);
    kt_request_param(&t, "id", ID);
    kt_request_header(&t, "If-Match", "zeven");
    kt_request_json(&t, "{\"name\": \"Stoel\"}");
    assert_int_equal(kt_request_run(&t, kc_resource_http_update), KC_BAD_REQUEST);
    assert_int_equal(kt_status(&t), 400);
    assert_int_equal(svc.calls, 0);
    kt_request_clear(&t);
}

static void test_delete_answers_204_or_the_conflict(void **state)
{
    kt_request t;

    (void)state;
    request(&t, "DELETE", PATH "/:id", PATH "/" ID);
    kt_request_param(&t, "id", ID);
    assert_int_equal(kt_request_run(&t, kc_resource_http_delete), KC_OK);
    assert_int_equal(kt_status(&t), 204);
    assert_null(t.body);
    kt_request_clear(&t);

    svc.answer = KC_CONFLICT;
    request(&t, "DELETE", PATH "/:id", PATH "/" ID);
    kt_request_param(&t, "id", ID);
    assert_int_equal(kt_request_run(&t, kc_resource_http_delete), KC_CONFLICT);
    assert_int_equal(kt_status(&t), 409);
    kt_request_clear(&t);
}

static void test_list_pages_and_filters(void **state)
{
    kt_request t;

    (void)state;
    request(&t, "GET", PATH, PATH);
    kt_request_param(&t, "name", "Bank");
    kt_request_param(&t, "limit", "5");
    assert_int_equal(kt_request_run(&t, kc_resource_http_list), KC_OK);
    assert_int_equal(kt_status(&t), 200);
    assert_string_equal(svc.filter, "Bank");
    assert_int_equal(svc.limit, 5);
    assert_int_equal(json_array_size(json_object_get(t.body, "items")), 1);
    assert_non_null(
        json_object_get(json_object_get(json_object_get(t.body, "_links"), "next"), "href"));
    kt_request_clear(&t);

    /* a query parameter the resource does not know */
    reset(NULL);
    request(&t, "GET", PATH, PATH);
    kt_request_param(&t, "colour", "red");
    assert_int_equal(kt_request_run(&t, kc_resource_http_list), KC_BAD_REQUEST);
    assert_true(kt_invalid_param(json_object_get(t.body, "invalidParams"), "colour"));
    assert_int_equal(svc.calls, 0);
    kt_request_clear(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_get_answers_the_row_with_its_etag, reset),
        cmocka_unit_test_setup(test_a_missing_row_is_a_404_problem, reset),
        cmocka_unit_test_setup(test_create_answers_201_with_location_and_replay, reset),
        cmocka_unit_test_setup(test_create_without_json_never_reaches_the_service, reset),
        cmocka_unit_test_setup(test_patch_passes_if_match_and_answers_the_new_version, reset),
        cmocka_unit_test_setup(test_delete_answers_204_or_the_conflict, reset),
        cmocka_unit_test_setup(test_list_pages_and_filters, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
