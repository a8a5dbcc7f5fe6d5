#include "reports/statistics_http.h"

#include "casedesk_http.h"
#include "reports/statistics_service.h"

static const char *const statistics_groups[] = {"none", "category", "district", "officer", NULL};

static const kc_field statistics_query[] = {
    {.name = "from", .type = KC_T_STRING, .format = KC_FMT_DATE},
    {.name = "to", .type = KC_T_STRING, .format = KC_FMT_DATE},
    {.name = "groupBy", .type = KC_T_STRING, .enum_values = statistics_groups},
};

kc_status statistics_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = kc_validate_query(ctx, statistics_query, KC_NELEMS(statistics_query), pb);
    if (st == KC_OK)
        st = statistics_service_get(casedesk_http_pool(ctx), &ctx->principal, kc_query(ctx, "from"),
                                    kc_query(ctx, "to"), kc_query(ctx, "groupBy"), &doc, pb);
    return kc_respond_doc(ctx, st, doc);
}
