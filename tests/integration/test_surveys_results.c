/* Integration: the results of the surveys service (results_repo.c through
 * results_service.c) against a real PostgreSQL. A small survey is written
 * directly in SQL, with answers whose statistics were worked out by hand
 * (the working is next to each check), and the service's answers are
 * compared with them: n, mean, sd, distribution, NPS, multiple choice per
 * option, ranking mean positions, value shares, the small-group rule, the
 * gap analysis and its order, the wave comparison and its interval, the
 * export. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "koers/db.h"
#include "koers/migrate.h"
#include "results/results_repo.h"
#include "results/results_service.h"
#include "surveys.h"
#include "surveys_http.h"

#define TENANT   "5e1a0c2d-3333-4b2b-8c3d-00000000000a"
#define TENANT_B "5e1a0c2d-3333-4b2b-8c3d-00000000000b"
#define SURVEY   "5e1a0c2d-3333-4b2b-8c3d-0000000000a1" /* wave 1 */
#define WAVE2    "5e1a0c2d-3333-4b2b-8c3d-0000000000a2" /* wave 2, same series */
#define OTHER    "5e1a0c2d-3333-4b2b-8c3d-0000000000a3" /* another series */
#define V1       "5e1a0c2d-3333-4b2b-8c3d-0000000000c1"
#define V2       "5e1a0c2d-3333-4b2b-8c3d-0000000000c2"
#define V3       "5e1a0c2d-3333-4b2b-8c3d-0000000000c3"

static kc_db_pool *pool;
static kc_principal staff;

/* Whether the route (method, OpenAPI name) of surveys admits p. */
static kc_status route_admits(const char *method, const char *name, const kc_principal *p)
{
    size_t i;

    for (i = 0; i < surveys_routes_count; i++)
        if (strcmp(surveys_routes[i].method, method) == 0 &&
            strcmp(surveys_routes[i].name, name) == 0)
            return kc_route_admit(&surveys_routes[i], p, NULL);
    fail_msg("no route %s %s", method, name);
    return KC_INTERNAL;
}

