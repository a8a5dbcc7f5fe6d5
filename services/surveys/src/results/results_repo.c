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
    /* the tallies (sql/002_result_tallies.sql) of the survey's current
     * questions, their stripes summed: 'g' and 'd' of every question,
     * 'm', 'r' and 'v' of the questions of that type, as the rows of the
     * answers would give them */
    static const char sql[] =
        "SELECT t.kind, 0, t.question_id::text, NULL, NULL, t.audience,\n"
        "       CASE WHEN t.kind <> 'g' THEN t.key END, min(cv.name), sum(t.n), sum(t.n),\n"
        "       sum(t.sum)::float8, sum(t.sumsq)::float8\n"
        "  FROM surveys.answer_tallies t\n"
        "  JOIN surveys.questions q\n"
        "    ON q.tenant_id = t.tenant_id AND q.survey_id = t.survey_id AND q.id = t.question_id\n"
        "  LEFT JOIN surveys.core_values cv\n"
        "    ON t.kind = 'v' AND cv.tenant_id = t.tenant_id AND cv.id::text = t.key\n"
        " WHERE t.tenant_id = $1 AND t.survey_id = $2\n"
        "   AND ($3::text IS NULL OR t.audience = $3)\n"
        "   AND (t.kind IN ('g', 'd')\n"
        "        OR (t.kind = 'm' AND q.type = 'multiple_choice')\n"
        "        OR (t.kind = 'r' AND q.type = 'ranking')\n"
        "        OR (t.kind = 'v' AND q.type = 'value_selection'))\n"
        " GROUP BY t.kind, t.question_id, t.audience, t.key\n"
        "HAVING sum(t.n) > 0\n"
        " ORDER BY 1, 3, 6, 7\n";
    const char *params[3] = {tenant_id, survey_id, audience};

    return results_rows_query(conn, "results_aggregates", sql, 3, params, out, n, pb);
}

