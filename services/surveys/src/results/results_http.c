#include "results/results_http.h"

#include <stdlib.h>
#include <string.h>
#include "results/results_service.h"
#include "surveys_http.h"

static const char *const results_q_audiences[] = {"citizens", "employees", "managers",
                                                  "council_members", NULL};
static const char *const results_q_formats[] = {"csv", "json", NULL};
static const char *const results_q_whats[] = {"responses", "results", NULL};

static const kc_field results_query[] = {
    {.name = "audience", .type = KC_T_STRING, .enum_values = results_q_audiences},
};
static const kc_field results_gap_query[] = {
    {.name = "audienceA", .type = KC_T_STRING, .enum_values = results_q_audiences},
    {.name = "audienceB", .type = KC_T_STRING, .enum_values = results_q_audiences},
};
static const kc_field results_comparison_query[] = {
    {.name = "with", .type = KC_T_STRING, .format = KC_FMT_UUID},
    {.name = "audience", .type = KC_T_STRING, .enum_values = results_q_audiences},
};
static const kc_field results_export_query[] = {
    {.name = "format", .type = KC_T_STRING, .enum_values = results_q_formats},
    {.name = "what", .type = KC_T_STRING, .enum_values = results_q_whats},
};

kc_status results_http_get(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = kc_validate_query(ctx, results_query, KC_NELEMS(results_query), pb);
    if (st == KC_OK)
        st = results_service_get(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                 kc_query(ctx, "audience"), &doc, pb);
    return kc_respond_doc(ctx, st, doc);
}

kc_status results_http_gap(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = kc_validate_query(ctx, results_gap_query, KC_NELEMS(results_gap_query), pb);
    if (st == KC_OK)
        st = results_service_gap(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                 kc_query(ctx, "audienceA"), kc_query(ctx, "audienceB"), &doc, pb);
    return kc_respond_doc(ctx, st, doc);
}

kc_status results_http_comparison(kc_ctx *ctx, kc_problem *pb)
{
    json_t *doc = NULL;
    kc_status st;

    st = kc_validate_query(ctx, results_comparison_query, KC_NELEMS(results_comparison_query), pb);
    if (st == KC_OK)
        st = results_service_comparison(surveys_http_pool(ctx), &ctx->principal,
                                        kc_path_param(ctx, "id"), kc_query(ctx, "with"),
                                        kc_query(ctx, "audience"), &doc, pb);
    return kc_respond_doc(ctx, st, doc);
}

/* format defaults to json, what to responses (api-spec/surveys.yaml). */
kc_status results_http_export(kc_ctx *ctx, kc_problem *pb)
{
    const char *format = kc_query(ctx, "format"), *what = kc_query(ctx, "what");
    results_export_format f;
    results_export_what w;
    json_t *doc = NULL;
    char *csv = NULL, disposition[128];
    size_t len = 0;
    kc_status st;

    st = kc_validate_query(ctx, results_export_query, KC_NELEMS(results_export_query), pb);
    if (st != KC_OK)
        goto out;
    f = format != NULL && strcmp(format, "csv") == 0 ? RESULTS_FORMAT_CSV : RESULTS_FORMAT_JSON;
    w = what != NULL && strcmp(what, "results") == 0 ? RESULTS_EXPORT_RESULTS
                                                     : RESULTS_EXPORT_RESPONSES;
    st = results_service_export(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                w, f, &csv, &len, &doc, pb);
    if (st != KC_OK)
        goto out;
    snprintf(disposition, sizeof(disposition), "attachment; filename=\"survey-%s-%s.%s\"",
             kc_path_param(ctx, "id"), w == RESULTS_EXPORT_RESULTS ? "results" : "responses",
             f == RESULTS_FORMAT_JSON ? "json" : "csv");
    if (f == RESULTS_FORMAT_JSON) {
        st = kc_respond_json(ctx, 200, doc);
        doc = NULL;
    } else if (ulfius_set_binary_body_response(ctx->resp, 200, csv, len) != U_OK) {
        st = kc_problem_set(pb, KC_INTERNAL, "cannot set the response body");
        goto out;
    } else {
        /* after the body: the header is ours, not a helper's default */
        kc_set_header(ctx, "Content-Type", "text/csv; charset=utf-8; header=present");
    }
    kc_set_header(ctx, "Content-Disposition", disposition);
out:
    free(csv);
    json_decref(doc);
    return st;
}
