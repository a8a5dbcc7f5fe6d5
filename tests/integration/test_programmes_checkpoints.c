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

#include "programmes_it.h"
#include "koers/idempotency.h"
#include "koers/validate.h"
#include "checkpoints/checkpoint_service.h"

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

static kc_principal lead, member, outsider;
static const kc_idem no_key;

static int setup(void **state)
{
    (void)state;
    if (programmes_setup() != 0)
        return -1;
    lead = kt_staff(TENANT, "lead-it", "programme_lead");
    member = kt_staff(TENANT, "member-it", "programme_member");
    outsider = kt_staff(TENANT, "worker-it", "programme_member");
    insert_programme(TENANT, PR, "Houden wat goed is", "running");
    insert_programme(TENANT, PD, "Nog niet begonnen", "draft");
    insert_phase(TENANT, PR, P1, 1, "Start and course");
    insert_phase(TENANT, PR, P2, 2, "Building blocks");
    insert_step(TENANT, PR, P1, S1, 1, "Kick-off", "active", "work");
    insert_step(TENANT, PR, P1, S2, 2, "Work out the course", "planned", "work");
    insert_step(TENANT, PR, P1, S3, 3, "Compose groups", "planned", "work");
    insert_step(TENANT, PR, P2, S4, 1, "Building blocks", "planned", "work");
    insert_phase(TENANT, PD, NO, 1, "Draft phase");
    insert_step(TENANT, PD, NO, SD, 1, "Draft step", "planned", "work");
    insert_person(TENANT, X1, "Anna", "member-it", "manager");
    insert_person(TENANT, X2, "Bram", "worker-it", "employee");
    insert_person(TENANT, X3, "Cor", NULL, "council_member");
    insert_group(TENANT, PR, GP, "project", "Projectgroep");
    insert_group(TENANT, PR, GS, "steering", "Stuurgroep");
    insert_group(TENANT, PR, GW, "working", "Werkgroep buitendienst");
    insert_group(TENANT, PD, GD, "project", "Projectgroep");
    insert_member(TENANT, GP, X1, "chair");
    insert_member(TENANT, GW, X2, "member");
    insert_member(TENANT, GD, X1, "chair");
    insert_building_block(TENANT, PR, B1, S4, GW, "Bereikbaarheid");
    IT_SQL(
        "INSERT INTO programmes.approach_versions\n"
        "    (id, tenant_id, programme_id, number, snapshot, reason, created_by)\n"
        "SELECT gen_random_uuid(), $1, $2, 1, programmes.approach_snapshot($1::uuid, $2::uuid), 'copied',\n"
        "       'it'",
        TENANT, PR);
    return 0;
}

