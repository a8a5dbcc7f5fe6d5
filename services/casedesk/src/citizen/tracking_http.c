#include "citizen/tracking_http.h"

#include "casedesk_http.h"
#include "citizen/tracking_service.h"

/* What the token shows is the citizen's alone: no shared cache keeps it. */
static void tracking_no_store(kc_ctx *ctx)
{
    kc_set_no_store(ctx);
}

/* Answers body (stolen) with no-store; KC_INTERNAL when NULL. */
static kc_status tracking_respond(kc_ctx *ctx, int http_status, json_t *body, kc_problem *pb)
{
    if (body == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    tracking_no_store(ctx);
    return kc_respond_json(ctx, http_status, body);
}

kc_status tracking_http_view(kc_ctx *ctx, kc_problem *pb)
{
    tracking_view v = {0};
    kc_status st;

    st = tracking_service_view(casedesk_http_pool(ctx), kc_path_param(ctx, "token"), &v, pb);
    if (st == KC_OK)
        st = tracking_respond(ctx, 200, tracking_view_to_json(&v), pb);
    tracking_view_clear(&v);
    return st;
}

kc_status tracking_http_message(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *answer = NULL;
    tracking_message m = {0};
    int resumed = 0;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = tracking_service_message(casedesk_http_pool(ctx), kc_path_param(ctx, "token"), body, &m,
                                  &resumed, pb);
    if (st != KC_OK)
        goto out;
    answer = tracking_message_to_json(&m);
    if (answer != NULL)
        json_object_set_new(answer, "resumed", json_boolean(resumed));
    st = tracking_respond(ctx, 201, answer, pb);
    answer = NULL;
out:
    json_decref(answer);
    json_decref(body);
    tracking_message_clear(&m);
    return st;
}

kc_status tracking_http_feedback(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *answer = NULL;
    tracking_feedback f = {0};
    int reopen_requested = 0;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = tracking_service_feedback(casedesk_http_pool(ctx), kc_path_param(ctx, "token"), body, &f,
                                   &reopen_requested, pb);
    if (st != KC_OK)
        goto out;
    answer = tracking_feedback_to_json(&f);
    if (answer != NULL)
        json_object_set_new(answer, "reopenRequested", json_boolean(reopen_requested));
    st = tracking_respond(ctx, 201, answer, pb);
    answer = NULL;
out:
    json_decref(answer);
    json_decref(body);
    tracking_feedback_clear(&f);
    return st;
}
