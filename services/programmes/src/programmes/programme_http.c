#include "programmes_http.h"

#include "programmes/programme_service.h"
#include "programmes_resources.h"

kc_status programme_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create(ctx, kc_ctx_pool(ctx), programme_service_create, programme_resource.path,
                          pb);
}

kc_status programme_http_move(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, programme_service_move, pb);
}

kc_status programme_http_timeline(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = programme_service_timeline(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                    &doc, pb);
    if (st == KC_OK)
        kc_absolute_hrefs(ctx, doc);
    return kc_respond_doc(ctx, st, doc);
}