static void sql(const char *q, int n, const char *const *params)
{
    PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    PGresult *r = PQexecParams(pg, q, n, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", q, PQerrorMessage(pg));
    PQclear(r);
    PQfinish(pg);
}

/* One response of `aud` to `survey`; NULL = unanswered. q1 likert5,
 * q2 nps, q3 multiple choice, q4 ranking, q5 value selection, q6 open
 * text, q7 single choice, q8 likert7. */
static void respond(const char *survey, const char *aud, const char *q1, const char *q2,
                    const char *q3, const char *q4, const char *q5, const char *q6, const char *q7,
                    const char *q8)
{
    const char *p[11] = {TENANT, survey, aud, q1, q2, q3, q4, q5, q6, q7, q8};
    sql("WITH r AS (INSERT INTO surveys.responses (tenant_id, survey_id, audience) "
        "           VALUES ($1, $2, $3) RETURNING id) "
        "INSERT INTO surveys.answers (response_id, question_id, tenant_id, survey_id, audience, "
        "  num_value, choice, choices, ranking, text_value, value_ids) "
        "SELECT r.id, q.id, $1, $2, $3, "
        "  CASE q.code WHEN 'q1' THEN $4::int WHEN 'q2' THEN $5::int WHEN 'q8' THEN $11::int END, "
        "  CASE q.code WHEN 'q7' THEN $10 END, CASE q.code WHEN 'q3' THEN $6::text[] END, "
        "  CASE q.code WHEN 'q4' THEN $7::text[] END, CASE q.code WHEN 'q6' THEN $9 END, "
        "  CASE q.code WHEN 'q5' THEN $8::uuid[] END "
        "FROM r, surveys.questions q WHERE q.tenant_id = $1 AND q.survey_id = $2 AND "
        "  CASE q.code WHEN 'q1' THEN $4::text WHEN 'q2' THEN $5::text WHEN 'q3' THEN $6::text "
        "  WHEN 'q4' THEN $7::text WHEN 'q5' THEN $8::text WHEN 'q6' THEN $9 "
        "  WHEN 'q7' THEN $10 WHEN 'q8' THEN $11::text END "
        "  IS NOT NULL",
        11, p);
}

static void add_survey(const char *id, const char *series, int wave, const char *aud)
{
    char w[8];
    const char *p[5] = {TENANT, id, series, w, aud};
    snprintf(w, sizeof(w), "%d", wave);
    sql("INSERT INTO surveys.surveys (id, tenant_id, title, kind, audiences, status, series_id, wave)"
        " VALUES ($2, $1, 'Klimaatmonitor', 'climate_monitor', $5::text[], 'closed', $3, $4::int)",
        5, p);
}

static void add_question(const char *survey, int pos, const char *code, const char *type,
                         const char *options)
{
    char ps[8];
    const char *p[6] = {TENANT, survey, ps, code, type, options};
    snprintf(ps, sizeof(ps), "%d", pos);
    sql("INSERT INTO surveys.questions (id, tenant_id, survey_id, position, code, text, type, "
        "options) VALUES (gen_random_uuid(), $1, $2, $3::int, $4, 'Vraag ' || $4, $5, $6::jsonb)",
        6, p);
}

static int setup(void **state)
{
    (void)state;
    if (it_setup(SURVEYS_SCHEMA, surveys_migrations, surveys_migrations_count, &pool) != 0)
        return -1;
    staff.kind = KC_PRINCIPAL_STAFF;
    snprintf(staff.tenant_id, sizeof(staff.tenant_id), "%s", TENANT);
    snprintf(staff.subject, sizeof(staff.subject), "coordinator-1");
    snprintf(staff.roles, sizeof(staff.roles), "coordinator");

    sql("INSERT INTO surveys.core_values (id, tenant_id, name) VALUES "
        "('" V1 "', '" TENANT "', 'Betrouwbaar'), ('" V2 "', '" TENANT "', 'Open'), "
        "('" V3 "', '" TENANT "', 'Dienstbaar')",
        0, NULL);
    add_survey(SURVEY, SURVEY, 1, "{citizens,employees,managers}");
    add_survey(WAVE2, SURVEY, 2, "{citizens,employees,managers}");
    add_survey(OTHER, OTHER, 1, "{citizens}");
    add_question(SURVEY, 1, "q1", "likert5", "{}");
    add_question(SURVEY, 2, "q2", "nps", "{}");
    add_question(SURVEY, 3, "q3", "multiple_choice",
                 "{\"choices\":[{\"value\":\"a\",\"label\":\"A\"},{\"value\":\"b\",\"label\":"
                 "\"B\"},{\"value\":\"c\",\"label\":\"C\"},{\"value\":\"d\",\"label\":\"D\"}]}");
    add_question(SURVEY, 4, "q4", "ranking",
                 "{\"choices\":[{\"value\":\"x\",\"label\":\"X\"},{\"value\":\"y\",\"label\":"
                 "\"Y\"},{\"value\":\"z\",\"label\":\"Z\"}]}");
    add_question(SURVEY, 5, "q5", "value_selection", "{\"pick\":2}");
    add_question(SURVEY, 6, "q6", "open_text", "{}");
    add_question(SURVEY, 7, "q7", "single_choice",
                 "{\"choices\":[{\"value\":\"yes\",\"label\":\"Ja\"},{\"value\":\"no\","
                 "\"label\":\"Nee\"}]}");
    add_question(SURVEY, 8, "q8", "likert7", "{}");
    add_question(WAVE2, 1, "q1", "likert5", "{}");
    add_question(WAVE2, 7, "q7", "single_choice",
                 "{\"choices\":[{\"value\":\"yes\",\"label\":\"Ja\"},{\"value\":\"no\","
                 "\"label\":\"Nee\"}]}");
    add_question(OTHER, 1, "q1", "likert5", "{}");

    /* citizens (5) */
    respond(SURVEY, "citizens", "4", "10", "{a,b}", "{x,y,z}", "{" V1 "," V2 "}",
            "Meer \"groen\", graag", "yes", "7");
    respond(SURVEY, "citizens", "5", "9", "{a}", "{y,x,z}", "{" V1 "," V3 "}", "=HYPERLINK(1)",
            "yes", "6");
    respond(SURVEY, "citizens", "3", "9", "{a,c}", "{x,z,y}", "{" V1 "," V2 "}", "Prima", "no",
            "5");
    respond(SURVEY, "citizens", "4", "7", "{b}", "{x,y,z}", "{" V2 "," V3 "}", "Goed", "yes", "7");
    respond(SURVEY, "citizens", "4", "3", "{a,b,c}", "{z,x,y}", "{" V1 "," V2 "}", "Snel", "no",
            "5");
    /* employees (6): no q6, q7, q8 */
    respond(SURVEY, "employees", "2", "0", NULL, NULL, "{" V1 "," V2 "}", NULL, NULL, NULL);
    respond(SURVEY, "employees", "3", "5", NULL, NULL, "{" V2 "," V3 "}", NULL, NULL, NULL);
    respond(SURVEY, "employees", "3", "6", NULL, NULL, "{" V2 "," V3 "}", NULL, NULL, NULL);
    respond(SURVEY, "employees", "4", "7", NULL, NULL, "{" V3 "," V1 "}", NULL, NULL, NULL);
    respond(SURVEY, "employees", "2", "8", NULL, NULL, "{" V2 "," V3 "}", NULL, NULL, NULL);
    respond(SURVEY, "employees", "4", "10", NULL, NULL, "{" V3 "," V2 "}", NULL, NULL, NULL);
    /* managers (2): always withheld */
    respond(SURVEY, "managers", "5", NULL, NULL, NULL, NULL, "Geheim van de directie", NULL, NULL);
    respond(SURVEY, "managers", "5", NULL, NULL, NULL, NULL, "Ook geheim", NULL, NULL);
    /* wave 2, citizens (5) */
    respond(WAVE2, "citizens", "2", NULL, NULL, NULL, NULL, NULL, "yes", NULL);
    respond(WAVE2, "citizens", "3", NULL, NULL, NULL, NULL, NULL, "yes", NULL);
    respond(WAVE2, "citizens", "2", NULL, NULL, NULL, NULL, NULL, "yes", NULL);
    respond(WAVE2, "citizens", "3", NULL, NULL, NULL, NULL, NULL, "yes", NULL);
    respond(WAVE2, "citizens", "2", NULL, NULL, NULL, NULL, NULL, "no", NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

/* ---- helpers ------------------------------------------------------------------ */

static void assert_near(double got, double want, double eps)
{
    if (!(fabs(got - want) <= eps))
        fail_msg("got %.6f, want %.6f", got, want);
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static double num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_number(v))
        fail_msg("%s is not a number", key);
    return json_number_value(v);
}

static json_int_t integer(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v))
        fail_msg("%s is not an integer", key);
    return json_integer_value(v);
}

