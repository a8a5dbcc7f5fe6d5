/* Unit tests of shared/src/routes_spec.c: a small route table against a
 * small OpenAPI document, with the faults the contract must catch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers/routes_spec.h"

/* The document of a tiny service "shop": items, the server's own endpoints
 * (openapi.json under the base, /healthz at the root as the services
 * document them). */
static const char shop_spec[] =
    "{\"openapi\": \"3.0.3\","
    " \"servers\": [{\"url\": \"https://api.example.nl/shop/v1/\"}],"
    " \"paths\": {"
    "  \"/items\": {\"parameters\": [], \"get\": {}, \"post\": {}},"
    "  \"/items/{id}\": {\"summary\": \"one\", \"get\": {}, \"patch\": {}, \"delete\": {}},"
    "  \"/items/{id}/parts/{partId}\": {\"get\": {}},"
    "  \"/openapi.json\": {\"get\": {}},"
    "  \"/healthz\": {\"servers\": [{\"url\": \"https://shop.internal\"}], \"get\": {}}"
    " }}";

static const kc_route shop_routes[] = {
    {.method = "GET", .path = "/shop/v1/items", .name = "/shop/v1/items"},
    {.method = "POST", .path = "/shop/v1/items", .name = "/shop/v1/items"},
    {.method = "GET", .path = "/shop/v1/items/:id", .name = "/shop/v1/items/{id}"},
    {.method = "PATCH", .path = "/shop/v1/items/:id", .name = "/shop/v1/items/{id}"},
    {.method = "DELETE", .path = "/shop/v1/items/:id", .name = "/shop/v1/items/{id}"},
    {.method = "GET",
     .path = "/shop/v1/items/:id/parts/:partId",
     .name = "/shop/v1/items/{id}/parts/{partId}"},
};

#define NROUTES (sizeof(shop_routes) / sizeof(shop_routes[0]))

/* Runs the check on a copy of the shop's routes changed by the caller. */
static kc_status check(const kc_route *routes, size_t n, const char *spec, char **report)
{
    kc_status st = kc_routes_spec_check(routes, n, spec, report);

    assert_non_null(*report);
    return st;
}

static int count_lines(const char *s)
{
    int n = 0;

    for (; *s != '\0'; s++)
        n += *s == '\n';
    return n;
}

static void agreeing_table_and_document_pass(void **state)
{
    char *report = NULL;
    (void)state;

    assert_int_equal(check(shop_routes, NROUTES, shop_spec, &report), KC_OK);
    assert_string_equal(report, "");
    free(report);
}

static void a_documented_operation_without_route_is_named(void **state)
{
    kc_route routes[NROUTES];
    char *report = NULL;
    (void)state;

    /* the table without DELETE /items/:id */
    memcpy(routes, shop_routes, sizeof(routes));
    routes[4] = routes[5];
    assert_int_equal(check(routes, NROUTES - 1, shop_spec, &report), KC_INVALID);
    assert_string_equal(report, "DELETE /shop/v1/items/{id}: documented, not routed\n");
    free(report);
}

static void a_route_not_documented_is_named(void **state)
{
    kc_route routes[NROUTES + 1];
    char *report = NULL;
    (void)state;

    memcpy(routes, shop_routes, sizeof(shop_routes));
    memset(&routes[NROUTES], 0, sizeof(routes[NROUTES]));
    routes[NROUTES].method = "POST";
    routes[NROUTES].path = "/shop/v1/items/:id/archive";
    routes[NROUTES].name = "/shop/v1/items/{id}/archive";
    assert_int_equal(check(routes, NROUTES + 1, shop_spec, &report), KC_INVALID);
    assert_string_equal(report, "POST /shop/v1/items/{id}/archive: routed, not documented\n");
    free(report);
}

static void a_method_mismatch_is_named_both_ways(void **state)
{
    kc_route routes[NROUTES];
    char *report = NULL;
    (void)state;

    memcpy(routes, shop_routes, sizeof(routes));
    routes[3].method = "PUT"; /* documented as PATCH */
    assert_int_equal(check(routes, NROUTES, shop_spec, &report), KC_INVALID);
    assert_non_null(strstr(report, "PUT /shop/v1/items/{id}: routed, not documented\n"));
    assert_non_null(strstr(report, "PATCH /shop/v1/items/{id}: documented, not routed\n"));
    assert_int_equal(count_lines(report), 2);
    free(report);
}

