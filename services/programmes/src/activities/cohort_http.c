#include "programmes_http.h"

#include <stdlib.h>
#include "activities/buddy_service.h"
#include "activities/cohort_service.h"

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

kc_status cohort_http_members(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = cohort_service_members(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                    &out, pb);
    return respond_list(ctx, st, out);
}

kc_status cohort_http_put_member(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    int added = 0;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = cohort_service_put_member(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                       kc_path_param(ctx, "personId"), body, &out, &added, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, added ? 201 : 200, out, -1, NULL, NULL);
    json_decref(body);
    return st;
}

kc_status cohort_http_remove_member(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = cohort_service_remove_member(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                      kc_path_param(ctx, "personId"), pb);
    if (st == KC_OK)
        st = kc_respond_empty(ctx, 204);
    return st;
}

kc_status buddy_http_create(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = buddy_service_create(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), body,
                                  &out, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 201, out, -1, NULL, NULL);
    json_decref(body);
    return st;
}

kc_status buddy_http_propose(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = buddy_service_propose(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &out,
                               pb);
    return kc_respond_doc(ctx, st, out);
}

kc_status buddy_http_accept(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = buddy_service_accept(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), body,
                                  &out, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 201, out, -1, NULL, NULL);
    json_decref(body);
    return st;
}

kc_status buddy_http_list(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = buddy_service_list(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &out,
                                pb);
    return respond_list(ctx, st, out);
}

kc_status buddy_http_end(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = buddy_service_end(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &out, pb);
    return kc_respond_doc(ctx, st, out);
}

kc_status buddy_http_checkins(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = buddy_service_checkins(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                    &out, pb);
    return respond_list(ctx, st, out);
}

kc_status buddy_http_add_checkin(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = buddy_service_add_checkin(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                       body, &out, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 201, out, -1, NULL, NULL);
    json_decref(body);
    return st;
}
