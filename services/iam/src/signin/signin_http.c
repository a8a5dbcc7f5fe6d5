#include "iam_http.h"
#include "signin/signin_service.h"

/* GET /iam/v1/sign-in/{tenant}: public. No query parameters. */
kc_status signin_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = signin_service_get(kc_ctx_pool(ctx), kc_path_param(ctx, "tenant"), &doc, pb);
    return kc_respond_doc_self(ctx, st, doc);
}
