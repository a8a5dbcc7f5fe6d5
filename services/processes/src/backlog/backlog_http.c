#include "processes_http.h"

#include "koers/page.h"
#include "backlog/backlog_service.h"

static const char *const backlog_quadrants[] = {"quick_win", "big_bet", "fill_in", "thankless",
                                                NULL};
static const char *const backlog_sources[] = {"interview", "session", "staff", "citizens_cases",
                                              NULL};

/* The query of the backlog; the tenant-wide one also takes processId. */
static const kc_field backlog_fields[] = {
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
    {.name = "status", .type = KC_T_STRING, .min_len = 1, .max_len = 32},
    {.name = "quadrant", .type = KC_T_STRING, .enum_values = backlog_quadrants},
    {.name = "source", .type = KC_T_STRING, .enum_values = backlog_sources},
    {.name = "processId", .type = KC_T_STRING, .format = KC_FMT_UUID},
};

static kc_status backlog_respond(kc_ctx *ctx, backlog_query *q, size_t nfields, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    json_t *items = NULL;
    kc_status st;

    st = kc_page_query(ctx, backlog_fields, nfields, &kp, &page, pb);
    if (st != KC_OK)
        return st;
    q->status = kc_query(ctx, "status");
    q->quadrant = kc_query(ctx, "quadrant");
    q->source = kc_query(ctx, "source");
    st = backlog_service_page(processes_http_pool(ctx), &ctx->principal, q, &page, &items, &next,
                              pb);
    if (st == KC_OK)
        st = kc_respond_page(ctx, items, &next);
    return st;
}

kc_status backlog_http_tenant(kc_ctx *ctx, kc_problem *pb)
{
    backlog_query q = {0};

    q.process_id = kc_query(ctx, "processId");
    return backlog_respond(ctx, &q, KC_NELEMS(backlog_fields), pb);
}

kc_status backlog_http_process(kc_ctx *ctx, kc_problem *pb)
{
    backlog_query q = {0};

    q.process_id = kc_path_param(ctx, "id");
    q.of_process = 1;
    return backlog_respond(ctx, &q, KC_NELEMS(backlog_fields) - 1, pb);
}
