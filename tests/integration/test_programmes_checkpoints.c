/* Integration: checkpoints of the programmes service against a real
 * PostgreSQL — continue keeps the approach version; an adjust with every
 * op applies exactly its changes in one transaction (positions 1..n
 * without gaps, a new approach version whose snapshot is the approach as
 * it is now, the programme's current version moved, checkpoint.decided);
 * one invalid change in the middle of a list refuses the whole decision
 * and leaves the database as it was; a step has one checkpoint; a member
 * of another group may not decide. The programme, its approach, groups,
 * people and building blocks are rows put in with SQL (their API is
 * other parts'). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/idempotency.h"
#include "koers/validate.h"
#include "checkpoints/checkpoint_service.h"
#include "programmes.h"

#define TENANT "5e1c2f4e-6666-4a2b-9c3d-00000000000a"
#define PR     "00000000-0000-4000-8000-0000000002a1"
#define PD     "00000000-0000-4000-8000-0000000002a2" /* a draft programme */
#define P1     "00000000-0000-4000-8000-0000000002b1"
#define P2     "00000000-0000-4000-8000-0000000002b2"
#define S1     "00000000-0000-4000-8000-0000000002c1"
#define S2     "00000000-0000-4000-8000-0000000002c2"
#define S3     "00000000-0000-4000-8000-0000000002c3"
#define S4     "00000000-0000-4000-8000-0000000002c4"
#define SD     "00000000-0000-4000-8000-0000000002c9" /* of PD */
#define GP     "00000000-0000-4000-8000-0000000002d1"
#define GS     "00000000-0000-4000-8000-0000000002d2"
#define GW     "00000000-0000-4000-8000-0000000002d3"
#define GD     "00000000-0000-4000-8000-0000000002d9" /* PD's project group */
#define X1     "00000000-0000-4000-8000-0000000002e1"
#define X2     "00000000-0000-4000-8000-0000000002e2"
#define X3     "00000000-0000-4000-8000-0000000002e3"
#define B1     "00000000-0000-4000-8000-0000000002f1"
#define NO     "00000000-0000-4000-8000-0000000002ff"

static kc_db_pool *pool;
static kc_principal lead, member, outsider;
static const kc_idem no_key;

static PGconn *pg_open(void)
{
    return PQconnectdb(it_env("KOERS_DATABASE_URL"));
}

static void sql(const char *text)
{
    PGconn *pg = pg_open();
    PGresult *r = PQexec(pg, text);

    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fprintf(stderr, "sql: %s\n", PQerrorMessage(pg));
    assert_true(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK);
    PQclear(r);
    PQfinish(pg);
}