/* The group of question `code` and audience in a results document. */
static const json_t *group(const json_t *doc, const char *code, const char *aud)
{
    const json_t *g;
    size_t i;
    json_array_foreach(json_object_get(doc, "results"), i, g)
    {
        if (strcmp(json_string_value(json_object_get(g, "code")), code) == 0 &&
            strcmp(json_string_value(json_object_get(g, "audience")), aud) == 0)
            return g;
    }
    fail_msg("no group %s/%s", code, aud);
    return NULL;
}

static json_t *results(const char *survey, const char *aud)
{
    kc_problem pb;
    json_t *doc = NULL;
    kc_problem_init(&pb);
    assert_int_equal(results_service_get(pool, &staff, survey, aud, &doc, &pb), KC_OK);
    kc_problem_clear(&pb);
    return doc;
}

/* A withheld group shows n and the reason, nothing else. */
static void assert_withheld(const json_t *g, const char *reason)
{
    static const char *const none[] = {"mean",      "sd",         "distribution", "nps",
                                       "promoters", "detractors", "choices",      "ranking",
                                       "values",    "texts"};
    size_t i;
    assert_true(json_is_true(json_object_get(g, "withheld")));
    assert_string_equal(json_string_value(json_object_get(g, "reason")), reason);
    for (i = 0; i < KC_NELEMS(none); i++)
        if (json_object_get(g, none[i]) != NULL)
            fail_msg("withheld group has %s", none[i]);
}

/* ---- tests -------------------------------------------------------------------- */

/* Counts the texts results_repo_texts gives and checks their order (by
 * text within an audience). */
typedef struct texts_seen {
    int n;
    char last[128];
} texts_seen;

static void count_text(void *arg, const char *question_id, const char *audience, const char *text)
{
    texts_seen *t = arg;
    char key[128];
    (void)question_id;
    snprintf(key, sizeof(key), "%s|%s", audience, text);
    assert_true(strcmp(t->last, key) <= 0);
    snprintf(t->last, sizeof(t->last), "%s", key);
    t->n++;
}

