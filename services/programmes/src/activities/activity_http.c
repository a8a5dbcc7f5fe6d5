#include "programmes_http.h"

#include <stdlib.h>
#include "activities/activity_service.h"

kc_status activity_http_move(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, activity_service_move, pb);
}

kc_status activity_http_participants(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    char *self = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = activity_service_participants(kc_ctx_pool(ctx), &ctx->principal,
                                           kc_path_param(ctx, "id"), &out, pb);
    if (st == KC_OK) {
        self = kc_self_url(ctx, NULL);
        json_object_set_new(out, "_links",
                            json_pack("{s:{s:s}}", "self", "href", self != NULL ? self : ""));
        free(self);
    }
    return kc_respond_doc(ctx, st, out);
}

kc_status activity_http_put_participant(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    int added = 0;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = activity_service_put_participant(
            kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
            kc_path_param(ctx, "personId"), body, &out, &added, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, added ? 201 : 200, out, -1, NULL, NULL);
    json_decref(body);
    return st;
}

kc_status activity_http_register(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    int added = 0;
    kc_status st;

    st = activity_service_register(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                   &out, &added, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, added ? 201 : 200, out, -1, NULL, NULL);
    return st;
}

kc_status activity_http_unregister(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = activity_service_unregister(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                     pb);
    if (st == KC_OK)
        st = kc_respond_empty(ctx, 204);
    return st;
}

kc_status activity_http_progress(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = activity_service_progress(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                       body, &out, pb);
    json_decref(body);
    return kc_respond_doc(ctx, st, out);
}

kc_status activity_http_attendance(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = activity_service_attendance(kc_ctx_pool(ctx), &ctx->principal,
                                         kc_path_param(ctx, "id"), &out, pb);
    return kc_respond_doc(ctx, st, out);
}
