#include "programmes_http.h"

#include <stdlib.h>
#include "koers/page.h"
#include "goals/goal_service.h"

kc_status goal_http_trend(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    char *self = NULL;
    kc_status st;

    st = goal_service_trend(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &out, pb);
    if (st == KC_OK) {
        self = kc_self_url(ctx, NULL);
        json_object_set_new(out, "_links",
                            json_pack("{s:{s:s}}", "self", "href", self != NULL ? self : ""));
        free(self);
    }
    return kc_respond_doc(ctx, st, out);
}

kc_status goal_http_relapse_signals(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    json_t *items = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st == KC_OK)
        st = goal_service_signals(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                  &page, &items, &next, pb);
    if (st == KC_OK)
        st = kc_respond_page(ctx, items, &next);
    return st;
}
