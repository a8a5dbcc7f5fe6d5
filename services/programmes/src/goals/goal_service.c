#include "goals/goal_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/log.h"
#include "koers/validate.h"
#include "goals/goal_repo.h"
#include "goals/indicator_params.h"
#include "goals/indicator_refresh.h"

#define QUESTION_RESULTS_MAX 500
#define MEAN_MAX             1000000.0
#define N_MAX                1000000000LL

/* A member a PATCH may echo but not change: 422 naming it when it differs. */
static kc_status check_kept(const json_t *body, const char *name, const char *current,
                            const char *why, kc_problem *pb)
{
    const char *v = json_string_value(json_object_get(body, name));

    if (v == NULL || strcmp(v, current) == 0)
        return KC_OK;
    kc_problem_add_field(pb, name, why);
    return kc_problem_set(pb, KC_INVALID, "%s", why);
}

/* 422 naming name unless the row id of what is of programme_id. */
static kc_status check_of_programme(kc_db_conn *conn, const char *tenant_id, const char *what,
                                    const char *name, const char *id, const char *programme_id,
                                    const char *why, kc_problem *pb)
{
    int yes = 0;
    kc_status st;

    if (id == NULL)
        return KC_OK;
    st = goal_repo_of_programme(conn, tenant_id, what, id, programme_id, &yes, pb);
    if (st != KC_OK || yes)
        return st;
    kc_problem_add_field(pb, name, why);
    return kc_problem_set(pb, KC_INVALID, "%s", why);
}

kc_status goal_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                             const json_t *body, kc_problem *pb)
{
    char programme[37];
    kc_status st;

    if (body == NULL) /* delete: the kit refuses while indicators refer to it */
        return KC_OK;
    if (id == NULL) {
        snprintf(programme, sizeof(programme), "%s",
                 json_string_value(json_object_get(body, "programmeId")));
    } else {
        st = goal_repo_goal_programme(conn, p->tenant_id, id, programme, pb);
        if (st == KC_OK)
            st = check_kept(body, "programmeId", programme, "a goal stays with its programme", pb);
        if (st != KC_OK)
            return st;
    }
    return check_of_programme(conn, p->tenant_id, "programme_value", "programmeValueId",
                              json_string_value(json_object_get(body, "programmeValueId")),
                              programme, "must be a core value of the goal's programme", pb);
}

kc_status indicator_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                  const json_t *body, kc_problem *pb)
{
    char kind[32], goal[37], programme[37];
    const json_t *params, *margin;
    int coached = 0;
    kc_status st;

    if (id == NULL) {
        snprintf(kind, sizeof(kind), "%s", json_string_value(json_object_get(body, "kind")));
        snprintf(goal, sizeof(goal), "%s", json_string_value(json_object_get(body, "goalId")));
    } else {
        st = goal_repo_indicator_head(conn, p->tenant_id, id, kind, goal, pb);
        if (st != KC_OK)
            return st;
    }
    if (body == NULL) {
        st = goal_repo_indicator_coached(conn, p->tenant_id, id, &coached, pb);
        if (st == KC_OK && coached)
            st = kc_problem_set(pb, KC_CONFLICT,
                                "indicator %s has a relapse signal a coaching entry refers to: "
                                "it cannot be deleted",
                                id);
        return st;
    }
    st = check_kept(body, "kind", kind, "an indicator keeps its kind", pb);
    if (st == KC_OK)
        st = check_kept(body, "goalId", goal, "an indicator stays with its goal", pb);
    if (st != KC_OK)
        return st;
    margin = json_object_get(body, "relapseMargin");
    if (margin != NULL && json_number_value(margin) < 0) {
        kc_problem_add_field(pb, "relapseMargin", "must be 0 or more");
        return kc_problem_set(pb, KC_INVALID, "the indicator is not valid");
    }
    params = json_object_get(body, "params");
    if (params == NULL && id != NULL)
        return KC_OK;
    if (params == NULL) {
        json_t *none = json_object();

        st = none != NULL ? indicator_params_check(kind, none, pb)
                          : kc_problem_set(pb, KC_INTERNAL, "out of memory");
        json_decref(none);
        return st;
    }
    st = indicator_params_check(kind, params, pb);
    if (st == KC_OK && json_object_get(params, "manifestId") != NULL)
        st = goal_repo_goal_programme(conn, p->tenant_id, goal, programme, pb);
    if (st == KC_OK && json_object_get(params, "manifestId") != NULL)
        st = check_of_programme(conn, p->tenant_id, "manifest", "params.manifestId",
                                json_string_value(json_object_get(params, "manifestId")), programme,
                                "must be a manifest of the goal's programme", pb);
    return st;
}

