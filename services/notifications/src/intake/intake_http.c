#include "notifications_http.h"

#include <stdio.h>
#include "intake/intake_service.h"
#include "koers/page.h"

/* The kanalen (sql/001; intake/event_map.h checks the name again). */
static const char *const kanalen[] = {"cases",     "referrals",  "surveys",
                                      "processes", "programmes", NULL};

static const kc_field pull_query[] = {
    {.name = "after", .type = KC_T_INT, .min = 0, .max = 9223372036854775807LL},
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = INTAKE_PULL_LIMIT_MAX},
    {.name = "kanaal", .type = KC_T_STRING, .enum_values = kanalen},
};

kc_status intake_http_pull(kc_ctx *ctx, kc_problem *pb)
{
    const notifications_app *app = ctx->app;
    const char *kanaal;
    char extra[64];
    long long after = 0, last = 0;
    int limit = 0, more = 0;
    json_t *items = NULL;
    kc_status st;

    st = kc_after_page_read(ctx, pull_query, KC_NELEMS(pull_query), INTAKE_PULL_LIMIT_DEFAULT,
                            &after, &limit, pb);
    if (st != KC_OK)
        return st;
    kanaal = kc_query(ctx, "kanaal");
    st = intake_service_pull(app->pool, &ctx->principal, after, limit, kanaal, &items, &more, &last,
                             pb);
    if (st != KC_OK) {
        json_decref(items);
        return st;
    }
    /* kanaal is a checked name: nothing to encode */
    if (kanaal != NULL)
        snprintf(extra, sizeof(extra), "kanaal=%s", kanaal);
    return kc_respond_after_page(ctx, items, after, limit, kanaal != NULL ? extra : NULL, more,
                                 last, pb);
}
