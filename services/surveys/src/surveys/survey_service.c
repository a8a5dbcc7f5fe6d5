#include "surveys/survey_service.h"

#include "koers/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "koers/outbox.h"
#include "surveys/question_spec.h"
#include "surveys/settings_repo.h"
#include "surveys/survey_repo.h"

#define SURVEY_FROZEN    "questions cannot change once the survey is open"
#define SURVEY_DUE_BATCH 50

static const char *const survey_kinds[] = {"climate_monitor", "core_values", "satisfaction",
                                           "pulse", NULL};

/* A new survey: its body decoded by survey_fields_create, and its
 * audiences as JSON text for the repository. */
typedef struct survey_new {
    const char *tenant_id, *title, *kind, *closes_at;
    const json_t *audiences;
    char *audiences_json;
} survey_new;

/* A change of a survey: its body decoded by survey_fields_patch. */
typedef struct survey_patch {
    const char *title, *closes_at; /* closes_at NULL with has_closes_at: clear it */
    const json_t *audiences;       /* NULL: unchanged */
    int has_title, has_closes_at;
} survey_patch;

/* A new section: its body decoded by section_fields. */
typedef struct section_new {
    const char *title;
    long long position; /* -1: after the last */
} section_new;

static const kc_field survey_fields_create[] = {
    {.name = "title",
     .type = KC_T_STRING,
     .required = 1,
     .min_len = 1,
     .max_len = 200,
     .to = KC_TO(survey_new, title)},
    {.name = "kind",
     .type = KC_T_STRING,
     .required = 1,
     .enum_values = survey_kinds,
     .to = KC_TO(survey_new, kind)},
    {.name = "audiences",
     .type = KC_T_ARRAY,
     .required = 1,
     .min_len = 1,
     .max_len = 4,
     .item_type = KC_T_STRING,
     .to = KC_TO(survey_new, audiences)},
    {.name = "closesAt",
     .type = KC_T_STRING,
     .nullable = 1,
     .format = KC_FMT_DATETIME,
     .to = KC_TO(survey_new, closes_at)},
};
static const kc_field survey_fields_patch[] = {
    {.name = "title",
     .type = KC_T_STRING,
     .min_len = 1,
     .max_len = 200,
     .to = KC_TO(survey_patch, title),
     .has = KC_HAS(survey_patch, has_title)},
    {.name = "audiences",
     .type = KC_T_ARRAY,
     .min_len = 1,
     .max_len = 4,
     .item_type = KC_T_STRING,
     .to = KC_TO(survey_patch, audiences)},
    {.name = "closesAt",
     .type = KC_T_STRING,
     .nullable = 1,
     .format = KC_FMT_DATETIME,
     .to = KC_TO(survey_patch, closes_at),
     .has = KC_HAS(survey_patch, has_closes_at)},
};
static const kc_field section_fields[] = {
    {.name = "title",
     .type = KC_T_STRING,
     .required = 1,
     .min_len = 1,
     .max_len = 200,
     .to = KC_TO(section_new, title)},
    {.name = "position",
     .type = KC_T_INT,
     .min = 0,
     .max = 10000,
     .to = KC_TO(section_new, position)},
};

/* audiences: known and unique; faults named in pb. */
static kc_status survey_check_audiences(const json_t *audiences, kc_problem *pb)
{
    const json_t *a, *b;
    size_t i, j;
    char name[32];
    kc_status st = KC_OK;

    json_array_foreach(audiences, i, a)
    {
        snprintf(name, sizeof(name), "audiences[%zu]", i);
        if (!surveys_is_audience(json_string_value(a))) {
            kc_problem_add_field(pb, name,
                                 "must be one of citizens, employees, managers, council_members");
            st = KC_INVALID;
            continue;
        }
        for (j = 0; j < i; j++) {
            b = json_array_get(audiences, j);
            if (json_is_string(b) && strcmp(json_string_value(a), json_string_value(b)) == 0) {
                kc_problem_add_field(pb, name, "must not repeat an audience");
                st = KC_INVALID;
            }
        }
    }
    if (st != KC_OK)
        kc_problem_set(pb, KC_INVALID, "the audiences are not valid");
    return st;
}

/* Checks id (NULL = none); takes a connection (the caller releases it
 * whatever happens). */
static kc_status survey_open_conn(kc_db_pool *pool, const char *id, kc_db_conn **conn,
                                  kc_problem *pb)
{
    kc_status st = KC_OK;

    *conn = NULL;
    if (id != NULL)
        st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, conn, pb);
    return st;
}

