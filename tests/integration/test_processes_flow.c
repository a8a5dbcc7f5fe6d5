/* Integration: the flow of a process against a real PostgreSQL — a draft
 * of steps published as version 1, the next draft copying its steps with
 * the same keys (a kept key keeps its step id), version 2; the database
 * refusing any change to a published version (the trigger of
 * 005_flow_more.sql); two publications of one draft at the same moment
 * (one wins, the other finds no draft, the numbers stay unique) and two
 * drafts started at once (one wins, 409); the event in the outbox; the
 * picture's markers with the tenant's weights following an activity across
 * versions; another tenant kept out. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "flow/flow_service.h"
#include "processes.h"

#define TENANT   "5e1c2f4e-5555-4a2b-9c3d-00000000000a"
#define TENANT_B "5e1c2f4e-5555-4a2b-9c3d-00000000000b"
#define M1       "00000000-0000-4000-8000-0000000000a1"
#define T1       "00000000-0000-4000-8000-0000000000b1"
#define T2       "00000000-0000-4000-8000-0000000000b2"
#define TB       "00000000-0000-4000-8000-0000000000bb"
#define P1       "00000000-0000-4000-8000-0000000000c1"
#define P2       "00000000-0000-4000-8000-0000000000c2"
#define P3       "00000000-0000-4000-8000-0000000000c3"

static kc_db_pool *pool;
static kc_principal coordinator, other_tenant;

static PGresult *sql_result(const char *text)
{
    PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    PGresult *r = PQexec(pg, text);

    PQfinish(pg);
    return r;
}

/* The SQLSTATE a statement fails with ("" when it succeeds). */
static void sql_fails(const char *text, const char *sqlstate)
{
    PGresult *r = sql_result(text);
    const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);

    if (s == NULL || strcmp(s, sqlstate) != 0)
        fail_msg("%s: expected SQLSTATE %s, got %s", text, sqlstate, s ? s : "success");
    PQclear(r);
}