kc_status results_repo_texts(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                             const char *audience, results_text_fn each, void *arg, kc_problem *pb)
{
    /* texts of up to 2,000 bytes come in order from the answers_texts
     * index; longer ones are not in it, and when the survey has any, every
     * text is sorted here instead */
    static const char long_sql[] = "SELECT EXISTS (SELECT 1\n"
                                   "                 FROM surveys.answers a\n"
                                   "                WHERE a.tenant_id = $1 AND a.survey_id = $2\n"
                                   "                  AND a.text_value IS NOT NULL\n"
                                   "                  AND octet_length(a.text_value) > 2000)\n";
    static const char indexed_sql[] =
        "SELECT a.question_id, a.audience, a.text_value\n"
        "  FROM surveys.answers a\n"
        " WHERE a.tenant_id = $1 AND a.survey_id = $2\n"
        "   AND ($3::text IS NULL OR a.audience = $3)\n"
        "   AND a.text_value IS NOT NULL AND octet_length(a.text_value) <= 2000\n"
        " ORDER BY a.question_id, a.audience, a.text_value\n";
    static const char sorted_sql[] = "SELECT a.question_id, a.audience, a.text_value\n"
                                     "  FROM surveys.answers a\n"
                                     " WHERE a.tenant_id = $1 AND a.survey_id = $2\n"
                                     "   AND ($3::text IS NULL OR a.audience = $3)\n"
                                     "   AND a.text_value IS NOT NULL\n"
                                     " ORDER BY a.question_id, a.audience, a.text_value\n";
    const char *params[3] = {tenant_id, survey_id, audience};
    PGresult *res = NULL;
    int has_long, i, nt;
    kc_status st;

    st = kc_db_exec(conn, "results_texts_long", long_sql, 2, params, &res, pb);
    if (st != KC_OK)
        goto out;
    has_long = kc_pg_bool(res, 0, 0);
    PQclear(res);
    res = NULL;
    if (has_long)
        st = kc_db_exec(conn, "results_texts_sorted", sorted_sql, 3, params, &res, pb);
    else
        st = kc_db_exec(conn, "results_texts", indexed_sql, 3, params, &res, pb);
    if (st != KC_OK)
        goto out;
    nt = PQntuples(res);
    for (i = 0; i < nt; i++)
        each(arg, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
out:
    PQclear(res);
    return st;
}

kc_status results_repo_gap(kc_db_conn *conn, const char *tenant_id, const char *survey_id,
                           const char *a, const char *b, results_row **out, size_t *n,
                           kc_problem *pb)
{
    /* values: the share of the audience's respondents to value_selection
     * questions ('V': responses) who picked the value in any of them ('P');
     * Likert: the answers with a value ('g': valued, sum, sumsq) */
    static const char sql[] =
        "WITH v AS (SELECT t.audience, t.kind, t.key, sum(t.n) AS n\n"
        "             FROM surveys.answer_tallies t\n"
        "            WHERE t.tenant_id = $1 AND t.survey_id = $2\n"
        "              AND t.question_id = '00000000-0000-0000-0000-000000000000'\n"
        "              AND t.audience IN ($3, $4)\n"
        "            GROUP BY t.audience, t.kind, t.key),\n"
        "     aud AS (SELECT unnest(ARRAY[$3, $4]::text[]) AS audience)\n"
        "SELECT 'v', 0, NULL, NULL, 'value_selection', aud.audience, cv.id::text, cv.name,\n"
        "       coalesce(den.n, 0), coalesce(picks.n, 0), 0, 0\n"
        "  FROM surveys.core_values cv\n"
        " CROSS JOIN aud\n"
        "  LEFT JOIN v den ON den.kind = 'V' AND den.audience = aud.audience\n"
        "  LEFT JOIN v picks\n"
        "    ON picks.kind = 'P' AND picks.audience = aud.audience AND picks.key = cv.id::text\n"
        " WHERE cv.tenant_id = $1\n"
        "   AND EXISTS (SELECT 1\n"
        "                 FROM surveys.questions x\n"
        "                WHERE x.tenant_id = $1 AND x.survey_id = $2\n"
        "                  AND x.type = 'value_selection')\n"
        " UNION ALL\n"
        "SELECT 'l', 0, q.id::text, q.code, q.type, t.audience, q.id::text, q.code, sum(t.valued),\n"
        "       sum(t.valued), sum(t.sum)::float8, sum(t.sumsq)::float8\n"
        "  FROM surveys.questions q\n"
        "  JOIN surveys.answer_tallies t\n"
        "    ON t.tenant_id = q.tenant_id AND t.survey_id = q.survey_id AND t.question_id = q.id\n"
        " WHERE q.tenant_id = $1 AND q.survey_id = $2 AND q.type IN ('likert5', 'likert7')\n"
        "   AND t.kind = 'g' AND t.audience IN ($3, $4)\n"
        " GROUP BY q.id, q.code, q.type, t.audience\n"
        "HAVING sum(t.valued) > 0\n"
        " ORDER BY 1, 7, 6\n";
    const char *params[4] = {tenant_id, survey_id, a, b};

    return results_rows_query(conn, "results_gap", sql, 4, params, out, n, pb);
}

kc_status results_repo_comparison(kc_db_conn *conn, const char *tenant_id, const char *from_id,
                                  const char *to_id, const char *audience, results_row **out,
                                  size_t *n, kc_problem *pb)
{
    /* the tallies of the questions of both surveys whose code (and type)
     * both have (qq), each with its side: 'g' of every one, the choices
     * ('c'), options ('m'), core values ('v') and ranking positions ('r')
     * of the questions of that type */
    static const char sql[] =
        "WITH s(side, id) AS (VALUES (0, $2::uuid), (1, $3::uuid)),\n"
        "     q AS (SELECT s.side, q.survey_id, q.id, q.code, q.type, q.position\n"
        "             FROM s\n"
        "             JOIN surveys.questions q ON q.tenant_id = $1 AND q.survey_id = s.id),\n"
        "     common AS (SELECT code, type\n"
        "                  FROM q\n"
        "                 GROUP BY code, type\n"
        "                HAVING count(DISTINCT side) = 2),\n"
        "     qq AS (SELECT q.* FROM q JOIN common USING (code, type)),\n"
        "     t AS (SELECT qq.side, qq.code, qq.type, t.audience, t.kind, t.key, sum(t.n) AS n,\n"
        "                  sum(t.sum) AS sum, sum(t.sumsq) AS sumsq\n"
        "             FROM qq\n"
        "             JOIN surveys.answer_tallies t\n"
        "               ON t.tenant_id = $1 AND t.survey_id = qq.survey_id AND t.question_id = qq.id\n"
        "            WHERE ($4::text IS NULL OR t.audience = $4)\n"
        "              AND (t.kind = 'g'\n"
        "                   OR (t.kind = 'c' AND qq.type = 'single_choice')\n"
        "                   OR (t.kind = 'm' AND qq.type = 'multiple_choice')\n"
        "                   OR (t.kind = 'v' AND qq.type = 'value_selection')\n"
        "                   OR (t.kind = 'r' AND qq.type = 'ranking'))\n"
        "            GROUP BY qq.side, qq.code, qq.type, t.audience, t.kind, t.key\n"
        "           HAVING sum(t.n) > 0)\n"
        "SELECT CASE t.kind WHEN 'g' THEN 'g' WHEN 'r' THEN 'r' ELSE 'o' END, t.side, NULL, t.code,\n"
        "       t.type, t.audience, CASE WHEN t.kind <> 'g' THEN t.key END, cv.name,\n"
        "       CASE WHEN t.kind IN ('g', 'r') THEN t.n ELSE 0 END, t.n,\n"
        "       CASE WHEN t.kind IN ('g', 'r') THEN t.sum ELSE 0 END::float8,\n"
        "       CASE WHEN t.kind IN ('g', 'r') THEN t.sumsq ELSE 0 END::float8\n"
        "  FROM t\n"
        "  LEFT JOIN surveys.core_values cv\n"
        "    ON t.kind = 'v' AND cv.tenant_id = $1 AND cv.id::text = t.key\n"
        " ORDER BY 4, 6, 1, 7, 2\n";
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
