#include "notifications_http.h"

#include <stdio.h>
#include <stdlib.h>
#include "intake/intake_service.h"

/* The kanalen (sql/001; intake/event_map.h checks the name again). */
static const char *const kanalen[] = {"cases",     "referrals",  "surveys",
                                      "processes", "programmes", NULL};

static const kc_field pull_query[] = {
    {.name = "after", .type = KC_T_INT, .min = 0, .max = 9223372036854775807LL},
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = INTAKE_PULL_LIMIT_MAX},
    {.name = "kanaal", .type = KC_T_STRING, .enum_values = kanalen},
};

/* {"href": this URL with after, limit and kanaal (a checked name: nothing
 * to encode)} (new reference). */
static json_t *pull_link(const kc_ctx *ctx, long long after, int limit, const char *kanaal)
{
    char query[128];
    char *url = NULL;
    json_t *link = NULL;

    if (kanaal != NULL)
        snprintf(query, sizeof(query), "after=%lld&limit=%d&kanaal=%s", after, limit, kanaal);
    else
        snprintf(query, sizeof(query), "after=%lld&limit=%d", after, limit);
    url = kc_self_url(ctx, query);
    if (url != NULL)
        link = json_pack("{s:s}", "href", url);
    free(url);
    return link;
}

kc_status intake_http_pull(kc_ctx *ctx, kc_problem *pb)
{
    const notifications_app *app = ctx->app;
    const char *v, *kanaal;
    long long after = 0, last = 0;
    int limit = INTAKE_PULL_LIMIT_DEFAULT, more = 0;
    json_t *items = NULL, *links = NULL, *body = NULL;
    kc_status st;

    st = kc_validate_query(ctx, pull_query, KC_NELEMS(pull_query), pb);
    if (st != KC_OK)
        goto out;
    if ((v = kc_query(ctx, "after")) != NULL)
        after = strtoll(v, NULL, 10);
    if ((v = kc_query(ctx, "limit")) != NULL)
        limit = (int)strtol(v, NULL, 10);
    kanaal = kc_query(ctx, "kanaal");
    st = intake_service_pull(app->pool, &ctx->principal, after, limit, kanaal, &items, &more, &last,
                             pb);
    if (st != KC_OK)
        goto out;
    links = json_object();
    if (links == NULL ||
        json_object_set_new(links, "self", pull_link(ctx, after, limit, kanaal)) != 0 ||
        (more && json_object_set_new(links, "next", pull_link(ctx, last, limit, kanaal)) != 0)) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    body = json_pack("{s:o, s:o}", "items", items, "_links", links);
    items = links = NULL;
    st = body != NULL ? kc_respond_json(ctx, 200, body)
                      : kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(items);
    json_decref(links);
    return st;
}
