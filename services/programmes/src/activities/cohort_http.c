#include "programmes_http.h"

#include "activities/buddy_service.h"
#include "activities/cohort_service.h"

kc_status cohort_http_members(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_items_on(ctx, cohort_service_members, pb);
}

kc_status cohort_http_put_member(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_put_member(ctx, "personId", cohort_service_put_member, pb);
}

kc_status cohort_http_remove_member(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_remove_member(ctx, "personId", cohort_service_remove_member, pb);
}

kc_status buddy_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_post_on(ctx, 201, buddy_service_create, pb);
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
    return kc_http_post_on(ctx, 201, buddy_service_accept, pb);
}

kc_status buddy_http_list(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_items_on(ctx, buddy_service_list, pb);
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
    return kc_http_items_on(ctx, buddy_service_checkins, pb);
}

kc_status buddy_http_add_checkin(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_post_on(ctx, 201, buddy_service_add_checkin, pb);
}
