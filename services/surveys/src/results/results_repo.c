#include "results/results_repo.h"

#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include "koers/pg.h"
#include "surveys.h"

/* ---- cells -------------------------------------------------------------- */

static long long results_pg_ll(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static double results_pg_double(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0.0 : strtod(PQgetvalue(r, row, col), NULL);
}

/* ---- frees ---------------------------------------------------------------- */

void results_question_array_free(results_question *qs, size_t n)
{
    size_t i;

    for (i = 0; qs != NULL && i < n; i++)
        json_decref(qs[i].options);
    free(qs);
}

void results_row_array_free(results_row *rows, size_t n)
{
    size_t i;

    for (i = 0; rows != NULL && i < n; i++) {
        free(rows[i].key);
        free(rows[i].label);
    }
    free(rows);
}

void results_response_array_free(results_response *rs, size_t n)
{
    size_t i;

    for (i = 0; rs != NULL && i < n; i++)
        json_decref(rs[i].answers);
    free(rs);
}

/* ---- rows ----------------------------------------------------------------- */

/* Every aggregate statement selects the same columns, read here:
 * kind, side, question_id, code, type, audience, key, label, n, count, sum,
 * sumsq. */
static kc_status results_rows_read(const PGresult *res, results_row **out, size_t *n,
                                   kc_problem *pb)
{
    results_row *rows = NULL;
    int i, nt = PQntuples(res);
    kc_status st = KC_OK;

    *out = NULL;
    *n = 0;
    if (nt == 0)
        goto out;
    rows = calloc((size_t)nt, sizeof(*rows));
    if (rows == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < nt; i++) {
        results_row *r = &rows[i];
        r->kind = PQgetvalue(res, i, 0)[0];
        r->side = (int)results_pg_ll(res, i, 1);
        kc_pg_copy(res, i, 2, r->question_id, sizeof(r->question_id));
        kc_pg_copy(res, i, 3, r->code, sizeof(r->code));
        kc_pg_copy(res, i, 4, r->type, sizeof(r->type));
        kc_pg_copy(res, i, 5, r->audience, sizeof(r->audience));
        r->key = kc_pg_strdup(res, i, 6);
        r->label = kc_pg_strdup(res, i, 7);
        r->n = results_pg_ll(res, i, 8);
        r->count = results_pg_ll(res, i, 9);
        r->sum = results_pg_double(res, i, 10);
        r->sumsq = results_pg_double(res, i, 11);
        if ((!PQgetisnull(res, i, 6) && r->key == NULL) ||
            (!PQgetisnull(res, i, 7) && r->label == NULL)) {
            results_row_array_free(rows, (size_t)i + 1);
            rows = NULL;
            st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
            goto out;
        }
    }
    *out = rows;
    *n = (size_t)nt;
out:
    return st;
}

static kc_status results_rows_query(kc_db_conn *conn, const char *stmt, const char *sql,
                                    int nparams, const char *const *params, results_row **out,
                                    size_t *n, kc_problem *pb)
{
    PGresult *res = NULL;
    kc_status st;

    *out = NULL;
    *n = 0;
    st = kc_db_exec(conn, stmt, sql, nparams, params, &res, pb);
    if (st != KC_OK)
        goto out;
    st = results_rows_read(res, out, n, pb);
out:
    PQclear(res);
    return st;
}

/* ---- survey and questions ------------------------------------------------- */

static void results_survey_from_row(const PGresult *res, int row, void *item)
{
    results_survey *out = item;
    json_t *aud, *a;
    size_t i;

    kc_pg_copy(res, row, 0, out->id, sizeof(out->id));
    kc_pg_copy(res, row, 1, out->series_id, sizeof(out->series_id));
    kc_pg_copy(res, row, 2, out->status, sizeof(out->status));
    out->wave = (int)results_pg_ll(res, row, 3);
    out->min_group_size = (int)results_pg_ll(res, row, 5);
    aud = kc_pg_json(res, row, 4);
    json_array_foreach(aud, i, a)
    {
        if (out->naudiences < RESULTS_MAX_AUDIENCES && json_is_string(a)) {
            strncpy(out->audiences[out->naudiences], json_string_value(a),
                    sizeof(out->audiences[0]) - 1);
            out->naudiences++;
        }
    }
    json_decref(aud);
}

kc_status results_repo_survey(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                              results_survey *out, kc_problem *pb)
{
    static const char sql[] =
        "SELECT s.id, s.series_id, s.status, s.wave, array_to_json(s.audiences)::text,"
        "       coalesce((SELECT st.min_group_size"
        "                   FROM surveys.settings st"
        "                  WHERE st.tenant_id = s.tenant_id),"
        "                5)" /* default when no row */
        "  FROM surveys.surveys s"
        " WHERE s.tenant_id = $1 AND s.id = $2";
    const char *params[2] = {tenant_id, survey_id};

    memset(out, 0, sizeof(*out));
    return kc_pg_one(conn, "results_survey", sql, 2, params, results_survey_from_row, out, pb,
                     "survey %s not found", survey_id);
}

/* A question (id, code, type, position, options). */
static void results_question_from_row(const PGresult *res, int row, void *item)
{
    results_question *q = item;

    kc_pg_copy(res, row, 0, q->id, sizeof(q->id));
    kc_pg_copy(res, row, 1, q->code, sizeof(q->code));
    kc_pg_copy(res, row, 2, q->type, sizeof(q->type));
    q->position = (int)results_pg_ll(res, row, 3);
    q->options = kc_pg_json(res, row, 4);
}

kc_status results_repo_questions(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                 results_question **out, size_t *n, kc_problem *pb)
{
    static const char sql[] = "SELECT id, code, type, position, options::text"
                              "  FROM surveys.questions"
                              " WHERE tenant_id = $1 AND survey_id = $2"
                              " ORDER BY position, code";
    const char *params[2] = {tenant_id, survey_id};
    void *list = NULL;
    kc_status st;

    st = kc_pg_rows(conn, "results_questions", sql, 2, params, -1, sizeof(results_question),
                    results_question_from_row, &list, n, NULL, pb);
    *out = list;
    return st;
}

/* ---- results -------------------------------------------------------------- */

kc_status results_repo_aggregates(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                  const char *audience, results_row **out, size_t *n,
                                  kc_problem *pb)
{
    /* 'g' and 'd' in one pass with grouping sets: the group (n, sum,
     * sumsq) and its distribution per value or choice. Every later branch
     * reads the answers of the survey's questions of one type through the
     * answers_question index (tenant, survey, question, audience), question
     * by question, so each reads only the answers it counts; a lateral join
     * unnests an array column of the answer. */
    static const char sql[] =
        "SELECT CASE WHEN GROUPING(coalesce(a.num_value::text, a.choice)) = 1"
        "            THEN 'g' ELSE 'd' END,"
        "       0, a.question_id::text, NULL, NULL, a.audience,"
        "       coalesce(a.num_value::text, a.choice), NULL, count(*), count(*),"
        "       sum(a.num_value)::float8, sum(a.num_value::float8 * a.num_value)"
        "  FROM surveys.answers a"
        " WHERE a.tenant_id = $1 AND a.survey_id = $2"
        "   AND ($3::text IS NULL OR a.audience = $3)"
        " GROUP BY GROUPING SETS ((a.question_id, a.audience),"
        "                         (a.question_id, a.audience,"
        "                          coalesce(a.num_value::text, a.choice)))"
        " HAVING GROUPING(coalesce(a.num_value::text, a.choice)) = 1"
        "     OR coalesce(a.num_value::text, a.choice) IS NOT NULL"
        " UNION ALL"
        " SELECT 'm', 0, q.id::text, NULL, NULL, a.audience, o.v, NULL, count(*), count(*), 0, 0"
        "  FROM surveys.questions q"
        "  JOIN surveys.answers a"
        "    ON a.tenant_id = q.tenant_id AND a.survey_id = q.survey_id AND a.question_id = q.id"
        "  CROSS JOIN LATERAL unnest(a.choices) o(v)"
        " WHERE q.tenant_id = $1 AND q.survey_id = $2 AND q.type = 'multiple_choice'"
        "   AND ($3::text IS NULL OR a.audience = $3)"
        " GROUP BY q.id, a.audience, o.v"
        " UNION ALL"
        " SELECT 'r', 0, q.id::text, NULL, NULL, a.audience, o.v, NULL, count(*), count(*),"
        "        sum(o.pos)::float8, sum(o.pos::float8 * o.pos)"
        "  FROM surveys.questions q"
        "  JOIN surveys.answers a"
        "    ON a.tenant_id = q.tenant_id AND a.survey_id = q.survey_id AND a.question_id = q.id"
        "  CROSS JOIN LATERAL unnest(a.ranking) WITH ORDINALITY o(v, pos)"
        " WHERE q.tenant_id = $1 AND q.survey_id = $2 AND q.type = 'ranking'"
        "   AND ($3::text IS NULL OR a.audience = $3)"
        " GROUP BY q.id, a.audience, o.v"
        " UNION ALL"
        " SELECT 'v', 0, q.id::text, NULL, NULL, a.audience, o.id::text, min(cv.name), count(*),"
        "        count(*), 0, 0"
        "  FROM surveys.questions q"
        "  JOIN surveys.answers a"
        "    ON a.tenant_id = q.tenant_id AND a.survey_id = q.survey_id AND a.question_id = q.id"
        "  CROSS JOIN LATERAL unnest(a.value_ids) o(id)"
        "  LEFT JOIN surveys.core_values cv"
        "    ON cv.tenant_id = a.tenant_id AND cv.id = o.id"
        " WHERE q.tenant_id = $1 AND q.survey_id = $2 AND q.type = 'value_selection'"
        "   AND ($3::text IS NULL OR a.audience = $3)"
        " GROUP BY q.id, a.audience, o.id"
        " UNION ALL"
        " SELECT 't', 0, q.id::text, NULL, NULL, a.audience, a.text_value, NULL, 1, 1, 0, 0"
        "  FROM surveys.questions q"
        "  JOIN surveys.answers a"
        "    ON a.tenant_id = q.tenant_id AND a.survey_id = q.survey_id AND a.question_id = q.id"
        " WHERE q.tenant_id = $1 AND q.survey_id = $2 AND q.type = 'open_text'"
        "   AND a.text_value IS NOT NULL"
        "   AND ($3::text IS NULL OR a.audience = $3)"
        " ORDER BY 1, 3, 6, 7";
    const char *params[3] = {tenant_id, survey_id, audience};

    return results_rows_query(conn, "results_aggregates", sql, 3, params, out, n, pb);
}

kc_status results_repo_gap(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                           const char *a, const char *b, results_row **out, size_t *n,
                           kc_problem *pb)
{
    /* values: the share of the audience's respondents to value_selection
     * questions (distinct responses) who picked the value in any of them */
    static const char sql[] =
        "WITH vs AS (SELECT a.response_id, a.audience, a.value_ids"
        "              FROM surveys.questions q"
        "              JOIN surveys.answers a"
        "                ON a.tenant_id = q.tenant_id AND a.survey_id = q.survey_id"
        "               AND a.question_id = q.id"
        "             WHERE q.tenant_id = $1 AND q.survey_id = $2 AND q.type = 'value_selection'"
        "               AND a.audience IN ($3, $4)),"
        "     den AS (SELECT audience, count(DISTINCT response_id) AS n"
        "               FROM vs"
        "              GROUP BY audience),"
        "     picks AS (SELECT vs.audience, o.id, count(DISTINCT vs.response_id) AS c"
        "                 FROM vs"
        "                CROSS JOIN LATERAL unnest(vs.value_ids) o(id)"
        "                GROUP BY 1, 2),"
        "     aud AS (SELECT unnest(ARRAY[$3, $4]::text[]) AS audience)"
        " SELECT 'v', 0, NULL, NULL, 'value_selection', aud.audience, cv.id::text, cv.name,"
        "        coalesce(den.n, 0), coalesce(picks.c, 0), 0, 0"
        "  FROM surveys.core_values cv"
        "  CROSS JOIN aud"
        "  LEFT JOIN den ON den.audience = aud.audience"
        "  LEFT JOIN picks ON picks.audience = aud.audience AND picks.id = cv.id"
        " WHERE cv.tenant_id = $1"
        "   AND EXISTS (SELECT 1"
        "                 FROM surveys.questions x"
        "                WHERE x.tenant_id = $1 AND x.survey_id = $2"
        "                  AND x.type = 'value_selection')"
        " UNION ALL"
        " SELECT 'l', 0, q.id::text, q.code, q.type, a.audience, q.id::text, q.code, count(*),"
        "        count(*), sum(a.num_value)::float8, sum(a.num_value::float8 * a.num_value)"
        "  FROM surveys.questions q"
        "  JOIN surveys.answers a"
        "    ON a.tenant_id = q.tenant_id AND a.survey_id = q.survey_id AND a.question_id = q.id"
        " WHERE q.tenant_id = $1 AND q.survey_id = $2 AND q.type IN ('likert5', 'likert7')"
        "   AND a.audience IN ($3, $4) AND a.num_value IS NOT NULL"
        " GROUP BY q.id, q.code, q.type, a.audience"
        " ORDER BY 1, 7, 6";
    const char *params[4] = {tenant_id, survey_id, a, b};

    return results_rows_query(conn, "results_gap", sql, 4, params, out, n, pb);
}

kc_status results_repo_comparison(kc_db_conn *conn, const char *tenant_id, const char *from_id,
                                  const char *to_id, const char *audience, results_row **out,
                                  size_t *n, kc_problem *pb)
{
    /* every branch reads the answers to the questions of both surveys
     * whose code (and type) both have (qq), each answer with its side */
    static const char sql[] =
        "WITH s(side, id) AS (VALUES (0, $2::uuid), (1, $3::uuid)),"
        "     q AS (SELECT s.side, q.survey_id, q.id, q.code, q.type, q.position"
        "             FROM s"
        "             JOIN surveys.questions q ON q.tenant_id = $1 AND q.survey_id = s.id),"
        "     common AS (SELECT code, type"
        "                  FROM q"
        "                 GROUP BY code, type"
        "                HAVING count(DISTINCT side) = 2),"
        "     qq AS (SELECT q.* FROM q JOIN common USING (code, type))"
        " SELECT 'g', qq.side, NULL, qq.code, qq.type, a.audience, NULL, NULL, count(*),"
        "        count(*), sum(a.num_value)::float8, sum(a.num_value::float8 * a.num_value)"
        "  FROM qq"
        "  JOIN surveys.answers a"
        "    ON a.tenant_id = $1 AND a.survey_id = qq.survey_id AND a.question_id = qq.id"
        " WHERE true"
        "   AND ($4::text IS NULL OR a.audience = $4)"
        " GROUP BY qq.side, qq.code, qq.type, a.audience"
        " UNION ALL"
        " SELECT 'o', qq.side, NULL, qq.code, qq.type, a.audience, a.choice, NULL, 0, count(*),"
        "        0, 0"
        "  FROM qq"
        "  JOIN surveys.answers a"
        "    ON a.tenant_id = $1 AND a.survey_id = qq.survey_id AND a.question_id = qq.id"
        " WHERE qq.type = 'single_choice' AND a.choice IS NOT NULL"
        "   AND ($4::text IS NULL OR a.audience = $4)"
        " GROUP BY qq.side, qq.code, qq.type, a.audience, a.choice"
        " UNION ALL"
        " SELECT 'o', qq.side, NULL, qq.code, qq.type, a.audience, o.v, NULL, 0, count(*), 0, 0"
        "  FROM qq"
        "  JOIN surveys.answers a"
        "    ON a.tenant_id = $1 AND a.survey_id = qq.survey_id AND a.question_id = qq.id"
        "  CROSS JOIN LATERAL unnest(a.choices) o(v)"
        " WHERE qq.type = 'multiple_choice'"
        "   AND ($4::text IS NULL OR a.audience = $4)"
        " GROUP BY qq.side, qq.code, qq.type, a.audience, o.v"
        " UNION ALL"
        " SELECT 'o', qq.side, NULL, qq.code, qq.type, a.audience, o.id::text, min(cv.name), 0,"
        "        count(*), 0, 0"
        "  FROM qq"
        "  JOIN surveys.answers a"
        "    ON a.tenant_id = $1 AND a.survey_id = qq.survey_id AND a.question_id = qq.id"
        "  CROSS JOIN LATERAL unnest(a.value_ids) o(id)"
        "  LEFT JOIN surveys.core_values cv"
        "    ON cv.tenant_id = $1 AND cv.id = o.id"
        " WHERE qq.type = 'value_selection'"
        "   AND ($4::text IS NULL OR a.audience = $4)"
        " GROUP BY qq.side, qq.code, qq.type, a.audience, o.id"
        " UNION ALL"
        " SELECT 'r', qq.side, NULL, qq.code, qq.type, a.audience, o.v, NULL, count(*), count(*),"
        "        sum(o.pos)::float8, sum(o.pos::float8 * o.pos)"
        "  FROM qq"
        "  JOIN surveys.answers a"
        "    ON a.tenant_id = $1 AND a.survey_id = qq.survey_id AND a.question_id = qq.id"
        "  CROSS JOIN LATERAL unnest(a.ranking) WITH ORDINALITY o(v, pos)"
        " WHERE qq.type = 'ranking'"
        "   AND ($4::text IS NULL OR a.audience = $4)"
        " GROUP BY qq.side, qq.code, qq.type, a.audience, o.v"
        " ORDER BY 4, 6, 1, 7, 2";
    const char *params[4] = {tenant_id, from_id, to_id, audience};

    return results_rows_query(conn, "results_comparison", sql, 4, params, out, n, pb);
}

/* ---- export --------------------------------------------------------------- */

kc_status results_repo_responses(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                                 results_response **out, size_t *n, kc_problem *pb)
{
    /* one row per response: its answers as a JSON array in question order
     * (a grid of responses x questions, left-joined to the answers) */
    static const char sql[] =
        "WITH qs AS (SELECT id, type, row_number() OVER (ORDER BY position, code) AS i"
        "              FROM surveys.questions"
        "             WHERE tenant_id = $1 AND survey_id = $2)"
        " SELECT r.audience, r.submitted_on::text,"
        "        json_agg(CASE qs.type"
        "                 WHEN 'single_choice' THEN to_json(a.choice)"
        "                 WHEN 'multiple_choice' THEN to_json(a.choices)"
        "                 WHEN 'ranking' THEN to_json(a.ranking)"
        "                 WHEN 'open_text' THEN to_json(a.text_value)"
        "                 WHEN 'value_selection' THEN to_json(a.value_ids)"
        "                 ELSE to_json(a.num_value) END ORDER BY qs.i)::text"
        "  FROM surveys.responses r"
        "  CROSS JOIN qs"
        "  LEFT JOIN surveys.answers a ON a.response_id = r.id AND a.question_id = qs.id"
        " WHERE r.tenant_id = $1 AND r.survey_id = $2"
        " GROUP BY r.id, r.audience, r.submitted_on"
        " ORDER BY r.audience, r.id";
    const char *params[2] = {tenant_id, survey_id};
    PGresult *res = NULL;
    results_response *rs = NULL;
    int i, nt;
    kc_status st;

    *out = NULL;
    *n = 0;
    st = kc_db_exec(conn, "results_responses", sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    nt = PQntuples(res);
    if (nt == 0)
        goto out;
    rs = calloc((size_t)nt, sizeof(*rs));
    if (rs == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    for (i = 0; i < nt; i++) {
        kc_pg_copy(res, i, 0, rs[i].audience, sizeof(rs[i].audience));
        kc_pg_copy(res, i, 1, rs[i].submitted_on, sizeof(rs[i].submitted_on));
        rs[i].answers = kc_pg_json(res, i, 2);
        if (rs[i].answers == NULL) {
            results_response_array_free(rs, (size_t)i);
            rs = NULL;
            st = kc_problem_set(pb, KC_INTERNAL, "cannot read the answers of a response");
            goto out;
        }
    }
    *out = rs;
    *n = (size_t)nt;
out:
    PQclear(res);
    return st;
}
