#include "notifications_http.h"

#include "dispatch/delivery_log_service.h"
#include "koers/page.h"

/* The query of a subscription's deliveries log. */
static const kc_field delivery_log_fields[] = {
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
    {.name = "state", .type = KC_T_STRING, .enum_values = delivery_states},
    {.name = "from", .type = KC_T_STRING, .format = KC_FMT_DATETIME},
    {.name = "to", .type = KC_T_STRING, .format = KC_FMT_DATETIME},
};

kc_status delivery_log_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    json_t *items = NULL;
    kc_status st;

    st = kc_page_query(ctx, delivery_log_fields, KC_NELEMS(delivery_log_fields), &kp, &page, pb);
    if (st == KC_OK)
        st = delivery_log_service_list(
            kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "uuid"), kc_query(ctx, "state"),
            kc_query(ctx, "from"), kc_query(ctx, "to"), &page, &items, &next, pb);
    if (st == KC_OK)
        st = kc_respond_page(ctx, items, &next);
    return st;
}

kc_status delivery_log_http_get(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_get_on(ctx, delivery_log_service_get, pb);
}

kc_status delivery_log_http_resend(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = delivery_log_service_resend(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                     &out, pb);
    if (st == KC_OK)
        st = kc_respond_json(ctx, 202, out);
    return st;
}

kc_status delivery_log_http_replay(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = delivery_log_service_replay(kc_ctx_pool(ctx), &ctx->principal,
                                         kc_path_param(ctx, "uuid"), body, &out, pb);
    if (st == KC_OK)
        st = kc_respond_json(ctx, 202, out);
    json_decref(body);
    return st;
}
