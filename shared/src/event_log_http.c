#include "koers/event_log.h"

#include "koers/http.h"
#include "koers/page.h"

#define EVENT_LIMIT_DEFAULT 100
#define EVENT_LIMIT_MAX     1000

static const kc_field event_query[] = {
    {.name = "after", .type = KC_T_INT, .min = 0, .max = 9223372036854775807LL},
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = EVENT_LIMIT_MAX},
};

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
    int has_more = 0, limit = 0;
    long long after = 0;
    json_t *arr = NULL;
    kc_status st;

    st = kc_after_page_read(ctx, event_query, KC_NELEMS(event_query), EVENT_LIMIT_DEFAULT, &after,
                            &limit, pb);
    if (st == KC_OK)
        st = event_page(ctx, after, limit, &items, &n, &has_more, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, kc_event_log_entry_to_json(&items[i]));
    st = kc_respond_after_page(ctx, arr, after, limit, NULL, has_more && n > 0,
                               n > 0 ? items[n - 1].seq : 0, pb);
out:
    kc_event_log_free(items, n);
    return st;
}