static int setup(void **state)
{
    (void)state;
    if (it_setup(PROCESSES_SCHEMA, processes_migrations, processes_migrations_count, &pool) != 0)
        return -1;
    coordinator = kt_staff(TENANT, "coordinator-1", "coordinator");
    other_tenant = kt_staff(TENANT_B, "coordinator-1", "coordinator");
    IT_SQL("INSERT INTO processes.staff (id, tenant_id, name, email, team_id)\n"
           "VALUES ($1, $2, 'Anna', 'a@example.org', $3)",
           M1, TENANT, T1);
    IT_SQL("INSERT INTO processes.teams (id, tenant_id, name, manager_id)\n"
           "VALUES ($1, $2, 'Vergunningen', $3),\n"
           "       ($4, $2, 'Publiekszaken', NULL),\n"
           "       ($5, $6, 'B-team', NULL)",
           T1, TENANT, M1, T2, TB, TENANT_B);
    IT_SQL("INSERT INTO processes.processes (id, tenant_id, name, owner_id, team_ids)\n"
           "VALUES ($1, $2, 'Omgevingsvergunning', $3, $4),\n"
           "       ($5, $2, 'Evenementen', $3, $6),\n"
           "       ($7, $2, 'Paspoort', $3, $8)",
           P1, TENANT, M1, "{" T1 "," T2 "}", P2, "{" T1 "}", P3, "{" T2 "}");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

static void start(const char *process_id, flow_version *out)
{
    kc_problem pb;

    kc_problem_init(&pb);
    memset(out, 0, sizeof(*out));
    if (flow_service_start_draft(pool, &coordinator, process_id, out, &pb) != KC_OK)
        fail_msg("start: %s", pb.detail);
    kc_problem_clear(&pb);
}

static void put(const char *process_id, const char *json, flow_version *out)
{
    json_t *body = json_loads(json, 0, NULL);
    kc_problem pb;

    assert_non_null(body);
    kc_problem_init(&pb);
    memset(out, 0, sizeof(*out));
    if (flow_service_put_draft(pool, &coordinator, process_id, body, -1, out, &pb) != KC_OK)
        fail_msg("put: %s", pb.detail);
    kc_problem_clear(&pb);
    json_decref(body);
}

static int publish(const char *process_id, const char *note)
{
    json_t *body = json_pack("{s:s}", "note", note);
    flow_version v = {0};
    kc_problem pb;
    int number;

    kc_problem_init(&pb);
    if (flow_service_publish(pool, &coordinator, process_id, body, -1, &v, &pb) != KC_OK)
        fail_msg("publish: %s", pb.detail);
    number = v.number;
    assert_true(v.published);
    assert_string_equal(v.note, note);
    assert_string_equal(v.published_by, "coordinator-1");
    assert_true(v.published_at[0] != '\0');
    flow_version_clear(&v);
    kc_problem_clear(&pb);
    json_decref(body);
    return number;
}

static void test_versions_keep_their_steps(void **state)
{
    flow_version d = {0}, v1 = {0}, v2 = {0};
    kc_problem pb;
    int draft_exists = 0;
    char json[1024], key_intake[37], id_besluit_draft[37];
    (void)state;

    start(P1, &d);
    assert_int_equal(d.nsteps, 0);
    assert_int_equal(d.based_on_number, 0);
    flow_version_clear(&d);
    put(P1,
        "{\"steps\": [{\"name\": \"Intake\", \"teamId\": \"" T2 "\", \"inputs\": [\"aanvraag\"]},"
        " {\"name\": \"Beoordelen\", \"teamId\": \"" T1 "\", \"role\": \"vergunningverlener\","
        "  \"normHours\": 4.5, \"outputs\": [\"advies\", \"besluit\"]}]}",
        &d);
    assert_int_equal(d.nsteps, 2);
    assert_int_equal(d.version, 2);
    assert_string_equal(d.steps[0].team_name, "Publiekszaken");
    assert_string_equal(d.steps[1].role, "vergunningverlener");
    assert_string_equal(d.steps[1].norm_hours, "4.50");
    assert_int_equal(json_array_size(d.steps[1].outputs), 2);
    flow_version_clear(&d);
    assert_int_equal(publish(P1, "eerste versie"), 1);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM processes.outbox\n"
                                  " WHERE type = 'process.flow.published'\n"
                                  "   AND subject = '%s'\n"
                                  "   AND data = jsonb_build_object(\n"
                                  "           'processId', '%s',\n"
                                  "           'versionId', (SELECT id\n"
                                  "                           FROM processes.flow_versions\n"
                                  "                          WHERE number = 1\n"
                                  "                            AND process_id = '%s'),\n"
                                  "           'number', 1,\n"
                                  "           'steps', 2)",
                                  P1, P1, P1),
                     1);

    kc_problem_init(&pb);
    assert_int_equal(
        flow_service_get(pool, &coordinator, P1, FLOW_WHICH_LATEST, &v1, &draft_exists, &pb),
        KC_OK);
    assert_int_equal(draft_exists, 0);
    snprintf(key_intake, sizeof(key_intake), "%s", v1.steps[0].step_key);

    /* the next draft: the same keys, new ids */
    start(P1, &d);
    assert_int_equal(d.based_on_number, 1);
    assert_int_equal(d.nsteps, 2);
    assert_string_equal(d.steps[0].step_key, v1.steps[0].step_key);
    assert_string_equal(d.steps[1].step_key, v1.steps[1].step_key);
    assert_string_not_equal(d.steps[0].id, v1.steps[0].id);
    snprintf(id_besluit_draft, sizeof(id_besluit_draft), "%s", d.steps[1].id);
    /* reordered, one new step between; a kept key keeps its draft id */
    snprintf(json, sizeof(json),
             "{\"steps\": [{\"name\": \"Beoordelen\", \"stepKey\": \"%s\", \"teamId\": \"" T1
             "\"}, {\"name\": \"Advies\", \"role\": \"jurist\"},"
             " {\"name\": \"Intake digitaal\", \"stepKey\": \"%s\", \"teamId\": \"" T2 "\"}]}",
             v1.steps[1].step_key, key_intake);
    flow_version_clear(&d);
    put(P1, json, &d);
    assert_int_equal(d.nsteps, 3);
    assert_string_equal(d.steps[0].id, id_besluit_draft);
    assert_string_equal(d.steps[2].step_key, key_intake);
    assert_int_equal(d.steps[1].position, 2);
    flow_version_clear(&d);
    assert_int_equal(publish(P1, "advies erbij"), 2);

    /* version 1 is as it was */
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(flow_service_get(pool, &coordinator, P1, 1, &v2, &draft_exists, &pb), KC_OK);
    assert_int_equal(v2.nsteps, 2);
    assert_string_equal(v2.steps[0].name, "Intake");
    assert_string_equal(v2.steps[0].id, v1.steps[0].id);
    assert_string_equal(v2.note, "eerste versie");
    flow_version_clear(&v2);
    flow_version_clear(&v1);
    kc_problem_clear(&pb);
}

