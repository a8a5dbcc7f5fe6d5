/* Integration: the fast results of the surveys service equal the figures
 * computed from the raw answers. results_repo_aggregates, _gap,
 * _comparison and _texts read the running tallies and the texts index
 * (sql/002_result_tallies.sql); here the statements they replaced, which
 * aggregated surveys.answers row by row, are the oracle. Over a varied
 * data set (four audiences, one of them below the minimum group size,
 * every question type, two value_selection questions, options and core
 * values nobody chose, two waves with a question whose type changed, a
 * text too long for the index; answers written in bulk, by the API's
 * insert statement, a response in two statements, and deleted again) every
 * row the fast statements give must equal the raw one: kind, question,
 * audience, key, label, counts and sums. Answers cannot be changed in
 * place (the tallies would not follow): that is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "koers/db.h"
#include "koers/migrate.h"
#include "responses/response_repo.h"
#include "results/results_repo.h"
#include "surveys.h"

#define TENANT "7a1a0c2d-4444-4b2b-8c3d-00000000000a"
#define S1     "7a1a0c2d-4444-4b2b-8c3d-0000000000a1" /* wave 1 */
#define S2     "7a1a0c2d-4444-4b2b-8c3d-0000000000a2" /* wave 2 */
#define V1     "7a1a0c2d-4444-4b2b-8c3d-0000000000c1"
#define V2     "7a1a0c2d-4444-4b2b-8c3d-0000000000c2"
#define V3     "7a1a0c2d-4444-4b2b-8c3d-0000000000c3"
#define V4     "7a1a0c2d-4444-4b2b-8c3d-0000000000c4" /* never picked */

static kc_db_pool *pool;
static PGconn *pg;

static const char *const audiences[] = {"citizens", "employees", "managers", "council_members"};

/* ---- the raw statements (results_repo.c before the tallies) ------------------ */

static const char raw_aggregates[] =
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

static const char raw_gap[] =
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

static const char raw_comparison[] =
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

/* ---- the data ------------------------------------------------------------------ */

static void add_question(const char *survey, int pos, const char *code, const char *type,
                         const char *options)
{
    char ps[8];
    snprintf(ps, sizeof(ps), "%d", pos);
    IT_SQL_ON(pg,
              "INSERT INTO surveys.questions (id, tenant_id, survey_id, position, code, text,\n"
              "                               type, options)\n"
              "VALUES (gen_random_uuid(), $1, $2, $3::int, $4, 'Vraag ' || $4, $5, $6::jsonb)",
              TENANT, survey, ps, code, type, options);
}

/* n responses to survey, the first `council` of them council members (a
 * group below the minimum), the rest citizens, employees and a few
 * managers; every question answered by ~90 %, at random (seeded). */
