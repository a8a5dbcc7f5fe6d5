#include "goals/goal_repo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/pg.h"
#include "goals/indicator_trend.h"

static void json_from_row(const PGresult *r, int row, void *out)
{
    *(json_t **)out = kc_pg_json(r, row, 0);
}

/* A JSON document of one cell (the only row), or KC_INTERNAL. */
static kc_status one_json(kc_db_conn *conn, const char *stmt, const char *sql, int n,
                          const char *const *params, json_t **out, kc_problem *pb)
{
    kc_status st;

    *out = NULL;
    st = kc_pg_one(conn, stmt, sql, n, params, json_from_row, out, pb, "nothing found");
    if (st == KC_OK && *out == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "%s: unreadable answer", stmt);
    return st;
}

kc_status goal_repo_put_question_results(kc_db_conn *conn, const char *tenant_id,
                                         const char *survey_id, const char *series_id, int wave,
                                         const char *results_json, const char *closed_at,
                                         kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.survey_question_results\n"
        "       (tenant_id, survey_id, series_id, wave, code, audience, mean, n, closed_at)\n"
        "SELECT $1, $2::uuid, $3::uuid, $4::integer, x.code, x.audience, x.mean, x.n,\n"
        "       coalesce($6::timestamptz, now())\n"
        "  FROM json_to_recordset($5::json) AS x (code text, audience text, mean numeric, n integer)\n"
        "    ON CONFLICT (tenant_id, survey_id, code, audience) DO UPDATE\n"
        "   SET series_id = EXCLUDED.series_id,\n"
        "       wave = EXCLUDED.wave,\n"
        "       mean = EXCLUDED.mean,\n"
        "       n = EXCLUDED.n,\n"
        "       closed_at = EXCLUDED.closed_at";
    char w[16];
    const char *params[6] = {tenant_id, survey_id, series_id, w, results_json, closed_at};

    snprintf(w, sizeof(w), "%d", wave);
    return kc_db_exec(conn, "programmes_goal_put_results", sql, 6, params, NULL, pb);
}

kc_status goal_repo_put_feedback(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 int round, const char *equal_party, const char *satisfaction,
                                 const char *received_at, kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.casedesk_feedback\n"
        "       (tenant_id, case_id, round, equal_party, satisfaction, received_at)\n"
        "VALUES ($1, $2::uuid, $3::integer, $4::boolean, $5::integer,\n"
        "        coalesce($6::timestamptz, now()))\n"
        "    ON CONFLICT (tenant_id, case_id, round) DO NOTHING";
    char r[16];
    const char *params[6] = {tenant_id, case_id, r, equal_party, satisfaction, received_at};

    snprintf(r, sizeof(r), "%d", round);
    return kc_db_exec(conn, "programmes_goal_put_feedback", sql, 6, params, NULL, pb);
}

kc_status goal_repo_indicators(kc_db_conn *conn, const char *tenant_id, const char *kind,
                               const char *goal_id, json_t **items, kc_problem *pb)
{
    static const char sql[] =
        "SELECT coalesce(json_agg(json_build_object(\n"
        "           'id', i.id,\n"
        "           'tenantId', i.tenant_id,\n"
        "           'programmeId', g.programme_id,\n"
        "           'goalId', i.goal_id,\n"
        "           'kind', i.kind,\n"
        "           'params', i.params,\n"
        "           'target', i.target::float8,\n"
        "           'direction', i.direction,\n"
        "           'relapseMargin', i.relapse_margin::float8,\n"
        "           'version', i.version,\n"
        "           'createdAt', to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n"
        "           'updatedAt', to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))\n"
        "         ORDER BY i.created_at, i.id), '[]')::text\n"
        "  FROM programmes.indicators i\n"
        "  JOIN programmes.goals g\n"
        "    ON g.id = i.goal_id\n"
        "   AND g.tenant_id = i.tenant_id\n"
        " WHERE ($1::uuid IS NULL OR i.tenant_id = $1::uuid)\n"
        "   AND ($2::text IS NULL OR i.kind = $2::text)\n"
        "   AND ($3::uuid IS NULL OR i.goal_id = $3::uuid)";
    const char *params[3] = {tenant_id, kind, goal_id};

    return one_json(conn, "programmes_goal_indicators", sql, 3, params, items, pb);
}

kc_status goal_repo_refresh(kc_db_conn *conn, const char *tenant_id, const char *indicator_id,
                            kc_problem *pb)
{
    static const char sql[] = "SELECT programmes.indicator_refresh($1::uuid, $2::uuid)";
    const char *params[2] = {tenant_id, indicator_id};

    return kc_db_exec(conn, "programmes_goal_refresh", sql, 2, params, NULL, pb);
}

kc_status goal_repo_values(kc_db_conn *conn, const char *tenant_id, const char *indicator_id,
                           json_t **values, kc_problem *pb)
{
    static const char sql[] = "SELECT programmes.indicator_values_json($1::uuid, $2::uuid)::text";
    const char *params[2] = {tenant_id, indicator_id};

    return one_json(conn, "programmes_goal_values", sql, 2, params, values, pb);
}