static void test_the_database_refuses_changes_to_a_published_version(void **state)
{
    flow_version d = {0};
    (void)state;

    start(P2, &d);
    flow_version_clear(&d);
    put(P2, "{\"steps\": [{\"name\": \"Melding\", \"role\": \"medewerker\"}]}", &d);
    flow_version_clear(&d);
    assert_int_equal(publish(P2, "v1"), 1);
    sql_fails("UPDATE processes.flow_versions SET note = 'anders' WHERE process_id = '" P2 "'",
              "55000");
    sql_fails("DELETE FROM processes.flow_versions WHERE process_id = '" P2 "'", "55000");
    sql_fails("UPDATE processes.flow_steps SET name = 'anders' WHERE flow_version_id ="
              " (SELECT id FROM processes.flow_versions WHERE process_id = '" P2 "')",
              "55000");
    sql_fails("DELETE FROM processes.flow_steps WHERE flow_version_id ="
              " (SELECT id FROM processes.flow_versions WHERE process_id = '" P2 "')",
              "55000");
    sql_fails("INSERT INTO processes.flow_steps (id, tenant_id, flow_version_id, step_key,"
              " position, name, role) SELECT gen_random_uuid(), tenant_id, id, gen_random_uuid(),"
              " 2, 'erbij', 'r' FROM processes.flow_versions WHERE process_id = '" P2 "'",
              "55000");
}

typedef struct racer {
    const char *process_id;
    int publish; /* 1: publish the draft, 0: start a draft */
    kc_status st;
    int number;
} racer;

static void *race(void *arg)
{
    racer *r = arg;
    json_t *body = json_pack("{s:s}", "note", "tegelijk");
    flow_version v = {0};
    kc_problem pb;

    kc_problem_init(&pb);
    if (r->publish)
        r->st = flow_service_publish(pool, &coordinator, r->process_id, body, -1, &v, &pb);
    else
        r->st = flow_service_start_draft(pool, &coordinator, r->process_id, &v, &pb);
    r->number = v.number;
    flow_version_clear(&v);
    kc_problem_clear(&pb);
    json_decref(body);
    return NULL;
}

/* Runs two racers while a third connection holds what they both need
 * (the draft's row locked, or the one-draft slot taken by an uncommitted
 * draft), so that they meet at the same moment; then lets them go. */
static void run_race(racer *r, const char *hold_sql)
{
    PGconn *blocker = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    pthread_t th[2];
    int i;

    PQclear(PQexec(blocker, "BEGIN"));
    PQclear(PQexec(blocker, hold_sql));
    for (i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, race, &r[i]), 0);
    it_sleep_ms(300);
    PQclear(PQexec(blocker, "ROLLBACK"));
    for (i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    PQfinish(blocker);
}

static void test_concurrent_publications_one_wins(void **state)
{
    flow_version d = {0};
    racer r[2];
    int round, winner;
    char q[256];
    (void)state;

    for (round = 1; round <= 3; round++) {
        start(P3, &d);
        flow_version_clear(&d);
        put(P3, "{\"steps\": [{\"name\": \"Aanvraag\", \"teamId\": \"" T2 "\"}]}", &d);
        flow_version_clear(&d);
        memset(r, 0, sizeof(r));
        r[0].process_id = r[1].process_id = P3;
        r[0].publish = r[1].publish = 1;
        snprintf(q, sizeof(q),
                 "SELECT 1\n"
                 "  FROM processes.flow_versions\n"
                 " WHERE process_id = '%s'\n"
                 "   AND state = 'draft'\n"
                 "   FOR UPDATE",
                 P3);
        run_race(r, q);
        winner = r[0].st == KC_OK ? 0 : 1;
        assert_int_equal(r[winner].st, KC_OK);
        assert_int_equal(r[winner].number, round);
        assert_int_equal(r[1 - winner].st, KC_NOT_FOUND);
    }
    assert_int_equal(it_sql_count("SELECT count(DISTINCT number)\n"
                                  "  FROM processes.flow_versions\n"
                                  " WHERE process_id = '%s'",
                                  P3),
                     3);
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM processes.outbox\n"
                                  " WHERE type = 'process.flow.published'\n"
                                  "   AND subject = '%s'",
                                  P3),
                     3);

    /* two drafts started at once: the one-draft index lets one in */
    memset(r, 0, sizeof(r));
    r[0].process_id = r[1].process_id = P3;
    run_race(r, "INSERT INTO processes.flow_versions (id, tenant_id, process_id)"
                " VALUES (gen_random_uuid(), '" TENANT "', '" P3 "')");
    assert_true((r[0].st == KC_OK && r[1].st == KC_CONFLICT) ||
                (r[0].st == KC_CONFLICT && r[1].st == KC_OK));
    assert_int_equal(it_sql_count("SELECT count(*)\n"
                                  "  FROM processes.flow_versions\n"
                                  " WHERE process_id = '%s'\n"
                                  "   AND state = 'draft'",
                                  P3),
                     1);
}

