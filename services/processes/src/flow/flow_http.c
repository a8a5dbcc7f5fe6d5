#include "flow/flow_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "flow/flow_service.h"
#include "koers/page.h"
#include "processes_http.h"

static const char *const flow_true_false[] = {"true", "false", NULL};

static const kc_field flow_picture_query[] = {
    {.name = "version", .type = KC_T_INT, .min = 1, .max = 1000000},
    {.name = "draft", .type = KC_T_STRING, .enum_values = flow_true_false},
};

/* Answers one version (steals nothing; v stays the caller's). */
static kc_status respond_version(kc_ctx *ctx, int status, const flow_version *v, int draft_exists,
                                 const char *location_base, const char *location_id)
{
    json_t *doc = flow_version_to_json(v, 1, draft_exists);

    if (doc == NULL)
        return KC_INTERNAL;
    kc_absolute_hrefs(ctx, doc);
    return kc_respond_resource(ctx, status, doc, v->version, location_base, location_id);
}

static kc_status get_which(kc_ctx *ctx, int which, kc_problem *pb)
{
    flow_version v = {0};
    int draft_exists = 0;
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = flow_service_get(processes_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                              which, &v, &draft_exists, pb);
    if (st == KC_OK)
        st = respond_version(ctx, 200, &v, draft_exists, NULL, NULL);
    flow_version_clear(&v);
    return st;
}

kc_status flow_http_get(kc_ctx *ctx, kc_problem *pb)
{
    return get_which(ctx, FLOW_WHICH_LATEST, pb);
}

kc_status flow_http_get_draft(kc_ctx *ctx, kc_problem *pb)
{
    return get_which(ctx, FLOW_WHICH_DRAFT, pb);
}

kc_status flow_http_version(kc_ctx *ctx, kc_problem *pb)
{
    static const kc_field number_field = {
        .name = "number", .type = KC_T_INT, .min = 1, .max = 1000000};
    const char *number = kc_path_param(ctx, "number");
    char reason[128];

    if (number == NULL || !kc_validate_value(&number_field, number, reason, sizeof(reason))) {
        kc_problem_set(pb, KC_BAD_REQUEST, "the version number must be an integer of 1 or more");
        kc_problem_add_field(pb, "number", reason);
        return KC_BAD_REQUEST;
    }
    return get_which(ctx, atoi(number), pb);
}

kc_status flow_http_versions(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    flow_version *items = NULL;
    size_t n = 0, i;
    int more = 0;
    long long after;
    const char *id = kc_path_param(ctx, "id");
    json_t *arr = NULL, *item;
    kc_status st;

    st = kc_seq_page_read(ctx, id, "list of versions", &kp, &after, pb);
    if (st == KC_OK)
        st = flow_service_list(processes_http_pool(ctx), &ctx->principal, id, after, kp.limit,
                               &items, &n, &more, pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++) {
        item = flow_version_to_json(&items[i], 0, 0);
        kc_absolute_hrefs(ctx, item);
        json_array_append_new(arr, item);
    }
    st = kc_respond_seq_page(ctx, arr, more, n > 0 ? items[n - 1].number : 0, id);
    arr = NULL;
out:
    json_decref(arr);
    flow_version_array_free(items, n);
    return st;
}

/* The base of Location for a draft or a version: .../processes/<id>/flow */
static void flow_base(kc_ctx *ctx, char *dst, size_t n)
{
    snprintf(dst, n, FLOW_PROCESSES_BASE "/%s/flow", kc_path_param(ctx, "id"));
}

kc_status flow_http_start_draft(kc_ctx *ctx, kc_problem *pb)
{
    flow_version v = {0};
    char base[128];
    kc_status st;

    st = kc_validate_query(ctx, NULL, 0, pb);
    if (st == KC_OK)
        st = flow_service_start_draft(processes_http_pool(ctx), &ctx->principal,
                                      kc_path_param(ctx, "id"), &v, pb);
    flow_base(ctx, base, sizeof(base));
    if (st == KC_OK)
        st = respond_version(ctx, 201, &v, 1, base, "draft");
    flow_version_clear(&v);
    return st;
}

