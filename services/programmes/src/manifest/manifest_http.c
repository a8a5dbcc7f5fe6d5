#include "programmes_http.h"

#include <stdlib.h>
#include "koers/page.h"
#include "manifest/consultation_service.h"
#include "manifest/manifest_service.h"
#include "manifest/statement_service.h"

#define MANIFESTS_BASE  "/programmes/v1/manifests"
#define STATEMENTS_BASE "/programmes/v1/manifest-statements"
#define ROUNDS_BASE     "/programmes/v1/consultation-rounds"

kc_status manifest_http_get_settings(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = manifest_service_settings(kc_ctx_pool(ctx), &ctx->principal, &out, pb);
    return kc_respond_doc(ctx, st, out);
}

kc_status manifest_http_put_settings(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = manifest_service_put_settings(kc_ctx_pool(ctx), &ctx->principal, body, &out, pb);
    json_decref(body);
    return kc_respond_doc(ctx, st, out);
}

kc_status manifest_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create_on(ctx, manifest_service_create, MANIFESTS_BASE, pb);
}

kc_status manifest_http_list(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_list_on(ctx, manifest_service_list, pb);
}

kc_status manifest_http_move(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, manifest_service_move, pb);
}

kc_status statement_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create_on(ctx, statement_service_create, STATEMENTS_BASE, pb);
}

kc_status statement_http_list(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_items_on(ctx, statement_service_list, pb);
}

kc_status statement_http_change(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, statement_service_change, pb);
}

kc_status statement_http_delete(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = statement_service_delete(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), pb);
    return st == KC_OK ? kc_respond_empty(ctx, 204) : st;
}

kc_status statement_http_revisions(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_items_on(ctx, statement_service_revisions, pb);
}

kc_status round_http_open(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create_on(ctx, consultation_service_open, ROUNDS_BASE, pb);
}

kc_status round_http_close(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = consultation_service_close(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                    &out, pb);
    return kc_respond_doc(ctx, st, out);
}

kc_status round_http_list(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_items_on(ctx, consultation_service_rounds, pb);
}

kc_status view_http_put(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL, *out = NULL;
    int added = 0;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = consultation_service_put_view(
            kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
            kc_path_param(ctx, "statementId"), body, &out, &added, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, added ? 201 : 200, out, -1, NULL, NULL);
    json_decref(body);
    return st;
}

static const char *const support_by[] = {"department", NULL};

static const kc_field figures_query[] = {
    {.name = "round", .type = KC_T_INT, .min = 1, .max = 100000},
    {.name = "by", .type = KC_T_STRING, .enum_values = support_by},
};

static int round_of(kc_ctx *ctx)
{
    const char *r = kc_query(ctx, "round");

    return r != NULL ? atoi(r) : 0;
}

kc_status manifest_http_support(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, figures_query, KC_NELEMS(figures_query), pb);
    if (st == KC_OK)
        st = consultation_service_support(kc_ctx_pool(ctx), &ctx->principal,
                                          kc_path_param(ctx, "id"), round_of(ctx),
                                          kc_query(ctx, "by") != NULL, &out, pb);
    return kc_respond_doc_self(ctx, st, out);
}

kc_status manifest_http_comments(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, figures_query, 1, pb);
    if (st == KC_OK)
        st = consultation_service_comments(kc_ctx_pool(ctx), &ctx->principal,
                                           kc_path_param(ctx, "id"), round_of(ctx), &out, pb);
    return kc_respond_doc_self(ctx, st, out);
}