/* The one text value of a query (copied into out). */
static const char *sql_value(const char *text, char *out, size_t n)
{
    PGconn *pg = pg_open();
    PGresult *r = PQexec(pg, text);

    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fprintf(stderr, "sql: %s\n", PQerrorMessage(pg));
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_int_equal(PQntuples(r), 1);
    snprintf(out, n, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(pg);
    return out;
}

static void principal(kc_principal *p, const char *sub, const char *roles)
{
    memset(p, 0, sizeof(*p));
    p->kind = KC_PRINCIPAL_STAFF;
    strcpy(p->tenant_id, TENANT);
    strcpy(p->subject, sub);
    strcpy(p->roles, roles);
}

static int setup(void **state)
{
    (void)state;
    if (it_setup(PROGRAMMES_SCHEMA, programmes_migrations, programmes_migrations_count, &pool) != 0)
        return -1;
    principal(&lead, "lead-it", "programme_lead");
    principal(&member, "member-it", "programme_member");
    principal(&outsider, "worker-it", "programme_member");
    sql("INSERT INTO programmes.programmes (id, tenant_id, name, status) VALUES\n"
        " ('" PR "', '" TENANT "', 'Houden wat goed is', 'running'),\n"
        " ('" PD "', '" TENANT "', 'Nog niet begonnen', 'draft')");
    sql("INSERT INTO programmes.phases (id, tenant_id, programme_id, position, name) VALUES\n"
        " ('" P1 "', '" TENANT "', '" PR "', 1, 'Start and course'),\n"
        " ('" P2 "', '" TENANT "', '" PR "', 2, 'Building blocks')");
    sql("INSERT INTO programmes.steps (id, tenant_id, programme_id, phase_id, position, name,\n"
        "       status, started_at) VALUES\n"
        " ('" S1 "', '" TENANT "', '" PR "', '" P1 "', 1, 'Kick-off', 'active', now()),\n"
        " ('" S2 "', '" TENANT "', '" PR "', '" P1
        "', 2, 'Work out the course', 'planned', NULL),\n"
        " ('" S3 "', '" TENANT "', '" PR "', '" P1 "', 3, 'Compose groups', 'planned', NULL),\n"
        " ('" S4 "', '" TENANT "', '" PR "', '" P2 "', 1, 'Building blocks', 'planned', NULL)");
    sql("INSERT INTO programmes.phases (id, tenant_id, programme_id, position, name) VALUES\n"
        " ('" NO "', '" TENANT "', '" PD "', 1, 'Draft phase')");
    sql("INSERT INTO programmes.steps (id, tenant_id, programme_id, phase_id, position, name)\n"
        "VALUES ('" SD "', '" TENANT "', '" PD "', '" NO "', 1, 'Draft step')");
    sql("INSERT INTO programmes.people (id, tenant_id, name, user_sub, role_type) VALUES\n"
        " ('" X1 "', '" TENANT "', 'Anna', 'member-it', 'manager'),\n"
        " ('" X2 "', '" TENANT "', 'Bram', 'worker-it', 'employee'),\n"
        " ('" X3 "', '" TENANT "', 'Cor', NULL, 'council_member')");
    sql("INSERT INTO programmes.groups (id, tenant_id, programme_id, kind, name) VALUES\n"
        " ('" GP "', '" TENANT "', '" PR "', 'project', 'Projectgroep'),\n"
        " ('" GS "', '" TENANT "', '" PR "', 'steering', 'Stuurgroep'),\n"
        " ('" GW "', '" TENANT "', '" PR "', 'working', 'Werkgroep buitendienst'),\n"
        " ('" GD "', '" TENANT "', '" PD "', 'project', 'Projectgroep')");
    sql("INSERT INTO programmes.group_members (tenant_id, group_id, person_id, role) VALUES\n"
        " ('" TENANT "', '" GP "', '" X1 "', 'chair'),\n"
        " ('" TENANT "', '" GW "', '" X2 "', 'member'),\n"
        " ('" TENANT "', '" GD "', '" X1 "', 'chair')");
    sql("INSERT INTO programmes.building_blocks (id, tenant_id, programme_id, step_id,\n"
        "       working_group_id, title) VALUES\n"
        " ('" B1 "', '" TENANT "', '" PR "', '" S4 "', '" GW "', 'Bereikbaarheid')");
    sql("INSERT INTO programmes.approach_versions (id, tenant_id, programme_id, number, snapshot,\n"
        "       reason, created_by)\n"
        "SELECT gen_random_uuid(), '" TENANT "', '" PR "', 1,\n"
        "       programmes.approach_snapshot('" TENANT "', '" PR "'), 'copied', 'it'");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

/* Everything a decision may change, as one text. */
static const char *fingerprint(char *out, size_t n)
{
    return sql_value(
        "SELECT md5(concat_ws('|',\n"
        "       (SELECT string_agg(concat_ws(',', id, phase_id, position, status, starts_on,\n"
        "                                    due_on, name), ';' ORDER BY id)\n"
        "          FROM programmes.steps),\n"
        "       (SELECT string_agg(concat_ws(',', id, position, name), ';' ORDER BY id)\n"
        "          FROM programmes.phases),\n"
        "       (SELECT string_agg(concat_ws(',', group_id, person_id, role), ';'\n"
        "                          ORDER BY group_id, person_id)\n"
        "          FROM programmes.group_members),\n"
        "       (SELECT string_agg(concat_ws(',', id, name, version), ';' ORDER BY id)\n"
        "          FROM programmes.groups),\n"
        "       (SELECT string_agg(concat_ws(',', id, title, step_id, working_group_id, due_on,\n"
        "                                    version), ';' ORDER BY id)\n"
        "          FROM programmes.building_blocks),\n"
        "       (SELECT count(*) FROM programmes.approach_versions),\n"
        "       (SELECT count(*) FROM programmes.checkpoints),\n"
        "       (SELECT count(*) FROM programmes.outbox),\n"
        "       (SELECT string_agg(concat_ws(',', id, approach_version, version), ';')\n"
        "          FROM programmes.programmes)))",
        out, n);
}

static kc_status decide(const kc_principal *p, const char *programme, const char *body_text,
                        json_t **out, kc_problem *pb)
{
    json_error_t err;
    json_t *body = json_loads(body_text, 0, &err);
    int replayed = 0;
    kc_status st;

    if (body == NULL)
        fail_msg("bad test JSON: %s", err.text);
    kc_problem_init(pb);
    st = checkpoint_service_decide(pool, p, programme, &no_key, body, out, &replayed, pb);
    if (getenv("IT_DEBUG") != NULL && st != KC_OK) {
        char *f = pb->invalid_params ? json_dumps(pb->invalid_params, 0) : NULL;
        fprintf(stderr, "decide: %d %s %s\n", st, pb->detail, f ? f : "");
        free(f);
    }
    json_decref(body);
    return st;
}

static int names_field(const kc_problem *pb, const char *field)
{
    const json_t *f;
    size_t i;

    json_array_foreach(pb->invalid_params, i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "name")), field) == 0)
            return 1;
    }
    return 0;
}

