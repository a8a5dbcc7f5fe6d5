#include "programmes_http.h"

#include "activities/activity_service.h"

kc_status activity_http_move(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, activity_service_move, pb);
}

kc_status activity_http_participants(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_items_on(ctx, activity_service_participants, pb);
}

kc_status activity_http_put_participant(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_put_member(ctx, "personId", activity_service_put_participant, pb);
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
    return kc_http_post_on(ctx, 200, activity_service_progress, pb);
}

kc_status activity_http_attendance(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_get_on(ctx, activity_service_attendance, pb);
}
