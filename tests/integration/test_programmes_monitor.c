/* Integration: the monitor of a programme (programmes.programme_monitor,
 * sql/015) over rows put straight into every table it reads, as the
 * other parts fill them: phases and steps (a removed step left out),
 * proposals and actions per status, activities completed in and outside
 * the period with their participants, the latest manifest with its latest
 * round's views (one share over all views, withheld below the tenant's
 * minimum group size), goals with indicator values (latest, on track),
 * the casedesk's feedback and relapse signals in and outside the period;
 * another tenant's rows never count and another tenant's programme is
 * 404. And the lesson search: Dutch stemming, ranking, paging, tenants. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "monitor/lesson_service.h"
#include "monitor/monitor_service.h"
#include "programmes.h"

#define TENANT   "6e1c2f4e-7777-4a2b-9c3d-00000000000a"
#define TENANT_B "6e1c2f4e-7777-4a2b-9c3d-00000000000b"
#define PROG     "00000000-0000-4000-8000-0000000011a1"
#define PROG2    "00000000-0000-4000-8000-0000000011a2"
#define PROG_B   "00000000-0000-4000-8000-0000000011ab"
#define PHASE1   "00000000-0000-4000-8000-0000000012a1"
#define PHASE2   "00000000-0000-4000-8000-0000000012a2"
#define GROUP    "00000000-0000-4000-8000-0000000013a1"
#define GROUP_B  "00000000-0000-4000-8000-0000000013ab"
#define BLOCK    "00000000-0000-4000-8000-0000000014a1"
#define BLOCK_B  "00000000-0000-4000-8000-0000000014ab"
#define PERSON1  "00000000-0000-4000-8000-0000000015a1"
#define PERSON2  "00000000-0000-4000-8000-0000000015a2"
#define PERSON3  "00000000-0000-4000-8000-0000000015a3"
#define PVALUE   "00000000-0000-4000-8000-0000000016a1"
#define MANIF1   "00000000-0000-4000-8000-0000000017a1"
#define MANIF2   "00000000-0000-4000-8000-0000000017a2"
#define STMT     "00000000-0000-4000-8000-0000000018a1"
#define ROUND1   "00000000-0000-4000-8000-0000000019a1"
#define ROUND2   "00000000-0000-4000-8000-0000000019a2"
#define GOAL1    "00000000-0000-4000-8000-0000000020a1"
#define GOAL2    "00000000-0000-4000-8000-0000000020a2"
#define IND1     "00000000-0000-4000-8000-0000000021a1"
#define IND2     "00000000-0000-4000-8000-0000000021a2"
#define IND3     "00000000-0000-4000-8000-0000000021a3"

static kc_db_pool *pool;

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

/* A proposal of tenant t's programme prog in status st. */
static void make_proposal(const char *t, const char *prog, const char *block, const char *group,
                          const char *st)
{
    char text[1024];

    snprintf(text, sizeof(text),
             "INSERT INTO programmes.proposals (id, tenant_id, programme_id, building_block_id,\n"
             "                                  working_group_id, title, status, created_by)\n"
             "VALUES (gen_random_uuid(), '%s', '%s', '%s', '%s', 'Voorstel', '%s', 'it')",
             t, prog, block, group, st);
    sql(text);
}

/* An action in status st, with the approved proposal and decision it
 * came from. */
static void make_action(const char *t, const char *prog, const char *block, const char *group,
                        const char *st)
{
    char text[2048];

    snprintf(
        text, sizeof(text),
        "WITH p AS (\n"
        "    INSERT INTO programmes.proposals (id, tenant_id, programme_id, building_block_id,\n"
        "                                      working_group_id, title, status, created_by)\n"
        "    VALUES (gen_random_uuid(), '%s', '%s', '%s', '%s', 'Voorstel', 'approved', 'it')\n"
        "    RETURNING id),\n"
        "decision AS (\n"
        "    INSERT INTO programmes.proposal_decisions (id, tenant_id, proposal_id, outcome,\n"
        "                                               decided_by)\n"
        "    SELECT gen_random_uuid(), '%s', p.id, 'approved', 'it'\n"
        "      FROM p\n"
        "    RETURNING id, proposal_id)\n"
        "INSERT INTO programmes.actions (id, tenant_id, programme_id, proposal_id, decision_id,\n"
        "                                title, status)\n"
        "SELECT gen_random_uuid(), '%s', '%s', d.proposal_id, d.id, 'Actie', '%s'\n"
        "  FROM decision d",
        t, prog, block, group, t, t, prog, st);
    sql(text);
}

