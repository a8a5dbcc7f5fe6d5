#include "reports/worklist_http.h"

#include "casedesk_http.h"
#include "reports/worklist_service.h"

typedef enum { WORKLIST_MINE, WORKLIST_OFFICER, WORKLIST_TRIAGE } worklist_kind;

static kc_status worklist_http_list(kc_ctx *ctx, worklist_kind kind, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    worklist_item *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_db_pool *pool = casedesk_http_pool(ctx);
    kc_status st;

    st = kc_page_query(ctx, NULL, 0, &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    if (kind == WORKLIST_MINE)
        st = worklist_service_mine(pool, &ctx->principal, &page, &items, &n, &next, pb);
    else if (kind == WORKLIST_OFFICER)
        st = worklist_service_officer(pool, &ctx->principal, kc_path_param(ctx, "id"), &page,
                                      &items, &n, &next, pb);
    else
        st = worklist_service_triage(pool, &ctx->principal, &page, &items, &n, &next, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, worklist_item_to_json(&items[i]));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    worklist_item_array_free(items, n);
    return st;
}

kc_status worklist_http_mine(kc_ctx *ctx, kc_problem *pb)
{
    return worklist_http_list(ctx, WORKLIST_MINE, pb);
}

kc_status worklist_http_officer(kc_ctx *ctx, kc_problem *pb)
{
    return worklist_http_list(ctx, WORKLIST_OFFICER, pb);
}

kc_status worklist_http_triage(kc_ctx *ctx, kc_problem *pb)
{
    return worklist_http_list(ctx, WORKLIST_TRIAGE, pb);
}

kc_status worklist_http_overview(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = worklist_service_overview(casedesk_http_pool(ctx), &ctx->principal, &doc, pb);
    return kc_respond_doc(ctx, st, doc);
}
