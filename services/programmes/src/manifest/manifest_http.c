#include "programmes_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/idempotency.h"
#include "koers/page.h"
#include "manifest/consultation_service.h"
#include "manifest/manifest_service.h"
#include "manifest/statement_service.h"

#define MANIFESTS_BASE  "/programmes/v1/manifests"
#define STATEMENTS_BASE "/programmes/v1/manifest-statements"
#define ROUNDS_BASE     "/programmes/v1/consultation-rounds"

/* Answers 200 with doc and a self link (the list has no pages), or the
 * problem; steals doc. */
static kc_status respond_list(kc_ctx *ctx, kc_status st, json_t *doc)
{
    char *self = NULL;

    if (st == KC_OK) {
        self = kc_self_url(ctx, NULL);
        json_object_set_new(doc, "_links",
                            json_pack("{s:{s:s}}", "self", "href", self != NULL ? self : ""));
        free(self);
    }
    return kc_respond_doc(ctx, st, doc);
}

/* A create under the path's :id with Idempotency-Key: 201 with Location
 * under base. */
typedef kc_status (*nested_create_fn)(kc_db_pool *pool, const kc_principal *p,
                                      const struct kc_idem *idem, const char *parent_id,
                                      const json_t *body, json_t **answer, int *replayed,
                                      kc_problem *pb);

static kc_status nested_create(kc_ctx *ctx, nested_create_fn fn, const char *base, kc_problem *pb)
{
    json_t *body = NULL, *answer = NULL;
    char id[37] = "";
    kc_idem idem;
    int replayed = 0;
    long long version = -1;
    kc_status st;

    st = kc_idem_from_ctx(ctx, &idem, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = fn(kc_ctx_pool(ctx), &ctx->principal, &idem, kc_path_param(ctx, "id"), body, &answer,
                &replayed, pb);
    if (st != KC_OK)
        goto out;
    if (replayed)
        kc_set_header(ctx, "Idempotent-Replayed", "true");
    snprintf(id, sizeof(id), "%s", json_string_value(json_object_get(answer, "id")));
    if (json_is_integer(json_object_get(answer, "version")))
        version = json_integer_value(json_object_get(answer, "version"));
    st = kc_respond_resource(ctx, 201, answer, version, base, id);
    answer = NULL;
out:
    json_decref(answer);
    json_decref(body);
    return st;
}

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
    return nested_create(ctx, manifest_service_create, MANIFESTS_BASE, pb);
}

kc_status manifest_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    json_t *items = NULL;
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st == KC_OK)
        st = manifest_service_list(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                   &page, &items, &next, pb);
    if (st == KC_OK)
        st = kc_respond_page(ctx, items, &next);
    return st;
}

kc_status manifest_http_move(kc_ctx *ctx, kc_problem *pb)
{
    return kc_respond_action(ctx, manifest_service_move, pb);
}

kc_status statement_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return nested_create(ctx, statement_service_create, STATEMENTS_BASE, pb);
}

kc_status statement_http_list(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = statement_service_list(kc_ctx_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                    &out, pb);
    return respond_list(ctx, st, out);
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
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = statement_service_revisions(kc_ctx_pool(ctx), &ctx->principal,
                                         kc_path_param(ctx, "id"), &out, pb);
    return respond_list(ctx, st, out);
}

kc_status round_http_open(kc_ctx *ctx, kc_problem *pb)
{
    return nested_create(ctx, consultation_service_open, ROUNDS_BASE, pb);
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
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = consultation_service_rounds(kc_ctx_pool(ctx), &ctx->principal,
                                         kc_path_param(ctx, "id"), &out, pb);
    return respond_list(ctx, st, out);
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
    return respond_list(ctx, st, out);
}

kc_status manifest_http_comments(kc_ctx *ctx, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st;

    st = kc_validate_query(ctx, figures_query, 1, pb);
    if (st == KC_OK)
        st = consultation_service_comments(kc_ctx_pool(ctx), &ctx->principal,
                                           kc_path_param(ctx, "id"), round_of(ctx), &out, pb);
    return respond_list(ctx, st, out);
}
