#include "iam_http.h"
#include "me/me_service.h"

/* GET /iam/v1/me: the answer may hold the caller's name and e-mail, so no
 * cache keeps it. No query parameters. */
kc_status me_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = me_service_describe(&ctx->principal, &doc, pb);
    if (st == KC_OK)
        kc_set_no_store(ctx);
    return kc_respond_doc(ctx, st, doc);
}
