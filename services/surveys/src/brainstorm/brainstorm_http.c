#include "surveys_http.h"

#include <stdio.h>
#include <stdlib.h>
#include "brainstorm/brainstorm_service.h"

#define BRAINSTORM_BASE "/surveys/v1/brainstorm-sessions"

kc_status brainstorm_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    brainstorm_session *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st == KC_OK)
        st = brainstorm_service_list(surveys_http_pool(ctx), &ctx->principal, &page, &items, &n,
                                     &next, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, brainstorm_session_to_json(&items[i], 0));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    for (i = 0; i < n; i++)
        brainstorm_session_clear(&items[i]);
    free(items);
    return st;
}

kc_status brainstorm_http_create(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    brainstorm_session s = {0};
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = brainstorm_service_create(surveys_http_pool(ctx), &ctx->principal, body, &s, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 201, brainstorm_session_to_json(&s, 1), -1, BRAINSTORM_BASE,
                                 s.id);
    brainstorm_session_clear(&s);
    json_decref(body);
    return st;
}

kc_status brainstorm_http_get(kc_ctx *ctx, kc_problem *pb)
{
    brainstorm_session s = {0};
    kc_status st;

    st = brainstorm_service_get(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                &s, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, brainstorm_session_to_json(&s, 1), -1, NULL, NULL);
    brainstorm_session_clear(&s);
    return st;
}

kc_status brainstorm_http_add_item(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    brainstorm_item it = {0};
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = brainstorm_service_add_item(surveys_http_pool(ctx), &ctx->principal,
                                         kc_path_param(ctx, "id"), body, &it, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 201, brainstorm_item_to_json(&it), -1, NULL, NULL);
    brainstorm_item_clear(&it);
    json_decref(body);
    return st;
}

kc_status brainstorm_http_vote(kc_ctx *ctx, kc_problem *pb)
{
    brainstorm_item it = {0};
    kc_status st;

    st = brainstorm_service_vote(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                 kc_path_param(ctx, "itemId"), &it, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, brainstorm_item_to_json(&it), -1, NULL, NULL);
    brainstorm_item_clear(&it);
    return st;
}

kc_status brainstorm_http_promote(kc_ctx *ctx, kc_problem *pb)
{
    brainstorm_item it = {0};
    kc_status st;

    st =
        brainstorm_service_promote(surveys_http_pool(ctx), &ctx->principal,
                                   kc_path_param(ctx, "id"), kc_path_param(ctx, "itemId"), &it, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 201, brainstorm_item_to_json(&it), -1,
                                 "/surveys/v1/core-values", it.core_value_id);
    brainstorm_item_clear(&it);
    return st;
}
