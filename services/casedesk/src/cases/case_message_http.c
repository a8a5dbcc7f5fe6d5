#include "cases/case_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/page.h"
#include "casedesk_http.h"
#include "cases/case_message_service.h"

static const kc_field case_message_query[] = {
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
};

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
    long long after = 0;
    char key[24];
    const char *id = kc_path_param(ctx, "id");
    json_t *arr = NULL, *body;
    kc_status st;

    st = kc_validate_query(ctx, case_message_query, KC_NELEMS(case_message_query), pb);
    if (st == KC_OK)
        st = kc_page_read(ctx, &kp, pb);
    if (st != KC_OK)
        goto out;
    if (kp.has_cursor) {
        after = strtoll(kp.after_key, NULL, 10);
        if (after <= 0 || id == NULL || strcmp(kp.after_id, id) != 0) {
            st = kc_problem_set(pb, KC_BAD_REQUEST, "the cursor is not one of this list");
            kc_problem_add_field(pb, "cursor", "not a cursor of this list");
            goto out;
        }
    }
    st = case_message_service_list(casedesk_http_pool(ctx), &ctx->principal, id, kind, after,
                                   kp.limit, &items, &n, &has_more, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, case_message_to_json(&items[i]));
    if (n > 0)
        snprintf(key, sizeof(key), "%lld", items[n - 1].id);
    body = kc_page_body(ctx, arr, has_more ? key : NULL, has_more ? id : NULL);
    arr = NULL;
    if (body == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_respond_json(ctx, 200, body);
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
