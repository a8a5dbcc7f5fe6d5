#include "cases/case_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/page.h"
#include "casedesk_http.h"
#include "cases/case_message_service.h"

static kc_status case_message_add(kc_ctx *ctx, const char *kind, kc_problem *pb)
{
    json_t *body = NULL;
    case_message m = {0};
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st != KC_OK)
        goto out;
    st = case_message_service_add(casedesk_http_pool(ctx), &ctx->principal,
                                  kc_path_param(ctx, "id"), kind, body, &m, pb);
    if (st != KC_OK)
        goto out;
    st = kc_respond_json(ctx, 201, case_message_to_json(&m));
out:
    case_message_clear(&m);
    json_decref(body);
    return st;
}

static kc_status case_message_list(kc_ctx *ctx, const char *kind, kc_problem *pb)
{
    kc_page kp;
    case_message *items = NULL;
    size_t n = 0, i;
    int has_more = 0;
    long long after;
    const char *id = kc_path_param(ctx, "id");
    json_t *arr = NULL;
    kc_status st;

    st = kc_seq_page_read(ctx, id, "list", &kp, &after, pb);
    if (st != KC_OK)
        goto out;
    st = case_message_service_list(casedesk_http_pool(ctx), &ctx->principal, id, kind, after,
                                   kp.limit, &items, &n, &has_more, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, case_message_to_json(&items[i]));
    st = kc_respond_seq_page(ctx, arr, has_more, n > 0 ? items[n - 1].id : 0, id);
    arr = NULL;
out:
    json_decref(arr);
    case_message_array_free(items, n);
    return st;
}

kc_status case_message_http_add_note(kc_ctx *ctx, kc_problem *pb)
{
    return case_message_add(ctx, "note", pb);
}

kc_status case_message_http_list_notes(kc_ctx *ctx, kc_problem *pb)
{
    return case_message_list(ctx, "note", pb);
}

kc_status case_message_http_add_message(kc_ctx *ctx, kc_problem *pb)
{
    return case_message_add(ctx, "message", pb);
}

kc_status case_message_http_list_messages(kc_ctx *ctx, kc_problem *pb)
{
    return case_message_list(ctx, "message", pb);
}