static void make_programme(const char *t, const char *id, const char *group, const char *block)
{
    char text[1024];

    snprintf(text, sizeof(text),
             "INSERT INTO programmes.programmes (id, tenant_id, name, status, approach_version)\n"
             "VALUES ('%s', '%s', 'Verbonden gemeente', 'running', 2)",
             id, t);
    sql(text);
    snprintf(text, sizeof(text),
             "INSERT INTO programmes.groups (id, tenant_id, programme_id, kind, name)\n"
             "VALUES ('%s', '%s', '%s', 'working', 'Werkgroep')",
             group, t, id);
    sql(text);
    snprintf(text, sizeof(text),
             "INSERT INTO programmes.building_blocks (id, tenant_id, programme_id,\n"
             "                                        working_group_id, title)\n"
             "VALUES ('%s', '%s', '%s', '%s', 'Ontwikkelpunt')",
             block, t, id, group);
    sql(text);
}

static void approach(void)
{
    sql("INSERT INTO programmes.phases (id, tenant_id, programme_id, position, name)\n"
        "VALUES ('" PHASE1 "', '" TENANT "', '" PROG "', 1, 'Kernwaarden'),\n"
        "       ('" PHASE2 "', '" TENANT "', '" PROG "', 2, 'Manifest')");
    sql("INSERT INTO programmes.steps (id, tenant_id, programme_id, phase_id, position, name,\n"
        "                              status, started_at, completed_at)\n"
        "VALUES (gen_random_uuid(), '" TENANT "', '" PROG "', '" PHASE1 "', 1, 'Ophalen',\n"
        "        'completed', now(), now()),\n"
        "       (gen_random_uuid(), '" TENANT "', '" PROG "', '" PHASE1 "', 2, 'Brainstorm',\n"
        "        'planned', NULL, NULL),\n"
        "       (gen_random_uuid(), '" TENANT "', '" PROG "', '" PHASE1 "', NULL, 'Weg',\n"
        "        'removed', NULL, NULL),\n"
        "       (gen_random_uuid(), '" TENANT "', '" PROG "', '" PHASE2 "', 1, 'Ronde 1',\n"
        "        'active', now(), NULL)");
}

static void activities(void)
{
    sql("INSERT INTO programmes.people (id, tenant_id, name, role_type)\n"
        "VALUES ('" PERSON1 "', '" TENANT "', 'Anna', 'employee'),\n"
        "       ('" PERSON2 "', '" TENANT "', 'Bram', 'manager'),\n"
        "       ('" PERSON3 "', '" TENANT "', 'Cas', 'employee')");
    /* completed in the period: two invited (one came), one came uninvited;
     * completed before the period; planned; cancelled */
    sql("INSERT INTO programmes.activities (id, tenant_id, programme_id, kind, title, status,\n"
        "                                   completed_at)\n"
        "VALUES ('00000000-0000-4000-8000-0000000022a1', '" TENANT "', '" PROG "', 'workshop',\n"
        "        'Werkplaats', 'completed', '2026-04-10T10:00:00Z'),\n"
        "       ('00000000-0000-4000-8000-0000000022a2', '" TENANT "', '" PROG "', 'webinar',\n"
        "        'Webinar', 'completed', '2026-01-10T10:00:00Z'),\n"
        "       ('00000000-0000-4000-8000-0000000022a3', '" TENANT "', '" PROG "', 'training',\n"
        "        'Training', 'planned', NULL),\n"
        "       ('00000000-0000-4000-8000-0000000022a4', '" TENANT "', '" PROG "', 'coaching',\n"
        "        'Coaching', 'cancelled', NULL)");
    sql("INSERT INTO programmes.activity_participants (tenant_id, activity_id, person_id, invited,\n"
        "                                              attended)\n"
        "VALUES ('" TENANT "', '00000000-0000-4000-8000-0000000022a1', '" PERSON1
        "', true, true),\n"
        "       ('" TENANT "', '00000000-0000-4000-8000-0000000022a1', '" PERSON2
        "', true, false),\n"
        "       ('" TENANT "', '00000000-0000-4000-8000-0000000022a1', '" PERSON3
        "', false, true),\n"
        "       ('" TENANT "', '00000000-0000-4000-8000-0000000022a2', '" PERSON1
        "', true, true),\n"
        "       ('" TENANT "', '00000000-0000-4000-8000-0000000022a3', '" PERSON2 "', true, NULL)");
}