/* The repo's aggregates directly: citizens' q1 group is n 5, sum
 * 4+5+3+4+4 = 20, sumsq 16+25+9+16+16 = 82. The texts come separately,
 * the managers' too (the service drops them), sorted per question and
 * audience. */
static void test_repo_aggregates(void **state)
{
    kc_problem pb;
    kc_db_conn *conn = NULL;
    results_row *rows = NULL;
    size_t n = 0, i;
    int seen_group = 0;
    texts_seen texts = {0, ""};
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(results_repo_aggregates(conn, TENANT, SURVEY, "citizens", &rows, &n, &pb),
                     KC_OK);
    for (i = 0; i < n; i++) {
        assert_string_equal(rows[i].audience, "citizens");
        if (rows[i].kind == 'g' && rows[i].n == 5 && rows[i].sum == 20.0) {
            assert_near(rows[i].sumsq, 82.0, 1e-9);
            seen_group++;
        }
    }
    assert_int_equal(seen_group, 1);
    results_row_array_free(rows, n);
    assert_int_equal(results_repo_texts(conn, TENANT, SURVEY, "citizens", count_text, &texts, &pb),
                     KC_OK);
    assert_int_equal(texts.n, 5);
    texts.n = 0;
    texts.last[0] = '\0';
    assert_int_equal(results_repo_texts(conn, TENANT, SURVEY, NULL, count_text, &texts, &pb),
                     KC_OK);
    assert_int_equal(texts.n, 7);
    /* another tenant sees nothing of it */
    assert_int_equal(results_repo_aggregates(conn, TENANT_B, SURVEY, NULL, &rows, &n, &pb), KC_OK);
    assert_int_equal(n, 0);
    assert_null(rows);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
}

/* likert5 q1, citizens 4 5 3 4 4: n 5, mean 20/5 = 4.0,
 * ss = 82 - 20^2/5 = 2, sd = sqrt(2/4) = 0.7071; distribution 1:0 2:0 3:1
 * 4:3 5:1. employees 2 3 3 4 2 4: n 6, mean 18/6 = 3.0, sumsq 58,
 * ss = 58 - 54 = 4, sd = sqrt(4/5) = 0.8944. */
static void test_likert(void **state)
{
    json_t *doc = results(SURVEY, NULL);
    const json_t *g = group(doc, "q1", "citizens"), *d;
    (void)state;
    assert_int_equal(integer(doc, "minGroupSize"), 5);
    assert_int_equal(integer(g, "n"), 5);
    assert_true(json_is_false(json_object_get(g, "withheld")));
    assert_near(num(g, "mean"), 4.0, 1e-4);
    assert_near(num(g, "sd"), 0.7071, 1e-4);
    d = json_object_get(g, "distribution");
    assert_int_equal(json_object_size(d), 5);
    assert_int_equal(integer(d, "1"), 0);
    assert_int_equal(integer(d, "3"), 1);
    assert_int_equal(integer(d, "4"), 3);
    assert_int_equal(integer(d, "5"), 1);
    g = group(doc, "q1", "employees");
    assert_int_equal(integer(g, "n"), 6);
    assert_near(num(g, "mean"), 3.0, 1e-4);
    assert_near(num(g, "sd"), 0.8944, 1e-4);
    json_decref(doc);
}

/* nps q2, citizens 10 9 9 7 3: promoters 3, detractors 1 (3), passive 1;
 * NPS = 100 * (3 - 1) / 5 = 40; mean 38/5 = 7.6; sumsq 320,
 * ss = 320 - 38^2/5 = 31.2, sd = sqrt(31.2/4) = sqrt(7.8) = 2.7928.
 * employees 0 5 6 7 8 10: promoters 1, detractors 3;
 * NPS = 100 * (1 - 3) / 6 = -33.3333. */
