#include "goals/indicator_refresh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/config.h"
#include "koers/log.h"
#include "koers/outbox.h"
#include "koers/periodic.h"
#include "goals/goal_repo.h"
#include "goals/indicator_trend.h"
#include "programmes.h"

#define REFRESH_MAX_POINTS 1000

/* Seconds between two periodic passes (KOERS_PROGRAMMES_INDICATORS_EVERY_S). */
static int every_s = 300;

int indicator_refresh_configure(char *err, size_t errlen)
{
    return kc_env_int("KOERS_PROGRAMMES_INDICATORS_EVERY_S", 300, 1, 86400, &every_s, err, errlen);
}

static const char *member(const json_t *o, const char *name)
{
    return json_string_value(json_object_get(o, name));
}

/* The event of one signal raised for indicator ind. */
static kc_status signal_event(kc_db_conn *conn, const json_t *ind, unsigned kind,
                              const indicator_verdict *v, kc_problem *pb)
{
    int relapse = kind == INDICATOR_SIGNAL_RELAPSE;
    json_t *data;
    kc_status st;

    data =
        json_pack("{s:s, s:s, s:s, s:s, s:f, s:o}", "goalId", member(ind, "goalId"), "indicatorId",
                  member(ind, "id"), "programmeId", member(ind, "programmeId"), "period", v->period,
                  "value", v->latest, relapse ? "reference" : "target",
                  relapse ? json_real(v->reference) : json_incref(json_object_get(ind, "target")));
    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, PROGRAMMES_SCHEMA, relapse ? "relapse.signalled" : "goal.off_track",
                       member(ind, "tenantId"), member(ind, "goalId"), data, pb);
    json_decref(data);
    return st;
}

/* Raises each signal of v not raised before for its period. */
static kc_status raise_signals(kc_db_conn *conn, const json_t *ind, const indicator_verdict *v,
                               kc_problem *pb)
{
    static const unsigned kinds[] = {INDICATOR_SIGNAL_OFF_TRACK, INDICATOR_SIGNAL_RELAPSE};
    unsigned raised = 0, due;
    char value[48], reference[48], id[37];
    size_t i;
    kc_status st;

    st = goal_repo_raised(conn, member(ind, "tenantId"), member(ind, "id"), v->period, &raised, pb);
    due = st == KC_OK ? indicator_trend_to_raise(v, raised) : 0;
    for (i = 0; st == KC_OK && i < KC_NELEMS(kinds); i++) {
        if (!(due & kinds[i]))
            continue;
        snprintf(value, sizeof(value), "%.4f", v->latest);
        snprintf(reference, sizeof(reference), "%.4f",
                 kinds[i] == INDICATOR_SIGNAL_RELAPSE
                     ? v->reference
                     : json_number_value(json_object_get(ind, "target")));
        st = goal_repo_raise(conn, member(ind, "tenantId"), member(ind, "programmeId"),
                             member(ind, "goalId"), member(ind, "id"),
                             kinds[i] == INDICATOR_SIGNAL_RELAPSE ? "relapse" : "off_track",
                             v->period, value, reference, id, pb);
        if (st == KC_OK && id[0] != '\0') /* raised now, not by a concurrent refresh */
            st = signal_event(conn, ind, kinds[i], v, pb);
    }
    return st;
}

/* Refreshes and judges one indicator (a row of goal_repo_indicators);
 * appends its trend to judged when given. */