/* Everything a decision may change, as one text. */
static const char *fingerprint(char *out, size_t n)
{
    return it_sql_value(
        out, n,
        "SELECT md5(concat_ws('|',\n"
        "       (SELECT string_agg(concat_ws(',', id, phase_id, position, status,\n"
        "                                    starts_on, due_on, name), ';'\n"
        "                          ORDER BY id)\n"
        "          FROM programmes.steps),\n"
        "       (SELECT string_agg(concat_ws(',', id, position, name), ';'\n"
        "                          ORDER BY id)\n"
        "          FROM programmes.phases),\n"
        "       (SELECT string_agg(concat_ws(',', group_id, person_id, role), ';'\n"
        "                          ORDER BY group_id, person_id)\n"
        "          FROM programmes.group_members),\n"
        "       (SELECT string_agg(concat_ws(',', id, name, version), ';'\n"
        "                          ORDER BY id)\n"
        "          FROM programmes.groups),\n"
        "       (SELECT string_agg(concat_ws(',', id, title, step_id,\n"
        "                                    working_group_id, due_on, version),\n"
        "                          ';' ORDER BY id)\n"
        "          FROM programmes.building_blocks),\n"
        "       (SELECT count(*)\n"
        "          FROM programmes.approach_versions),\n"
        "       (SELECT count(*)\n"
        "          FROM programmes.checkpoints),\n"
        "       (SELECT count(*)\n"
        "          FROM programmes.outbox),\n"
        "       (SELECT string_agg(concat_ws(',', id, approach_version, version), ';')\n"
        "          FROM programmes.programmes)))");
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
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT count(*)\n"
                                     "  FROM programmes.approach_versions"),
                        "1");
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT count(*)\n"
                                     "  FROM programmes.outbox\n"
                                     " WHERE type = 'checkpoint.decided'"),
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
    assert_true(kt_invalid_param(pb.invalid_params, "changes"));
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
    assert_true(kt_invalid_param(pb.invalid_params, "groupId"));
    kc_problem_clear(&pb);
    assert_int_equal(decide(&lead, PR,
                            "{\"stepId\": \"" SD "\", \"question\": \"Q\","
                            " \"decision\": \"continue\", \"rationale\": \"r\","
                            " \"groupId\": \"" GP "\", \"presentIds\": [\"" X1 "\", \"" X2 "\"]}",
                            &out, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "stepId"));
    assert_true(kt_invalid_param(pb.invalid_params, "presentIds[1]"));
    assert_false(kt_invalid_param(pb.invalid_params, "presentIds[0]"));
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
    assert_true(kt_invalid_param(pb.invalid_params, "changes[1].stepId"));
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
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT approach_version\n"
                                     "  FROM programmes.programmes\n"
                                     " WHERE id = '%s'",
                                     PR),
                        "2");
    assert_string_equal(
        it_sql_value(
            v, sizeof(v),
            "SELECT (snapshot = programmes.approach_snapshot(tenant_id, programme_id))::text\n"
            "       || reason || (checkpoint_id IS NOT NULL)::text\n"
            "  FROM programmes.approach_versions\n"
            " WHERE programme_id = '%s'\n"
            "   AND number = 2",
            PR),
        "trueThe working groups need more timetrue");
    /* phases: Start and course, Evaluate, Building blocks */
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT string_agg(name, ',' ORDER BY position)\n"
                                     "  FROM programmes.phases\n"
                                     " WHERE programme_id = '%s'",
                                     PR),
                        "Start and course,Evaluate,Building blocks");
    /* phase 1: S4 moved in first, S1, S2 (S3 removed); phase 2: the new step */
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT string_agg(name || ':' || position, ','\n"
                                     "                  ORDER BY phase_id, position)\n"
                                     "  FROM programmes.steps\n"
                                     " WHERE programme_id = '%s'\n"
                                     "   AND status <> 'removed'",
                                     PR),
                        "Building blocks:1,Kick-off:2,Work out the course:3,Interim report:1");
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT status || coalesce(position::text, '-')\n"
                                     "  FROM programmes.steps\n"
                                     " WHERE id = '%s'",
                                     S3),
                        "removed-");
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT starts_on || '..' || due_on\n"
                                     "  FROM programmes.steps\n"
                                     " WHERE id = '%s'",
                                     S2),
                        "2026-04-01..2026-04-30");
    /* gapless: in every phase the positions are 1..n once each */
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT count(*)\n"
                                     "  FROM (SELECT phase_id\n"
                                     "          FROM programmes.steps\n"
                                     "         WHERE programme_id = '%s'\n"
                                     "           AND position IS NOT NULL\n"
                                     "         GROUP BY phase_id\n"
                                     "        HAVING max(position) <> count(*)\n"
                                     "            OR count(DISTINCT position) <> count(*)) x",
                                     PR),
                        "0");
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT title || '|' || coalesce(step_id::text, '-') || '|'\n"
                                     "       || due_on || '|' || version\n"
                                     "  FROM programmes.building_blocks\n"
                                     " WHERE id = '%s'",
                                     B1),
                        "Bereikbaarheid telefonie|-|2026-07-01|2");
    assert_string_equal(
        it_sql_value(v, sizeof(v),
                     "SELECT g.name || ':' || string_agg(m.person_id || '=' || m.role, ',')\n"
                     "  FROM programmes.groups g\n"
                     "  JOIN programmes.group_members m ON m.group_id = g.id\n"
                     " WHERE g.id = '%s'\n"
                     " GROUP BY g.name",
                     GP),
        "Projectteam:" X3 "=advisor");
    /* the event: ids, positions and dates, no names */
    assert_string_equal(
        it_sql_value(v, sizeof(v),
                     "SELECT (data->'changes'->1->>'position') || (data->>'approachVersion')\n"
                     "       || (data->'changes'->1 ? 'name')::text\n"
                     "       || (data->'changes'->6->'addMembers'->>0)\n"
                     "  FROM programmes.outbox\n"
                     " WHERE type = 'checkpoint.decided'\n"
                     "   AND data->>'decision' = 'adjust'"),
        "12false" X3);
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT count(*)\n"
                                     "  FROM programmes.outbox\n"
                                     " WHERE type = 'group.members.changed'"),
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