static void test_nps(void **state)
{
    json_t *doc = results(SURVEY, NULL);
    const json_t *g = group(doc, "q2", "citizens");
    (void)state;
    assert_int_equal(integer(g, "n"), 5);
    assert_near(num(g, "nps"), 40.0, 1e-4);
    assert_int_equal(integer(g, "promoters"), 3);
    assert_int_equal(integer(g, "detractors"), 1);
    assert_near(num(g, "mean"), 7.6, 1e-4);
    assert_near(num(g, "sd"), 2.7928, 1e-4);
    assert_int_equal(json_object_size(json_object_get(g, "distribution")), 11);
    assert_int_equal(integer(json_object_get(g, "distribution"), "9"), 2);
    g = group(doc, "q2", "employees");
    assert_near(num(g, "nps"), -33.3333, 1e-4);
    json_decref(doc);
}

/* multiple choice q3, citizens {a,b} {a} {a,c} {b} {a,b,c}: per option
 * a 4, b 3, c 2, d 0 (not per combination). single choice q7: yes 3, no 2.
 * ranking q4: positions x 1 2 1 1 2 -> 7/5 = 1.4; y 2 1 3 2 3 -> 11/5 = 2.2;
 * z 3 3 2 3 1 -> 12/5 = 2.4. */
static void test_choices_and_ranking(void **state)
{
    json_t *doc = results(SURVEY, "citizens");
    const json_t *c = json_object_get(group(doc, "q3", "citizens"), "choices");
    const json_t *d = json_object_get(group(doc, "q7", "citizens"), "distribution");
    const json_t *r = json_object_get(group(doc, "q4", "citizens"), "ranking");
    (void)state;
    assert_int_equal(json_object_size(c), 4);
    assert_int_equal(integer(c, "a"), 4);
    assert_int_equal(integer(c, "b"), 3);
    assert_int_equal(integer(c, "c"), 2);
    assert_int_equal(integer(c, "d"), 0);
    assert_int_equal(integer(d, "yes"), 3);
    assert_int_equal(integer(d, "no"), 2);
    assert_near(num(r, "x"), 1.4, 1e-4);
    assert_near(num(r, "y"), 2.2, 1e-4);
    assert_near(num(r, "z"), 2.4, 1e-4);
    /* only the audience asked for */
    assert_int_equal(json_array_size(json_object_get(doc, "results")), 8);
    json_decref(doc);
}

/* value selection q5, citizens {V1,V2} {V1,V3} {V1,V2} {V2,V3} {V1,V2}:
 * V1 4 of 5 = 80%, V2 4 = 80%, V3 2 = 40%; sorted by count, then name
 * (Betrouwbaar before Open). Open texts of the citizens: all 5, sorted. */
static void test_values_and_texts(void **state)
{
    json_t *doc = results(SURVEY, NULL);
    const json_t *v = json_object_get(group(doc, "q5", "citizens"), "values");
    const json_t *t = json_object_get(group(doc, "q6", "citizens"), "texts");
    (void)state;
    assert_int_equal(json_array_size(v), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(v, 0), "name")),
                        "Betrouwbaar");
    assert_string_equal(json_string_value(json_object_get(json_array_get(v, 0), "valueId")), V1);
    assert_int_equal(integer(json_array_get(v, 0), "count"), 4);
    assert_near(num(json_array_get(v, 0), "share"), 80.0, 1e-4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(v, 1), "name")), "Open");
    assert_string_equal(json_string_value(json_object_get(json_array_get(v, 2), "name")),
                        "Dienstbaar");
    assert_near(num(json_array_get(v, 2), "share"), 40.0, 1e-4);
    assert_int_equal(json_array_size(t), 5);
    json_decref(doc);
}

/* managers answered q1 and q6 twice: 2 < 5, withheld with the reason, no
 * mean and no texts; unanswered groups (n 0) too. */
static void test_small_groups_withheld(void **state)
{
    json_t *doc = results(SURVEY, NULL);
    const json_t *g;
    char *text;
    (void)state;
    g = group(doc, "q1", "managers");
    assert_int_equal(integer(g, "n"), 2);
    assert_withheld(g, "fewer than 5 respondents");
    assert_withheld(group(doc, "q6", "managers"), "fewer than 5 respondents");
    assert_withheld(group(doc, "q8", "employees"), "fewer than 5 respondents");
    text = json_dumps(doc, 0);
    assert_null(strstr(text, "geheim"));
    assert_null(strstr(text, "Geheim"));
    free(text);
    json_decref(doc);
}

/* The tenant's own minimum: 6 withholds the citizens (5) and keeps the
 * employees (6). */
