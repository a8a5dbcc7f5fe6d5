#include "koers/http.h"
#include "koers/idempotency.h"
#include "koers/page.h"
#include "koers/resource.h"

/* The generic handlers of the resource kit: decode the request, call the
 * kit's service, answer. The route's arg is the resource. */

static const kc_resource *resource_of(const kc_ctx *ctx)
{
    return ctx->route->arg;
}

/* At most this many query parameters: limit, cursor and the filters. */
#define RESOURCE_MAX_QUERY 18

kc_status kc_resource_http_list(kc_ctx *ctx, kc_problem *pb)
{
    const kc_resource *res = resource_of(ctx);
    kc_field fields[RESOURCE_MAX_QUERY];
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    json_t *filters = NULL, *items = NULL;
    const char *v;
    size_t n, i;
    kc_status st;

    n = kc_resource_query_fields(res, fields, RESOURCE_MAX_QUERY);
    if (n > RESOURCE_MAX_QUERY) {
        st = kc_problem_set(pb, KC_INTERNAL, "resource %s has too many filters", res->noun);
        goto out;
    }
    st = kc_page_query(ctx, fields, n, &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    filters = json_object();
    for (i = 2; filters != NULL && i < n; i++)
        if ((v = kc_query(ctx, fields[i].name)) != NULL)
            json_object_set_new(filters, fields[i].name, json_string(v));
    st = kc_resource_list(kc_ctx_pool(ctx), res, ctx->principal.tenant_id, filters, &page, &items,
                          &next, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_page(ctx, items, &next);
    items = NULL;
out:
    json_decref(items);
    json_decref(filters);
    return st;
}

kc_status kc_resource_http_create(kc_ctx *ctx, kc_problem *pb)
{
    const kc_resource *res = resource_of(ctx);
    kc_idem idem;
    json_t *body = NULL, *row = NULL;
    long long version = -1;
    int replayed = 0;
    kc_status st;

    st = kc_idem_from_ctx(ctx, &idem, pb);
    if (st == KC_OK)
        st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = kc_resource_create(kc_ctx_pool(ctx), res, &ctx->principal, &idem, body, &row, &version,
                                &replayed, pb);
    if (st != KC_OK)
        goto out;
    if (replayed)
        kc_set_header(ctx, "Idempotent-Replayed", "true");
    st = kc_respond_resource(ctx, 201, row, version, res->path,
                             json_string_value(json_object_get(row, "id")));
    row = NULL;
out:
    json_decref(row);
    json_decref(body);
    return st;
}

kc_status kc_resource_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *row = NULL;
    long long version = -1;
    kc_status st;

    st = kc_resource_get(kc_ctx_pool(ctx), resource_of(ctx), ctx->principal.tenant_id,
                         kc_path_param(ctx, "id"), &row, &version, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, row, version, NULL, NULL);
    else
        json_decref(row);
    return st;
}

/* PATCH (merge, replace = 0) or PUT (replace = 1) of the route's :id: the
 * body and If-Match read alike, the row answered with its new ETag. */
static kc_status write_one(kc_ctx *ctx, int replace, kc_problem *pb)
{
    json_t *body = NULL, *row = NULL;
    long long if_match = -1, version = -1;
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st == KC_OK && replace)
        st = kc_resource_replace(kc_ctx_pool(ctx), resource_of(ctx), &ctx->principal,
                                 kc_path_param(ctx, "id"), body, if_match, &row, &version, pb);
    else if (st == KC_OK)
        st = kc_resource_update(kc_ctx_pool(ctx), resource_of(ctx), &ctx->principal,
                                kc_path_param(ctx, "id"), body, if_match, &row, &version, pb);
    if (st == KC_OK) {
        st = kc_respond_resource(ctx, 200, row, version, NULL, NULL);
        row = NULL;
    }
    json_decref(row);
    json_decref(body);
    return st;
}

kc_status kc_resource_http_update(kc_ctx *ctx, kc_problem *pb)
{
    return write_one(ctx, 0, pb);
}

kc_status kc_resource_http_replace(kc_ctx *ctx, kc_problem *pb)
{
    return write_one(ctx, 1, pb);
}

kc_status kc_resource_http_delete(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = kc_resource_delete(kc_ctx_pool(ctx), resource_of(ctx), &ctx->principal,
                            kc_path_param(ctx, "id"), pb);
    if (st == KC_OK)
        st = kc_respond_empty(ctx, 204);
    return st;
}