static kc_status refresh_one(kc_db_conn *conn, const json_t *ind, json_t *judged, kc_problem *pb)
{
    indicator_point *points = NULL;
    indicator_rule rule = {0};
    indicator_verdict v;
    json_t *values = NULL, *item, *trend = NULL, *wire = NULL;
    const char *tenant = member(ind, "tenantId"), *id = member(ind, "id");
    size_t n, i;
    kc_status st;

    st = goal_repo_refresh(conn, tenant, id, pb);
    if (st == KC_OK)
        st = goal_repo_values(conn, tenant, id, &values, pb);
    if (st != KC_OK)
        goto out;
    n = json_array_size(values);
    if (n > REFRESH_MAX_POINTS) /* judge the latest ones */
        n = REFRESH_MAX_POINTS;
    points = calloc(n > 0 ? n : 1, sizeof(*points));
    if (points == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < n; i++) {
        item = json_array_get(values, json_array_size(values) - n + i);
        points[i].period = member(item, "period");
        points[i].value = json_number_value(json_object_get(item, "value"));
    }
    rule.target = json_number_value(json_object_get(ind, "target"));
    rule.relapse_margin = json_number_value(json_object_get(ind, "relapseMargin"));
    if (!indicator_direction_parse(member(ind, "direction"), &rule.direction))
        rule.direction = INDICATOR_AT_LEAST;
    indicator_trend_judge(points, n, &rule, &v);
    if (v.has_value && v.period != NULL)
        st = raise_signals(conn, ind, &v, pb);
    if (st != KC_OK || judged == NULL)
        goto out;
    wire = json_deep_copy(ind);
    if (wire != NULL) {
        json_object_del(wire, "tenantId");
        json_object_del(wire, "programmeId");
    }
    trend =
        json_pack("{s:o, s:O, s:o, s:b, s:O, s:O}", "indicator", wire, "values", values, "latest",
                  v.has_value ? json_real(v.latest) : json_null(), "onTrack", v.on_track, "target",
                  json_object_get(ind, "target"), "direction", json_object_get(ind, "direction"));
    wire = NULL;
    if (trend == NULL || json_array_append_new(judged, trend) != 0)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    json_decref(wire);
    json_decref(values);
    free(points);
    return st;
}

kc_status indicator_refresh_in(kc_db_conn *conn, const char *tenant_id, const char *goal_id,
                               const char *kind, json_t *judged, kc_problem *pb)
{
    json_t *inds = NULL, *ind;
    size_t i;
    kc_status st;

    st = goal_repo_indicators(conn, tenant_id, kind, goal_id, &inds, pb);
    json_array_foreach(inds, i, ind)
    {
        if (st != KC_OK)
            break;
        st = refresh_one(conn, ind, judged, pb);
    }
    json_decref(inds);
    return st;
}

/* One periodic pass: every indicator, each in its own transaction. */
static void refresh_pass(void *arg)
{
    kc_db_pool *pool = arg;
    kc_db_conn *conn = NULL;
    json_t *inds = NULL, *ind;
    kc_problem pb;
    size_t i;
    kc_status st;

    kc_problem_init(&pb);
    st = kc_db_acquire(pool, &conn, &pb);
    if (st == KC_OK)
        st = goal_repo_indicators(conn, NULL, NULL, NULL, &inds, &pb);
    if (st != KC_OK) {
        kc_log(KC_LOG_WARN, NULL, "indicator refresh: %s", pb.detail);
        goto out;
    }
    json_array_foreach(inds, i, ind)
    {
        kc_problem_clear(&pb);
        kc_problem_init(&pb);
        st = kc_db_begin(conn, &pb);
        if (st == KC_OK)
            st = refresh_one(conn, ind, NULL, &pb);
        if (st == KC_OK)
            st = kc_db_commit(conn, &pb);
        else
            kc_db_rollback(conn);
        if (st != KC_OK)
            kc_log(KC_LOG_WARN, NULL, "indicator refresh of %s: %s", member(ind, "id"), pb.detail);
    }
out:
    json_decref(inds);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
}

kc_status indicator_refresh_start(kc_db_pool *pool, void **handle)
{
    kc_periodic *p = NULL;
    kc_status st;

    st = kc_periodic_start(every_s, 0, refresh_pass, pool, &p);
    *handle = p;
    return st;
}

void indicator_refresh_stop(void *handle)
{
    kc_periodic_stop(handle);
}
