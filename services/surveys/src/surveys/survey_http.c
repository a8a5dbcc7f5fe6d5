#include "surveys_http.h"

#include <stdlib.h>
#include <string.h>
#include "surveys/survey_service.h"

#define SURVEY_BASE "/surveys/v1/surveys"

static const char *const survey_q_statuses[] = {"draft", "open", "closed", NULL};
static const char *const survey_q_kinds[] = {"climate_monitor", "core_values", "satisfaction",
                                             "pulse", NULL};
static const kc_field survey_list_query[] = {
    {.name = "status", .type = KC_T_STRING, .enum_values = survey_q_statuses},
    {.name = "kind", .type = KC_T_STRING, .enum_values = survey_q_kinds},
    {.name = "seriesId", .type = KC_T_STRING, .format = KC_FMT_UUID},
    {.name = "limit", .type = KC_T_INT, .min = 1, .max = 100},
    {.name = "cursor", .type = KC_T_STRING, .max_len = 512},
};

/* Answers with the whole survey and its ETag; clears s. */
static kc_status survey_respond(kc_ctx *ctx, int http_status, survey *s, int location)
{
    kc_status st;

    st = kc_respond_resource(ctx, http_status, survey_to_json(s, 1), s->version,
                             location ? SURVEY_BASE : NULL, s->id);
    survey_clear(s);
    return st;
}

kc_status survey_http_list(kc_ctx *ctx, kc_problem *pb)
{
    kc_page kp;
    kc_keyset page;
    kc_keyset_next next = {0};
    survey_query q;
    survey *items = NULL;
    size_t n = 0, i;
    json_t *arr = NULL;
    kc_status st;

    st = kc_page_query(ctx, survey_list_query, KC_NELEMS(survey_list_query), &kp, &page, pb);
    if (st != KC_OK)
        goto out;
    q.status = kc_query(ctx, "status");
    q.kind = kc_query(ctx, "kind");
    q.series_id = kc_query(ctx, "seriesId");
    st = survey_service_list(surveys_http_pool(ctx), &ctx->principal, &q, &page, &items, &n, &next,
                             pb);
    if (st != KC_OK)
        goto out;
    arr = json_array();
    for (i = 0; arr != NULL && i < n; i++)
        json_array_append_new(arr, survey_to_json(&items[i], 0));
    st = kc_respond_page(ctx, arr, &next);
    arr = NULL;
out:
    json_decref(arr);
    survey_array_free(items, n);
    return st;
}

kc_status survey_http_create(kc_ctx *ctx, kc_problem *pb)
{
    return kc_http_create(ctx, surveys_http_pool(ctx), survey_service_create, SURVEY_BASE, pb);
}

kc_status survey_http_get(kc_ctx *ctx, kc_problem *pb)
{
    survey s;
    kc_status st;

    st = survey_service_get(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &s,
                            pb);
    if (st == KC_OK)
        st = survey_respond(ctx, 200, &s, 0);
    return st;
}

kc_status survey_http_update(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    long long if_match = -1;
    survey s;
    kc_status st;

    st = kc_read_patch(ctx, &if_match, &body, pb);
    if (st == KC_OK)
        st = survey_service_update(surveys_http_pool(ctx), &ctx->principal,
                                   kc_path_param(ctx, "id"), body, if_match, &s, pb);
    if (st == KC_OK)
        st = survey_respond(ctx, 200, &s, 0);
    json_decref(body);
    return st;
}

kc_status survey_http_delete(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = survey_service_delete(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                               pb);
    if (st == KC_OK)
        st = kc_respond_empty(ctx, 204);
    return st;
}

kc_status survey_http_add_section(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    section s;
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = survey_service_add_section(surveys_http_pool(ctx), &ctx->principal,
                                        kc_path_param(ctx, "id"), body, &s, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 201, section_to_json(&s), -1, NULL, NULL);
    json_decref(body);
    return st;
}

kc_status survey_http_add_question(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    question q = {0};
    char base[128];
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = survey_service_add_question(surveys_http_pool(ctx), &ctx->principal,
                                         kc_path_param(ctx, "id"), body, &q, pb);
    if (st == KC_OK) {
        snprintf(base, sizeof(base), SURVEY_BASE "/%s/questions", kc_path_param(ctx, "id"));
        st = kc_respond_resource(ctx, 201, question_to_json(&q), -1, base, q.id);
    }
    question_clear(&q);
    json_decref(body);
    return st;
}

kc_status survey_http_update_question(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    question q = {0};
    kc_status st;

    st = kc_read_json_body(ctx, &body, pb);
    if (st == KC_OK)
        st = survey_service_update_question(surveys_http_pool(ctx), &ctx->principal,
                                            kc_path_param(ctx, "id"),
                                            kc_path_param(ctx, "questionId"), body, &q, pb);
    if (st == KC_OK)
        st = kc_respond_resource(ctx, 200, question_to_json(&q), -1, NULL, NULL);
    question_clear(&q);
    json_decref(body);
    return st;
}

kc_status survey_http_delete_question(kc_ctx *ctx, kc_problem *pb)
{
    kc_status st;

    st = survey_service_delete_question(surveys_http_pool(ctx), &ctx->principal,
                                        kc_path_param(ctx, "id"), kc_path_param(ctx, "questionId"),
                                        pb);
    if (st == KC_OK)
        st = kc_respond_empty(ctx, 204);
    return st;
}

kc_status survey_http_open(kc_ctx *ctx, kc_problem *pb)
{
    survey s;
    kc_status st;

    st = survey_service_open(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &s,
                             pb);
    if (st == KC_OK)
        st = survey_respond(ctx, 200, &s, 0);
    return st;
}

kc_status survey_http_close(kc_ctx *ctx, kc_problem *pb)
{
    survey s;
    kc_status st;

    st = survey_service_close(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"), &s,
                              pb);
    if (st == KC_OK)
        st = survey_respond(ctx, 200, &s, 0);
    return st;
}

kc_status survey_http_new_wave(kc_ctx *ctx, kc_problem *pb)
{
    survey s;
    kc_status st;

    st = survey_service_new_wave(surveys_http_pool(ctx), &ctx->principal, kc_path_param(ctx, "id"),
                                 &s, pb);
    if (st == KC_OK)
        st = survey_respond(ctx, 201, &s, 1);
    return st;
}
