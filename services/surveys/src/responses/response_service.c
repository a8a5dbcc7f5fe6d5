#include "responses/response_service.h"

#include <stdlib.h>
#include <string.h>
#include "koers/validate.h"
#include "responses/answer_validate.h"
#include "responses/response_repo.h"
#include "surveys/survey_repo.h"
#include "surveys/survey_service.h"
#include "surveys.h"

#define INVITE_MAX   50000
#define TOKEN_PREFIX "st_"

static const kc_field invite_fields[] = {
    {.name = "audience", .type = KC_T_STRING, .required = 1, .enum_values = surveys_audiences},
    {.name = "count", .type = KC_T_INT, .required = 1, .min = 1, .max = INVITE_MAX},
};
static const kc_field token_fields[] = {
    {.name = "token", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 100},
    {.name = "answers",
     .type = KC_T_ARRAY,
     .required = 1,
     .max_len = 1000,
     .item_type = KC_T_OBJECT},
};
static const kc_field open_fields[] = {
    {.name = "audience", .type = KC_T_STRING, .required = 1, .enum_values = surveys_audiences},
    {.name = "answers",
     .type = KC_T_ARRAY,
     .required = 1,
     .max_len = 1000,
     .item_type = KC_T_OBJECT},
};

kc_status response_service_invite(kc_db_pool *pool, const kc_principal *p, const char *survey_id,
                                  const json_t *body, json_t **answer, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey s = {0};
    json_t *tokens = NULL;
    char *hashes = NULL, token[64], hash[65];
    const char *audience;
    size_t count = 0, i, len = 0;
    kc_status st;

    *answer = NULL;
    st = kc_check_id("id", survey_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, invite_fields, KC_NELEMS(invite_fields), pb);
    if (st != KC_OK)
        goto out;
    audience = json_string_value(json_object_get(body, "audience"));
    count = (size_t)json_integer_value(json_object_get(body, "count"));
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = survey_repo_get(conn, p->tenant_id, survey_id, 0, &s, pb);
    if (st != KC_OK)
        goto out;
    if (strcmp(s.status, "closed") == 0) {
        st = kc_problem_set(pb, KC_CONFLICT, "survey %s is closed", survey_id);
        goto out;
    }
    if (!survey_has_audience(&s, audience)) {
        kc_problem_add_field(pb, "audience", "is not one of the survey's audiences");
        st = kc_problem_set(pb, KC_INVALID, "the survey is not for %s", audience);
        goto out;
    }
    /* "{" + count * (64 hex + ",") + "}" */
    hashes = malloc(count * 65 + 3);
    tokens = json_array();
    if (hashes == NULL || tokens == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    hashes[len++] = '{';
    for (i = 0; i < count; i++) {
        st = kc_token_generate(TOKEN_PREFIX, token, hash);
        if (st != KC_OK) {
            kc_problem_set(pb, st, "no randomness for tokens");
            goto out;
        }
        if (i > 0)
            hashes[len++] = ',';
        memcpy(hashes + len, hash, 64);
        len += 64;
        json_array_append_new(tokens, json_string(token));
    }
    hashes[len++] = '}';
    hashes[len] = '\0';
    st = response_repo_insert_tokens(conn, p->tenant_id, survey_id, audience, hashes, pb);
    if (st != KC_OK)
        goto out;
    *answer = json_pack("{s:s, s:i, s:O}", "audience", audience, "count", (json_int_t)count,
                        "tokens", tokens);
    if (*answer == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    free(hashes);
    json_decref(tokens);
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}

/* Reads the open survey (closing it first if past due) with content. */
static kc_status response_open_survey(kc_db_conn *conn, const char *tenant_id,
                                      const char *survey_id, survey *s, kc_problem *pb)
{
    kc_status st;

    st = survey_repo_get(conn, tenant_id, survey_id, 1, s, pb);
    if (st == KC_OK && survey_service_past_due(s)) {
        survey_clear(s);
        st = survey_service_close_if_due(conn, tenant_id, survey_id, pb);
        if (st == KC_OK)
            st = survey_repo_get(conn, tenant_id, survey_id, 1, s, pb);
    }
    if (st == KC_OK && strcmp(s->status, "open") != 0) {
        st = kc_problem_set(pb, KC_CONFLICT, "survey %s is %s, not open", survey_id, s->status);
        kc_problem_set_extra(pb, "surveyStatus", json_string(s->status));
    }
    return st;
}

/* Checks the answers against the survey (and the tenant's core values). */
static kc_status response_check(kc_db_conn *conn, const char *tenant_id, const survey *s,
                                const json_t *answers, kc_problem *pb)
{
    char **ids = NULL;
    size_t n = 0, i;
    kc_status st;

    st = survey_repo_core_value_ids(conn, tenant_id, &ids, &n, pb);
    if (st == KC_OK)
        st = answer_validate(s->questions, s->nquestions, (const char *const *)ids, n, answers, pb);
    for (i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    return st;
}

static kc_status response_store(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                const char *audience, const json_t *answers, kc_problem *pb)
{
    char *text = json_dumps(answers, JSON_COMPACT);
    kc_status st;

    if (text == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = response_repo_insert(conn, tenant_id, survey_id, audience, text, pb);
    free(text);
    return st;
}

static void token_hash(const char *token, char hash[65])
{
    kc_sha256_hex(token, strlen(token), hash);
}

kc_status response_service_token_survey(kc_db_pool *pool, const char *token, survey *out,
                                        kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    invitation inv = {0};
    char hash[65];
    kc_status st;

    memset(out, 0, sizeof(*out));
    if (token == NULL || strlen(token) > 100)
        return kc_problem_set(pb, KC_NOT_FOUND, "unknown invitation token");
    token_hash(token, hash);
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = response_repo_token(conn, hash, &inv, pb);
    if (st == KC_OK && inv.used)
        st = kc_problem_set(pb, KC_CONFLICT, "this invitation has already been used");
    if (st == KC_OK)
        st = response_open_survey(conn, inv.tenant_id, inv.survey_id, out, pb);
    if (st != KC_OK)
        survey_clear(out);
    kc_db_release(pool, conn);
    return st;
}

kc_status response_service_submit_token(kc_db_pool *pool, const json_t *body, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    invitation inv = {0};
    survey s = {0};
    const json_t *answers;
    char hash[65];
    kc_problem pb2;
    kc_status st;

    st = kc_validate_json(body, token_fields, KC_NELEMS(token_fields), pb);
    if (st != KC_OK)
        goto out;
    answers = json_object_get(body, "answers");
    token_hash(json_string_value(json_object_get(body, "token")), hash);
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = response_repo_token(conn, hash, &inv, pb);
    if (st == KC_OK && inv.used)
        st = kc_problem_set(pb, KC_CONFLICT, "this invitation has already been used");
    if (st == KC_OK)
        st = response_open_survey(conn, inv.tenant_id, inv.survey_id, &s, pb);
    if (st == KC_OK)
        st = response_check(conn, inv.tenant_id, &s, answers, pb);
    if (st != KC_OK)
        goto out;
    /* two transactions on purpose (see the header) */
    st = response_repo_use_token(conn, hash, pb);
    if (st != KC_OK)
        goto out;
    st = response_store(conn, inv.tenant_id, inv.survey_id, inv.audience, answers, pb);
    if (st != KC_OK) {
        kc_problem_init(&pb2);
        if (response_repo_unuse_token(conn, hash, &pb2) != KC_OK)
            kc_problem_clear(&pb2);
        kc_problem_clear(&pb2);
    }
out:
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}

kc_status response_service_submit_open(kc_db_pool *pool, const kc_principal *p,
                                       const char *survey_id, const json_t *body, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey s = {0};
    const char *audience;
    kc_status st;

    st = kc_check_id("id", survey_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, open_fields, KC_NELEMS(open_fields), pb);
    if (st != KC_OK)
        goto out;
    audience = json_string_value(json_object_get(body, "audience"));
    if (strcmp(audience, "citizens") != 0) {
        kc_problem_add_field(pb, "audience", "the open link is for citizens only");
        st = kc_problem_set(pb, KC_INVALID, "the open link is for citizens only");
        goto out;
    }
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = response_open_survey(conn, p->tenant_id, survey_id, &s, pb);
    if (st == KC_OK && !survey_has_audience(&s, audience)) {
        kc_problem_add_field(pb, "audience", "is not one of the survey's audiences");
        st = kc_problem_set(pb, KC_INVALID, "the survey is not for citizens");
    }
    if (st == KC_OK)
        st = response_check(conn, p->tenant_id, &s, json_object_get(body, "answers"), pb);
    if (st == KC_OK)
        st = response_store(conn, p->tenant_id, survey_id, audience,
                            json_object_get(body, "answers"), pb);
out:
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}
