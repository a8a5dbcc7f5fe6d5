#include "programmes_http.h"

#include "approach/template_service.h"

#define TEMPLATE_BASE "/programmes/v1/approach-templates"

kc_status template_http_list(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = template_service_list(kc_ctx_pool(ctx), &ctx->principal, &doc, pb);
    if (st == KC_OK)
        kc_absolute_hrefs(ctx, doc);
    return kc_respond_doc(ctx, st, doc);
}

kc_status template_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create(ctx, kc_ctx_pool(ctx), template_service_create, TEMPLATE_BASE, pb);
}

kc_status template_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    long long version = -1;
    kc_status st;

    st = template_service_get(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &doc,
                              &version, pb);
    if (st != KC_OK)
        return st;
    return kc_respond_resource(ctx, 200, doc, version, NULL, NULL);
}

kc_status template_http_update(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, template_service_update, pb);
}

kc_status template_http_delete(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = template_service_delete(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), pb);
    if (st != KC_OK)
        return st;
    return kc_respond_empty(ctx, 204);
}