static void continue_keeps_the_version(void **state)
{
    json_t *out = NULL, *items = NULL, *got = NULL;
    kc_keyset page = {.limit = 20};
    kc_keyset_next next = {0};
    kc_problem pb;
    char v[256];
    (void)state;

    /* a member of the project group decides */
    assert_int_equal(decide(&member, PR,
                            "{\"stepId\": \"" S1 "\", \"question\": \"Still fits?\","
                            " \"insights\": [\"Groups are keen\"], \"decision\": \"continue\","
                            " \"rationale\": \"All on course\", \"groupId\": \"" GP "\","
                            " \"presentIds\": [\"" X1 "\"]}",
                            &out, &pb),
                     KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(json_integer_value(json_object_get(out, "approachVersion")), 1);
    assert_string_equal(json_string_value(json_object_get(out, "decision")), "continue");
    assert_string_equal(json_string_value(json_object_get(out, "decidedBy")), "member-it");
    assert_int_equal(json_array_size(json_object_get(out, "changes")), 0);
    assert_string_equal(json_string_value(json_array_get(json_object_get(out, "presentIds"), 0)),
                        X1);
    assert_string_equal(
        sql_value("SELECT count(*) FROM programmes.approach_versions", v, sizeof(v)), "1");
    assert_string_equal(sql_value("SELECT count(*) FROM programmes.outbox\n"
                                  " WHERE type = 'checkpoint.decided'",
                                  v, sizeof(v)),
                        "1");
    kc_problem_init(&pb);
    assert_int_equal(checkpoint_service_get(
                         pool, &lead, json_string_value(json_object_get(out, "id")), &got, &pb),
                     KC_OK);
    assert_true(json_equal(got, out));
    assert_int_equal(checkpoint_service_list(pool, &lead, PR, &page, &items, &next, &pb), KC_OK);
    assert_int_equal(json_array_size(items), 1);
    kc_problem_clear(&pb);
    json_decref(items);
    json_decref(got);
    json_decref(out);
    out = NULL;

    /* one checkpoint a step */
    assert_int_equal(decide(&lead, PR,
                            "{\"stepId\": \"" S1 "\", \"question\": \"Again?\","
                            " \"decision\": \"continue\", \"rationale\": \"r\","
                            " \"groupId\": \"" GP "\"}",
                            &out, &pb),
                     KC_CONFLICT);
    kc_problem_clear(&pb);
    /* changes with continue */
    assert_int_equal(decide(&lead, PR,
                            "{\"stepId\": \"" S2 "\", \"question\": \"Q\","
                            " \"decision\": \"continue\", \"rationale\": \"r\","
                            " \"groupId\": \"" GP "\", \"changes\": []}",
                            &out, &pb),
                     KC_INVALID);
    assert_true(names_field(&pb, "changes"));
    kc_problem_clear(&pb);
}

static void who_and_where_may_decide(void **state)
{
    json_t *out = NULL;
    kc_problem pb;
    (void)state;

    /* a working-group member is not in the project group */
    assert_int_equal(decide(&outsider, PR,
                            "{\"stepId\": \"" S2 "\", \"question\": \"Q\","
                            " \"decision\": \"continue\", \"rationale\": \"r\","
                            " \"groupId\": \"" GP "\"}",
                            &out, &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
    /* the working group does not decide; X2 is not in the project group */
    assert_int_equal(decide(&lead, PR,
                            "{\"stepId\": \"" S2 "\", \"question\": \"Q\","
                            " \"decision\": \"continue\", \"rationale\": \"r\","
                            " \"groupId\": \"" GW "\"}",
                            &out, &pb),
                     KC_INVALID);
    assert_true(names_field(&pb, "groupId"));
    kc_problem_clear(&pb);
    assert_int_equal(decide(&lead, PR,
                            "{\"stepId\": \"" SD "\", \"question\": \"Q\","
                            " \"decision\": \"continue\", \"rationale\": \"r\","
                            " \"groupId\": \"" GP "\", \"presentIds\": [\"" X1 "\", \"" X2 "\"]}",
                            &out, &pb),
                     KC_INVALID);
    assert_true(names_field(&pb, "stepId"));
    assert_true(names_field(&pb, "presentIds[1]"));
    assert_false(names_field(&pb, "presentIds[0]"));
    kc_problem_clear(&pb);
    /* a draft programme has no checkpoints yet; another tenant's is not found */
    assert_int_equal(decide(&lead, PD,
                            "{\"stepId\": \"" SD "\", \"question\": \"Q\","
                            " \"decision\": \"continue\", \"rationale\": \"r\","
                            " \"groupId\": \"" GD "\"}",
                            &out, &pb),
                     KC_CONFLICT);
    kc_problem_clear(&pb);
    lead.tenant_id[0] = '6';
    assert_int_equal(decide(&lead, PR,
                            "{\"stepId\": \"" S2 "\", \"question\": \"Q\","
                            " \"decision\": \"continue\", \"rationale\": \"r\","
                            " \"groupId\": \"" GP "\"}",
                            &out, &pb),
                     KC_NOT_FOUND);
    lead.tenant_id[0] = '5';
    kc_problem_clear(&pb);
    assert_null(out);
}

static void one_bad_change_refuses_everything(void **state)
{
    char before[64], after[64];
    json_t *out = NULL;
    kc_problem pb;
    (void)state;

    fingerprint(before, sizeof(before));
    assert_int_equal(decide(&lead, PR,
                            "{\"stepId\": \"" S2 "\", \"question\": \"Q\","
                            " \"decision\": \"adjust\", \"rationale\": \"r\","
                            " \"groupId\": \"" GP "\", \"changes\": ["
                            " {\"op\": \"add_phase\", \"name\": \"Evaluate\"},"
                            " {\"op\": \"remove_step\", \"stepId\": \"" SD "\"},"
                            " {\"op\": \"move_step\", \"stepId\": \"" S3 "\", \"position\": 1}]}",
                            &out, &pb),
                     KC_INVALID);
    assert_true(names_field(&pb, "changes[1].stepId"));
    assert_int_equal(json_array_size(pb.invalid_params), 1);
    kc_problem_clear(&pb);
    assert_null(out);
    assert_string_equal(fingerprint(after, sizeof(after)), before);
}

static void adjust_applies_every_op(void **state)
{
    json_t *out = NULL, *kept;
    kc_problem pb;
    char v[256];
    (void)state;

    assert_int_equal(
        decide(&lead, PR,
               "{\"stepId\": \"" S2 "\", \"question\": \"Does the approach still fit?\","
               " \"decision\": \"adjust\", \"rationale\": \"The working groups need more time\","
               " \"groupId\": \"" GS "\", \"changes\": ["
               " {\"op\": \"add_phase\", \"name\": \"Evaluate\", \"position\": 2},"
               " {\"op\": \"add_step\", \"phaseId\": \"" P2 "\", \"name\": \"Interim report\","
               "  \"kind\": \"workshop\", \"position\": 1, \"dueOn\": \"2026-06-30\"},"
               " {\"op\": \"remove_step\", \"stepId\": \"" S3 "\"},"
               " {\"op\": \"move_step\", \"stepId\": \"" S4 "\", \"phaseId\": \"" P1 "\","
               "  \"position\": 1},"
               " {\"op\": \"redate_step\", \"stepId\": \"" S2 "\", \"startsOn\": \"2026-04-01\","
               "  \"dueOn\": \"2026-04-30\"},"
               " {\"op\": \"rescope_building_block\", \"buildingBlockId\": \"" B1 "\","
               "  \"title\": \"Bereikbaarheid telefonie\", \"stepId\": null,"
               "  \"dueOn\": \"2026-07-01\"},"
               " {\"op\": \"change_group\", \"groupId\": \"" GP "\", \"name\": \"Projectteam\","
               "  \"addMembers\": [{\"personId\": \"" X3 "\", \"role\": \"advisor\"}],"
               "  \"removeMembers\": [\"" X1 "\"]}]}",
               &out, &pb),
        KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(json_integer_value(json_object_get(out, "approachVersion")), 2);
    kept = json_object_get(out, "changes");
    assert_int_equal(json_array_size(kept), 7);
    assert_true(kc_is_uuid(json_string_value(json_object_get(json_array_get(kept, 0), "phaseId"))));
    assert_true(kc_is_uuid(json_string_value(json_object_get(json_array_get(kept, 1), "stepId"))));
    /* the programme moved to version 2, whose snapshot is the approach now */
    assert_string_equal(sql_value("SELECT approach_version FROM programmes.programmes\n"
                                  " WHERE id = '" PR "'",
                                  v, sizeof(v)),
                        "2");
    assert_string_equal(
        sql_value(
            "SELECT (snapshot = programmes.approach_snapshot(tenant_id, programme_id))::text\n"
            "       || reason || (checkpoint_id IS NOT NULL)::text\n"
            "  FROM programmes.approach_versions\n"
            " WHERE programme_id = '" PR "'\n"
            "   AND number = 2",
            v, sizeof(v)),
        "trueThe working groups need more timetrue");
    /* phases: Start and course, Evaluate, Building blocks */
    assert_string_equal(sql_value("SELECT string_agg(name, ',' ORDER BY position)\n"
                                  "  FROM programmes.phases WHERE programme_id = '" PR "'",
                                  v, sizeof(v)),
                        "Start and course,Evaluate,Building blocks");
    /* phase 1: S4 moved in first, S1, S2 (S3 removed); phase 2: the new step */
    assert_string_equal(sql_value("SELECT string_agg(name || ':' || position, ','\n"
                                  "                  ORDER BY phase_id, position)\n"
                                  "  FROM programmes.steps\n"
                                  " WHERE programme_id = '" PR "'\n"
                                  "   AND status <> 'removed'",
                                  v, sizeof(v)),
                        "Building blocks:1,Kick-off:2,Work out the course:3,Interim report:1");
    assert_string_equal(sql_value("SELECT status || coalesce(position::text, '-')\n"
                                  "  FROM programmes.steps WHERE id = '" S3 "'",
                                  v, sizeof(v)),
                        "removed-");
    assert_string_equal(sql_value("SELECT starts_on || '..' || due_on\n"
                                  "  FROM programmes.steps WHERE id = '" S2 "'",
                                  v, sizeof(v)),
                        "2026-04-01..2026-04-30");
    /* gapless: in every phase the positions are 1..n once each */
    assert_string_equal(sql_value("SELECT count(*) FROM (\n"
                                  "    SELECT phase_id FROM programmes.steps\n"
                                  "     WHERE programme_id = '" PR "' AND position IS NOT NULL\n"
                                  "     GROUP BY phase_id\n"
                                  "    HAVING max(position) <> count(*)\n"
                                  "        OR count(DISTINCT position) <> count(*)) x",
                                  v, sizeof(v)),
                        "0");
    assert_string_equal(sql_value("SELECT title || '|' || coalesce(step_id::text, '-') || '|'\n"
                                  "       || due_on || '|' || version\n"
                                  "  FROM programmes.building_blocks WHERE id = '" B1 "'",
                                  v, sizeof(v)),
                        "Bereikbaarheid telefonie|-|2026-07-01|2");
    assert_string_equal(
        sql_value("SELECT g.name || ':' || string_agg(m.person_id || '=' || m.role,\n"
                  "                                   ',')\n"
                  "  FROM programmes.groups g\n"
                  "  JOIN programmes.group_members m ON m.group_id = g.id\n"
                  " WHERE g.id = '" GP "'\n"
                  " GROUP BY g.name",
                  v, sizeof(v)),
        "Projectteam:" X3 "=advisor");
    /* the event: ids, positions and dates, no names */
    assert_string_equal(
        sql_value("SELECT (data->'changes'->1->>'position') || (data->>'approachVersion')\n"
                  "       || (data->'changes'->1 ? 'name')::text\n"
                  "       || (data->'changes'->6->'addMembers'->>0)\n"
                  "  FROM programmes.outbox\n"
                  " WHERE type = 'checkpoint.decided'\n"
                  "   AND data->>'decision' = 'adjust'",
                  v, sizeof(v)),
        "12false" X3);
    assert_string_equal(sql_value("SELECT count(*) FROM programmes.outbox\n"
                                  " WHERE type = 'group.members.changed'",
                                  v, sizeof(v)),
                        "1");
    json_decref(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(continue_keeps_the_version),
        cmocka_unit_test(who_and_where_may_decide),
        cmocka_unit_test(one_bad_change_refuses_everything),
        cmocka_unit_test(adjust_applies_every_op),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
