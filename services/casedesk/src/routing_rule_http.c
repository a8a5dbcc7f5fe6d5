#include "casedesk_http.h"

#include "routing_rule_service.h"

#define RULE_BASE "/casedesk/v1/routing-rules"

kc_status routing_rule_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    routing_rule *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    st = routing_rule_service_list(casedesk_http_pool(ctx), &ctx->principal, &page, &items, &n,
                                   &next, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, routing_rule_to_json(&items[i]));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    routing_rule_array_free(items, n);
    return st;
}

kc_status routing_rule_http_create(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    routing_rule o = {0};
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = routing_rule_service_create(casedesk_http_pool(ctx), &ctx->principal, body, &o, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 201, routing_rule_to_json(&o), o.version, RULE_BASE, o.id);
out:
    routing_rule_clear(&o);
    json_decref(body);
    return st;
}

kc_status routing_rule_http_get(kc_ctx *ctx, kc_problem *pb)
{
    routing_rule o = {0};
    kc_status st;

    st = routing_rule_service_get(casedesk_http_pool(ctx), &ctx->principal,
                                  kc_path_param(ctx, "id"), &o, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 200, routing_rule_to_json(&o), o.version, NULL, NULL);
out:
    routing_rule_clear(&o);
    return st;
}

kc_status routing_rule_http_update(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    long long if_match = -1;
    routing_rule o = {0};
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st != KC_OK)
        goto out;
    st = routing_rule_service_update(casedesk_http_pool(ctx), &ctx->principal,
                                     kc_path_param(ctx, "id"), body, if_match, &o, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 200, routing_rule_to_json(&o), o.version, NULL, NULL);
out:
    routing_rule_clear(&o);
    json_decref(body);
    return st;
}

kc_status routing_rule_http_delete(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = routing_rule_service_delete(casedesk_http_pool(ctx), &ctx->principal,
                                     kc_path_param(ctx, "id"), pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_empty(ctx, 204);
out:
    return st;
}
