#include "processes_http.h"

#include "improvements/improvement_service.h"

kc_status improvement_http_move(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    long long if_match = -1, version = -1;
    kc_status st;

    st = kc_if_match(ctx, &if_match, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = improvement_service_move(processes_http_pool(ctx), &ctx->principal,
                                      kc_path_param(ctx, "id"), body, if_match, &out, &version, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, out, version, NULL, NULL);
    json_decref(body);
    return st;
}