/* Manifest 1 adopted, manifest 2 in consultation: round 1 closed (one
 * objection), round 2 open with 4 support, 1 with a remark, 1 objection. */
static void manifests(void)
{
    sql("INSERT INTO programmes.programme_values (id, tenant_id, programme_id, value_id, name,\n"
        "                                         source)\n"
        "VALUES ('" PVALUE "', '" TENANT "', '" PROG "', gen_random_uuid(), 'Betrouwbaar',\n"
        "        'catalogue')");
    sql("INSERT INTO programmes.manifests (id, tenant_id, programme_id, number, title, status,\n"
        "                                  adopted_at, adopted_by)\n"
        "VALUES ('" MANIF1 "', '" TENANT "', '" PROG "', 1, 'Manifest', 'adopted', now(), 'it')");
    sql("INSERT INTO programmes.manifests (id, tenant_id, programme_id, number, title, status,\n"
        "                                  based_on_id)\n"
        "VALUES ('" MANIF2 "', '" TENANT "', '" PROG "', 2, 'Manifest 2', 'consultation',\n"
        "        '" MANIF1 "')");
    sql("INSERT INTO programmes.manifest_statements (id, tenant_id, manifest_id,\n"
        "                                            programme_value_id, position, text)\n"
        "VALUES ('" STMT "', '" TENANT "', '" MANIF2 "', '" PVALUE "', 1, 'Ik bel terug')");
    sql("INSERT INTO programmes.consultation_rounds (id, tenant_id, manifest_id, number, status,\n"
        "                                            salt, closed_at, opened_by)\n"
        "VALUES ('" ROUND1 "', '" TENANT "', '" MANIF2 "', 1, 'closed', NULL, now(), 'it'),\n"
        "       ('" ROUND2 "', '" TENANT "', '" MANIF2 "', 2, 'open', '\\x01', NULL, 'it')");
    sql("INSERT INTO programmes.consultation_views (id, tenant_id, round_id, statement_id,\n"
        "                                           department, stance, reason, anonymous)\n"
        "SELECT gen_random_uuid(), '" TENANT "', v.round, '" STMT "', v.department, v.stance,\n"
        "       v.reason, true\n"
        "  FROM (VALUES ('" ROUND1 "'::uuid, 'Burgerzaken', 'object', 'Nee'),\n"
        "               ('" ROUND2 "'::uuid, 'Burgerzaken', 'support', NULL),\n"
        "               ('" ROUND2 "'::uuid, 'Burgerzaken', 'support', NULL),\n"
        "               ('" ROUND2 "'::uuid, 'Vergunningen', 'support', NULL),\n"
        "               ('" ROUND2 "'::uuid, 'Vergunningen', 'support', NULL),\n"
        "               ('" ROUND2 "'::uuid, 'Vergunningen', 'support_with_remark', 'Mits'),\n"
        "               ('" ROUND2 "'::uuid, 'Financien', 'object', 'Te vaag'))\n"
        "       AS v (round, department, stance, reason)");
}

