#include "programmes_http.h"

#include "actions/action_service.h"

kc_status action_http_move(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, action_service_move, pb);
}

kc_status action_http_trace(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = action_service_trace(((const programmes_app *)ctx->app)->pool, &ctx->principal,
                              kc_path_param(ctx, "id"), &out, pb);
    return kc_respond_doc(ctx, st, out);
}