kc_status goal_repo_raised(kc_db_conn *conn, const char *tenant_id, const char *indicator_id,
                           const char *period, unsigned *raised, kc_problem *pb)
{
    static const char sql[] = "SELECT kind\n"
                              "  FROM programmes.relapse_signals\n"
                              " WHERE tenant_id = $1\n"
                              "   AND indicator_id = $2::uuid\n"
                              "   AND period = $3";
    const char *params[3] = {tenant_id, indicator_id, period};
    PGresult *res = NULL;
    kc_status st;
    int i;

    *raised = 0;
    st = kc_db_exec(conn, "programmes_goal_raised", sql, 3, params, &res, pb);
    for (i = 0; st == KC_OK && i < PQntuples(res); i++)
        *raised |= strcmp(PQgetvalue(res, i, 0), "relapse") == 0 ? INDICATOR_SIGNAL_RELAPSE
                                                                 : INDICATOR_SIGNAL_OFF_TRACK;
    PQclear(res);
    return st;
}

kc_status goal_repo_raise(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                          const char *goal_id, const char *indicator_id, const char *kind,
                          const char *period, const char *value, const char *reference, char id[37],
                          kc_problem *pb)
{
    static const char sql[] =
        "INSERT INTO programmes.relapse_signals\n"
        "       (id, tenant_id, programme_id, goal_id, indicator_id, kind, period, value, reference)\n"
        "VALUES (gen_random_uuid(), $1, $2::uuid, $3::uuid, $4::uuid, $5, $6, $7::numeric, $8::numeric)\n"
        "    ON CONFLICT (indicator_id, kind, period) DO NOTHING\n"
        "RETURNING id";
    const char *params[8] = {tenant_id, programme_id, goal_id, indicator_id,
                             kind,      period,       value,   reference};
    PGresult *res = NULL;
    kc_status st;

    id[0] = '\0';
    st = kc_db_exec(conn, "programmes_goal_raise", sql, 8, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1)
        kc_pg_copy(res, 0, 0, id, 37);
    PQclear(res);
    return st;
}

kc_status goal_repo_goal(kc_db_conn *conn, const char *tenant_id, const char *goal_id,
                         json_t **goal, kc_problem *pb)
{
    static const char sql[] =
        "SELECT json_build_object(\n"
        "           'id', g.id,\n"
        "           'programmeId', g.programme_id,\n"
        "           'name', g.name,\n"
        "           'description', g.description,\n"
        "           'theme', g.theme,\n"
        "           'programmeValueId', g.programme_value_id,\n"
        "           'version', g.version,\n"
        "           'createdAt', to_char(g.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n"
        "           'updatedAt', to_char(g.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))::text\n"
        "  FROM programmes.goals g\n"
        " WHERE g.tenant_id = $1\n"
        "   AND g.id = $2::uuid";
    const char *params[2] = {tenant_id, goal_id};

    *goal = NULL;
    return kc_pg_one(conn, "programmes_goal_get", sql, 2, params, json_from_row, goal, pb,
                     "goal %s not found", goal_id);
}

static void copy_first(const PGresult *r, int row, void *out)
{
    kc_pg_copy(r, row, 0, out, 37);
}

kc_status goal_repo_goal_programme(kc_db_conn *conn, const char *tenant_id, const char *goal_id,
                                   char programme_id[37], kc_problem *pb)
{
    static const char sql[] = "SELECT programme_id\n"
                              "  FROM programmes.goals\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2::uuid";
    const char *params[2] = {tenant_id, goal_id};

    programme_id[0] = '\0';
    return kc_pg_one(conn, "programmes_goal_programme", sql, 2, params, copy_first, programme_id,
                     pb, "goal %s not found", goal_id);
}

kc_status goal_repo_of_programme(kc_db_conn *conn, const char *tenant_id, const char *what,
                                 const char *id, const char *programme_id, int *yes, kc_problem *pb)
{
    static const char sql[] = "SELECT CASE $2\n"
                              "         WHEN 'programme_value' THEN EXISTS (\n"
                              "             SELECT 1\n"
                              "               FROM programmes.programme_values\n"
                              "              WHERE tenant_id = $1\n"
                              "                AND id = $3::uuid\n"
                              "                AND programme_id = $4::uuid)\n"
                              "         WHEN 'manifest' THEN EXISTS (\n"
                              "             SELECT 1\n"
                              "               FROM programmes.manifests\n"
                              "              WHERE tenant_id = $1\n"
                              "                AND id = $3::uuid\n"
                              "                AND programme_id = $4::uuid)\n"
                              "         ELSE false\n"
                              "       END";
    const char *params[4] = {tenant_id, what, id, programme_id};
    PGresult *res = NULL;
    kc_status st;

    *yes = 0;
    st = kc_db_exec(conn, "programmes_goal_of_programme", sql, 4, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1)
        *yes = kc_pg_bool(res, 0, 0);
    PQclear(res);
    return st;
}

