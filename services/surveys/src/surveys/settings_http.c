#include "surveys_http.h"

#include "surveys/settings_service.h"

kc_status settings_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = settings_service_get(surveys_http_pool(ctx), &ctx->principal, &out, pb);
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
        st = settings_service_put(surveys_http_pool(ctx), &ctx->principal, body, &out, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, out, -1, NULL, NULL);
    json_decref(body);
    return st;
}
