/* The route/spec contract: the endpoint table of routes.c and the OpenAPI
 * document api-spec/iam.yaml (embedded at build time) name the same
 * operations, and every route's name is its path in OpenAPI form. A
 * failure lists every difference. Links every module: the table names
 * every handler. */
/* LINK: * */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "koers_test.h"
#include "iam.h"
#include "iam_http.h"

static void routes_and_openapi_document_agree(void **state)
{
    (void)state;
    kt_routes_agree(iam_routes, iam_routes_count, iam_openapi_json, "api-spec/iam.yaml");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(routes_and_openapi_document_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