static void a_name_that_is_not_the_path_is_named(void **state)
{
    kc_route routes[NROUTES];
    char *report = NULL;
    (void)state;

    memcpy(routes, shop_routes, sizeof(routes));
    routes[5].name = "/shop/v1/items/{id}/parts/{part}";
    routes[0].name = NULL;
    assert_int_equal(check(routes, NROUTES, shop_spec, &report), KC_INVALID);
    assert_non_null(
        strstr(report, "GET /shop/v1/items: named \"(none)\", not \"/shop/v1/items\"\n"));
    assert_non_null(strstr(report, "GET /shop/v1/items/:id/parts/:partId: named "
                                   "\"/shop/v1/items/{id}/parts/{part}\", not "
                                   "\"/shop/v1/items/{id}/parts/{partId}\"\n"));
    assert_int_equal(count_lines(report), 2);
    free(report);
}

static void a_route_listed_twice_is_named(void **state)
{
    kc_route routes[NROUTES + 1];
    char *report = NULL;
    (void)state;

    memcpy(routes, shop_routes, sizeof(shop_routes));
    routes[NROUTES] = shop_routes[2];
    routes[NROUTES].method = "get";
    assert_int_equal(check(routes, NROUTES + 1, shop_spec, &report), KC_INVALID);
    assert_string_equal(report, "get /shop/v1/items/:id: routed twice\n");
    free(report);
}

static void the_servers_own_endpoints_are_left_out_either_way(void **state)
{
    static const char bare_spec[] = "{\"servers\": [{\"url\": \"/shop/v1\"}],"
                                    " \"paths\": {\"/items\": {\"get\": {}}}}";
    kc_route routes[3];
    char *report = NULL;
    (void)state;

    /* documented but added by the server: not routed, yet no fault */
    routes[0] = shop_routes[0];
    assert_int_equal(check(routes, 1,
                           "{\"servers\": [{\"url\": \"/shop/v1\"}], \"paths\": {"
                           "\"/items\": {\"get\": {}},"
                           "\"/openapi.json\": {\"get\": {}},"
                           "\"/metrics\": {\"servers\": [{\"url\": \"http://x\"}],"
                           " \"get\": {}}}}",
                           &report),
                     KC_OK);
    free(report);

    /* routed by the table but not documented: no fault either */
    routes[1] = shop_routes[0];
    routes[1].path = routes[1].name = "/readyz";
    routes[2] = shop_routes[0];
    routes[2].path = routes[2].name = "/shop/v1/openapi.json";
    assert_int_equal(check(routes, 3, bare_spec, &report), KC_OK);
    assert_string_equal(report, "");
    free(report);

    /* but only as GET, and /metrics under the base is not the server's */
    routes[1].method = "POST";
    routes[2].path = routes[2].name = "/shop/v1/metrics";
    assert_int_equal(check(routes, 3, bare_spec, &report), KC_INVALID);
    assert_int_equal(count_lines(report), 2);
    free(report);
}

static void an_unreadable_document_is_a_bad_request(void **state)
{
    char *report = NULL;
    (void)state;

    assert_int_equal(check(shop_routes, NROUTES, "{\"paths\": ", &report), KC_BAD_REQUEST);
    assert_non_null(strstr(report, "not JSON"));
    free(report);
    assert_int_equal(check(shop_routes, NROUTES, "{\"openapi\": \"3.0.3\"}", &report),
                     KC_BAD_REQUEST);
    free(report);
    assert_int_equal(check(shop_routes, NROUTES, NULL, &report), KC_BAD_REQUEST);
    free(report);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(agreeing_table_and_document_pass),
        cmocka_unit_test(a_documented_operation_without_route_is_named),
        cmocka_unit_test(a_route_not_documented_is_named),
        cmocka_unit_test(a_method_mismatch_is_named_both_ways),
        cmocka_unit_test(a_name_that_is_not_the_path_is_named),
        cmocka_unit_test(a_route_listed_twice_is_named),
        cmocka_unit_test(the_servers_own_endpoints_are_left_out_either_way),
        cmocka_unit_test(an_unreadable_document_is_a_bad_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
