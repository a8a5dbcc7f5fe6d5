#include "open311/open311_http.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "koers/idempotency.h"
#include "casedesk_http.h"
#include "open311/open311_service.h"

#define OPEN311_BASE   "/casedesk/v1/open311/v2"
#define OPEN311_SUFFIX ".json"

static const char *const open311_statuses[] = {"open", "closed", NULL};

#define OPEN311_COMMON_QUERY                                                                       \
    {.name = "api_key", .type = KC_T_STRING, .max_len = 512},                                      \
    {                                                                                              \
        .name = "jurisdiction_id", .type = KC_T_STRING, .max_len = 200                             \
    }

static const kc_field open311_query[] = {OPEN311_COMMON_QUERY};
static const kc_field open311_requests_query[] = {
    OPEN311_COMMON_QUERY,
    {.name = "service_request_id", .type = KC_T_STRING, .min_len = 1, .max_len = 3300},
    {.name = "service_code", .type = KC_T_STRING, .format = KC_FMT_UUID},
    {.name = "status", .type = KC_T_STRING, .enum_values = open311_statuses},
    {.name = "start_date", .type = KC_T_STRING, .format = KC_FMT_DATETIME},
    {.name = "end_date", .type = KC_T_STRING, .format = KC_FMT_DATETIME},
};

/* Checks the query and authenticates its api_key (or the headers). */
static kc_status open311_begin(kc_ctx *ctx, const kc_field *fields, size_t n, kc_problem *pb)
{
    kc_status st = kc_validate_query(ctx, fields, n, pb);

    if (st == KC_OK)
        st = kc_authenticate_key(ctx, kc_query(ctx, "api_key"), pb);
    return st;
}

/* The path parameter `file` without its ".json" into out; KC_NOT_FOUND
 * when it has another suffix (or none). */
static kc_status open311_strip(const kc_ctx *ctx, char *out, size_t n, kc_problem *pb)
{
    const char *file = kc_path_param(ctx, "file");
    size_t len = file != NULL ? strlen(file) : 0, sl = strlen(OPEN311_SUFFIX);

    if (len <= sl || len - sl >= n || strcmp(file + len - sl, OPEN311_SUFFIX) != 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "no resource at %s (Open311 paths end in .json)",
                              ctx->req->url_path);
    memcpy(out, file, len - sl);
    out[len - sl] = '\0';
    return KC_OK;
}

static kc_status open311_respond(kc_ctx *ctx, int http_status, json_t *doc)
{
    return kc_respond_json(ctx, http_status, doc);
}

kc_status open311_http_services(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = open311_begin(ctx, open311_query, KC_NELEMS(open311_query), pb);
    if (st == KC_OK)
        st = open311_service_services(casedesk_http_pool(ctx), &ctx->principal, &doc, pb);
    if (st == KC_OK)
        return open311_respond(ctx, 200, doc);
    return st;
}

kc_status open311_http_service(kc_ctx *ctx, kc_problem *pb)
{
    char code[64];
    json_t *doc = NULL;
    kc_status st;

    st = open311_strip(ctx, code, sizeof(code), pb);
    if (st == KC_OK)
        st = open311_begin(ctx, open311_query, KC_NELEMS(open311_query), pb);
    if (st == KC_OK)
        st = open311_service_definition(casedesk_http_pool(ctx), &ctx->principal, code, &doc, pb);
    if (st == KC_OK)
        return open311_respond(ctx, 200, doc);
    return st;
}

kc_status open311_http_requests(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = open311_begin(ctx, open311_requests_query, KC_NELEMS(open311_requests_query), pb);
    if (st == KC_OK)
        st = open311_service_requests(
            casedesk_http_pool(ctx), &ctx->principal, kc_query(ctx, "service_request_id"),
            kc_query(ctx, "service_code"), kc_query(ctx, "status"), kc_query(ctx, "start_date"),
            kc_query(ctx, "end_date"), &doc, pb);
    if (st == KC_OK)
        return open311_respond(ctx, 200, doc);
    return st;
}

kc_status open311_http_request(kc_ctx *ctx, kc_problem *pb)
{
    char reference[64];
    json_t *doc = NULL;
    kc_status st;

    st = open311_strip(ctx, reference, sizeof(reference), pb);
    if (st == KC_OK)
        st = open311_begin(ctx, open311_query, KC_NELEMS(open311_query), pb);
    if (st == KC_OK)
        st = open311_service_request(casedesk_http_pool(ctx), &ctx->principal, reference, &doc, pb);
    if (st == KC_OK)
        return open311_respond(ctx, 200, doc);
    return st;
}

/* Content-Type is application/json (parameters allowed). */
static int open311_is_json(const char *ct)
{
    size_t n = strlen("application/json");

    if (ct == NULL)
        return 0;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return strncasecmp(ct, "application/json", n) == 0 &&
           (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

kc_status open311_http_create(kc_ctx *ctx, kc_problem *pb)
{
    json_t *form = NULL, *doc = NULL;
    kc_idem idem;
    char reference[32] = "", location[128];
    const char *key;
    int replayed = 0;
    kc_status st;

    memset(&idem, 0, sizeof(idem));
    st = kc_validate_query(ctx, open311_query, KC_NELEMS(open311_query), pb);
    if (st != KC_OK)
        goto out;
    if (open311_is_json(kc_header(ctx, "Content-Type")))
        st = kc_read_json_body(ctx, &form, pb);
    else
        st = kc_read_form_body(ctx, &form, pb);
    if (st != KC_OK)
        goto out;
    key = json_string_value(json_object_get(form, "api_key"));
    st = kc_authenticate_key(ctx, key != NULL && key[0] != '\0' ? key : kc_query(ctx, "api_key"),
                             pb);
    if (st != KC_OK)
        goto out;
    st = kc_idem_from_ctx(ctx, &idem, pb);
    if (st != KC_OK)
        goto out;
    st = open311_service_create(casedesk_http_pool(ctx), &ctx->principal, &idem, form, &doc,
                                reference, &replayed, pb);
    if (st != KC_OK)
        goto out;
    snprintf(location, sizeof(location), "%s/requests/%s.json", OPEN311_BASE, reference);
    kc_set_header(ctx, "Location", location);
    if (replayed)
        kc_set_header(ctx, "Idempotent-Replayed", "true");
    st = open311_respond(ctx, 201, doc);
    doc = NULL;
out:
    json_decref(doc);
    json_decref(form);
    return st;
}
