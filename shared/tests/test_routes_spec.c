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
 * document them). Each operation says who it admits (x-koers-access). */
#define CLERKS   "{\"roles\": [\"clerk\", \"manager\", \"admin\"], \"scopes\": [\"shop:read\"]}"
#define MANAGERS "{\"roles\": [\"manager\", \"admin\"], \"scopes\": []}"
static const char shop_spec[] =
    "{\"openapi\": \"3.0.3\","
    " \"servers\": [{\"url\": \"https://api.example.nl/shop/v1/\"}],"
    " \"paths\": {"
    "  \"/items\": {\"parameters\": [], \"get\": {\"x-koers-access\": " CLERKS "},"
    "   \"post\": {\"x-koers-access\": " MANAGERS "}},"
    "  \"/items/{id}\": {\"summary\": \"one\", \"get\": {\"x-koers-access\": {\"public\": true}},"
    "   \"patch\": {\"x-koers-access\": " MANAGERS "},"
    "   \"delete\": {\"x-koers-access\": {\"scopes\": [\"shop:write\"]}}},"
    "  \"/items/{id}/parts/{partId}\": {\"get\": {\"x-koers-access\":"
    "   {\"public\": true, \"roles\": [\"admin\", \"clerk\"], \"scopes\": [\"shop:read\"]}}},"
    "  \"/openapi.json\": {\"get\": {}},"
    "  \"/healthz\": {\"servers\": [{\"url\": \"https://shop.internal\"}], \"get\": {}}"
    " }}";

