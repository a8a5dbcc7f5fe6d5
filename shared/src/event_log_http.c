#include "koers/event_log.h"

#include <stdio.h>
#include <stdlib.h>
#include "koers/http.h"

#define EVENT_LIMIT_DEFAULT 100
#define EVENT_LIMIT_MAX     1000

static const kc_field event_query[] = {
    {.name = "after", .type = KC_T_INT, .min = 0, .max = 9223372036854775807LL},
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = EVENT_LIMIT_MAX},
};

/* {"href": the events URL with after and limit} (new reference). */
static json_t *event_link(const kc_ctx *ctx, long long after, int limit)
{
    char query[64];
    char *url = NULL;
    json_t *link = NULL;

    snprintf(query, sizeof(query), "after=%lld&limit=%d", after, limit);
    url = kc_self_url(ctx, query);
    if (url != NULL)
        link = json_pack("{s:s}", "href", url);
    free(url);
    return link;
}

/* The tenant's page of the schema's outbox (the route's argument). */
static kc_status event_page(kc_ctx *ctx, long long after, int limit, kc_event_log_entry **items,
                            size_t *n, int *has_more, kc_problem *pb)
{
    struct kc_db_pool *pool = kc_ctx_pool(ctx);
    kc_db_conn *conn = NULL;
    kc_status st;

    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_event_log_page(conn, (const char *)ctx->route->arg, ctx->principal.tenant_id, after,
                               limit, items, n, has_more, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status kc_event_log_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_event_log_entry *items = NULL;
    size_t n = 0, i;
    int has_more = 0, limit = EVENT_LIMIT_DEFAULT;
    long long after = 0;
    const char *v;
    json_t *arr = NULL, *links = NULL, *body = NULL;
    kc_status st;

    st = kc_validate_query(ctx, event_query, KC_NELEMS(event_query), pb);
    if (st != KC_OK)
        goto out;
    if ((v = kc_query(ctx, "after")) != NULL)
        after = strtoll(v, NULL, 10);
    if ((v = kc_query(ctx, "limit")) != NULL)
        limit = (int)strtol(v, NULL, 10);
    st = event_page(ctx, after, limit, &items, &n, &has_more, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    links = json_object();
    if (arr == NULL || links == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < n; i++)
        json_array_append_new(arr, kc_event_log_entry_to_json(&items[i]));
    json_object_set_new(links, "self", event_link(ctx, after, limit));
    if (has_more && n > 0)
        json_object_set_new(links, "next", event_link(ctx, items[n - 1].seq, limit));
    body = json_pack("{s:o, s:o}", "items", arr, "_links", links);
    arr = links = NULL;
    st = kc_respond_json(ctx, 200, body);
out:
    json_decref(arr);
    json_decref(links);
    kc_event_log_free(items, n);
    return st;
}