static void test_markers_and_tenants(void **state)
{
    flow_version v = {0};
    kc_problem pb;
    char *svg = NULL;
    size_t len = 0;
    int draft_exists;
    (void)state;

    /* bottlenecks raised at version 1's steps of P1; the picture of
     * version 2 shows them at the same activities */
    IT_SQL("INSERT INTO processes.settings (tenant_id, weight_impact, weight_effort,\n"
           "       weight_frequency)\n"
           "VALUES ($1, 1, 1, 1)\n"
           "ON CONFLICT (tenant_id) DO UPDATE\n"
           "   SET weight_impact = 1, weight_effort = 1, weight_frequency = 1",
           TENANT);
    IT_SQL("INSERT INTO processes.bottlenecks (id, tenant_id, process_id, step_id, description,\n"
           "       source, impact, effort, frequency, frequency_unit,\n"
           "       status) SELECT gen_random_uuid(), s.tenant_id, $1, s.id, 'd', 'staff',\n"
           "       x.impact, x.effort, NULL, NULL, x.status\n"
           "  FROM processes.flow_steps s\n"
           "JOIN processes.flow_versions v ON v.id = s.flow_version_id CROSS\n"
           "JOIN (VALUES (5, 1, 'open'), (2, 4, 'proposed'), (5, 1, 'solved')) AS x(impact,\n"
           "       effort, status)\n"
           " WHERE v.process_id = $1\n"
           "   AND v.number = 1\n"
           "   AND s.name = 'Intake'",
           P1);
    kc_problem_init(&pb);
    assert_int_equal(flow_service_picture(pool, &coordinator, P1, FLOW_WHICH_LATEST,
                                          FLOW_PICTURE_MERMAID, &svg, &len, &pb),
                     KC_OK);
    /* weights 1/1/1: (5 + 5 + 3) / 3 * 20 = 86.7; (2 + 2 + 3) / 3 * 20 = 46.7 */
    assert_non_null(strstr(svg, "s3[\"3. Intake digitaal<br/>2 open bottlenecks, top 86.7\"]"));
    assert_non_null(strstr(svg, "accTitle: Flow of Omgevingsvergunning, version 2"));
    free(svg);
    svg = NULL;
    assert_int_equal(
        flow_service_picture(pool, &coordinator, P1, 1, FLOW_PICTURE_SVG, &svg, &len, &pb), KC_OK);
    assert_non_null(strstr(svg, "2 bottlenecks, top 86.7"));
    assert_non_null(strstr(svg, "Flow of Omgevingsvergunning, version 1"));
    free(svg);
    svg = NULL;
    assert_int_equal(
        flow_service_picture(pool, &coordinator, P1, 9, FLOW_PICTURE_SVG, &svg, &len, &pb),
        KC_NOT_FOUND);
    kc_problem_clear(&pb);

    /* another tenant sees no process */
    kc_problem_init(&pb);
    assert_int_equal(
        flow_service_get(pool, &other_tenant, P1, FLOW_WHICH_LATEST, &v, &draft_exists, &pb),
        KC_NOT_FOUND);
    assert_non_null(strstr(pb.detail, "process"));
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(flow_service_start_draft(pool, &other_tenant, P1, &v, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(flow_service_picture(pool, &other_tenant, P1, FLOW_WHICH_LATEST,
                                          FLOW_PICTURE_SVG, &svg, &len, &pb),
                     KC_NOT_FOUND);
    kc_problem_clear(&pb);
    /* a team of tenant B is not a team of tenant A */
    start(P2, &v);
    flow_version_clear(&v);
    {
        json_t *body =
            json_loads("{\"steps\": [{\"name\": \"x\", \"teamId\": \"" TB "\"}]}", 0, NULL);
        kc_problem_init(&pb);
        assert_int_equal(flow_service_put_draft(pool, &coordinator, P2, body, -1, &v, &pb),
                         KC_INVALID);
        char *faults = json_dumps(pb.invalid_params, 0);

        assert_non_null(strstr(faults, "steps[0].teamId"));
        free(faults);
        kc_problem_clear(&pb);
        json_decref(body);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions_keep_their_steps),
        cmocka_unit_test(test_the_database_refuses_changes_to_a_published_version),
        cmocka_unit_test(test_concurrent_publications_one_wins),
        cmocka_unit_test(test_markers_and_tenants),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