/* Goal 1: an indicator measured in two waves (latest 3.8 against at
 * least 3.5) and one not measured yet; goal 2 of another programme. */
static void goals(void)
{
    sql("INSERT INTO programmes.goals (id, tenant_id, programme_id, name, theme, created_at)\n"
        "VALUES ('" GOAL1 "', '" TENANT "', '" PROG "', 'Proactief', 'proactive_behaviour',\n"
        "        '2026-01-01T00:00:00Z'),\n"
        "       ('" GOAL2 "', '" TENANT "', '" PROG2 "', 'Elders', 'pride',\n"
        "        '2026-01-02T00:00:00Z')");
    sql("INSERT INTO programmes.indicators (id, tenant_id, goal_id, kind, params, target,\n"
        "                                   direction, created_at)\n"
        "VALUES ('" IND1 "', '" TENANT "', '" GOAL1 "', 'pulse_question', '{}', 3.5, 'at_least',\n"
        "        '2026-01-01T00:00:00Z'),\n"
        "       ('" IND2 "', '" TENANT "', '" GOAL1 "', 'equal_party_share', '{}', 0.2,\n"
        "        'at_most', '2026-01-02T00:00:00Z'),\n"
        "       ('" IND3 "', '" TENANT "', '" GOAL2 "', 'attendance_rate', '{}', 0.5, 'at_least',\n"
        "        '2026-01-03T00:00:00Z')");
    sql("INSERT INTO programmes.indicator_values (id, tenant_id, indicator_id, period,\n"
        "                                         period_start, value, n)\n"
        "VALUES (gen_random_uuid(), '" TENANT "', '" IND1 "', 'wave:2', '2026-04-01', 3.8, 40),\n"
        "       (gen_random_uuid(), '" TENANT "', '" IND1 "', 'wave:1', '2026-01-01', 3.2, 38)");
    /* relapse signals: two in the period, one before it, one of another
     * programme */
    sql("INSERT INTO programmes.relapse_signals (id, tenant_id, programme_id, goal_id,\n"
        "                                        indicator_id, kind, period, value, reference,\n"
        "                                        raised_at)\n"
        "VALUES (gen_random_uuid(), '" TENANT "', '" PROG "', '" GOAL1 "', '" IND1 "',\n"
        "        'off_track', 'wave:1', 3.2, 3.5, '2026-03-01T00:00:00Z'),\n"
        "       (gen_random_uuid(), '" TENANT "', '" PROG "', '" GOAL1 "', '" IND1 "',\n"
        "        'relapse', 'wave:1', 3.2, 3.6, '2026-05-31T23:59:00Z'),\n"
        "       (gen_random_uuid(), '" TENANT "', '" PROG "', '" GOAL1 "', '" IND2 "',\n"
        "        'off_track', '2026-02', 0.3, 0.2, '2026-02-28T23:59:00Z'),\n"
        "       (gen_random_uuid(), '" TENANT "', '" PROG2 "', '" GOAL2 "', '" IND3 "',\n"
        "        'off_track', '2026-04', 0.3, 0.5, '2026-04-15T00:00:00Z')");
}

/* The casedesk's feedback: in the period 3 equal, 1 not, 1 not answered;
 * one before and one after it; tenant B's in the period. */