static const char bulk_sql[] =
    "WITH r AS (INSERT INTO surveys.responses (tenant_id, survey_id, audience)\n"
    "           SELECT $1, $2,\n"
    "                  CASE WHEN g <= $4::int THEN 'council_members'\n"
    "                       WHEN random() < 0.06 THEN 'managers'\n"
    "                       WHEN random() < 0.6 THEN 'citizens'\n"
    "                       ELSE 'employees' END\n"
    "             FROM generate_series(1, $3::int) g\n"
    "           RETURNING id, audience)\n"
    "INSERT INTO surveys.answers (response_id, question_id, tenant_id, survey_id, audience,\n"
    "                             num_value, choice, choices, ranking, text_value, value_ids)\n"
    "SELECT r.id, q.id, $1, $2, r.audience,\n"
    "       CASE q.type WHEN 'likert5' THEN 1 + floor(random() * 5)::int\n"
    "                   WHEN 'likert7' THEN 1 + floor(random() * 7)::int\n"
    "                   WHEN 'nps' THEN floor(random() * 11)::int END,\n"
    "       CASE WHEN q.type = 'single_choice'\n"
    "            THEN (ARRAY['web', 'phone', 'desk'])[1 + floor(random() * 3)::int] END,\n"
    "       CASE WHEN q.type = 'multiple_choice'\n"
    "            THEN (ARRAY['{a}', '{a,b}', '{c,d}', '{b,c,d}'])[1 + floor(random() * 4)::int]\n"
    "                 ::text[] END,\n"
    "       CASE WHEN q.type = 'ranking'\n"
    "            THEN (ARRAY['{x,y,z}', '{y,x,z}', '{z,y,x}', '{x,z,y}'])\n"
    "                 [1 + floor(random() * 4)::int]::text[] END,\n"
    "       CASE WHEN q.type = 'open_text'\n"
    "            THEN (ARRAY['Prima', 'Zoë zegt: \"meer groen\"', 'été', '=1+1', 'Goed'])\n"
    "                 [1 + floor(random() * 5)::int] || ' ' || floor(random() * 20) END,\n"
    "       CASE WHEN q.type = 'value_selection'\n"
    "            THEN (ARRAY['{" V1 "}', '{" V1 "," V2 "}', '{" V2 "," V3 "}', '{" V3 "}'])\n"
    "                 [1 + floor(random() * 4)::int]::uuid[] END\n"
    "  FROM r\n"
    "  JOIN surveys.questions q ON q.tenant_id = $1 AND q.survey_id = $2\n"
    " WHERE random() < 0.9\n";

static void bulk(const char *survey, const char *n, const char *council)
{
    IT_SQL_ON(pg, bulk_sql, TENANT, survey, n, council);
}

/* A response through the API's own insert statement (response_repo.c). */
static void respond_api(const char *survey, const char *audience, const char *answers_json)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(response_repo_insert(conn, TENANT, survey, audience, answers_json, &pb),
                     KC_OK);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
}

static const char *qid(const char *survey, const char *code, char out[37])
{
    return it_sql_value(out, 37,
                        "SELECT id FROM surveys.questions WHERE survey_id = '%s' AND code = '%s'",
                        survey, code);
}

static void api_responses(void)
{
    char l5[37], vs1[37], vs2[37], ot[37], sc[37], json[1024];
    int i;
    qid(S1, "l5", l5);
    qid(S1, "vs1", vs1);
    qid(S1, "vs2", vs2);
    qid(S1, "ot", ot);
    qid(S1, "sc", sc);
    for (i = 0; i < 8; i++) {
        snprintf(json, sizeof(json),
                 "[{\"questionId\":\"%s\",\"value\":%d},"
                 "{\"questionId\":\"%s\",\"valueIds\":[\"%s\",\"%s\"]},"
                 "{\"questionId\":\"%s\",\"valueIds\":[\"%s\"]},"
                 "{\"questionId\":\"%s\",\"text\":\"Via de API %d\"},"
                 "{\"questionId\":\"%s\",\"choice\":\"%s\"}]",
                 l5, 1 + i % 5, vs1, V1, i % 2 ? V2 : V3, vs2, i % 3 ? V1 : V2, ot, i, sc,
                 i % 2 ? "web" : "desk");
        respond_api(S1, i % 3 ? "citizens" : "employees", json);
    }
}

/* Responses whose answers come in two statements: the first
 * value_selection question, then the rest (the second one's picks partly
 * the same values). */
static void two_step_responses(void)
{
    IT_SQL_ON(pg, "CREATE TEMP TABLE two_step AS\n"
                  "SELECT gen_random_uuid() AS id,\n"
                  "       CASE WHEN g % 2 = 0 THEN 'citizens' ELSE 'employees' END AS audience\n"
                  "  FROM generate_series(1, 30) g");
    IT_SQL_ON(pg,
              "INSERT INTO surveys.responses (id, tenant_id, survey_id, audience)\n"
              "SELECT id, $1, $2, audience FROM two_step",
              TENANT, S1);
    IT_SQL_ON(pg,
              "INSERT INTO surveys.answers (response_id, question_id, tenant_id, survey_id,\n"
              "                             audience, value_ids)\n"
              "SELECT t.id, q.id, $1, $2, t.audience, ARRAY[$3::uuid]\n"
              "  FROM two_step t\n"
              "  JOIN surveys.questions q ON q.survey_id = $2 AND q.code = 'vs1'",
              TENANT, S1, V1);
    IT_SQL_ON(pg,
              "INSERT INTO surveys.answers (response_id, question_id, tenant_id, survey_id,\n"
              "                             audience, num_value, value_ids)\n"
              "SELECT t.id, q.id, $1, $2, t.audience,\n"
              "       CASE WHEN q.type = 'likert5' THEN 3 END,\n"
              "       CASE WHEN q.code = 'vs2' THEN ARRAY[$3::uuid, $4::uuid] END\n"
              "  FROM two_step t\n"
              "  JOIN surveys.questions q ON q.survey_id = $2 AND q.code IN ('vs2', 'l5')",
              TENANT, S1, V1, V2);
}

