#include "programmes_http.h"

#include <stdlib.h>
#include "governance/member_service.h"

/* Answers 200 with doc and a self link (the list has no pages), or the
 * problem; steals doc. */
static kc_status respond_list(kc_ctx *ctx, kc_status st, json_t *doc)
{
    char *self = NULL;

    if (st == KC_OK) {
        self = kc_self_url(ctx, NULL);
        json_object_set_new(doc, "_links",
                            json_pack("{s:{s:s}}", "self", "href", self != NULL ? self : ""));
        free(self);
    }
    return kc_respond_doc(ctx, st, doc);
}

kc_status member_http_list(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = member_service_list(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &out,
                                 pb);
    return respond_list(ctx, st, out);
}

kc_status member_http_put(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    int added = 0;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = member_service_put(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                kc_path_param(ctx, "personId"), body, &out, &added, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, added ? 201 : 200, out, -1, NULL, NULL);
    json_decref(body);
    return st;
}

kc_status member_http_remove(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = member_service_remove(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                               kc_path_param(ctx, "personId"), pb);
    if (st == KC_OK)
        st = kc_respond_empty(ctx, 204);
    return st;
}

kc_status person_http_groups(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = member_service_person_groups(kc_ctx_pool(ctx), &ctx->principal,
                                          kc_path_param(ctx, "id"), &out, pb);
    return respond_list(ctx, st, out);
}
