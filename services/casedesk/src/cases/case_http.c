#include "casedesk_http.h"
#include "cases/case_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/idempotency.h"
#include "cases/case_service.h"

#define CASE_BASE       "/casedesk/v1/cases"
#define CASE_TEXT_STACK 2048

static const char *const case_q_statuses[] = {
    "received",          "assigned", "in_progress", "waiting",
    "solution_proposed", "resolved", "closed",      NULL};
static const char *const case_q_bools[] = {"true", "false", NULL};
static const char *const case_q_sorts[] = {"createdAt", "-createdAt", NULL};

static const kc_field case_list_query[] = {
    {.name = "status", .type = KC_T_STRING, .enum_values = case_q_statuses},
    {.name = "officerId", .type = KC_T_STRING, .format = KC_FMT_UUID},
    {.name = "categoryId", .type = KC_T_STRING, .format = KC_FMT_UUID},
    {.name = "district", .type = KC_T_STRING, .max_len = 100},
    {.name = "q", .type = KC_T_STRING, .min_len = 1, .max_len = 200},
    {.name = "createdFrom", .type = KC_T_STRING, .format = KC_FMT_DATETIME},
    {.name = "createdTo", .type = KC_T_STRING, .format = KC_FMT_DATETIME},
    {.name = "unassigned", .type = KC_T_STRING, .enum_values = case_q_bools},
    {.name = "sort", .type = KC_T_STRING, .enum_values = case_q_sorts},
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
};

/* A case as the caller may see it: the citizen's details only for whom
 * case_service_shows_citizen admits; never kept by a cache. */
static json_t *case_answer_json(kc_ctx *ctx, const case_record *c)
{
    json_t *o = case_to_json(c);

    case_service_hide_citizen(&ctx->principal, o);
    return o;
}

/* One case's answer, written as text (no tree: the same bytes as
 * case_answer_json dumped). */
static kc_status case_respond(kc_ctx *ctx, int http_status, const case_record *c)
{
    char stack[CASE_TEXT_STACK];
    kc_json_text text;
    kc_status st;

    kc_set_no_store(ctx);
    kc_json_text_init(&text, stack, sizeof(stack));
    case_write_json(c, case_service_shows_citizen(&ctx->principal), &text);
    st = kc_respond_json_text(ctx, http_status, &text, c->version);
    kc_json_text_free(&text);
    return st;
}

kc_status case_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    case_query f = {0};
    case_record *items = NULL;
    const char *v;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, case_list_query, KC_NELEMS(case_list_query), &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    f.status = kc_query(ctx, "status");
    f.officer_id = kc_query(ctx, "officerId");
    f.category_id = kc_query(ctx, "categoryId");
    f.district = kc_query(ctx, "district");
    f.q = kc_query(ctx, "q");
    f.created_from = kc_query(ctx, "createdFrom");
    f.created_to = kc_query(ctx, "createdTo");
    v = kc_query(ctx, "unassigned");
    f.unassigned = v == NULL ? -1 : strcmp(v, "true") == 0;
    v = kc_query(ctx, "sort");
    f.ascending = v != NULL && strcmp(v, "createdAt") == 0;
    st = case_service_list(casedesk_http_pool(ctx), &ctx->principal, &f, &page, &items, &n, &next,
                           pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, case_answer_json(ctx, &items[i]));
    kc_set_no_store(ctx);
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    case_record_array_free(items, n);
    return st;
}

kc_status case_http_create(kc_ctx *ctx, kc_problem *pb)
{
    /* the answer holds the tracking token (and the citizen, for whom may see it) */
    kc_set_no_store(ctx);
    return kc_http_create(ctx, casedesk_http_pool(ctx), case_service_create, CASE_BASE, pb);
}

kc_status case_http_get(kc_ctx *ctx, kc_problem *pb)
{
    case_record c = {0};
    kc_status st;

    st = case_service_get(casedesk_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &c,
                          pb);
    if (st != KC_OK)
        goto out;
    st = case_respond(ctx, 200, &c);
out:
    case_record_clear(&c);
    return st;
}

/* A change of the case (a transition, an assignment) with If-Match and a
 * body; answers the case as the change left it. */
static kc_status case_change(kc_ctx *ctx,
                             kc_status (*change)(kc_db_pool *pool, const kc_principal *p,
                                                 const char *id, const json_t *body,
                                                 long long if_match, case_record *out,
                                                 kc_problem *pb),
                             kc_problem *pb)
{
    json_t *body = NULL;
    long long if_match = -1;
    case_record c = {0};
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st == KC_OK)
        st = change(casedesk_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), body,
                    if_match, &c, pb);
    if (st == KC_OK)
        st = case_respond(ctx, 200, &c);
    case_record_clear(&c);
    json_decref(body);
    return st;
}

kc_status case_http_transition(kc_ctx *ctx, kc_problem *pb)
{
    return case_change(ctx, case_service_transition, pb);
}

kc_status case_http_assign(kc_ctx *ctx, kc_problem *pb)
{
    return case_change(ctx, case_service_assign, pb);
}

kc_status case_http_timeline(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    case_timeline_entry *items = NULL;
    size_t n = 0, i;
    int has_more = 0;
    long long after;
    const char *id = kc_path_param(ctx, "id");
    json_t *arr = NULL;
    kc_status st;

    st = kc_seq_page_read(ctx, id, "timeline", &kp, &after, pb);
    if (st != KC_OK)
        goto out;
    st = case_service_timeline(casedesk_http_pool(ctx), &ctx->principal, id, after, kp.limit,
                               &items, &n, &has_more, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, case_timeline_entry_to_json(&items[i]));
    st = kc_respond_seq_page(ctx, arr, has_more, n > 0 ? items[n - 1].id : 0, id);
    arr = NULL;
out:
    json_decref(arr);
    case_timeline_array_free(items, n);
    return st;
}

kc_status case_http_lead_times(kc_ctx *ctx, kc_problem *pb)
{
    case_lead_times lt;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = case_service_lead_times(casedesk_http_pool(ctx), &ctx->principal,
                                     kc_path_param(ctx, "id"), &lt, pb);
    if (st == KC_OK)
        st = kc_respond_json(ctx, 200, case_lead_times_to_json(&lt));
    return st;
}
