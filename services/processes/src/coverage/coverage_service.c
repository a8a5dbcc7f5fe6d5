#include "coverage/coverage_service.h"

#include <stdlib.h>
#include <string.h>
#include "koers/validate.h"
#include "backlog/bottleneck_score.h"
#include "backlog/bottleneck_service.h"
#include "coverage/coverage_calc.h"
#include "coverage/coverage_repo.h"
#include "coverage/settings_repo.h"

static const kc_field coverage_year_field = {
    .name = "year", .type = KC_T_INT, .required = 1, .min = 2000, .max = 2100};

static const kc_field settings_fields[] = {
    {.name = "coverageTarget",
     .type = KC_T_INT,
     .required = 1,
     .nullable = 1,
     .min = 0,
     .max = 10000},
    /* absent: unchanged; null: the defaults (read_weights checks the members) */
    {.name = "weights", .type = KC_T_OBJECT, .nullable = 1},
};

kc_status coverage_service_get(kc_db_pool *pool, const kc_principal *p, const char *year,
                               json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    coverage_rows rows = {0};
    coverage_figures fig;
    char reason[128];
    int y;
    kc_status st = KC_OK;

    *out = NULL;
    if (year == NULL) {
        st = kc_problem_set(pb, KC_BAD_REQUEST, "year: required (e.g. ?year=2023)");
        kc_problem_add_field(pb, "year", "required");
        goto out;
    }
    if (!kc_validate_value(&coverage_year_field, year, reason, sizeof(reason))) {
        st = kc_problem_set(pb, KC_BAD_REQUEST, "year: %s", reason);
        kc_problem_add_field(pb, "year", reason);
        goto out;
    }
    y = atoi(year);
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = coverage_repo_year(conn, p->tenant_id, y, &rows, pb);
    if (st != KC_OK)
        goto out;
    coverage_compute(rows.team_managers, rows.covered, rows.target, &fig);
    *out = json_pack("{s:i, s:i, s:i, s:f, s:{s:i, s:b, s:i, s:b}, s:O, s:O, s:O}", "year", y,
                     "teamManagers", fig.team_managers, "teamManagersWithProcess", fig.covered,
                     "share", fig.share_permille / 1000.0, "target", "teamManagers", fig.target,
                     "allTeamManagers", rows.target < 0, "remaining", fig.remaining, "met",
                     fig.target_met, "owners", rows.owners, "teamManagersWithoutProcess",
                     rows.managers_without_process, "processesWithoutManager",
                     rows.processes_without_manager);
    if (*out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "coverage: out of memory");
out:
    coverage_rows_clear(&rows);
    kc_db_release(pool, conn);
    return st;
}

/* A weight as the API shows it: a whole number when it is one. */
static json_t *weight_json(double w)
{
    return w == (double)(long long)w ? json_integer((long long)w) : json_real(w);
}

static json_t *settings_json(const settings_row *s)
{
    bottleneck_weights dflt = BOTTLENECK_WEIGHTS_DEFAULT;

    return json_pack("{s:o, s:{s:o, s:o, s:o}}", "coverageTarget",
                     s->coverage_target < 0 ? json_null() : json_integer(s->coverage_target),
                     "weights", "impact",
                     weight_json(s->has_weights ? s->weight_impact : dflt.impact), "effort",
                     weight_json(s->has_weights ? s->weight_effort : dflt.effort), "frequency",
                     weight_json(s->has_weights ? s->weight_frequency : dflt.frequency));
}

kc_status settings_service_get(kc_db_pool *pool, const kc_principal *p, json_t **out,
                               kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    settings_row row;
    kc_status st;

    *out = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = settings_repo_get(conn, p->tenant_id, &row, pb);
    if (st == KC_OK && (*out = settings_json(&row)) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "settings: out of memory");
    kc_db_release(pool, conn);
    return st;
}

/* The body's weights {impact, effort, frequency} (each a whole number
 * 0..100, not all zero) into row; JSON null: the defaults. KC_INVALID
 * naming weights.<member> for each fault. */
static kc_status read_weights(const json_t *weights, settings_row *row, kc_problem *pb)
{
    static const char *const names[3] = {"impact", "effort", "frequency"};
    static const char *const fields[3] = {"weights.impact", "weights.effort", "weights.frequency"};
    bottleneck_weights w = {0};
    int *dst[3] = {&w.impact, &w.effort, &w.frequency};
    const char *key;
    const json_t *v;
    int faults = 0, i;

    row->has_weights = 0;
    if (json_is_null(weights))
        return KC_OK;
    json_object_foreach((json_t *)weights, key, v)
    {
        for (i = 0; i < 3 && strcmp(key, names[i]) != 0; i++)
            ;
        if (i == 3) {
            kc_problem_add_field(pb, "weights", "only impact, effort and frequency");
            faults++;
        }
    }
    for (i = 0; i < 3; i++) {
        v = json_object_get(weights, names[i]);
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > BOTTLENECK_WEIGHT_MAX) {
            kc_problem_add_field(pb, fields[i], "required: a whole number from 0 to 100");
            faults++;
        } else
            *dst[i] = (int)json_integer_value(v);
    }
    if (faults == 0 && !bottleneck_weights_valid(&w)) {
        kc_problem_add_field(pb, "weights", "not all zero: the score divides by their sum");
        faults++;
    }
    if (faults > 0)
        return kc_problem_set(pb, KC_INVALID, "the weights are not valid");
    row->has_weights = 1;
    row->weight_impact = w.impact;
    row->weight_effort = w.effort;
    row->weight_frequency = w.frequency;
    return KC_OK;
}

kc_status settings_service_put(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                               json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    settings_row row = {0};
    const json_t *v, *weights;
    kc_status st;

    *out = NULL;
    st = kc_validate_json(body, settings_fields, KC_NELEMS(settings_fields), pb);
    if (st != KC_OK)
        goto out;
    v = json_object_get(body, "coverageTarget");
    row.coverage_target = json_is_integer(v) ? (int)json_integer_value(v) : -1;
    weights = json_object_get(body, "weights");
    if (weights != NULL)
        st = read_weights(weights, &row, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st == KC_OK)
        st = settings_repo_put(conn, p->tenant_id, &row, weights != NULL, pb);
    /* new weights re-rank the backlog: every score of the tenant, now */
    if (st == KC_OK && weights != NULL)
        st = bottleneck_service_rescore(conn, p->tenant_id, pb);
    if (st == KC_OK)
        st = settings_repo_get(conn, p->tenant_id, &row, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    if (st == KC_OK && (*out = settings_json(&row)) == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "settings: out of memory");
out:
    kc_db_release(pool, conn);
    return st;
}