/* Where goal_repo_indicator_head writes. */
typedef struct indicator_head {
    char *kind, *goal_id;
} indicator_head;

static void copy_head(const PGresult *r, int row, void *out)
{
    indicator_head *h = out;

    kc_pg_copy(r, row, 0, h->kind, 32);
    kc_pg_copy(r, row, 1, h->goal_id, 37);
}

kc_status goal_repo_indicator_head(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   char kind[32], char goal_id[37], kc_problem *pb)
{
    static const char sql[] = "SELECT kind,\n"
                              "       goal_id\n"
                              "  FROM programmes.indicators\n"
                              " WHERE tenant_id = $1\n"
                              "   AND id = $2::uuid";
    const char *params[2] = {tenant_id, id};
    indicator_head h = {kind, goal_id};

    kind[0] = goal_id[0] = '\0';
    return kc_pg_one(conn, "programmes_indicator_head", sql, 2, params, copy_head, &h, pb,
                     "indicator %s not found", id);
}

kc_status goal_repo_indicator_coached(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      int *yes, kc_problem *pb)
{
    static const char sql[] = "SELECT EXISTS (\n"
                              "    SELECT 1\n"
                              "      FROM programmes.coaching_entries c\n"
                              "      JOIN programmes.relapse_signals s\n"
                              "        ON s.id = c.relapse_signal_id\n"
                              "     WHERE s.tenant_id = $1\n"
                              "       AND s.indicator_id = $2::uuid)";
    const char *params[2] = {tenant_id, id};
    PGresult *res = NULL;
    kc_status st;

    *yes = 0;
    st = kc_db_exec(conn, "programmes_indicator_coached", sql, 2, params, &res, pb);
    if (st == KC_OK && PQntuples(res) == 1)
        *yes = kc_pg_bool(res, 0, 0);
    PQclear(res);
    return st;
}

/* A relapse signal of a page: its doc. */
typedef struct signal_row {
    json_t *doc;
} signal_row;

enum { SIGNAL_COL_ID, SIGNAL_COL_KEY, SIGNAL_COL_DOC };

static void signal_doc(const PGresult *r, int row, void *out)
{
    ((signal_row *)out)->doc = kc_pg_json(r, row, SIGNAL_COL_DOC);
}

kc_status goal_repo_signals(kc_db_conn *conn, const char *tenant_id, const char *programme_id,
                            const kc_keyset *page, json_t **items, kc_keyset_next *next,
                            kc_problem *pb)
{
    static const char exists_sql[] = "SELECT 1\n"
                                     "  FROM programmes.programmes\n"
                                     " WHERE tenant_id = $1\n"
                                     "   AND id = $2::uuid";
    static const char sql[] =
        "SELECT s.id,\n"
        "       s.raised_at,\n"
        "       json_build_object(\n"
        "           'id', s.id,\n"
        "           'programmeId', s.programme_id,\n"
        "           'goalId', s.goal_id,\n"
        "           'indicatorId', s.indicator_id,\n"
        "           'kind', s.kind,\n"
        "           'period', s.period,\n"
        "           'value', s.value,\n"
        "           'reference', s.reference,\n"
        "           'raisedAt', to_char(s.raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))::text\n"
        "  FROM programmes.relapse_signals s\n"
        " WHERE s.tenant_id = $1\n"
        "   AND s.programme_id = $2::uuid\n"
        "   AND ($3::timestamptz IS NULL OR (s.raised_at, s.id) < ($3::timestamptz, $4::uuid))\n"
        " ORDER BY s.raised_at DESC, s.id DESC\n"
        " LIMIT $5";
    const char *eparams[2] = {tenant_id, programme_id};
    char limit[16];
    signal_row *rows = NULL;
    size_t n = 0, i;
    kc_params p;
    kc_status st;

    *items = NULL;
    kc_params_init(&p);
    st = kc_pg_one(conn, "programmes_signals_programme", exists_sql, 2, eparams, NULL, NULL, pb,
                   "programme %s not found", programme_id);
    if (st != KC_OK)
        goto out;
    kc_pg_page_limit(page, limit, sizeof(limit));
    kc_params_text(&p, tenant_id);
    kc_params_text(&p, programme_id);
    kc_params_text(&p, page->after_key);
    kc_params_text(&p, page->after_id);
    kc_params_text(&p, limit);
    st = kc_pg_list(conn, "programmes_signals_list", sql, kc_params_count(&p), kc_params_values(&p),
                    page, SIGNAL_COL_KEY, sizeof(signal_row), signal_doc, (void **)&rows, &n, next,
                    pb);
    if (st != KC_OK)
        goto out;
    *items = json_array();
    for (i = 0; *items != NULL && i < n; i++) {
        if (rows[i].doc == NULL || json_array_append(*items, rows[i].doc) != 0) {
            json_decref(*items);
            *items = NULL;
        }
    }
    if (*items == NULL)
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
out:
    for (i = 0; i < n; i++)
        json_decref(rows[i].doc);
    free(rows);
    kc_params_free(&p);
    return st;
}
