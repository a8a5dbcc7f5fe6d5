#include "programmes_http.h"

#include "checkpoints/checkpoint_service.h"
#include "koers/page.h"

#define CHECKPOINTS_BASE "/programmes/v1/checkpoints"

kc_status checkpoint_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create_on(ctx, checkpoint_service_decide, CHECKPOINTS_BASE, pb);
}

kc_status checkpoint_http_list(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_list_on(ctx, checkpoint_service_list, pb);
}

kc_status checkpoint_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = checkpoint_service_get(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &doc,
                                pb);
    return kc_respond_doc(ctx, st, doc);
}
