#include "casedesk_http.h"

#include <stdlib.h>
#include "category_service.h"

#define CATEGORY_BASE "/casedesk/v1/categories"

kc_status category_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    category *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    st = category_service_list(casedesk_http_pool(ctx), &ctx->principal, &page, &items, &n, &next,
                               pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, category_to_json(&items[i]));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    free(items);
    return st;
}

kc_status category_http_create(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    category c;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = category_service_create(casedesk_http_pool(ctx), &ctx->principal, body, &c, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 201, category_to_json(&c), c.version, CATEGORY_BASE, c.id);
out:
    json_decref(body);
    return st;
}

kc_status category_http_get(kc_ctx *ctx, kc_problem *pb)
{
    category c;
    kc_status st;

    st = category_service_get(casedesk_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                              &c, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 200, category_to_json(&c), c.version, NULL, NULL);
out:
    return st;
}

kc_status category_http_update(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    long long if_match = -1;
    category c;
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st != KC_OK)
        goto out;
    st = category_service_update(casedesk_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                 body, if_match, &c, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 200, category_to_json(&c), c.version, NULL, NULL);
out:
    json_decref(body);
    return st;
}

kc_status category_http_delete(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = category_service_delete(casedesk_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                 pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_empty(ctx, 204);
out:
    return st;
}
