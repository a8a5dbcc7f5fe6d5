#include "official_http.h"

#include "casedesk_http.h"
#include "official_service.h"

#define OFFICIAL_BASE "/casedesk/v1/officials"

kc_status official_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    official *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    st = official_service_list(casedesk_http_pool(ctx), &ctx->principal, &page, &items, &n, &next,
                               pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, official_to_json(&items[i]));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    official_array_free(items, n);
    return st;
}

kc_status official_http_create(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    official o = {0};
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = official_service_create(casedesk_http_pool(ctx), &ctx->principal, body, &o, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 201, official_to_json(&o), o.version, OFFICIAL_BASE, o.id);
out:
    official_clear(&o);
    json_decref(body);
    return st;
}

kc_status official_http_get(kc_ctx *ctx, kc_problem *pb)
{
    official o = {0};
    kc_status st;

    st = official_service_get(casedesk_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                              &o, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 200, official_to_json(&o), o.version, NULL, NULL);
out:
    official_clear(&o);
    return st;
}

kc_status official_http_update(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    long long if_match = -1;
    official o = {0};
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st != KC_OK)
        goto out;
    st = official_service_update(casedesk_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                 body, if_match, &o, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 200, official_to_json(&o), o.version, NULL, NULL);
out:
    official_clear(&o);
    json_decref(body);
    return st;
}
