#include "processes_http.h"

#include "koers/page.h"
#include "kpis/measurement_service.h"

kc_status measurement_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create_on(ctx, measurement_service_create, NULL, pb);
}

kc_status measurement_http_list(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_list_on(ctx, measurement_service_list, pb);
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