kc_status goal_service_trend(kc_db_pool *pool, const kc_principal *p, const char *id, json_t **out,
                             kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    json_t *goal = NULL, *judged = NULL;
    int began = 0;
    kc_status st;

    *out = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    began = st == KC_OK;
    if (st == KC_OK)
        st = goal_repo_goal(conn, p->tenant_id, id, &goal, pb);
    if (st == KC_OK) {
        judged = json_array();
        if (judged == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    if (st == KC_OK)
        st = indicator_refresh_in(conn, p->tenant_id, id, NULL, judged, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    else if (began)
        kc_db_rollback(conn);
    if (st == KC_OK) {
        *out = json_pack("{s:O, s:O}", "goal", goal, "indicators", judged);
        if (*out == NULL)
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
    }
    kc_db_release(pool, conn);
    json_decref(goal);
    json_decref(judged);
    return st;
}

kc_status goal_service_signals(kc_db_pool *pool, const kc_principal *p, const char *id,
                               const kc_keyset *page, json_t **items, kc_keyset_next *next,
                               kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    *items = NULL;
    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = goal_repo_signals(conn, p->tenant_id, id, page, items, next, pb);
    kc_db_release(pool, conn);
    return st;
}

/* One {code, audience, mean, n} as kept, or NULL when it is not one. */
static json_t *question_result(const json_t *item)
{
    const char *code = json_string_value(json_object_get(item, "code"));
    const char *audience = json_string_value(json_object_get(item, "audience"));
    const json_t *mean = json_object_get(item, "mean"), *n = json_object_get(item, "n");

    if (code == NULL || strlen(code) < 1 || strlen(code) > 40 || audience == NULL ||
        strlen(audience) < 1 || strlen(audience) > 40 || !json_is_number(mean) ||
        json_number_value(mean) < -MEAN_MAX || json_number_value(mean) > MEAN_MAX ||
        !json_is_integer(n) || json_integer_value(n) < 0 || json_integer_value(n) > N_MAX)
        return NULL;
    return json_pack("{s:s, s:s, s:f, s:I}", "code", code, "audience", audience, "mean",
                     json_number_value(mean), "n", json_integer_value(n));
}

kc_status goal_service_apply_survey_closed(kc_db_conn *conn, const char *tenant_id,
                                           const char *event_id, const char *subject,
                                           const json_t *data, const char *published_at,
                                           kc_problem *pb)
{
    const char *survey_id = subject,
               *series_id = json_string_value(json_object_get(data, "seriesId"));
    const json_t *wave = json_object_get(data, "wave"),
                 *items = json_object_get(data, "questionResults"), *item;
    json_t *kept = NULL, *v;
    char *text = NULL;
    size_t i;
    kc_status st = KC_OK;

    if (survey_id == NULL || !kc_is_uuid(survey_id))
        survey_id = json_string_value(json_object_get(data, "surveyId"));
    if (survey_id == NULL || !kc_is_uuid(survey_id) || series_id == NULL ||
        !kc_is_uuid(series_id) || !json_is_integer(wave) || json_integer_value(wave) < 1 ||
        json_integer_value(wave) > 100000) {
        kc_log(KC_LOG_WARN, NULL,
               "survey.closed event %s names no survey series and wave: "
               "its question results are skipped",
               event_id != NULL ? event_id : "?");
        goto out;
    }
    if (!json_is_array(items) || json_array_size(items) == 0)
        goto out; /* a survey without numeric questions (or from before they were sent) */
    kept = json_array();
    if (kept == NULL)
        goto oom;
    json_array_foreach(items, i, item)
    {
        if (json_array_size(kept) == QUESTION_RESULTS_MAX)
            break;
        v = question_result(item);
        if (v != NULL && json_array_append_new(kept, v) != 0)
            goto oom;
    }
    text = json_dumps(kept, JSON_COMPACT);
    if (text == NULL)
        goto oom;
    st = goal_repo_put_question_results(
        conn, tenant_id, survey_id, series_id, (int)json_integer_value(wave), text,
        published_at != NULL && kc_is_datetime(published_at) ? published_at : NULL, pb);
    if (st == KC_OK)
        st = indicator_refresh_in(conn, tenant_id, NULL, "pulse_question", NULL, pb);
    goto out;
oom:
    st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    free(text);
    json_decref(kept);
    return st;
}

kc_status goal_service_apply_feedback(kc_db_conn *conn, const char *tenant_id, const char *event_id,
                                      const char *subject, const json_t *data,
                                      const char *published_at, kc_problem *pb)
{
    const json_t *round = json_object_get(data, "round"),
                 *sat = json_object_get(data, "satisfaction");
    const json_t *equal = json_object_get(data, "equalParty");
    char r_sat[16];
    kc_status st;

    if (subject == NULL || !kc_is_uuid(subject) || !json_is_integer(round) ||
        json_integer_value(round) < 0 || json_integer_value(round) > 100000) {
        kc_log(KC_LOG_WARN, NULL,
               "case.feedback.received event %s names no case and round: "
               "skipped",
               event_id != NULL ? event_id : "?");
        return KC_OK;
    }
    if (json_is_integer(sat) && json_integer_value(sat) >= -1000 && json_integer_value(sat) <= 1000)
        snprintf(r_sat, sizeof(r_sat), "%lld", (long long)json_integer_value(sat));
    else
        r_sat[0] = '\0';
    st = goal_repo_put_feedback(
        conn, tenant_id, subject, (int)json_integer_value(round) + 1,
        json_is_boolean(equal) ? (json_is_true(equal) ? "true" : "false") : NULL,
        r_sat[0] != '\0' ? r_sat : NULL,
        published_at != NULL && kc_is_datetime(published_at) ? published_at : NULL, pb);
    if (st == KC_OK)
        st = indicator_refresh_in(conn, tenant_id, NULL, "equal_party_share", NULL, pb);
    return st;
}