static void feedback(void)
{
    sql("INSERT INTO programmes.casedesk_feedback (tenant_id, case_id, round, equal_party,\n"
        "                                          satisfaction, received_at)\n"
        "VALUES ('" TENANT "', gen_random_uuid(), 1, true, 4, '2026-03-01T00:00:00Z'),\n"
        "       ('" TENANT "', gen_random_uuid(), 1, true, 5, '2026-04-01T00:00:00Z'),\n"
        "       ('" TENANT "', gen_random_uuid(), 2, true, 3, '2026-05-31T23:00:00Z'),\n"
        "       ('" TENANT "', gen_random_uuid(), 1, false, 2, '2026-04-02T00:00:00Z'),\n"
        "       ('" TENANT "', gen_random_uuid(), 1, NULL, 4, '2026-04-03T00:00:00Z'),\n"
        "       ('" TENANT "', gen_random_uuid(), 1, false, 1, '2026-02-28T23:00:00Z'),\n"
        "       ('" TENANT "', gen_random_uuid(), 1, false, 1, '2026-06-01T00:00:00Z'),\n"
        "       ('" TENANT_B "', gen_random_uuid(), 1, false, 1, '2026-04-01T00:00:00Z')");
}

static int setup(void **state)
{
    (void)state;
    if (it_setup(PROGRAMMES_SCHEMA, programmes_migrations, programmes_migrations_count, &pool) != 0)
        return -1;
    make_programme(TENANT, PROG, GROUP, BLOCK);
    make_programme(TENANT, PROG2, "00000000-0000-4000-8000-0000000013a2",
                   "00000000-0000-4000-8000-0000000014a2");
    make_programme(TENANT_B, PROG_B, GROUP_B, BLOCK_B);
    approach();
    make_proposal(TENANT, PROG, BLOCK, GROUP, "draft");
    make_proposal(TENANT, PROG, BLOCK, GROUP, "draft");
    make_proposal(TENANT, PROG, BLOCK, GROUP, "submitted");
    make_proposal(TENANT, PROG, BLOCK, GROUP, "rejected");
    make_proposal(TENANT, PROG, BLOCK, GROUP, "split");
    make_proposal(TENANT_B, PROG_B, BLOCK_B, GROUP_B, "draft");
    make_action(TENANT, PROG, BLOCK, GROUP, "planned");
    make_action(TENANT, PROG, BLOCK, GROUP, "done");
    make_action(TENANT, PROG, BLOCK, GROUP, "done");
    make_action(TENANT_B, PROG_B, BLOCK_B, GROUP_B, "planned");
    activities();
    manifests();
    goals();
    feedback();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

static kc_principal reader(const char *t)
{
    kc_principal p = {.kind = KC_PRINCIPAL_STAFF};

    snprintf(p.tenant_id, sizeof(p.tenant_id), "%s", t);
    snprintf(p.subject, sizeof(p.subject), "it");
    snprintf(p.roles, sizeof(p.roles), "programme_member");
    return p;
}

static kc_status monitor(const char *t, const char *id, const char *from, const char *to,
                         json_t **doc)
{
    kc_principal p = reader(t);
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = monitor_service_get(pool, &p, id, from, to, doc, &pb);
    kc_problem_clear(&pb);
    return st;
}

static long long count(const json_t *doc, const char *part, const char *member)
{
    const json_t *v = json_object_get(json_object_get(doc, part), member);

    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static void assert_near(const json_t *v, double want)
{
    assert_true(json_is_number(v));
    assert_true(fabs(json_number_value(v) - want) < 0.00005);
}

static void the_monitor_shows_the_programme_in_the_period(void **state)
{
    json_t *doc = NULL, *v, *ind;

    (void)state;
    assert_int_equal(monitor(TENANT, PROG, "2026-03-01", "2026-05-31", &doc), KC_OK);
    v = json_object_get(doc, "programme");
    assert_string_equal(json_string_value(json_object_get(v, "id")), PROG);
    assert_string_equal(json_string_value(json_object_get(v, "status")), "running");
    assert_int_equal(json_integer_value(json_object_get(v, "approachVersion")), 2);

    /* phases in order; the removed step is not counted */
    v = json_object_get(doc, "phases");
    assert_int_equal(json_array_size(v), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(v, 0), "id")), PHASE1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(v, 0), "steps")), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(v, 0), "completed")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(v, 1), "steps")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(v, 1), "completed")), 0);

    /* proposals and actions per status (the actions' proposals are approved);
     * tenant B's draft and action are not counted */
    assert_int_equal(count(doc, "proposals", "draft"), 2);
    assert_int_equal(count(doc, "proposals", "submitted"), 1);
    assert_int_equal(count(doc, "proposals", "approved"), 3);
    assert_int_equal(count(doc, "proposals", "rejected"), 1);
    assert_int_equal(count(doc, "proposals", "returned"), 0);
    assert_int_equal(count(doc, "proposals", "split"), 1);
    assert_int_equal(count(doc, "proposals", "merged"), 0);
    assert_int_equal(count(doc, "actions", "planned"), 1);
    assert_int_equal(count(doc, "actions", "in_progress"), 0);
    assert_int_equal(count(doc, "actions", "done"), 2);
    assert_int_equal(count(doc, "actions", "cancelled"), 0);

    /* the workshop completed in the period: 2 invited, 1 of them came,
     * someone uninvited came too */
    assert_int_equal(count(doc, "activities", "completed"), 1);
    assert_int_equal(count(doc, "activities", "invited"), 2);
    assert_int_equal(count(doc, "activities", "attended"), 2);
    assert_near(json_object_get(json_object_get(doc, "activities"), "attendanceRate"), 0.5);

    /* the latest manifest, its latest round: 5 of 6 views support */
    v = json_object_get(doc, "manifest");
    assert_string_equal(json_string_value(json_object_get(v, "id")), MANIF2);
    assert_int_equal(json_integer_value(json_object_get(v, "number")), 2);
    assert_string_equal(json_string_value(json_object_get(v, "status")), "consultation");
    assert_int_equal(json_integer_value(json_object_get(v, "latestRound")), 2);
    assert_near(json_object_get(v, "supportShare"), 0.8333);
    assert_true(json_is_false(json_object_get(v, "withheld")));
    /* one share over all views: no department anywhere */
    assert_int_equal(json_object_size(v), 6);

    /* the goals of this programme only; the latest value by period */
    v = json_object_get(doc, "goals");
    assert_int_equal(json_array_size(v), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(v, 0), "id")), GOAL1);
    v = json_object_get(json_array_get(v, 0), "indicators");
    assert_int_equal(json_array_size(v), 2);
    ind = json_array_get(v, 0);
    assert_string_equal(json_string_value(json_object_get(ind, "id")), IND1);
    assert_near(json_object_get(ind, "latest"), 3.8);
    assert_near(json_object_get(ind, "target"), 3.5);
    assert_string_equal(json_string_value(json_object_get(ind, "period")), "wave:2");
    assert_true(json_is_true(json_object_get(ind, "onTrack")));
    ind = json_array_get(v, 1);
    assert_true(json_is_null(json_object_get(ind, "latest")));
    assert_true(json_is_null(json_object_get(ind, "onTrack")));

    /* feedback received in the period: 3 of 4 answered felt an equal party */
    v = json_object_get(doc, "equalPartyShare");
    assert_string_equal(json_string_value(json_object_get(v, "from")), "2026-03-01");
    assert_string_equal(json_string_value(json_object_get(v, "to")), "2026-05-31");
    assert_int_equal(json_integer_value(json_object_get(v, "answered")), 4);
    assert_near(json_object_get(v, "share"), 0.75);

    assert_int_equal(json_integer_value(json_object_get(doc, "relapseSignals")), 2);
    json_decref(doc);
}

