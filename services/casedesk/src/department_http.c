#include "department_http.h"

#include "casedesk_http.h"
#include "department_service.h"

#define DEPARTMENT_BASE "/casedesk/v1/departments"

kc_status department_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    department *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    st = department_service_list(casedesk_http_pool(ctx), &ctx->principal, &page, &items, &n, &next,
                                 pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, department_to_json(&items[i]));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    department_array_free(items, n);
    return st;
}

kc_status department_http_create(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    department d = {0};
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = department_service_create(casedesk_http_pool(ctx), &ctx->principal, body, &d, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 201, department_to_json(&d), d.version, DEPARTMENT_BASE, d.id);
out:
    department_clear(&d);
    json_decref(body);
    return st;
}

kc_status department_http_get(kc_ctx *ctx, kc_problem *pb)
{
    department d = {0};
    kc_status st;

    st = department_service_get(casedesk_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                &d, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 200, department_to_json(&d), d.version, NULL, NULL);
out:
    department_clear(&d);
    return st;
}

kc_status department_http_update(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    long long if_match = -1;
    department d = {0};
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st != KC_OK)
        goto out;
    st = department_service_update(casedesk_http_pool(ctx), &ctx->principal,
                                   kc_path_param(ctx, "id"), body, if_match, &d, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_resource(ctx, 200, department_to_json(&d), d.version, NULL, NULL);
out:
    department_clear(&d);
    json_decref(body);
    return st;
}

kc_status department_http_delete(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = department_service_delete(casedesk_http_pool(ctx), &ctx->principal,
                                   kc_path_param(ctx, "id"), pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_empty(ctx, 204);
out:
    return st;
}
