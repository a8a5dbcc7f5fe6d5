#include "processes_http.h"

#include "koers/idempotency.h"
#include "backlog/bottleneck_service.h"
#include "processes_resources.h"

kc_status bottleneck_http_create(kc_ctx *ctx, kc_problem *pb)
{
    kc_idem idem;
    json_t *body = NULL, *row = NULL;
    long long version = -1;
    int replayed = 0;
    kc_status st;

    st = kc_idem_from_ctx(ctx, &idem, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = bottleneck_service_create(processes_http_pool(ctx), &ctx->principal, &idem, body, &row,
                                       &version, &replayed, pb);
    if (st != KC_OK)
        goto out;
    if (replayed)
        kc_set_header(ctx, "Idempotent-Replayed", "true");
    st = kc_respond_resource(ctx, 201, row, version, bottleneck_resource.path,
                             json_string_value(json_object_get(row, "id")));
    row = NULL;
out:
    json_decref(row);
    json_decref(body);
    return st;
}

kc_status bottleneck_http_decide(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, bottleneck_service_decide, pb);
}
