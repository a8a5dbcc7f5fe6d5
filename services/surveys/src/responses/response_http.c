#include "surveys_http.h"

#include "responses/response_service.h"

kc_status response_http_invite(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *answer = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = response_service_invite(surveys_http_pool(ctx), &ctx->principal,
                                     kc_path_param(ctx, "id"), body, &answer, pb);
    if (st == KC_OK) {
        /* the tokens are seen once: never cached anywhere */
        kc_set_no_store(ctx);
        st = kc_respond_resource(ctx, 201, answer, -1, NULL, NULL);
    }
    json_decref(body);
    return st;
}

kc_status response_http_invitation_survey(kc_ctx *ctx, kc_problem *pb)
{
    survey s;
    kc_status st;

    st = response_service_token_survey(surveys_http_pool(ctx), kc_path_param(ctx, "token"), &s, pb);
    if (st == KC_OK) {
        kc_set_no_store(ctx);
        st = kc_respond_resource(ctx, 200, survey_to_json(&s, 1), -1, NULL, NULL);
        survey_clear(&s);
    }
    return st;
}

static kc_status response_received(kc_ctx *ctx)
{
    return kc_respond_resource(ctx, 201, json_pack("{s:s}", "status", "received"), -1, NULL, NULL);
}

kc_status response_http_submit_token(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = response_service_submit_token(surveys_http_pool(ctx), body, pb);
    if (st == KC_OK)
        st = response_received(ctx);
    json_decref(body);
    return st;
}

kc_status response_http_submit_open(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = response_service_submit_open(surveys_http_pool(ctx), &ctx->principal,
                                          kc_path_param(ctx, "id"), body, pb);
    if (st == KC_OK)
        st = response_received(ctx);
    json_decref(body);
    return st;
}
