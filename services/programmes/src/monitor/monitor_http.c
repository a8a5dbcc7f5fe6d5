#include "programmes_http.h"

#include <string.h>
#include "koers/page.h"
#include "koers/resource.h"
#include "monitor/coaching_service.h"
#include "monitor/lesson_service.h"
#include "monitor/monitor_service.h"
#include "programmes_resources.h"

/* The handlers of coaching, lessons and the monitor. */

static kc_db_pool *pool_of(const kc_ctx *ctx)
{
    return ((const programmes_app *)ctx->app)->pool;
}

static const kc_field lesson_search_fields[] = {
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
    {.name = "q", .type = KC_T_STRING, .required = 1, .max_len = LESSON_QUERY_MAX},
};

kc_status lesson_http_search(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    json_t *items = NULL;
    kc_status st;

    st = kc_page_query(ctx, lesson_search_fields, KC_NELEMS(lesson_search_fields), &kp, &page, pb);
    if (st == KC_OK)
        st = lesson_service_search(pool_of(ctx), &ctx->principal, kc_query(ctx, "q"), &page, &items,
                                   &next, pb);
    if (st == KC_OK)
        st = kc_respond_page(ctx, items, &next);
    return st;
}

/* GET /lessons/{id}, and GET /lessons/search should the router hand it to
 * this route (a path segment "search" is never a lesson's id). */
kc_status lesson_http_get(kc_ctx *ctx, kc_problem *pb)
{
    const char *id = kc_path_param(ctx, "id");

    if (id != NULL && strcmp(id, "search") == 0)
        return lesson_http_search(ctx, pb);
    return kc_resource_http_get(ctx, pb);
}

static const kc_field monitor_fields[] = {
    {.name = "from", .type = KC_T_STRING, .format = KC_FMT_DATE},
    {.name = "to", .type = KC_T_STRING, .format = KC_FMT_DATE},
};

kc_status monitor_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = kc_validate_query(ctx, monitor_fields, KC_NELEMS(monitor_fields), pb);
    if (st != KC_OK)
        return st;
    st = monitor_service_get(pool_of(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                             kc_query(ctx, "from"), kc_query(ctx, "to"), &doc, pb);
    return kc_respond_doc(ctx, st, doc);
}