static void test_min_group_size_from_settings(void **state)
{
    json_t *doc;
    (void)state;
    sql("INSERT INTO surveys.settings (tenant_id, min_group_size) VALUES ('" TENANT "', 6)", 0,
        NULL);
    doc = results(SURVEY, NULL);
    assert_int_equal(integer(doc, "minGroupSize"), 6);
    assert_withheld(group(doc, "q1", "citizens"), "fewer than 6 respondents");
    assert_near(num(group(doc, "q1", "employees"), "mean"), 3.0, 1e-4);
    json_decref(doc);
    sql("DELETE FROM surveys.settings WHERE tenant_id = '" TENANT "'", 0, NULL);
}

/* Gap citizens - employees. Values (share of respondents):
 *   V1 Betrouwbaar: 4/5 = 80% vs 2/6 = 33.3333% -> +46.6667
 *   V3 Dienstbaar:  2/5 = 40% vs 5/6 = 83.3333% -> -43.3333
 *   V2 Open:        4/5 = 80% vs 5/6 = 83.3333% ->  -3.3333
 * Likert q1: 4.0 vs 3.0 -> 1.0; q8 (likert7) has no employees: withheld,
 * last. Sorted by |difference|: V1, V3, V2, q1, q8. */
static void test_gap(void **state)
{
    kc_problem pb;
    json_t *doc = NULL;
    const json_t *items, *it;
    size_t i;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(results_service_gap(pool, &staff, SURVEY, NULL, NULL, &doc, &pb), KC_OK);
    items = json_object_get(doc, "items");
    assert_int_equal(json_array_size(items), 5);
    it = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(it, "valueId")), V1);
    assert_near(num(json_object_get(it, "a"), "score"), 80.0, 1e-4);
    assert_near(num(json_object_get(it, "b"), "score"), 33.3333, 1e-4);
    assert_int_equal(integer(json_object_get(it, "a"), "n"), 5);
    assert_int_equal(integer(json_object_get(it, "b"), "n"), 6);
    assert_near(num(it, "difference"), 46.6667, 1e-4);
    it = json_array_get(items, 1);
    assert_string_equal(json_string_value(json_object_get(it, "name")), "Dienstbaar");
    assert_near(num(it, "difference"), -43.3333, 1e-4);
    it = json_array_get(items, 2);
    assert_string_equal(json_string_value(json_object_get(it, "name")), "Open");
    assert_near(num(it, "difference"), -3.3333, 1e-4);
    it = json_array_get(items, 3);
    assert_string_equal(json_string_value(json_object_get(it, "kind")), "likert");
    assert_string_equal(json_string_value(json_object_get(it, "code")), "q1");
    assert_near(num(it, "difference"), 1.0, 1e-4);
    it = json_array_get(items, 4);
    assert_string_equal(json_string_value(json_object_get(it, "code")), "q8");
    assert_true(json_is_true(json_object_get(it, "withheld")));
    assert_true(json_is_null(json_object_get(it, "difference")));
    assert_true(json_is_null(json_object_get(json_object_get(it, "a"), "score")));
    assert_int_equal(integer(json_object_get(it, "a"), "n"), 5);
    assert_int_equal(integer(json_object_get(it, "b"), "n"), 0);
    json_decref(doc);
    doc = NULL;
    /* managers (none picked values, 2 answered q1) against citizens: all withheld */
    assert_int_equal(results_service_gap(pool, &staff, SURVEY, "citizens", "managers", &doc, &pb),
                     KC_OK);
    json_array_foreach(json_object_get(doc, "items"), i, it)
        assert_true(json_is_true(json_object_get(it, "withheld")));
    json_decref(doc);
    doc = NULL;
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(results_service_gap(pool, &staff, SURVEY, "citizens", "citizens", &doc, &pb),
                     KC_INVALID);
    kc_problem_clear(&pb);
}

/* Wave 1 -> wave 2, citizens, q1: from n 5 mean 4.0 sd 0.7071 (var 0.5),
 * to 2 3 2 3 2: mean 12/5 = 2.4, sumsq 30, ss = 30 - 28.8 = 1.2,
 * var 0.3. difference = 2.4 - 4.0 = -1.6.
 * se = sqrt(0.3/5 + 0.5/5) = sqrt(0.16) = 0.4;
 * df = 0.16^2 / (0.06^2/4 + 0.1^2/4) = 0.0256 / 0.0034 = 7.53 -> t(7) = 2.365;
 * half = 0.946: [-2.546, -0.654], significant.
 * q7 yes: 3/5 = 60% -> 4/5 = 80%: +20 points,
 * se = sqrt(0.8*0.2/5 + 0.6*0.4/5) = sqrt(0.08) = 0.28284, half = 55.437:
 * [-35.437, 75.437], not significant. */
