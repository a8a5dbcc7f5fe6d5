#include "casedesk_http.h"

#include <stdio.h>

static const kc_field casedesk_page_fields[] = {
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
};

kc_db_pool *casedesk_http_pool(const kc_ctx *ctx)
{
    return ((const casedesk_app *)ctx->app)->pool;
}

void casedesk_http_page_in(const kc_page *kp, casedesk_page_in *in)
{
    in->limit = kp->limit;
    in->after_key = kp->has_cursor ? kp->after_key : NULL;
    in->after_id = kp->has_cursor ? kp->after_id : NULL;
}

kc_status casedesk_http_plain_page(kc_ctx *ctx, kc_page *kp, casedesk_page_in *in, kc_problem *pb)
{
    kc_status st;

    st = kc_validate_query(ctx, casedesk_page_fields,
                           sizeof(casedesk_page_fields) / sizeof(casedesk_page_fields[0]), pb);
    if (st != KC_OK)
        return st;
    st = kc_page_read(ctx, kp, pb);
    if (st != KC_OK)
        return st;
    casedesk_http_page_in(kp, in);
    return KC_OK;
}

kc_status casedesk_http_read_patch(kc_ctx *ctx, long long *if_match, json_t **body, kc_problem *pb)
{
    kc_status st;

    *body = NULL;
    st = kc_if_match(ctx, if_match, pb);
    if (st != KC_OK)
        goto out;
    st = kc_read_json_body(ctx, body, pb);
out:
    return st;
}

kc_status casedesk_http_respond_list(kc_ctx *ctx, json_t *items, const casedesk_page_next *next)
{
    json_t *body;

    body = kc_page_body(ctx, items, next->has_more ? next->key : NULL,
                        next->has_more ? next->id : NULL);
    if (body == NULL)
        return KC_INTERNAL;
    return kc_respond_json(ctx, 200, body);
}

kc_status casedesk_http_respond_resource(kc_ctx *ctx, int http_status, json_t *body,
                                         long long version, const char *location_base,
                                         const char *id)
{
    char location[256];
    kc_status st;

    if (body == NULL)
        return KC_INTERNAL;
    /* id may point into body, which kc_respond_json takes: use it first */
    if (location_base != NULL) {
        snprintf(location, sizeof(location), "%s/%s", location_base, id);
        kc_set_header(ctx, "Location", location);
    }
    kc_set_etag(ctx, version);
    st = kc_respond_json(ctx, http_status, body);
    return st;
}
