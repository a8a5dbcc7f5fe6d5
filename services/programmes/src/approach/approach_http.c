#include "programmes_http.h"

#include "approach/approach_service.h"

/* The end of a read: links made absolute, 200 with doc. */
static kc_status answer(kc_ctx *ctx, kc_status st, json_t *doc)
{
    if (st == KC_OK)
        kc_absolute_hrefs(ctx, doc);
    return kc_respond_doc(ctx, st, doc);
}

kc_status approach_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = approach_service_view(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &doc,
                               pb);
    return answer(ctx, st, doc);
}

kc_status approach_http_versions(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = approach_service_versions(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                   &doc, pb);
    return answer(ctx, st, doc);
}

kc_status approach_http_version(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = approach_service_version(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                  kc_path_param(ctx, "number"), &doc, pb);
    return answer(ctx, st, doc);
}

kc_status approach_http_move_step(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *doc = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = approach_service_move_step(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                        kc_path_param(ctx, "stepId"), body, &doc, pb);
    json_decref(body);
    return kc_respond_doc(ctx, st, doc);
}
