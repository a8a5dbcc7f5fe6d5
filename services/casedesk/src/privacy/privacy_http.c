#include "privacy/privacy_http.h"

#include <stdlib.h>
#include "casedesk_http.h"
#include "privacy/privacy_service.h"

static const char *const privacy_q_kinds[] = {"export", "erasure", NULL};

static const kc_field privacy_list_query[] = {
    {.name = "kind", .type = KC_T_STRING, .enum_values = privacy_q_kinds},
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
};

kc_status privacy_http_export(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = privacy_service_export(casedesk_http_pool(ctx), &ctx->principal, body, &out, pb);
    if (st != KC_OK)
        goto out;
    /* personal data: no cache may keep it */
    kc_set_no_store(ctx);
    st = kc_respond_json(ctx, 200, out);
    out = NULL;
out:
    json_decref(body);
    json_decref(out);
    return st;
}

kc_status privacy_http_erase(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    int erased = 0;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = privacy_service_erase(casedesk_http_pool(ctx), &ctx->principal, body, &erased, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_json(ctx, 200, json_pack("{s:i}", "erased", erased));
out:
    json_decref(body);
    return st;
}

kc_status privacy_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    privacy_request *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, privacy_list_query, KC_NELEMS(privacy_list_query), &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    st = privacy_service_list(casedesk_http_pool(ctx), &ctx->principal, kc_query(ctx, "kind"),
                              &page, &items, &n, &next, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, privacy_request_to_json(&items[i]));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    free(items);
    return st;
}