kc_status flow_http_put_draft(kc_ctx *ctx, kc_problem *pb)
{
    flow_version v = {0};
    json_t *body = NULL;
    long long if_match = -1;
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st == KC_OK)
        st = flow_service_put_draft(processes_http_pool(ctx), &ctx->principal,
                                    kc_path_param(ctx, "id"), body, if_match, &v, pb);
    if (st == KC_OK)
        st = respond_version(ctx, 200, &v, 1, NULL, NULL);
    flow_version_clear(&v);
    json_decref(body);
    return st;
}

kc_status flow_http_discard_draft(kc_ctx *ctx, kc_problem *pb)
{
    long long if_match = -1;
    kc_status st;

    st = kc_if_match(ctx, &if_match, pb);
    if (st == KC_OK)
        st = flow_service_discard_draft(processes_http_pool(ctx), &ctx->principal,
                                        kc_path_param(ctx, "id"), if_match, pb);
    if (st == KC_OK)
        st = kc_respond_empty(ctx, 204);
    return st;
}

kc_status flow_http_publish(kc_ctx *ctx, kc_problem *pb)
{
    flow_version v = {0};
    json_t *body = NULL;
    long long if_match = -1;
    char base[128], number[16];
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st == KC_OK)
        st = flow_service_publish(processes_http_pool(ctx), &ctx->principal,
                                  kc_path_param(ctx, "id"), body, if_match, &v, pb);
    snprintf(base, sizeof(base), FLOW_PROCESSES_BASE "/%s/flow/versions", kc_path_param(ctx, "id"));
    snprintf(number, sizeof(number), "%d", v.number);
    if (st == KC_OK)
        st = respond_version(ctx, 201, &v, 0, base, number);
    flow_version_clear(&v);
    json_decref(body);
    return st;
}

/* Reads ?version=N / ?draft=true of a picture into *which. */
static kc_status picture_which(kc_ctx *ctx, int *which, kc_problem *pb)
{
    const char *version = kc_query(ctx, "version"), *draft = kc_query(ctx, "draft");
    int is_draft = draft != NULL && strcmp(draft, "true") == 0;
    kc_status st;

    *which = FLOW_WHICH_LATEST;
    st = kc_validate_query(ctx, flow_picture_query, KC_NELEMS(flow_picture_query), pb);
    if (st != KC_OK)
        return st;
    if (is_draft && version != NULL) {
        kc_problem_set(pb, KC_BAD_REQUEST, "ask for a version or for the draft, not both");
        kc_problem_add_field(pb, "draft", "draft=true excludes version");
        return KC_BAD_REQUEST;
    }
    if (is_draft)
        *which = FLOW_WHICH_DRAFT;
    else if (version != NULL)
        *which = atoi(version);
    return KC_OK;
}

static kc_status picture(kc_ctx *ctx, flow_picture_format format, kc_problem *pb)
{
    char *text = NULL;
    size_t len = 0;
    int which = 0;
    kc_status st;

    st = picture_which(ctx, &which, pb);
    if (st == KC_OK)
        st = flow_service_picture(processes_http_pool(ctx), &ctx->principal,
                                  kc_path_param(ctx, "id"), which, format, &text, &len, pb);
    if (st != KC_OK)
        goto out;
    if (ulfius_set_binary_body_response(ctx->resp, 200, text, len) != U_OK) {
        st = kc_problem_set(pb, KC_INTERNAL, "cannot set the response body");
        goto out;
    }
    /* after the body: the header is ours, not a helper's default */
    if (format == FLOW_PICTURE_SVG) {
        kc_set_header(ctx, "Content-Type", "image/svg+xml; charset=utf-8");
        /* the picture is shown, never run: no scripts, no loads */
        kc_set_header(ctx, "Content-Security-Policy",
                      "default-src 'none'; style-src 'unsafe-inline'");
    } else {
        kc_set_header(ctx, "Content-Type", "text/vnd.mermaid; charset=utf-8");
    }
out:
    free(text);
    return st;
}

kc_status flow_http_svg(kc_ctx *ctx, kc_problem *pb)
{
    return picture(ctx, FLOW_PICTURE_SVG, pb);
}

kc_status flow_http_mermaid(kc_ctx *ctx, kc_problem *pb)
{
    return picture(ctx, FLOW_PICTURE_MERMAID, pb);
}
