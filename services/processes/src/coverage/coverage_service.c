#include "coverage/coverage_service.h"

#include <stdlib.h>
#include "koers/validate.h"
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

static json_t *settings_json(int coverage_target)
{
    return json_pack("{s:o}", "coverageTarget",
                     coverage_target < 0 ? json_null() : json_integer(coverage_target));
}

kc_status settings_service_get(kc_db_pool *pool, const kc_principal *p, json_t **out,
                               kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    int target = -1;
    kc_status st;

    *out = NULL;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = settings_repo_get(conn, p->tenant_id, &target, pb);
    if (st == KC_OK)
        *out = settings_json(target);
    kc_db_release(pool, conn);
    return st;
}

kc_status settings_service_put(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                               json_t **out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    const json_t *v;
    int target;
    kc_status st;

    *out = NULL;
    st = kc_validate_json(body, settings_fields, KC_NELEMS(settings_fields), pb);
    if (st != KC_OK)
        goto out;
    v = json_object_get(body, "coverageTarget");
    target = json_is_integer(v) ? (int)json_integer_value(v) : -1;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = settings_repo_put(conn, p->tenant_id, target, pb);
    if (st == KC_OK)
        *out = settings_json(target);
out:
    kc_db_release(pool, conn);
    return st;
}