/* A data-dependent rule the route table cannot state: GET /surveys/{id}
 * admits keys with surveys:respond as well as readers, but a caller who may
 * only respond (no read role or scope) sees an open survey only; any other
 * is not found. */
static int survey_service_sees_open_only(const kc_principal *p)
{
    return kc_authorize(p, SURVEYS_ROLES_READ, SURVEYS_SCOPE_READ, NULL) != KC_OK &&
           kc_principal_has_scope(p, SURVEYS_SCOPE_RESPOND);
}

/* The event data of a survey (new reference). */
static json_t *survey_event_data(const survey *s)
{
    return json_pack("{s:s, s:s, s:s, s:O, s:s, s:i, s:s}", "surveyId", s->id, "title", s->title,
                     "kind", s->kind, "audiences", s->audiences, "seriesId", s->series_id, "wave",
                     s->wave, "status", s->status);
}

/* Adds the event type of survey s to the outbox; a survey.closed also
 * carries its results (top_values, question_results: NULL for other
 * types). */
static kc_status survey_emit(kc_db_conn *conn, const char *tenant_id, const char *type,
                             const survey *s, json_t *top_values, json_t *question_results,
                             kc_problem *pb)
{
    json_t *data = survey_event_data(s);
    kc_status st;

    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if ((top_values != NULL && json_object_set(data, "topValues", top_values) != 0) ||
        (question_results != NULL &&
         json_object_set(data, "questionResults", question_results) != 0)) {
        json_decref(data);
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    st = kc_outbox_add(conn, SURVEYS_SCHEMA, type, tenant_id, s->id, data, pb);
    json_decref(data);
    return st;
}

/* open -> closed inside the caller's transaction, with the survey.closed
 * event carrying the top values and the numeric questions' means of the
 * groups large enough (the series and wave are in every survey event). */
static kc_status survey_close_locked(kc_db_conn *conn, const char *tenant_id, const char *id,
                                     survey *out, kc_problem *pb)
{
    json_t *top = NULL, *questions = NULL;
    int min_group = SURVEYS_DEFAULT_MIN_GROUP_SIZE;
    kc_status st;

    st = settings_repo_min_group_size(conn, tenant_id, &min_group, pb);
    if (st == KC_OK)
        st = survey_repo_top_values(conn, tenant_id, id, min_group, &top, pb);
    if (st == KC_OK)
        st = survey_repo_question_results(conn, tenant_id, id, min_group, &questions, pb);
    if (st == KC_OK)
        st = survey_repo_set_status(conn, tenant_id, id, "closed", out, pb);
    if (st == KC_OK)
        st = survey_emit(conn, tenant_id, "survey.closed", out, top, questions, pb);
    json_decref(questions);
    json_decref(top);
    return st;
}

int survey_service_past_due(const survey *s)
{
    char now[32];
    time_t t = time(NULL);
    struct tm tm;

    if (strcmp(s->status, "open") != 0 || !s->closes_at[0])
        return 0;
    gmtime_r(&t, &tm);
    strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%S.999Z", &tm);
    return strcmp(s->closes_at, now) <= 0;
}

kc_status survey_service_close_if_due(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      kc_problem *pb)
{
    survey s = {0};
    kc_status st;

    st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        return st;
    /* lock only this survey, and only if still due and not being closed */
    st = survey_repo_lock(conn, tenant_id, id, &s, pb);
    if (st == KC_OK && survey_service_past_due(&s)) {
        survey_clear(&s);
        st = survey_close_locked(conn, tenant_id, id, &s, pb);
    }
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    else
        kc_db_rollback(conn);
    survey_clear(&s);
    return st;
}

kc_status survey_service_close_due(kc_db_pool *pool, int *closed, kc_problem *pb)
{
    char ids[SURVEY_DUE_BATCH][37], tenants[SURVEY_DUE_BATCH][37];
    kc_db_conn *conn = NULL;
    survey s = {0};
    int n = 0, i;
    kc_status st;

    *closed = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    st = survey_repo_lock_due(conn, SURVEY_DUE_BATCH, ids, tenants, &n, pb);
    for (i = 0; st == KC_OK && i < n; i++) {
        st = survey_close_locked(conn, tenants[i], ids[i], &s, pb);
        survey_clear(&s);
    }
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    else
        kc_db_rollback(conn);
    if (st == KC_OK)
        *closed = n;
out:
    kc_db_release(pool, conn);
    return st;
}

static kc_status survey_insert_fn(kc_db_conn *conn, void *arg, json_t **answer, kc_problem *pb)
{
    const survey_new *in = arg;
    survey s = {0};
    kc_status st;

    st = survey_repo_insert(conn, in->tenant_id, in->title, in->kind, in->audiences_json,
                            in->closes_at, &s, pb);
    if (st == KC_OK)
        *answer = survey_to_json(&s, 1);
    survey_clear(&s);
    return st;
}

kc_status survey_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                const json_t *body, json_t **answer, int *replayed, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey_new in = {0};
    kc_status st;

    *answer = NULL;
    *replayed = 0;
    st = kc_decode_json(body, survey_fields_create, KC_NELEMS(survey_fields_create), &in, pb);
    if (st == KC_OK)
        st = survey_check_audiences(in.audiences, pb);
    if (st != KC_OK)
        goto out;
    in.tenant_id = p->tenant_id;
    in.audiences_json = json_dumps(in.audiences, JSON_COMPACT);
    if (in.audiences_json == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_idem_create(conn, SURVEYS_SCHEMA, idem, NULL, survey_insert_fn, &in, answer,
                            replayed, pb);
out:
    free(in.audiences_json);
    kc_db_release(pool, conn);
    return st;
}

kc_status survey_service_get(kc_db_pool *pool, const kc_principal *p, const char *id, survey *out,
                             kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    int respondent = survey_service_sees_open_only(p);
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = survey_open_conn(pool, id, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = survey_repo_get(conn, p->tenant_id, id, 1, out, pb);
    if (st == KC_OK && survey_service_past_due(out)) {
        survey_clear(out);
        st = survey_service_close_if_due(conn, p->tenant_id, id, pb);
        if (st == KC_OK)
            st = survey_repo_get(conn, p->tenant_id, id, 1, out, pb);
    }
    if (st == KC_OK && respondent && strcmp(out->status, "open") != 0) {
        survey_clear(out);
        st = kc_problem_set(pb, KC_NOT_FOUND, "survey %s not found", id);
    }
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status survey_service_list(kc_db_pool *pool, const kc_principal *p, const survey_query *q,
                              const kc_keyset *page, survey **items, size_t *n,
                              kc_keyset_next *next, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey_filter f;
    kc_status st;

    *items = NULL;
    *n = 0;
    st = survey_open_conn(pool, NULL, &conn, pb);
    if (st != KC_OK)
        goto out;
    f.status = q->status;
    f.kind = q->kind;
    f.series_id = q->series_id;
    st = survey_repo_list(conn, p->tenant_id, &f, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

/* Opens a transaction on a fresh connection and locks the survey for a
 * change by a survey manager. On failure the transaction is rolled back;
 * the caller releases *conn in any case. */
static kc_status survey_begin_change(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     kc_db_conn **conn, survey *s, kc_problem *pb)
{
    kc_status st;

    memset(s, 0, sizeof(*s));
    st = survey_open_conn(pool, id, conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(*conn, pb);
    if (st != KC_OK)
        return st;
    st = survey_repo_lock(*conn, p->tenant_id, id, s, pb);
    if (st != KC_OK)
        kc_db_rollback(*conn);
    return st;
}

static kc_status survey_end_change(kc_db_conn *conn, kc_status st, kc_problem *pb)
{
    if (conn == NULL)
        return st;
    if (st == KC_OK)
        return kc_db_commit(conn, pb);
    kc_db_rollback(conn);
    return st;
}

/* A draft-only change: 409 unless s is a draft. */
static kc_status survey_require_draft(const survey *s, const char *what, kc_problem *pb)
{
    kc_status st;

    if (strcmp(s->status, "draft") == 0)
        return KC_OK;
    st = kc_problem_set(pb, KC_CONFLICT, "%s (survey %s is %s)", what, s->id, s->status);
    kc_problem_set_extra(pb, "surveyStatus", json_string(s->status));
    return st;
}

kc_status survey_service_update(kc_db_pool *pool, const kc_principal *p, const char *id,
                                const json_t *body, long long if_match, survey *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey s = {0};
    survey_patch chg = {0};
    char *aud_text = NULL;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_decode_json(body, survey_fields_patch, KC_NELEMS(survey_fields_patch), &chg, pb);
    if (st == KC_OK && chg.audiences != NULL)
        st = survey_check_audiences(chg.audiences, pb);
    if (st != KC_OK)
        goto out;
    st = survey_begin_change(pool, p, id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    if (if_match >= 0 && if_match != s.version)
        st = kc_problem_set(pb, KC_PRECONDITION_FAILED, "survey %s is at version %d, not %lld", id,
                            s.version, if_match);
    else if ((chg.has_title || chg.audiences != NULL) && strcmp(s.status, "draft") != 0)
        st = survey_require_draft(&s, "title and audiences change only in a draft", pb);
    else if (strcmp(s.status, "closed") == 0)
        st = kc_problem_set(pb, KC_CONFLICT, "survey %s is closed", id);
    if (st == KC_OK && chg.audiences != NULL &&
        (aud_text = json_dumps(chg.audiences, JSON_COMPACT)) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st == KC_OK)
        st = survey_repo_update(conn, p->tenant_id, id, s.version, chg.title, aud_text,
                                chg.has_closes_at, chg.closes_at, out, pb);
    st = survey_end_change(conn, st, pb);
    if (st == KC_OK) {
        survey_clear(out);
        st = survey_repo_get(conn, p->tenant_id, id, 1, out, pb);
    }
out:
    free(aud_text);
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}

kc_status survey_service_delete(kc_db_pool *pool, const kc_principal *p, const char *id,
                                kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey s = {0};
    kc_status st;

    st = survey_begin_change(pool, p, id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    st = survey_require_draft(&s, "only a draft survey can be deleted", pb);
    if (st == KC_OK)
        st = survey_repo_delete(conn, p->tenant_id, id, pb);
    st = survey_end_change(conn, st, pb);
out:
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}

kc_status survey_service_add_section(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     const json_t *body, section *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey s = {0};
    section_new in = {.position = -1};
    kc_status st;

    st = kc_decode_json(body, section_fields, KC_NELEMS(section_fields), &in, pb);
    if (st == KC_OK)
        st = survey_begin_change(pool, p, id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    st = survey_require_draft(&s, SURVEY_FROZEN, pb);
    if (st == KC_OK)
        st = survey_repo_add_section(conn, p->tenant_id, id, in.title, (int)in.position, out, pb);
    st = survey_end_change(conn, st, pb);
out:
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}

/* Fills q from a checked question body and its normalised options (q
 * borrows text, owns a reference to options). */
static void question_from_body(const json_t *body, json_t *options, question *q)
{
    const json_t *v;

    memset(q, 0, sizeof(*q));
    v = json_object_get(body, "sectionId");
    if (json_is_string(v))
        snprintf(q->section_id, sizeof(q->section_id), "%s", json_string_value(v));
    v = json_object_get(body, "position");
    q->position = v ? (int)json_integer_value(v) : -1;
    v = json_object_get(body, "code");
    if (json_is_string(v))
        snprintf(q->code, sizeof(q->code), "%s", json_string_value(v));
    snprintf(q->type, sizeof(q->type), "%s", json_string_value(json_object_get(body, "type")));
    v = json_object_get(body, "required");
    q->required = v ? json_is_true(v) : 1;
    q->text = (char *)json_string_value(json_object_get(body, "text"));
    q->options = options;
}

kc_status survey_service_add_question(kc_db_pool *pool, const kc_principal *p, const char *id,
                                      const json_t *body, question *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey s = {0};
    json_t *options = NULL;
    question q;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = question_spec_check(body, &options, pb);
    if (st == KC_OK)
        st = survey_begin_change(pool, p, id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    st = survey_require_draft(&s, SURVEY_FROZEN, pb);
    question_from_body(body, options, &q);
    if (st == KC_OK)
        st = survey_repo_add_question(conn, p->tenant_id, id, &q, out, pb);
    st = survey_end_change(conn, st, pb);
out:
    json_decref(options);
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}

/* The stored question as a definition body, with the patch laid over it. */
static json_t *question_merge(const question *cur, const json_t *patch)
{
    json_t *merged;

    merged = json_pack("{s:i, s:s, s:s, s:s, s:b, s:O}", "position", cur->position, "code",
                       cur->code, "text", cur->text ? cur->text : "", "type", cur->type, "required",
                       cur->required, "options", cur->options ? cur->options : json_null());
    if (merged == NULL)
        return NULL;
    if (cur->section_id[0])
        json_object_set_new(merged, "sectionId", json_string(cur->section_id));
    /* a new type without new options starts from that type's defaults */
    if (json_object_get(patch, "type") != NULL && json_object_get(patch, "options") == NULL)
        json_object_del(merged, "options");
    json_object_update(merged, (json_t *)patch);
    if (json_is_null(json_object_get(merged, "options")))
        json_object_del(merged, "options");
    return merged;
}

kc_status survey_service_update_question(kc_db_pool *pool, const kc_principal *p, const char *id,
                                         const char *question_id, const json_t *body, question *out,
                                         kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey s = {0};
    question cur = {0}, q;
    json_t *merged = NULL, *options = NULL;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = kc_check_id("questionId", question_id, pb);
    if (st == KC_OK && !json_is_object(body))
        st = kc_problem_set(pb, KC_BAD_REQUEST, "the body must be a JSON object");
    if (st == KC_OK)
        st = survey_begin_change(pool, p, id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    st = survey_require_draft(&s, SURVEY_FROZEN, pb);
    if (st == KC_OK)
        st = survey_repo_get_question(conn, p->tenant_id, id, question_id, &cur, pb);
    if (st == KC_OK && (merged = question_merge(&cur, body)) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    if (st == KC_OK)
        st = question_spec_check(merged, &options, pb);
    if (st == KC_OK) {
        question_from_body(merged, options, &q);
        snprintf(q.id, sizeof(q.id), "%s", cur.id);
        st = survey_repo_update_question(conn, p->tenant_id, id, &q, out, pb);
    }
    st = survey_end_change(conn, st, pb);
out:
    json_decref(options);
    json_decref(merged);
    question_clear(&cur);
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}

kc_status survey_service_delete_question(kc_db_pool *pool, const kc_principal *p, const char *id,
                                         const char *question_id, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey s = {0};
    kc_status st;

    st = kc_check_id("questionId", question_id, pb);
    if (st == KC_OK)
        st = survey_begin_change(pool, p, id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    st = survey_require_draft(&s, SURVEY_FROZEN, pb);
    if (st == KC_OK)
        st = survey_repo_delete_question(conn, p->tenant_id, id, question_id, pb);
    st = survey_end_change(conn, st, pb);
out:
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}

kc_status survey_service_open(kc_db_pool *pool, const kc_principal *p, const char *id, survey *out,
                              kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey s = {0};
    int nq = 0;
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = survey_begin_change(pool, p, id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    if (strcmp(s.status, "draft") != 0) {
        st = kc_problem_set(pb, KC_CONFLICT, "survey %s is %s; only a draft can be opened", id,
                            s.status);
        kc_problem_set_extra(pb, "surveyStatus", json_string(s.status));
    }
    if (st == KC_OK)
        st = survey_repo_question_count(conn, p->tenant_id, id, &nq, pb);
    if (st == KC_OK && nq == 0)
        st = kc_problem_set(pb, KC_CONFLICT, "survey %s has no questions yet", id);
    if (st == KC_OK)
        st = survey_repo_set_status(conn, p->tenant_id, id, "open", out, pb);
    if (st == KC_OK)
        st = survey_emit(conn, p->tenant_id, "survey.opened", out, NULL, NULL, pb);
    st = survey_end_change(conn, st, pb);
    survey_clear(out);
    if (st == KC_OK)
        st = survey_repo_get(conn, p->tenant_id, id, 1, out, pb);
out:
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}

kc_status survey_service_close(kc_db_pool *pool, const kc_principal *p, const char *id, survey *out,
                               kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    survey s = {0};
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = survey_begin_change(pool, p, id, &conn, &s, pb);
    if (st != KC_OK)
        goto out;
    if (strcmp(s.status, "open") != 0) {
        st = kc_problem_set(pb, KC_CONFLICT, "survey %s is %s; only an open survey can be closed",
                            id, s.status);
        kc_problem_set_extra(pb, "surveyStatus", json_string(s.status));
    }
    if (st == KC_OK)
        st = survey_close_locked(conn, p->tenant_id, id, out, pb);
    st = survey_end_change(conn, st, pb);
    survey_clear(out);
    if (st == KC_OK)
        st = survey_repo_get(conn, p->tenant_id, id, 1, out, pb);
out:
    survey_clear(&s);
    kc_db_release(pool, conn);
    return st;
}

kc_status survey_service_new_wave(kc_db_pool *pool, const kc_principal *p, const char *id,
                                  survey *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char new_id[37];
    kc_status st;

    memset(out, 0, sizeof(*out));
    st = survey_open_conn(pool, id, &conn, pb);
    if (st == KC_OK)
        st = survey_repo_new_wave(conn, p->tenant_id, id, new_id, pb);
    if (st == KC_CONFLICT)
        kc_problem_set(pb, KC_CONFLICT, "another wave of this series was created at the same time");
    if (st == KC_OK)
        st = survey_repo_get(conn, p->tenant_id, new_id, 1, out, pb);
    kc_db_release(pool, conn);
    return st;
}
