#include "citizen/reopen_request_http.h"

#include "casedesk_http.h"
#include "citizen/reopen_request_service.h"

static const char *const reopen_q_statuses[] = {"pending", "accepted", "declined", NULL};

static const kc_field reopen_list_query[] = {
    {.name = "status", .type = KC_T_STRING, .enum_values = reopen_q_statuses},
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
};

static kc_status reopen_respond(kc_ctx *ctx, const reopen_request *r)
{
    return kc_respond_resource(ctx, 200, reopen_request_to_json(r), r->version, NULL, NULL);
}

/* The body of a decision: a JSON object, or none at all (read as {}). */
static kc_status reopen_read_body(const kc_ctx *ctx, json_t **body, kc_problem *pb)
{
    if (ctx->req->binary_body == NULL || ctx->req->binary_body_length == 0) {
        *body = json_object();
        return *body != NULL ? KC_OK : kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    return kc_read_json_body(ctx, body, pb);
}

kc_status reopen_request_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    reopen_request *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, reopen_list_query, KC_NELEMS(reopen_list_query), &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    st = reopen_request_service_list(casedesk_http_pool(ctx), &ctx->principal,
                                     kc_query(ctx, "status"), &page, &items, &n, &next, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, reopen_request_to_json(&items[i]));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    reopen_request_array_free(items, n);
    return st;
}

kc_status reopen_request_http_get(kc_ctx *ctx, kc_problem *pb)
{
    reopen_request r = {0};
    kc_status st;

    st = reopen_request_service_get(casedesk_http_pool(ctx), &ctx->principal,
                                    kc_path_param(ctx, "id"), &r, pb);
    if (st == KC_OK)
        st = reopen_respond(ctx, &r);
    reopen_request_clear(&r);
    return st;
}

kc_status reopen_request_http_accept(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    long long if_match = -1;
    reopen_request r = {0};
    kc_status st;

    st = kc_if_match(ctx, &if_match, pb);
    if (st == KC_OK)
        st = reopen_read_body(ctx, &body, pb);
    if (st == KC_OK)
        st = reopen_request_service_accept(casedesk_http_pool(ctx), &ctx->principal,
                                           kc_path_param(ctx, "id"), body, if_match, &r, pb);
    if (st == KC_OK)
        st = reopen_respond(ctx, &r);
    reopen_request_clear(&r);
    json_decref(body);
    return st;
}

kc_status reopen_request_http_decline(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    long long if_match = -1;
    reopen_request r = {0};
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st == KC_OK)
        st = reopen_request_service_decline(casedesk_http_pool(ctx), &ctx->principal,
                                            kc_path_param(ctx, "id"), body, if_match, &r, pb);
    if (st == KC_OK)
        st = reopen_respond(ctx, &r);
    reopen_request_clear(&r);
    json_decref(body);
    return st;
}