static void test_comparison(void **state)
{
    kc_problem pb;
    json_t *doc = NULL;
    const json_t *items, *it, *ci;
    size_t i;
    int seen_q1 = 0, seen_yes = 0;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(results_service_comparison(pool, &staff, SURVEY, WAVE2, "citizens", &doc, &pb),
                     KC_OK);
    items = json_object_get(doc, "items");
    json_array_foreach(items, i, it)
    {
        const char *code = json_string_value(json_object_get(it, "code"));
        const char *opt = json_string_value(json_object_get(it, "option"));
        ci = json_object_get(it, "ci95");
        if (strcmp(code, "q1") == 0) {
            seen_q1++;
            assert_near(num(json_object_get(it, "from"), "mean"), 4.0, 1e-4);
            assert_near(num(json_object_get(it, "to"), "mean"), 2.4, 1e-4);
            assert_near(num(it, "difference"), -1.6, 1e-4);
            assert_near(json_number_value(json_array_get(ci, 0)), -2.546, 1e-4);
            assert_near(json_number_value(json_array_get(ci, 1)), -0.654, 1e-4);
            assert_true(json_is_true(json_object_get(it, "significant")));
        } else if (strcmp(code, "q7") == 0 && opt != NULL && strcmp(opt, "yes") == 0) {
            seen_yes++;
            assert_near(num(json_object_get(it, "from"), "share"), 60.0, 1e-4);
            assert_near(num(json_object_get(it, "to"), "share"), 80.0, 1e-4);
            assert_near(num(it, "difference"), 20.0, 1e-4);
            assert_near(json_number_value(json_array_get(ci, 0)), -35.4372, 1e-3);
            assert_near(json_number_value(json_array_get(ci, 1)), 75.4372, 1e-3);
            assert_true(json_is_false(json_object_get(it, "significant")));
        }
    }
    assert_int_equal(seen_q1, 1);
    assert_int_equal(seen_yes, 1);
    json_decref(doc);
    doc = NULL;
    /* all audiences: the employees have no wave-2 answers: withheld */
    assert_int_equal(results_service_comparison(pool, &staff, SURVEY, WAVE2, NULL, &doc, &pb),
                     KC_OK);
    json_array_foreach(json_object_get(doc, "items"), i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "audience")), "citizens") != 0) {
            assert_true(json_is_true(json_object_get(it, "withheld")));
            assert_null(json_object_get(it, "ci95"));
        }
    }
    json_decref(doc);
    doc = NULL;
    kc_problem_clear(&pb);
    /* another series, unknown, itself: 422 naming `with` */
    kc_problem_init(&pb);
    assert_int_equal(results_service_comparison(pool, &staff, SURVEY, OTHER, NULL, &doc, &pb),
                     KC_INVALID);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "name")), "with");
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(results_service_comparison(pool, &staff, SURVEY,
                                                "5e1a0c2d-3333-4b2b-8c3d-0000000000ff", NULL, &doc,
                                                &pb),
                     KC_INVALID);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(results_service_comparison(pool, &staff, SURVEY, SURVEY, NULL, &doc, &pb),
                     KC_INVALID);
    kc_problem_clear(&pb);
    assert_null(doc);
}

/* Responses as CSV: a header, the 5 citizens and 6 employees (the 2
 * managers are withheld), RFC 4180 quoting, multi-values joined with ';',
 * a formula defused. */
static void test_export_responses_csv(void **state)
{
    kc_problem pb;
    json_t *doc = NULL;
    char *csv = NULL, *p;
    size_t len = 0;
    int lines = 0;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(results_service_export(pool, &staff, SURVEY, RESULTS_EXPORT_RESPONSES,
                                            RESULTS_FORMAT_CSV, &csv, &len, &doc, &pb),
                     KC_OK);
    assert_non_null(csv);
    assert_int_equal(strlen(csv), len);
    assert_true(starts_with(csv, "audience,submittedOn,q1,q2,q3,q4,q5,q6,q7,q8\r\n"));
    for (p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2)
        lines++;
    assert_int_equal(lines, 1 + 5 + 6);
    assert_null(strstr(csv, "managers"));
    assert_null(strstr(csv, "geheim"));
    assert_non_null(strstr(csv, ",\"Meer \"\"groen\"\", graag\","));
    assert_non_null(strstr(csv, ",'=HYPERLINK(1),"));
    assert_non_null(strstr(csv, ",a;b;c,z;x;y,"));
    free(csv);
    kc_problem_clear(&pb);
}