static void a_small_round_is_withheld_and_an_empty_period_is_empty(void **state)
{
    json_t *doc = NULL, *v;

    (void)state;
    sql("INSERT INTO programmes.settings (tenant_id, min_group_size)\n"
        "VALUES ('" TENANT "', 7)");
    assert_int_equal(monitor(TENANT, PROG, "2025-01-01", "2025-01-31", &doc), KC_OK);
    v = json_object_get(doc, "manifest");
    assert_true(json_is_null(json_object_get(v, "supportShare")));
    assert_true(json_is_true(json_object_get(v, "withheld")));
    /* nothing happened in January 2025 */
    assert_int_equal(count(doc, "activities", "completed"), 0);
    assert_true(
        json_is_null(json_object_get(json_object_get(doc, "activities"), "attendanceRate")));
    assert_int_equal(count(doc, "equalPartyShare", "answered"), 0);
    assert_true(json_is_null(json_object_get(json_object_get(doc, "equalPartyShare"), "share")));
    assert_int_equal(json_integer_value(json_object_get(doc, "relapseSignals")), 0);
    /* the state now does not depend on the period */
    assert_int_equal(count(doc, "proposals", "draft"), 2);
    json_decref(doc);
    sql("DELETE FROM programmes.settings\n"
        " WHERE tenant_id = '" TENANT "'");
}

