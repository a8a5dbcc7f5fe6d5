#include "referrals/referral_http.h"

#include <stdio.h>
#include "casedesk_http.h"
#include "referrals/referral_service.h"

#define REFERRAL_BASE "/casedesk/v1/referrals"

static const char *const referral_http_statuses[] = {"open", "acknowledged", "answered",
                                                     "withdrawn", NULL};
static const char *const referral_http_bools[] = {"true", "false", NULL};

static const kc_field referral_list_query[] = {
    {.name = "status", .type = KC_T_STRING, .enum_values = referral_http_statuses},
    {.name = "officialId", .type = KC_T_STRING, .format = KC_FMT_UUID},
    {.name = "overdue", .type = KC_T_STRING, .enum_values = referral_http_bools},
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
};
static const kc_field referral_case_list_query[] = {
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
};

/* The JSON object body, or NULL when the request has none (actions whose
 * body is optional). */
static kc_status referral_http_optional_body(kc_ctx *ctx, json_t **body, kc_problem *pb)
{
    *body = NULL;
    if (ctx->req->binary_body_length == 0)
        return KC_OK;
    return kc_read_json_body(ctx, body, pb);
}

static kc_status referral_http_page(kc_ctx *ctx, const referral_query *q, const kc_field *fields,
                                    size_t nfields, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    referral *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, fields, nfields, &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    st = referral_service_list(casedesk_http_pool(ctx), &ctx->principal, q, &page, &items, &n,
                               &next, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, referral_to_json(&items[i], NULL));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    referral_array_free(items, n);
    return st;
}

kc_status referral_http_create(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *answer = NULL;
    referral r = {0};
    referral_link_out link = {0};
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = referral_service_create(casedesk_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                 body, &r, &link, pb);
    if (st != KC_OK)
        goto out;
    answer = referral_to_json(&r, &link);
    kc_absolute_hrefs(ctx, answer); /* responseLink.href */
    kc_set_no_store(ctx);           /* the one-time link's token */
    st = kc_respond_resource(ctx, 201, answer, r.version, REFERRAL_BASE, r.id);
    answer = NULL;
out:
    json_decref(answer);
    referral_clear(&r);
    json_decref(body);
    return st;
}

kc_status referral_http_list_case(kc_ctx *ctx, kc_problem *pb)
{
    referral_query q = {0};

    q.case_id = kc_path_param(ctx, "id");
    return referral_http_page(ctx, &q, referral_case_list_query,
                              KC_NELEMS(referral_case_list_query), pb);
}

kc_status referral_http_list(kc_ctx *ctx, kc_problem *pb)
{
    referral_query q = {0};

    q.status = kc_query(ctx, "status");
    q.official_id = kc_query(ctx, "officialId");
    q.overdue = kc_query(ctx, "overdue");
    return referral_http_page(ctx, &q, referral_list_query, KC_NELEMS(referral_list_query), pb);
}

kc_status referral_http_get(kc_ctx *ctx, kc_problem *pb)
{
    referral r = {0};
    kc_status st;

    st = referral_service_get(casedesk_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                              &r, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, referral_to_json(&r, NULL), r.version, NULL, NULL);
    referral_clear(&r);
    return st;
}

static kc_status referral_http_act(kc_ctx *ctx, referral_action action, kc_problem *pb)
{
    json_t *body = NULL;
    long long if_match = -1;
    referral r = {0};
    kc_status st;

    st = kc_if_match(ctx, &if_match, pb);
    if (st == KC_OK)
        st = referral_http_optional_body(ctx, &body, pb);
    if (st == KC_OK)
        st = referral_service_act(casedesk_http_pool(ctx), &ctx->principal,
                                  kc_path_param(ctx, "id"), action, body, if_match, &r, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, referral_to_json(&r, NULL), r.version, NULL, NULL);
    referral_clear(&r);
    json_decref(body);
    return st;
}

kc_status referral_http_acknowledge(kc_ctx *ctx, kc_problem *pb)
{
    return referral_http_act(ctx, REFERRAL_ACKNOWLEDGE, pb);
}

kc_status referral_http_answer(kc_ctx *ctx, kc_problem *pb)
{
    return referral_http_act(ctx, REFERRAL_ANSWER, pb);
}

kc_status referral_http_withdraw(kc_ctx *ctx, kc_problem *pb)
{
    return referral_http_act(ctx, REFERRAL_WITHDRAW, pb);
}

/* 410 Gone as application/problem+json (the status enum has no Gone: the
 * service says KC_NOT_FOUND with *gone set, and the detail). */
static kc_status referral_http_gone(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = kc_problem_to_json(pb, ctx->req->url_path);
    kc_status st;

    if (doc == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    json_object_set_new(doc, "type", json_string("https://koers.dev/problems/gone"));
    json_object_set_new(doc, "title", json_string("Gone"));
    json_object_set_new(doc, "status", json_integer(410));
    st = kc_respond_json(ctx, 410, doc);
    kc_set_header(ctx, "Content-Type", "application/problem+json");
    return st;
}

static kc_status referral_link_http_answer_with(kc_ctx *ctx, kc_status st, int gone,
                                                const referral_link_view *v, kc_problem *pb)
{
    if (st == KC_OK)
        return kc_respond_json(ctx, 200, referral_link_view_to_json(v));
    if (gone)
        return referral_http_gone(ctx, pb);
    return st;
}

kc_status referral_link_http_get(kc_ctx *ctx, kc_problem *pb)
{
    referral_link_view v = {0};
    int gone = 0;
    kc_status st;

    kc_set_no_store(ctx);
    st = referral_service_link_get(casedesk_http_pool(ctx), kc_path_param(ctx, "token"), &v, &gone,
                                   pb);
    st = referral_link_http_answer_with(ctx, st, gone, &v, pb);
    referral_link_view_clear(&v);
    return st;
}

static kc_status referral_link_http_act(kc_ctx *ctx, referral_action action, kc_problem *pb)
{
    referral_link_view v = {0};
    json_t *body = NULL;
    int gone = 0;
    kc_status st;

    kc_set_no_store(ctx);
    st = referral_http_optional_body(ctx, &body, pb);
    if (st == KC_OK)
        st = referral_service_link_act(casedesk_http_pool(ctx), kc_path_param(ctx, "token"), action,
                                       body, &v, &gone, pb);
    st = referral_link_http_answer_with(ctx, st, gone, &v, pb);
    referral_link_view_clear(&v);
    json_decref(body);
    return st;
}

kc_status referral_link_http_acknowledge(kc_ctx *ctx, kc_problem *pb)
{
    return referral_link_http_act(ctx, REFERRAL_ACKNOWLEDGE, pb);
}

kc_status referral_link_http_answer(kc_ctx *ctx, kc_problem *pb)
{
    return referral_link_http_act(ctx, REFERRAL_ANSWER, pb);
}