/* Responses as JSON name the withheld audience; results as CSV carry the
 * same numbers as the results. */
static void test_export_json_and_results(void **state)
{
    kc_problem pb;
    json_t *doc = NULL;
    char *csv = NULL;
    size_t len = 0;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(results_service_export(pool, &staff, SURVEY, RESULTS_EXPORT_RESPONSES,
                                            RESULTS_FORMAT_JSON, &csv, &len, &doc, &pb),
                     KC_OK);
    assert_int_equal(json_array_size(json_object_get(doc, "responses")), 11);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "withheld"), 0), "audience")),
                        "managers");
    json_decref(doc);
    doc = NULL;
    assert_int_equal(results_service_export(pool, &staff, SURVEY, RESULTS_EXPORT_RESULTS,
                                            RESULTS_FORMAT_CSV, &csv, &len, &doc, &pb),
                     KC_OK);
    assert_true(starts_with(
        csv, "code,type,audience,n,withheld,reason,mean,sd,nps,item,count,share,meanPosition\r\n"));
    assert_non_null(strstr(csv, "q1,likert5,citizens,5,false,,4.0000,0.7071,,,,,\r\n"));
    assert_non_null(strstr(csv, "q1,likert5,managers,2,true,fewer than 5 respondents,,,,,,,\r\n"));
    assert_non_null(strstr(csv, "q4,ranking,citizens,5,false,,,,,x,,,1.4000\r\n"));
    free(csv);
    kc_problem_clear(&pb);
}

/* Tenant scoping and permissions: another tenant's staff gets 404; a
 * portal key needs surveys:read (the routes say so), and may not export. */
static void test_isolation_and_permissions(void **state)
{
    kc_problem pb;
    kc_principal other = staff, key = {0};
    json_t *doc = NULL;
    (void)state;
    snprintf(other.tenant_id, sizeof(other.tenant_id), "%s", TENANT_B);
    kc_problem_init(&pb);
    assert_int_equal(results_service_get(pool, &other, SURVEY, NULL, &doc, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    key.kind = KC_PRINCIPAL_API_KEY;
    snprintf(key.tenant_id, sizeof(key.tenant_id), "%s", TENANT);
    snprintf(key.scopes, sizeof(key.scopes), "surveys:respond");
    assert_int_equal(route_admits("GET", "/surveys/v1/surveys/{id}/results", &key), KC_FORBIDDEN);
    snprintf(key.scopes, sizeof(key.scopes), "surveys:read");
    assert_int_equal(route_admits("GET", "/surveys/v1/surveys/{id}/results", &key), KC_OK);
    kc_problem_init(&pb);
    assert_int_equal(results_service_get(pool, &key, SURVEY, NULL, &doc, &pb), KC_OK);
    json_decref(doc);
    doc = NULL;
    kc_problem_clear(&pb);
    assert_int_equal(route_admits("GET", "/surveys/v1/surveys/{id}/export", &key), KC_FORBIDDEN);
    assert_int_equal(route_admits("GET", "/surveys/v1/surveys/{id}/export", &staff), KC_OK);
    kc_problem_init(&pb);
    assert_int_equal(results_service_get(pool, &staff, SURVEY, "council_members", &doc, &pb),
                     KC_INVALID);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repo_aggregates),
        cmocka_unit_test(test_likert),
        cmocka_unit_test(test_nps),
        cmocka_unit_test(test_choices_and_ranking),
        cmocka_unit_test(test_values_and_texts),
        cmocka_unit_test(test_small_groups_withheld),
        cmocka_unit_test(test_min_group_size_from_settings),
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_comparison),
        cmocka_unit_test(test_export_responses_csv),
        cmocka_unit_test(test_export_json_and_results),
        cmocka_unit_test(test_isolation_and_permissions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