static void another_tenant_and_bad_input(void **state)
{
    json_t *doc = NULL, *v;

    (void)state;
    assert_int_equal(monitor(TENANT_B, PROG, NULL, NULL, &doc), KC_NOT_FOUND);
    assert_null(doc);
    assert_int_equal(monitor(TENANT, "not-a-uuid", NULL, NULL, &doc), KC_BAD_REQUEST);
    assert_int_equal(monitor(TENANT, PROG, "2026-05-01", "2026-04-01", &doc), KC_BAD_REQUEST);
    assert_int_equal(monitor(TENANT, PROG, "2000-01-01", "2026-04-01", &doc), KC_BAD_REQUEST);
    /* tenant B's programme: its own counts, no manifest, no goals */
    assert_int_equal(monitor(TENANT_B, PROG_B, "2026-03-01", "2026-05-31", &doc), KC_OK);
    assert_int_equal(count(doc, "proposals", "draft"), 1);
    assert_int_equal(count(doc, "proposals", "approved"), 1);
    assert_int_equal(count(doc, "actions", "planned"), 1);
    assert_true(json_is_null(json_object_get(doc, "manifest")));
    assert_int_equal(json_array_size(json_object_get(doc, "goals")), 0);
    assert_int_equal(json_array_size(json_object_get(doc, "phases")), 0);
    v = json_object_get(doc, "equalPartyShare");
    assert_int_equal(json_integer_value(json_object_get(v, "answered")), 1);
    assert_near(json_object_get(v, "share"), 0.0);
    json_decref(doc);
}

static void the_default_period_is_the_last_90_days(void **state)
{
    char from[11], to[11];
    kc_problem pb;
    time_t now = 1780000000; /* 2026-05-28T20:26:40Z */

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(monitor_service_period(NULL, NULL, now, from, to, &pb), KC_OK);
    assert_string_equal(to, "2026-05-28");
    assert_string_equal(from, "2026-02-27");
    assert_int_equal(monitor_service_period(NULL, "2026-03-31", now, from, to, &pb), KC_OK);
    assert_string_equal(from, "2025-12-31");
    assert_int_equal(monitor_service_period("2026-05-28", NULL, now, from, to, &pb), KC_OK);
    assert_string_equal(from, "2026-05-28");
    assert_int_equal(monitor_service_period("2026-05-29", NULL, now, from, to, &pb),
                     KC_BAD_REQUEST);
    kc_problem_clear(&pb);
}

/* The titles of a search's page, in order, joined by '|'. */
static kc_status search(const char *t, const char *q, int limit, const char *after_key,
                        const char *after_id, char *titles, size_t n, kc_keyset_next *next)
{
    kc_principal p = reader(t);
    kc_keyset page = {.limit = limit, .after_key = after_key, .after_id = after_id};
    json_t *items = NULL;
    kc_problem pb;
    size_t i;
    kc_status st;

    titles[0] = '\0';
    kc_problem_init(&pb);
    st = lesson_service_search(pool, &p, q, &page, &items, next, &pb);
    for (i = 0; i < json_array_size(items); i++)
        snprintf(titles + strlen(titles), n - strlen(titles), "%s%s", i ? "|" : "",
                 json_string_value(json_object_get(json_array_get(items, i), "title")));
    json_decref(items);
    kc_problem_clear(&pb);
    return st;
}

