#include "surveys_http.h"

#include <stdlib.h>
#include <string.h>
#include "core_value_service.h"

#define CORE_VALUE_BASE "/surveys/v1/core-values"

kc_status core_value_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    core_value *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    st = core_value_service_list(surveys_http_pool(ctx), &ctx->principal, &page, &items, &n, &next,
                                 pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, core_value_to_json(&items[i]));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    free(items);
    return st;
}

kc_status core_value_http_create(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *answer = NULL;
    kc_idem idem;
    int http_status = 201, replayed = 0;
    const char *id;
    kc_status st;

    memset(&idem, 0, sizeof(idem));
    st = kc_idem_from_ctx(ctx, &idem, pb);
    if (st != KC_OK)
        goto out;
    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = core_value_service_create(surveys_http_pool(ctx), &ctx->principal, &idem, body,
                                   &http_status, &answer, &replayed, pb);
    if (st != KC_OK)
        goto out;
    id = json_string_value(json_object_get(answer, "id"));
    if (replayed)
        kc_set_header(ctx, "Idempotent-Replayed", "true");
    st =
        kc_respond_resource(ctx, http_status, answer, 1, id ? CORE_VALUE_BASE : NULL, id ? id : "");
    answer = NULL;
out:
    json_decref(answer);
    json_decref(body);
    return st;
}

kc_status core_value_http_get(kc_ctx *ctx, kc_problem *pb)
{
    core_value v;
    kc_status st;

    st = core_value_service_get(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                &v, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, core_value_to_json(&v), v.version, NULL, NULL);
    return st;
}

kc_status core_value_http_update(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    long long if_match = -1;
    core_value v;
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st == KC_OK)
        st = core_value_service_update(surveys_http_pool(ctx), &ctx->principal,
                                       kc_path_param(ctx, "id"), body, if_match, &v, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, core_value_to_json(&v), v.version, NULL, NULL);
    json_decref(body);
    return st;
}

kc_status core_value_http_delete(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = core_value_service_delete(surveys_http_pool(ctx), &ctx->principal,
                                   kc_path_param(ctx, "id"), pb);
    if (st == KC_OK)
        st = kc_respond_empty(ctx, 204);
    return st;
}
