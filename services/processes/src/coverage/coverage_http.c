#include "processes_http.h"

#include "coverage/coverage_service.h"

static const kc_field coverage_query[] = {
    {.name = "year", .type = KC_T_INT, .min = 2000, .max = 2100},
};

kc_status coverage_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, coverage_query, KC_NELEMS(coverage_query), pb);
    if (st == KC_OK)
        st = coverage_service_get(processes_http_pool(ctx), &ctx->principal, kc_query(ctx, "year"),
                                  &out, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, out, -1, NULL, NULL);
    return st;
}

kc_status settings_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = settings_service_get(processes_http_pool(ctx), &ctx->principal, &out, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, out, -1, NULL, NULL);
    return st;
}

kc_status settings_http_put(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = settings_service_put(processes_http_pool(ctx), &ctx->principal, body, &out, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, out, -1, NULL, NULL);
    json_decref(body);
    return st;
}