static const kc_route shop_routes[] = {
    {.method = "GET",
     .path = "/shop/v1/items",
     .name = "/shop/v1/items",
     .access = KC_ALLOW("clerk manager", "shop:read")},
    {.method = "POST",
     .path = "/shop/v1/items",
     .name = "/shop/v1/items",
     .access = KC_ALLOW("manager", NULL)},
    {.method = "GET",
     .path = "/shop/v1/items/:id",
     .name = "/shop/v1/items/{id}",
     .access = KC_PUBLIC},
    {.method = "PATCH",
     .path = "/shop/v1/items/:id",
     .name = "/shop/v1/items/{id}",
     .access = KC_ALLOW("manager admin", NULL)},
    {.method = "DELETE",
     .path = "/shop/v1/items/:id",
     .name = "/shop/v1/items/{id}",
     .access = KC_ALLOW(NULL, "shop:write")},
    {.method = "GET",
     .path = "/shop/v1/items/:id/parts/:partId",
     .name = "/shop/v1/items/{id}/parts/{partId}",
     .access = KC_SELF_AUTH("clerk", "shop:read")},
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
    static const char bare_spec[] =
        "{\"servers\": [{\"url\": \"/shop/v1\"}],"
        " \"paths\": {\"/items\": {\"get\": {\"x-koers-access\": " CLERKS "}}}}";
    kc_route routes[3];
    char *report = NULL;
    (void)state;

    /* documented but added by the server: not routed, yet no fault */
    routes[0] = shop_routes[0];
    assert_int_equal(check(routes, 1,
                           "{\"servers\": [{\"url\": \"/shop/v1\"}], \"paths\": {"
                           "\"/items\": {\"get\": {\"x-koers-access\": " CLERKS "}},"
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

/* shop_spec with the first `from` written `to` (the caller frees). */
static char *shop_spec_with(const char *from, const char *to)
{
    const char *at = strstr(shop_spec, from);
    char *out = NULL;

    assert_non_null(at);
    assert_true(
        asprintf(&out, "%.*s%s%s", (int)(at - shop_spec), shop_spec, to, at + strlen(from)) > 0);
    return out;
}

static void an_operation_without_access_is_named(void **state)
{
    char *spec = shop_spec_with("{\"x-koers-access\": {\"public\": true}}", "{}");
    char *report = NULL;
    (void)state;

    assert_int_equal(check(shop_routes, NROUTES, spec, &report), KC_INVALID);
    assert_string_equal(report, "GET /shop/v1/items/{id}: no x-koers-access\n");
    free(report);
    free(spec);
}

static void a_route_wider_than_its_document_is_named(void **state)
{
    kc_route routes[NROUTES];
    char *report = NULL;
    (void)state;

    memcpy(routes, shop_routes, sizeof(routes));
    routes[1].access.roles = "manager clerk"; /* POST /items: the document says managers */
    routes[1].access.scope = "shop:write";    /* and no key */
    routes[2].access.is_public = 0;           /* GET /items/{id}: documented as public */
    routes[2].access.roles = "clerk";
    assert_int_equal(check(routes, NROUTES, shop_spec, &report), KC_INVALID);
    assert_string_equal(
        report,
        "POST /shop/v1/items: x-koers-access roles [manager admin], the route admits [manager clerk admin]\n"
        "POST /shop/v1/items: x-koers-access scopes [], the route admits [shop:write]\n"
        "GET /shop/v1/items/{id}: x-koers-access says public, the route is not public\n"
        "GET /shop/v1/items/{id}: x-koers-access roles [], the route admits [clerk admin]\n");
    free(report);
}

static void admin_is_listed_exactly_where_staff_are_admitted(void **state)
{
    char *no_admin = shop_spec_with(MANAGERS, "{\"roles\": [\"manager\"]}");
    char *key_admin = shop_spec_with("{\"scopes\": [\"shop:write\"]}",
                                     "{\"roles\": [\"admin\"], \"scopes\": [\"shop:write\"]}");
    char *report = NULL;
    (void)state;

    /* POST /items admits managers, so admin too: the document must say so */
    assert_int_equal(check(shop_routes, NROUTES, no_admin, &report), KC_INVALID);
    assert_string_equal(
        report,
        "POST /shop/v1/items: x-koers-access roles [manager], the route admits [manager admin]\n");
    free(report);
    /* DELETE admits keys only: not an admin */
    assert_int_equal(check(shop_routes, NROUTES, key_admin, &report), KC_INVALID);
    assert_string_equal(
        report, "DELETE /shop/v1/items/{id}: x-koers-access roles [admin], the route admits []\n");
    free(report);
    free(no_admin);
    free(key_admin);
}

static void a_malformed_access_is_named(void **state)
{
    char *dup = shop_spec_with("\"scopes\": [\"shop:read\"]}",
                               "\"scopes\": [\"shop:read\", \"shop:read\"]}");
    char *odd = shop_spec_with("{\"public\": true}", "{\"public\": 1, \"role\": [\"x\"]}");
    char *notlist =
        shop_spec_with("{\"scopes\": [\"shop:write\"]}", "{\"scopes\": \"shop:write\"}");
    char *report = NULL;
    (void)state;

    assert_int_equal(check(shop_routes, NROUTES, dup, &report), KC_INVALID);
    assert_string_equal(
        report,
        "GET /shop/v1/items: x-koers-access scopes [shop:read shop:read], the route admits [shop:read]\n");
    free(report);
    assert_int_equal(check(shop_routes, NROUTES, odd, &report), KC_INVALID);
    assert_string_equal(
        report, "GET /shop/v1/items/{id}: x-koers-access has an unknown member \"role\"\n"
                "GET /shop/v1/items/{id}: x-koers-access says not public, the route is public\n");
    free(report);
    assert_int_equal(check(shop_routes, NROUTES, notlist, &report), KC_INVALID);
    assert_string_equal(report,
                        "DELETE /shop/v1/items/{id}: x-koers-access scopes is not a list\n");
    free(report);
    free(dup);
    free(odd);
    free(notlist);
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
        cmocka_unit_test(an_operation_without_access_is_named),
        cmocka_unit_test(a_route_wider_than_its_document_is_named),
        cmocka_unit_test(admin_is_listed_exactly_where_staff_are_admitted),
        cmocka_unit_test(a_malformed_access_is_named),
        cmocka_unit_test(an_unreadable_document_is_a_bad_request),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
