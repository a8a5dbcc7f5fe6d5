/* The route/spec contract: the endpoint table of routes.c and the OpenAPI
 * document api-spec/notifications.yaml (embedded at build time) name the same
 * operations, and every route's name is its path in OpenAPI form. A
 * failure lists every difference. Links every module: the table names
 * every handler. */
/* LINK: * */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "koers/routes_spec.h"
#include "notifications.h"
#include "notifications_http.h"

static void routes_and_openapi_document_agree(void **state)
{
    char *report = NULL;
    kc_status st;
    (void)state;

    assert_true(notifications_routes_count > 0);
    st = kc_routes_spec_check(notifications_routes, notifications_routes_count, notifications_openapi_json,
                              &report);
    if (st != KC_OK)
        print_error("routes.c and api-spec/notifications.yaml differ:\n%s",
                    report ? report : "(out of memory)\n");
    free(report);
    assert_int_equal(st, KC_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(routes_and_openapi_document_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