static int setup(void **state)
{
    /* one choice a line */
    static const char mc[] = "{\"choices\":["
                             "{\"value\":\"a\",\"label\":\"A\"},"
                             "{\"value\":\"b\",\"label\":\"B\"},"
                             "{\"value\":\"c\",\"label\":\"C\"},"
                             "{\"value\":\"d\",\"label\":\"D\"},"
                             "{\"value\":\"e\",\"label\":\"E\"}]}";
    static const char sc[] = "{\"choices\":["
                             "{\"value\":\"web\",\"label\":\"Web\"},"
                             "{\"value\":\"phone\",\"label\":\"Telefoon\"},"
                             "{\"value\":\"desk\",\"label\":\"Balie\"},"
                             "{\"value\":\"mail\",\"label\":\"Post\"}]}";
    static const char rk[] = "{\"choices\":["
                             "{\"value\":\"x\",\"label\":\"X\"},"
                             "{\"value\":\"y\",\"label\":\"Y\"},"
                             "{\"value\":\"z\",\"label\":\"Z\"}]}";
    (void)state;
    if (it_setup(SURVEYS_SCHEMA, surveys_migrations, surveys_migrations_count, &pool) != 0)
        return -1;
    pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    IT_SQL_ON(pg, "SELECT setseed(0.4242)");
    IT_SQL_ON(
        pg,
        "INSERT INTO surveys.core_values (id, tenant_id, name)\n"
        "VALUES ($2, $1, 'Betrouwbaar'), ($3, $1, 'Open'), ($4, $1, 'Dienstbaar'), ($5, $1, 'Moedig')",
        TENANT, V1, V2, V3, V4);
    IT_SQL_ON(pg,
              "INSERT INTO surveys.surveys (id, tenant_id, title, kind, audiences, status,\n"
              "                             series_id, wave)\n"
              "VALUES ($2, $1, 'Monitor', 'climate_monitor',\n"
              "        '{citizens,employees,managers,council_members}', 'closed', $2, 1),\n"
              "       ($3, $1, 'Monitor', 'climate_monitor',\n"
              "        '{citizens,employees,managers,council_members}', 'closed', $2, 2)",
              TENANT, S1, S2);
    add_question(S1, 1, "l5", "likert5", "{}");
    add_question(S1, 2, "l7", "likert7", "{}");
    add_question(S1, 3, "np", "nps", "{}");
    add_question(S1, 4, "sc", "single_choice", sc);
    add_question(S1, 5, "mc", "multiple_choice", mc);
    add_question(S1, 6, "rk", "ranking", rk);
    add_question(S1, 7, "vs1", "value_selection", "{\"pick\":2}");
    add_question(S1, 8, "vs2", "value_selection", "{\"pick\":2}");
    add_question(S1, 9, "ot", "open_text", "{}");
    add_question(S2, 1, "l5", "likert5", "{}");
    add_question(S2, 2, "l7", "nps", "{}"); /* another type: not compared */
    add_question(S2, 4, "sc", "single_choice", sc);
    add_question(S2, 5, "mc", "multiple_choice", mc);
    add_question(S2, 6, "rk", "ranking", rk);
    add_question(S2, 7, "vs1", "value_selection", "{\"pick\":2}");
    add_question(S2, 9, "ot", "open_text", "{}");

    bulk(S1, "300", "3");
    bulk(S1, "60", "0");
    bulk(S2, "120", "2");
    api_responses();
    two_step_responses();
    /* a text too long for the texts index (the sorted path, wave 2) */
    IT_SQL_ON(pg,
              "WITH r AS (INSERT INTO surveys.responses (tenant_id, survey_id, audience)\n"
              "           VALUES ($1, $2, 'citizens') RETURNING id)\n"
              "INSERT INTO surveys.answers (response_id, question_id, tenant_id, survey_id,\n"
              "                             audience, text_value)\n"
              "SELECT r.id, q.id, $1, $2, 'citizens', repeat('é€', 700)\n"
              "  FROM r\n"
              "  JOIN surveys.questions q ON q.survey_id = $2 AND q.code = 'ot'",
              TENANT, S2);
    /* deleted again: whole responses (cascade), one answer of responses
     * that answered both value_selection questions */
    IT_SQL_ON(pg,
              "DELETE FROM surveys.responses\n"
              " WHERE id IN (SELECT id FROM surveys.responses\n"
              "               WHERE survey_id = $1 ORDER BY id LIMIT 25)",
              S1);
    IT_SQL_ON(pg,
              "DELETE FROM surveys.answers a\n"
              " USING surveys.questions q\n"
              " WHERE q.id = a.question_id AND q.code = 'vs2' AND a.survey_id = $1\n"
              "   AND a.response_id IN (SELECT response_id FROM surveys.answers\n"
              "                          WHERE survey_id = $1 ORDER BY response_id LIMIT 60)",
              S1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    PQfinish(pg);
    kc_db_pool_free(pool);
    return 0;
}

/* ---- comparing ------------------------------------------------------------------ */

static const char *cell(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static void same_text(const char *what, int row, const char *want, const char *got)
{
    if ((want == NULL) != (got == NULL) || (want != NULL && strcmp(want, got) != 0))
        fail_msg("%s row %d: raw %s, fast %s", what, row, want ? want : "NULL", got ? got : "NULL");
}

static void same_number(const char *what, int row, const char *field, const char *want, double got)
{
    double w = want != NULL ? strtod(want, NULL) : 0.0;
    if (w != got)
        fail_msg("%s row %d %s: raw %.17g, fast %.17g", what, row, field, w, got);
}

/* The raw statement's rows (run with params), those of kind `skip` left
 * out, against the fast rows, one by one. with_sums: compare sum and sumsq
 * for these kinds (the raw 'd' rows carry sums no reader uses). */
static void compare(const char *what, const char *raw_sql, int nparams, const char *const *params,
                    const results_row *rows, size_t n, char skip, const char *with_sums)
{
    PGresult *r = PQexecParams(pg, raw_sql, nparams, NULL, params, NULL, NULL, 0);
    int i, k = 0, nt;
    char kind[2] = {0, 0};

    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", what, PQerrorMessage(pg));
    nt = PQntuples(r);
    for (i = 0; i < nt; i++) {
        const results_row *f;
        if (PQgetvalue(r, i, 0)[0] == skip)
            continue;
        if ((size_t)k >= n)
            fail_msg("%s: raw has more rows than the %zu fast ones", what, n);
        f = &rows[k];
        kind[0] = f->kind;
        same_text(what, k, cell(r, i, 0), kind);
        same_number(what, k, "side", cell(r, i, 1), f->side);
        if (cell(r, i, 2) != NULL || f->question_id[0])
            same_text(what, k, cell(r, i, 2), f->question_id);
        if (cell(r, i, 3) != NULL || f->code[0])
            same_text(what, k, cell(r, i, 3), f->code);
        if (cell(r, i, 4) != NULL || f->type[0])
            same_text(what, k, cell(r, i, 4), f->type);
        same_text(what, k, cell(r, i, 5), f->audience);
        same_text(what, k, cell(r, i, 6), f->key);
        same_text(what, k, cell(r, i, 7), f->label);
        same_number(what, k, "n", cell(r, i, 8), (double)f->n);
        same_number(what, k, "count", cell(r, i, 9), (double)f->count);
        if (strchr(with_sums, f->kind) != NULL) {
            same_number(what, k, "sum", cell(r, i, 10), f->sum);
            same_number(what, k, "sumsq", cell(r, i, 11), f->sumsq);
        }
        k++;
    }
    if ((size_t)k != n)
        fail_msg("%s: %d raw rows, %zu fast ones", what, k, n);
    PQclear(r);
}

/* ---- tests ------------------------------------------------------------------ */

static void test_data_is_varied(void **state)
{
    (void)state;
    /* the council members are a small group, some responses answered both
     * value_selection questions, V4 and option e were never chosen */
    assert_true(it_sql_count("SELECT count(*) FROM surveys.responses WHERE survey_id = '" S1
                             "' AND audience = 'council_members'") < 5);
    assert_true(it_sql_count("SELECT count(*)\n"
                             "  FROM (SELECT a.response_id\n"
                             "          FROM surveys.answers a\n"
                             "          JOIN surveys.questions q ON q.id = a.question_id\n"
                             "         WHERE q.type = 'value_selection' AND a.survey_id = '" S1
                             "'\n"
                             "         GROUP BY 1\n"
                             "        HAVING count(*) = 2) x") > 10);
    assert_int_equal(it_sql_count("SELECT count(*) FROM surveys.answers WHERE '" V4
                                  "' = ANY (value_ids) OR 'e' = ANY (choices)"),
                     0);
    assert_int_equal(it_sql_count("SELECT count(*) FROM surveys.answers\n"
                                  " WHERE octet_length(text_value) > 2000"),
                     1);
}

static void test_results_equal_raw(void **state)
{
    static const char *const surveys[] = {S1, S2};
    kc_db_conn *conn = NULL;
    kc_problem pb;
    size_t s, a, n = 0;
    results_row *rows = NULL;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    for (s = 0; s < 2; s++)
        for (a = 0; a <= KC_NELEMS(audiences); a++) {
            const char *aud = a < KC_NELEMS(audiences) ? audiences[a] : NULL;
            const char *params[3] = {TENANT, surveys[s], aud};
            char what[96];
            snprintf(what, sizeof(what), "results %s %s", surveys[s], aud ? aud : "(all)");
            assert_int_equal(results_repo_aggregates(conn, TENANT, surveys[s], aud, &rows, &n, &pb),
                             KC_OK);
            assert_true(n > 0);
            compare(what, raw_aggregates, 3, params, rows, n, 't', "gr");
            results_row_array_free(rows, n);
        }
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
}

/* The texts, as the raw statement's 't' rows gave them (open_text
 * questions only: the reader keeps those). */
typedef struct text_rows {
    results_row *rows;
    size_t n, cap;
    const char *open_text_ids;
} text_rows;

static void collect_text(void *arg, const char *question_id, const char *audience, const char *text)
{
    text_rows *t = arg;
    if (strstr(t->open_text_ids, question_id) == NULL)
        return;
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->rows = realloc(t->rows, t->cap * sizeof(*t->rows));
        assert_non_null(t->rows);
    }
    memset(&t->rows[t->n], 0, sizeof(t->rows[0]));
    t->rows[t->n].kind = 't';
    snprintf(t->rows[t->n].question_id, sizeof(t->rows[0].question_id), "%s", question_id);
    snprintf(t->rows[t->n].audience, sizeof(t->rows[0].audience), "%s", audience);
    t->rows[t->n].key = strdup(text);
    t->rows[t->n].n = t->rows[t->n].count = 1;
    t->n++;
}

static void test_texts_equal_raw(void **state)
{
    static const char raw_texts[] =
        "SELECT 't', 0, q.id::text, NULL, NULL, a.audience, a.text_value, NULL, 1, 1, 0, 0\n"
        "  FROM surveys.questions q\n"
        "  JOIN surveys.answers a\n"
        "    ON a.tenant_id = q.tenant_id AND a.survey_id = q.survey_id AND a.question_id = q.id\n"
        " WHERE q.tenant_id = $1 AND q.survey_id = $2 AND q.type = 'open_text'\n"
        "   AND a.text_value IS NOT NULL\n"
        "   AND ($3::text IS NULL OR a.audience = $3)\n"
        " ORDER BY 3, 6, 7\n";
    static const char *const surveys[] = {S1, S2};
    kc_db_conn *conn = NULL;
    kc_problem pb;
    size_t s, a;
    char ids[256];
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    for (s = 0; s < 2; s++)
        for (a = 0; a <= KC_NELEMS(audiences); a++) {
            const char *aud = a < KC_NELEMS(audiences) ? audiences[a] : NULL;
            const char *params[3] = {TENANT, surveys[s], aud};
            text_rows t = {NULL, 0, 0, ids};
            char what[96];
            it_sql_value(ids, sizeof(ids),
                         "SELECT string_agg(id::text, ',') FROM surveys.questions\n"
                         " WHERE survey_id = '%s' AND type = 'open_text'",
                         surveys[s]);
            snprintf(what, sizeof(what), "texts %s %s", surveys[s], aud ? aud : "(all)");
            assert_int_equal(
                results_repo_texts(conn, TENANT, surveys[s], aud, collect_text, &t, &pb), KC_OK);
            compare(what, raw_texts, 3, params, t.rows, t.n, 0, "");
            results_row_array_free(t.rows, t.n);
        }
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
}

static void test_gap_equal_raw(void **state)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    size_t a, b, n = 0;
    results_row *rows = NULL;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    for (a = 0; a < KC_NELEMS(audiences); a++)
        for (b = 0; b < KC_NELEMS(audiences); b++) {
            const char *params[4] = {TENANT, S1, audiences[a], audiences[b]};
            char what[96];
            if (a == b)
                continue;
            snprintf(what, sizeof(what), "gap %s %s", audiences[a], audiences[b]);
            assert_int_equal(
                results_repo_gap(conn, TENANT, S1, audiences[a], audiences[b], &rows, &n, &pb),
                KC_OK);
            assert_true(n > 0);
            compare(what, raw_gap, 4, params, rows, n, 0, "vl");
            results_row_array_free(rows, n);
        }
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
}

