#include "processes_http.h"

#include "koers/page.h"
#include "kpis/measurement_service.h"

kc_status measurement_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create_on(ctx, measurement_service_create, NULL, pb);
}

kc_status measurement_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    json_t *items = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st == KC_OK)
        st = measurement_service_list(processes_http_pool(ctx), &ctx->principal,
                                      kc_path_param(ctx, "id"), &page, &items, &next, pb);
    if (st == KC_OK)
        st = kc_respond_page(ctx, items, &next);
    return st;
}

kc_status measurement_http_delete(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = measurement_service_delete(processes_http_pool(ctx), &ctx->principal,
                                    kc_path_param(ctx, "id"), kc_path_param(ctx, "measurementId"),
                                    pb);
    if (st == KC_OK)
        st = kc_respond_empty(ctx, 204);
    return st;
}