static void lessons_are_found_in_dutch_best_first(void **state)
{
    kc_keyset_next next = {0};
    char titles[512], key[40], id[37];

    (void)state;
    sql("INSERT INTO programmes.lessons (id, tenant_id, programme_id, team, kind, title, body,\n"
        "                                created_by)\n"
        "VALUES ('00000000-0000-4000-8000-0000000023a1', '" TENANT "', '" PROG "',\n"
        "        'Burgerzaken', 'lesson', 'Terugkoppelen aan de burger',\n"
        "        'Wij koppelen altijd terug, terugkoppelen binnen een dag', 'it'),\n"
        "       ('00000000-0000-4000-8000-0000000023a2', '" TENANT "', NULL,\n"
        "        'Vergunningen', 'norm', 'Snelle terugkoppeling', 'Vergaderingen korter', 'it'),\n"
        "       ('00000000-0000-4000-8000-0000000023a3', '" TENANT "', NULL,\n"
        "        'Vergunningen', 'norm', 'Vergaderen', 'Niet langer dan een uur', 'it'),\n"
        "       ('00000000-0000-4000-8000-0000000023ab', '" TENANT_B "', NULL,\n"
        "        'Burgerzaken', 'lesson', 'Terugkoppeling', 'Tenant B', 'it')");
    /* the Dutch stemmer: terugkoppeling and terugkoppelen share a stem;
     * the lesson that says it three times ranks first; not tenant B's */
    assert_int_equal(
        search(TENANT, "terugkoppeling", 20, NULL, NULL, titles, sizeof(titles), &next), KC_OK);
    assert_string_equal(titles, "Terugkoppelen aan de burger|Snelle terugkoppeling");
    assert_int_equal(next.has_more, 0);
    /* vergaderingen and vergaderen; stop words alone find nothing */
    assert_int_equal(search(TENANT, "vergaderen", 20, NULL, NULL, titles, sizeof(titles), &next),
                     KC_OK);
    /* (one mention each: equal ranks, in the order of their ids) */
    assert_string_equal(titles, "Snelle terugkoppeling|Vergaderen");
    assert_int_equal(search(TENANT, "de een", 20, NULL, NULL, titles, sizeof(titles), &next),
                     KC_OK);
    assert_string_equal(titles, "");
    /* paged: one at a time, the cursor carries on after the first */
    assert_int_equal(search(TENANT, "terugkoppeling", 1, NULL, NULL, titles, sizeof(titles), &next),
                     KC_OK);
    assert_string_equal(titles, "Terugkoppelen aan de burger");
    assert_int_equal(next.has_more, 1);
    snprintf(key, sizeof(key), "%s", next.key);
    snprintf(id, sizeof(id), "%s", next.id);
    assert_int_equal(search(TENANT, "terugkoppeling", 1, key, id, titles, sizeof(titles), &next),
                     KC_OK);
    assert_string_equal(titles, "Snelle terugkoppeling");
    assert_int_equal(next.has_more, 0);
    /* bad input */
    assert_int_equal(search(TENANT, "", 20, NULL, NULL, titles, sizeof(titles), &next),
                     KC_BAD_REQUEST);
    assert_int_equal(search(TENANT, "  ?! ", 20, NULL, NULL, titles, sizeof(titles), &next),
                     KC_BAD_REQUEST);
    assert_int_equal(search(TENANT, "terug", 20, "abc", id, titles, sizeof(titles), &next),
                     KC_BAD_REQUEST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_monitor_shows_the_programme_in_the_period),
        cmocka_unit_test(a_small_round_is_withheld_and_an_empty_period_is_empty),
        cmocka_unit_test(another_tenant_and_bad_input),
        cmocka_unit_test(the_default_period_is_the_last_90_days),
        cmocka_unit_test(lessons_are_found_in_dutch_best_first),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
