/* Integration: goals' indicators against a real PostgreSQL. The facts
 * arrive as the consumers apply them (survey.closed with questionResults,
 * case.feedback.received) or as rows other parts write (completed
 * activities and their participants, closed consultation rounds and their
 * views, inserted here with SQL); the values are computed per period by
 * the functions of sql/014_goals.sql and stored by the refresh, which
 * raises goal.off_track and relapse.signalled once per (indicator, kind,
 * period). Pulse values are weighted by n over the audiences (or one
 * audience); attendance counts completed activities of the programme per
 * month (of a kind when asked); manifest support withholds rounds below the
 * minimum group size; the equal-party share counts answered feedback per
 * month; another tenant's facts count nowhere. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "events/events_consumer.h"
#include "goals/goal_service.h"
#include "programmes.h"

#define TENANT   "6e1c2f4e-7777-4a2b-9c3d-00000000000a"
#define TENANT_B "6e1c2f4e-7777-4a2b-9c3d-00000000000b"
#define PROG     "00000000-0000-4000-8000-0000000011a1"
#define PROG_B   "00000000-0000-4000-8000-0000000011ab"
#define SERIES   "00000000-0000-4000-8000-0000000012a1"
#define WAVE2    "00000000-0000-4000-8000-0000000012a2"
#define GOAL     "00000000-0000-4000-8000-0000000013a1"
#define GOAL_B   "00000000-0000-4000-8000-0000000013ab"
#define I_PULSE  "00000000-0000-4000-8000-0000000014a1"
#define I_MGRS   "00000000-0000-4000-8000-0000000014a2"
#define I_ATTEND "00000000-0000-4000-8000-0000000014a3"
#define I_WORKSH "00000000-0000-4000-8000-0000000014a4"
#define I_SUPP   "00000000-0000-4000-8000-0000000014a5"
#define I_EQUAL  "00000000-0000-4000-8000-0000000014a6"
#define I_B      "00000000-0000-4000-8000-0000000014ab"
#define CASE1    "00000000-0000-4000-8000-0000000015a1"
#define CASE2    "00000000-0000-4000-8000-0000000015a2"
#define CASE3    "00000000-0000-4000-8000-0000000015a3"
#define CASE4    "00000000-0000-4000-8000-0000000015a4"

static kc_db_pool *pool;
static int event_no;

static void sql(const char *text)
{
    PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    PGresult *r = PQexec(pg, text);

    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fprintf(stderr, "sql: %s\n", PQerrorMessage(pg));
    assert_true(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
    PQclear(r);
    PQfinish(pg);
}

/* The one value of a query, as text ("" for NULL), into out. */
static void sql_value(const char *text, char *out, size_t n)
{
    PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    PGresult *r = PQexec(pg, text);

    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fprintf(stderr, "sql: %s\n", PQerrorMessage(pg));
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_int_equal(PQntuples(r), 1);
    snprintf(out, n, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(pg);
}

/* The stored values of indicator id as "period=value/n;..." in time order. */
static void values_of(const char *id, char *out, size_t n)
{
    char text[1024];

    snprintf(
        text, sizeof(text),
        "SELECT coalesce(string_agg(period || '=' || value || '/' || n, ';'\n"
        "                           ORDER BY period_start NULLS FIRST, length(period), period), '')\n"
        "  FROM programmes.indicator_values\n"
        " WHERE indicator_id = '%s'",
        id);
    sql_value(text, out, n);
}

/* The relapse signals of indicator id as "kind@period;..." in order. */
static void signals_of(const char *id, char *out, size_t n)
{
    char text[1024];

    snprintf(text, sizeof(text),
             "SELECT coalesce(string_agg(kind || '@' || period || '=' || reference, ';'\n"
             "                           ORDER BY kind, period), '')\n"
             "  FROM programmes.relapse_signals\n"
             " WHERE indicator_id = '%s'",
             id);
    sql_value(text, out, n);
}

static void indicator(const char *t, const char *id, const char *goal, const char *kind,
                      const char *params, const char *target, const char *direction,
                      const char *margin)
{
    char text[1024];

    snprintf(text, sizeof(text),
             "INSERT INTO programmes.indicators (id, tenant_id, goal_id, kind, params, target,\n"
             "                                  direction, relapse_margin)\n"
             "VALUES ('%s', '%s', '%s', '%s', '%s', %s, '%s', %s)",
             id, t, goal, kind, params, target, direction, margin);
    sql(text);
}

static int setup(void **state)
{
    (void)state;
    if (it_setup(PROGRAMMES_SCHEMA, programmes_migrations, programmes_migrations_count, &pool) != 0)
        return -1;
    sql("INSERT INTO programmes.programmes (id, tenant_id, name)\n"
        "VALUES ('" PROG "', '" TENANT "', 'Programma'),\n"
        "       ('" PROG_B "', '" TENANT_B "', 'Programma B')");
    sql("INSERT INTO programmes.goals (id, tenant_id, programme_id, name, theme)\n"
        "VALUES ('" GOAL "', '" TENANT "', '" PROG "', 'Trots zijn', 'pride'),\n"
        "       ('" GOAL_B "', '" TENANT_B "', '" PROG_B "', 'Trots zijn', 'pride')");
    indicator(TENANT, I_PULSE, GOAL, "pulse_question",
              "{\"seriesId\": \"" SERIES "\", \"questionCode\": \"trots\"}", "3.5", "at_least",
              "0.2");
    indicator(TENANT, I_MGRS, GOAL, "pulse_question",
              "{\"seriesId\": \"" SERIES "\", \"questionCode\": \"trots\","
              " \"audience\": \"managers\"}",
              "2.5", "at_least", "0");
    indicator(TENANT, I_ATTEND, GOAL, "attendance_rate", "{}", "0.8", "at_least", "0");
    indicator(TENANT, I_WORKSH, GOAL, "attendance_rate", "{\"activityKind\": \"workshop\"}", "0.8",
              "at_least", "0");
    indicator(TENANT, I_SUPP, GOAL, "manifest_support", "{}", "0.7", "at_least", "0");
    indicator(TENANT, I_EQUAL, GOAL, "equal_party_share", "{}", "0.9", "at_least", "0");
    indicator(TENANT_B, I_B, GOAL_B, "pulse_question",
              "{\"seriesId\": \"" SERIES "\", \"questionCode\": \"trots\"}", "1", "at_least", "0");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

/* Applies one event of tenant t through the consumer's handler of its
 * source (casedesk when case_source), in a transaction of its own. */
static void apply(int case_source, const char *t, const char *type, const char *subject,
                  const char *data_json, const char *time)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    json_error_t jerr;
    json_t *data = json_loads(data_json, 0, &jerr);
    char id[40];
    kc_consumer_event ev = {0};
    kc_status st;

    if (data == NULL)
        fprintf(stderr, "bad test JSON: %s\n", jerr.text);
    assert_non_null(data);
    snprintf(id, sizeof(id), "00000000-0000-4000-9000-%012d", ++event_no);
    ev.seq = event_no;
    ev.id = id;
    ev.type = type;
    ev.subject = subject;
    ev.data = data;
    ev.time = time;
    ev.tenant_id = t;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    st = case_source ? programmes_events_on_case(conn, t, &ev, NULL, &pb)
                     : programmes_events_on_survey(conn, t, &ev, NULL, &pb);
    if (st != KC_OK)
        fprintf(stderr, "apply %s: %s\n", type, pb.detail);
    assert_int_equal(st, KC_OK);
    assert_int_equal(kc_db_commit(conn, &pb), KC_OK);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    json_decref(data);
}

/* The trend of goal id as tenant t sees it (*out the caller's on KC_OK). */
static kc_status trend(const char *t, const char *id, json_t **out)
{
    kc_principal p = {.kind = KC_PRINCIPAL_STAFF};
    kc_problem pb;
    kc_status st;

    strcpy(p.tenant_id, t);
    strcpy(p.subject, "it");
    strcpy(p.roles, "coordinator");
    kc_problem_init(&pb);
    st = goal_service_trend(pool, &p, id, out, &pb);
    kc_problem_clear(&pb);
    return st;
}

#define WAVE1_DATA                                                                                 \
    "{\"surveyId\": \"" SERIES "\", \"seriesId\": \"" SERIES "\", \"wave\": 1,"                    \
    " \"questionResults\": ["                                                                      \
    "  {\"code\": \"trots\", \"audience\": \"employees\", \"mean\": 4.0, \"n\": 10},"              \
    "  {\"code\": \"trots\", \"audience\": \"managers\", \"mean\": 3.0, \"n\": 5},"                \
    "  {\"code\": \"\", \"audience\": \"managers\", \"mean\": 9, \"n\": 5},"                       \
    "  {\"code\": \"werkdruk\", \"audience\": \"employees\", \"mean\": 2.0, \"n\": 10}]}"
#define WAVE2_DATA                                                                                 \
    "{\"surveyId\": \"" WAVE2 "\", \"seriesId\": \"" SERIES "\", \"wave\": 2,"                     \
    " \"questionResults\": ["                                                                      \
    "  {\"code\": \"trots\", \"audience\": \"employees\", \"mean\": 3.0, \"n\": 10},"              \
    "  {\"code\": \"trots\", \"audience\": \"managers\", \"mean\": 3.0, \"n\": 6}]}"

static void pulse_waves_are_weighted_means_and_a_fall_raises_signals_once(void **state)
{
    char v[512];

    (void)state;
    apply(0, TENANT, "survey.closed", SERIES, WAVE1_DATA, "2026-03-10T10:00:00Z");
    /* (4.0*10 + 3.0*5) / 15; the malformed item left out */
    values_of(I_PULSE, v, sizeof(v));
    assert_string_equal(v, "wave:1=3.6667/15");
    values_of(I_MGRS, v, sizeof(v));
    assert_string_equal(v, "wave:1=3.0000/5");
    signals_of(I_PULSE, v, sizeof(v));
    assert_string_equal(v, ""); /* on track, nothing before it */

    apply(0, TENANT, "survey.closed", WAVE2, WAVE2_DATA, "2026-06-10T10:00:00Z");
    values_of(I_PULSE, v, sizeof(v));
    assert_string_equal(v, "wave:1=3.6667/15;wave:2=3.0000/16");
    /* below 3.5, and more than 0.2 below the best earlier 3.6667 */
    signals_of(I_PULSE, v, sizeof(v));
    assert_string_equal(v, "off_track@wave:2=3.5000;relapse@wave:2=3.6667");
    /* managers: 3.0 then 3.0, target 2.5: equal values, on track, no signal */
    signals_of(I_MGRS, v, sizeof(v));
    assert_string_equal(v, "");

    /* delivered again: the same values, no second signal or event */
    apply(0, TENANT, "survey.closed", WAVE2, WAVE2_DATA, "2026-06-10T10:00:00Z");
    sql_value("SELECT count(*)\n"
              "  FROM programmes.outbox\n"
              " WHERE type IN ('goal.off_track', 'relapse.signalled')\n"
              "   AND data ->> 'indicatorId' = '" I_PULSE "'",
              v, sizeof(v));
    assert_string_equal(v, "2");
    sql_value(
        "SELECT data ->> 'period' || ' ' || round((data ->> 'value')::numeric, 4) || ' ' ||\n"
        "       round((data ->> 'reference')::numeric, 4) || ' ' || (data ->> 'programmeId')\n"
        "  FROM programmes.outbox\n"
        " WHERE type = 'relapse.signalled'\n"
        "   AND data ->> 'indicatorId' = '" I_PULSE "'",
        v, sizeof(v));
    assert_string_equal(v, "wave:2 3.0000 3.6667 " PROG);
    /* tenant B's indicator on the same series id saw none of tenant A's waves */
    values_of(I_B, v, sizeof(v));
    assert_string_equal(v, "");
}

static void attendance_counts_completed_activities_per_month(void **state)
{
    char v[512];
    json_t *doc = NULL;

    (void)state;
    sql("INSERT INTO programmes.people (id, tenant_id, name, role_type)\n"
        "SELECT ('00000000-0000-4000-8000-00000000160' || i)::uuid, '" TENANT "', 'Mens ' || i,\n"
        "       'employee'\n"
        "  FROM generate_series(1, 4) AS i");
    sql("INSERT INTO programmes.activities (id, tenant_id, programme_id, kind, title, starts_at,\n"
        "                                   status, completed_at)\n"
        "VALUES ('00000000-0000-4000-8000-0000000017a1', '" TENANT "', '" PROG "', 'workshop',\n"
        "        'Werkplaats', '2026-03-05T09:00:00Z', 'completed', '2026-03-05T12:00:00Z'),\n"
        "       ('00000000-0000-4000-8000-0000000017a2', '" TENANT "', '" PROG "', 'webinar',\n"
        "        'Webinar', '2026-03-20T09:00:00Z', 'completed', '2026-03-20T10:00:00Z'),\n"
        "       ('00000000-0000-4000-8000-0000000017a3', '" TENANT "', '" PROG "', 'workshop',\n"
        "        'Later', '2026-04-02T09:00:00Z', 'planned', NULL)");
    /* workshop: 4 invited, 3 attended; webinar: 2 invited, 1 attended;
     * the planned one: 4 invited, none yet */
    sql("INSERT INTO programmes.activity_participants (tenant_id, activity_id, person_id,\n"
        "                                              invited, attended)\n"
        "SELECT '" TENANT "'::uuid, '00000000-0000-4000-8000-0000000017a1'::uuid,\n"
        "       ('00000000-0000-4000-8000-00000000160' || i)::uuid, true, i <= 3\n"
        "  FROM generate_series(1, 4) AS i\n"
        "UNION ALL\n"
        "SELECT '" TENANT "'::uuid, '00000000-0000-4000-8000-0000000017a2'::uuid,\n"
        "       ('00000000-0000-4000-8000-00000000160' || i)::uuid, true, i = 1\n"
        "  FROM generate_series(1, 2) AS i\n"
        "UNION ALL\n"
        "SELECT '" TENANT "'::uuid, '00000000-0000-4000-8000-0000000017a3'::uuid,\n"
        "       ('00000000-0000-4000-8000-00000000160' || i)::uuid, true, NULL\n"
        "  FROM generate_series(1, 4) AS i");
    /* the trend refreshes every indicator of the goal */
    assert_int_equal(trend(TENANT, GOAL, &doc), KC_OK);
    values_of(I_ATTEND, v, sizeof(v));
    assert_string_equal(v, "2026-03=0.6667/6");
    values_of(I_WORKSH, v, sizeof(v));
    assert_string_equal(v, "2026-03=0.7500/4");
    json_decref(doc);
}

static void manifest_support_per_closed_round_withholds_small_rounds(void **state)
{
    char v[512];
    json_t *doc = NULL;

    (void)state;
    sql("INSERT INTO programmes.programme_values (id, tenant_id, programme_id, value_id, name,\n"
        "                                         source)\n"
        "VALUES ('00000000-0000-4000-8000-0000000018a1', '" TENANT "', '" PROG "',\n"
        "        '00000000-0000-4000-8000-0000000018b1', 'Open', 'catalogue')");
    sql("INSERT INTO programmes.manifests (id, tenant_id, programme_id, number, title, status)\n"
        "VALUES ('00000000-0000-4000-8000-0000000019a1', '" TENANT "', '" PROG "', 1, 'Manifest',\n"
        "        'consultation')");
    sql("INSERT INTO programmes.manifest_statements (id, tenant_id, manifest_id,\n"
        "                                            programme_value_id, position, text)\n"
        "VALUES ('00000000-0000-4000-8000-0000000019b1', '" TENANT "',\n"
        "        '00000000-0000-4000-8000-0000000019a1', '00000000-0000-4000-8000-0000000018a1',\n"
        "        1, 'Ik bel dezelfde dag terug')");
    /* round 1 closed with 5 views (3 support, 1 with a remark, 1 object);
     * round 2 closed with 2 views (below 5: withheld); round 3 open */
    sql("INSERT INTO programmes.consultation_rounds (id, tenant_id, manifest_id, number, status,\n"
        "                                            salt, closed_at, opened_by)\n"
        "VALUES ('00000000-0000-4000-8000-0000000019c1', '" TENANT "',\n"
        "        '00000000-0000-4000-8000-0000000019a1', 1, 'closed', NULL,\n"
        "        '2026-04-01T10:00:00Z', 'it'),\n"
        "       ('00000000-0000-4000-8000-0000000019c2', '" TENANT "',\n"
        "        '00000000-0000-4000-8000-0000000019a1', 2, 'closed', NULL,\n"
        "        '2026-05-01T10:00:00Z', 'it')");
    sql("INSERT INTO programmes.consultation_views (id, tenant_id, round_id, statement_id,\n"
        "                                           department, stance, reason, anonymous)\n"
        "SELECT gen_random_uuid(), '" TENANT
        "'::uuid, '00000000-0000-4000-8000-0000000019c1'::uuid,\n"
        "       '00000000-0000-4000-8000-0000000019b1'::uuid, 'Burgerzaken',\n"
        "       (ARRAY['support', 'support', 'support', 'support_with_remark', 'object'])[i],\n"
        "       CASE WHEN i > 3 THEN 'Omdat' END, true\n"
        "  FROM generate_series(1, 5) AS i\n"
        "UNION ALL\n"
        "SELECT gen_random_uuid(), '" TENANT
        "'::uuid, '00000000-0000-4000-8000-0000000019c2'::uuid,\n"
        "       '00000000-0000-4000-8000-0000000019b1'::uuid, 'Burgerzaken', 'support', NULL, true\n"
        "  FROM generate_series(1, 2) AS i");
    assert_int_equal(trend(TENANT, GOAL, &doc), KC_OK);
    values_of(I_SUPP, v, sizeof(v));
    assert_string_equal(v, "manifest:1:round:1=0.8000/5");
    json_decref(doc);
}

static void equal_party_share_per_month_of_the_answered_feedback(void **state)
{
    char v[512];

    (void)state;
    apply(1, TENANT, "case.feedback.received", CASE1,
          "{\"round\": 0, \"satisfaction\": 4, \"equalParty\": true}", "2026-05-03T10:00:00Z");
    apply(1, TENANT, "case.feedback.received", CASE2,
          "{\"round\": 0, \"satisfaction\": 2, \"equalParty\": false}", "2026-05-04T10:00:00Z");
    apply(1, TENANT, "case.feedback.received", CASE3,
          "{\"round\": 1, \"satisfaction\": 5, \"equalParty\": true}", "2026-05-05T10:00:00Z");
    /* not answered: not counted; delivered twice: once */
    apply(1, TENANT, "case.feedback.received", CASE4, "{\"round\": 0, \"satisfaction\": 3}",
          "2026-05-06T10:00:00Z");
    apply(1, TENANT, "case.feedback.received", CASE1,
          "{\"round\": 0, \"satisfaction\": 4, \"equalParty\": true}", "2026-05-03T10:00:00Z");
    /* tenant B's feedback counts for tenant B only */
    apply(1, TENANT_B, "case.feedback.received", CASE2,
          "{\"round\": 0, \"satisfaction\": 1, \"equalParty\": false}", "2026-05-04T10:00:00Z");
    values_of(I_EQUAL, v, sizeof(v));
    assert_string_equal(v, "2026-05=0.6667/3");
    sql_value("SELECT round\n"
              "  FROM programmes.casedesk_feedback\n"
              " WHERE case_id = '" CASE3 "'",
              v, sizeof(v));
    assert_string_equal(v, "2"); /* reopened once: the second round */
    signals_of(I_EQUAL, v, sizeof(v));
    assert_string_equal(v, "off_track@2026-05=0.9000");
}

static void the_trend_shows_each_indicator_against_its_target(void **state)
{
    json_t *doc = NULL, *ind = NULL, *it;
    size_t i;

    (void)state;
    assert_int_equal(trend(TENANT, GOAL, &doc), KC_OK);
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "goal"), "id")),
                        GOAL);
    json_array_foreach(json_object_get(doc, "indicators"), i, it)
    {
        if (strcmp(json_string_value(json_object_get(json_object_get(it, "indicator"), "id")),
                   I_PULSE) == 0)
            ind = it;
    }
    assert_non_null(ind);
    assert_int_equal(json_array_size(json_object_get(doc, "indicators")), 6);
    assert_int_equal(json_array_size(json_object_get(ind, "values")), 2);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(ind, "values"), 1), "period")),
                        "wave:2");
    assert_true(json_number_value(json_object_get(ind, "latest")) == 3.0);
    assert_true(json_is_false(json_object_get(ind, "onTrack")));
    assert_string_equal(json_string_value(json_object_get(ind, "direction")), "at_least");
    assert_null(json_object_get(json_object_get(ind, "indicator"), "tenantId"));
    json_decref(doc);
    /* another tenant's goal is not found */
    assert_int_equal(trend(TENANT_B, GOAL, &doc), KC_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pulse_waves_are_weighted_means_and_a_fall_raises_signals_once),
        cmocka_unit_test(attendance_counts_completed_activities_per_month),
        cmocka_unit_test(manifest_support_per_closed_round_withholds_small_rounds),
        cmocka_unit_test(equal_party_share_per_month_of_the_answered_feedback),
        cmocka_unit_test(the_trend_shows_each_indicator_against_its_target),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
