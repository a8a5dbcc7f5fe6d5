#include "programmes_http.h"

#include "programmes_resources.h"
#include "proposals/decision_service.h"
#include "proposals/proposal_service.h"

/* The service's pool (programmes_app). */
static kc_db_pool *pool_of(const kc_ctx *ctx)
{
    return ((const programmes_app *)ctx->app)->pool;
}

kc_status proposal_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create(ctx, pool_of(ctx), proposal_service_create, proposal_resource.path, pb);
}

kc_status proposal_http_merge(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create(ctx, pool_of(ctx), proposal_service_merge, proposal_resource.path, pb);
}

kc_status proposal_http_submit(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, proposal_service_submit, pb);
}

kc_status proposal_http_split(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create_on(ctx, proposal_service_split, NULL, pb);
}

kc_status proposal_http_decide(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create_on(ctx, decision_service_decide, NULL, pb);
}

kc_status proposal_http_decisions(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = decision_service_list(pool_of(ctx), &ctx->principal, kc_path_param(ctx, "id"), &out, pb);
    return kc_respond_doc(ctx, st, out);
}