static void test_comparison_equal_raw(void **state)
{
    static const char *const pairs[2][2] = {{S1, S2}, {S2, S1}};
    kc_db_conn *conn = NULL;
    kc_problem pb;
    size_t p, a, n = 0;
    results_row *rows = NULL;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    for (p = 0; p < 2; p++)
        for (a = 0; a <= KC_NELEMS(audiences); a++) {
            const char *aud = a < KC_NELEMS(audiences) ? audiences[a] : NULL;
            const char *params[4] = {TENANT, pairs[p][0], pairs[p][1], aud};
            char what[128];
            snprintf(what, sizeof(what), "comparison %s %s %s", pairs[p][0], pairs[p][1],
                     aud ? aud : "(all)");
            assert_int_equal(results_repo_comparison(conn, TENANT, pairs[p][0], pairs[p][1], aud,
                                                     &rows, &n, &pb),
                             KC_OK);
            assert_true(n > 0);
            compare(what, raw_comparison, 4, params, rows, n, 0, "gor");
            results_row_array_free(rows, n);
        }
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
}

/* An answer changed in place would leave the tallies behind: refused. */
static void test_answers_not_updated(void **state)
{
    PGresult *r;
    (void)state;
    r = PQexec(pg, "UPDATE surveys.answers SET num_value = 1 WHERE num_value = 2");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "0A000");
    PQclear(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_data_is_varied),       cmocka_unit_test(test_results_equal_raw),
        cmocka_unit_test(test_texts_equal_raw),      cmocka_unit_test(test_gap_equal_raw),
        cmocka_unit_test(test_comparison_equal_raw), cmocka_unit_test(test_answers_not_updated),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
