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

#include "programmes_it.h"
#include "monitor/lesson_service.h"
#include "monitor/monitor_service.h"

#define TENANT          "6e1c2f4e-7777-4a2b-9c3d-00000000000a"
#define TENANT_B        "6e1c2f4e-7777-4a2b-9c3d-00000000000b"
#define PROG            "00000000-0000-4000-8000-0000000011a1"
#define PROG2           "00000000-0000-4000-8000-0000000011a2"
#define PROG_B          "00000000-0000-4000-8000-0000000011ab"
#define PHASE1          "00000000-0000-4000-8000-0000000012a1"
#define PHASE2          "00000000-0000-4000-8000-0000000012a2"
#define GROUP           "00000000-0000-4000-8000-0000000013a1"
#define GROUP_B         "00000000-0000-4000-8000-0000000013ab"
#define BLOCK           "00000000-0000-4000-8000-0000000014a1"
#define BLOCK_B         "00000000-0000-4000-8000-0000000014ab"
#define PERSON1         "00000000-0000-4000-8000-0000000015a1"
#define PERSON2         "00000000-0000-4000-8000-0000000015a2"
#define PERSON3         "00000000-0000-4000-8000-0000000015a3"
#define PVALUE          "00000000-0000-4000-8000-0000000016a1"
#define MANIF1          "00000000-0000-4000-8000-0000000017a1"
#define MANIF2          "00000000-0000-4000-8000-0000000017a2"
#define STMT            "00000000-0000-4000-8000-0000000018a1"
#define ROUND1          "00000000-0000-4000-8000-0000000019a1"
#define ROUND2          "00000000-0000-4000-8000-0000000019a2"
#define GOAL1           "00000000-0000-4000-8000-0000000020a1"
#define GOAL2           "00000000-0000-4000-8000-0000000020a2"
#define IND1            "00000000-0000-4000-8000-0000000021a1"
#define IND2            "00000000-0000-4000-8000-0000000021a2"
#define IND3            "00000000-0000-4000-8000-0000000021a3"
#define STEP1           "00000000-0000-4000-8000-0000000024a1" /* completed */
#define STEP2           "00000000-0000-4000-8000-0000000024a2" /* planned */
#define STEP_RM         "00000000-0000-4000-8000-0000000024a3" /* removed */
#define STEP3           "00000000-0000-4000-8000-0000000024a4" /* active, of PHASE2 */
#define ACT1            "00000000-0000-4000-8000-0000000022a1" /* completed in the period */
#define ACT2            "00000000-0000-4000-8000-0000000022a2" /* completed before it */
#define ACT3            "00000000-0000-4000-8000-0000000022a3" /* planned */
#define ACT4            "00000000-0000-4000-8000-0000000022a4" /* cancelled */
#define CATALOGUE_VALUE "00000000-0000-4000-8000-0000000016b1"

/* A running programme of tenant t (approach version 2) with a working
 * group and a building block of it. */
static void make_programme(const char *t, const char *id, const char *group, const char *block)
{
    insert_programme(t, id, "Verbonden gemeente", "running");
    IT_SQL("UPDATE programmes.programmes\n"
           "   SET approach_version = 2\n"
           " WHERE id = $1",
           id);
    insert_group(t, id, group, "working", "Werkgroep");
    insert_building_block(t, id, block, NULL, group, "Ontwikkelpunt");
}

static void approach(void)
{
    insert_phase(TENANT, PROG, PHASE1, 1, "Kernwaarden");
    insert_phase(TENANT, PROG, PHASE2, 2, "Manifest");
    insert_step(TENANT, PROG, PHASE1, STEP1, 1, "Ophalen", "completed", "work");
    insert_step(TENANT, PROG, PHASE1, STEP2, 2, "Brainstorm", "planned", "work");
    insert_step(TENANT, PROG, PHASE1, STEP_RM, 0, "Weg", "removed", "work");
    insert_step(TENANT, PROG, PHASE2, STEP3, 1, "Ronde 1", "active", "work");
}

static void activities(void)
{
    insert_person(TENANT, PERSON1, "Anna", NULL, "employee");
    insert_person(TENANT, PERSON2, "Bram", NULL, "manager");
    insert_person(TENANT, PERSON3, "Cas", NULL, "employee");
    /* completed in the period: two invited (one came), one came uninvited;
     * completed before the period; planned; cancelled */
    insert_activity(TENANT, PROG, ACT1, "workshop", "Werkplaats", "completed", NULL,
                    "2026-04-10T10:00:00Z");
    insert_activity(TENANT, PROG, ACT2, "webinar", "Webinar", "completed", NULL,
                    "2026-01-10T10:00:00Z");
    insert_activity(TENANT, PROG, ACT3, "training", "Training", "planned", NULL, NULL);
    insert_activity(TENANT, PROG, ACT4, "coaching", "Coaching", "cancelled", NULL, NULL);
    insert_participant(TENANT, ACT1, PERSON1, "true", "true");
    insert_participant(TENANT, ACT1, PERSON2, "true", "false");
    insert_participant(TENANT, ACT1, PERSON3, "false", "true");
    insert_participant(TENANT, ACT2, PERSON1, "true", "true");
    insert_participant(TENANT, ACT3, PERSON2, "true", NULL);
}

/* Manifest 1 adopted, manifest 2 in consultation: round 1 closed (one
 * objection), round 2 open with 4 support, 1 with a remark, 1 objection. */
static void manifests(void)
{
    insert_programme_value(TENANT, PROG, PVALUE, CATALOGUE_VALUE, "Betrouwbaar");
    insert_manifest(TENANT, PROG, MANIF1, 1, "Manifest", "adopted", NULL);
    insert_manifest(TENANT, PROG, MANIF2, 2, "Manifest 2", "consultation", MANIF1);
    insert_statement(TENANT, MANIF2, STMT, PVALUE, 1, "Ik bel terug");
    insert_round(TENANT, MANIF2, ROUND1, 1, "closed", NULL);
    insert_round(TENANT, MANIF2, ROUND2, 2, "open", NULL);
    insert_view(TENANT, ROUND1, STMT, "Burgerzaken", "object", "Nee");
    insert_view(TENANT, ROUND2, STMT, "Burgerzaken", "support", NULL);
    insert_view(TENANT, ROUND2, STMT, "Burgerzaken", "support", NULL);
    insert_view(TENANT, ROUND2, STMT, "Vergunningen", "support", NULL);
    insert_view(TENANT, ROUND2, STMT, "Vergunningen", "support", NULL);
    insert_view(TENANT, ROUND2, STMT, "Vergunningen", "support_with_remark", "Mits");
    insert_view(TENANT, ROUND2, STMT, "Financien", "object", "Te vaag");
}

/* Goal 1: an indicator measured in two waves (latest 3.8 against at
 * least 3.5) and one not measured yet; goal 2 of another programme. */
static void goals(void)
{
    insert_goal(TENANT, PROG, GOAL1, "Proactief", "proactive_behaviour", "2026-01-01T00:00:00Z");
    insert_goal(TENANT, PROG2, GOAL2, "Elders", "pride", "2026-01-02T00:00:00Z");
    insert_indicator(TENANT, GOAL1, IND1, "pulse_question", "{}", "3.5", "at_least", "0",
                     "2026-01-01T00:00:00Z");
    insert_indicator(TENANT, GOAL1, IND2, "equal_party_share", "{}", "0.2", "at_most", "0",
                     "2026-01-02T00:00:00Z");
    insert_indicator(TENANT, GOAL2, IND3, "attendance_rate", "{}", "0.5", "at_least", "0",
                     "2026-01-03T00:00:00Z");
    IT_SQL("INSERT INTO programmes.indicator_values\n"
           "    (id, tenant_id, indicator_id, period, period_start, value, n)\n"
           "VALUES (gen_random_uuid(), $1, $2, 'wave:2', '2026-04-01', 3.8, 40),\n"
           "       (gen_random_uuid(), $1, $2, 'wave:1', '2026-01-01', 3.2, 38)",
           TENANT, IND1);
    /* relapse signals: two in the period, one before it, one of another
     * programme */
    IT_SQL("INSERT INTO programmes.relapse_signals\n"
           "    (id, tenant_id, programme_id, goal_id, indicator_id, kind, period, value,\n"
           "     reference, raised_at)\n"
           "VALUES (gen_random_uuid(), $1, $2, $3, $4, 'off_track', 'wave:1', 3.2, 3.5,\n"
           "        '2026-03-01T00:00:00Z'),\n"
           "       (gen_random_uuid(), $1, $2, $3, $4, 'relapse', 'wave:1', 3.2, 3.6,\n"
           "        '2026-05-31T23:59:00Z'),\n"
           "       (gen_random_uuid(), $1, $2, $3, $5, 'off_track', '2026-02', 0.3, 0.2,\n"
           "        '2026-02-28T23:59:00Z'),\n"
           "       (gen_random_uuid(), $1, $6, $7, $8, 'off_track', '2026-04', 0.3, 0.5,\n"
           "        '2026-04-15T00:00:00Z')",
           TENANT, PROG, GOAL1, IND1, IND2, PROG2, GOAL2, IND3);
}

/* The casedesk's feedback: in the period 3 equal, 1 not, 1 not answered;
 * one before and one after it; tenant B's in the period. */
static void feedback(void)
{
    IT_SQL("INSERT INTO programmes.casedesk_feedback\n"
           "    (tenant_id, case_id, round, equal_party, satisfaction, received_at)\n"
           "VALUES ($1, gen_random_uuid(), 1, true, 4, '2026-03-01T00:00:00Z'),\n"
           "       ($1, gen_random_uuid(), 1, true, 5, '2026-04-01T00:00:00Z'),\n"
           "       ($1, gen_random_uuid(), 2, true, 3, '2026-05-31T23:00:00Z'),\n"
           "       ($1, gen_random_uuid(), 1, false, 2, '2026-04-02T00:00:00Z'),\n"
           "       ($1, gen_random_uuid(), 1, NULL, 4, '2026-04-03T00:00:00Z'),\n"
           "       ($1, gen_random_uuid(), 1, false, 1, '2026-02-28T23:00:00Z'),\n"
           "       ($1, gen_random_uuid(), 1, false, 1, '2026-06-01T00:00:00Z'),\n"
           "       ($2, gen_random_uuid(), 1, false, 1, '2026-04-01T00:00:00Z')",
           TENANT, TENANT_B);
}

static int setup(void **state)
{
    (void)state;
    if (programmes_setup() != 0)
        return -1;
    make_programme(TENANT, PROG, GROUP, BLOCK);
    make_programme(TENANT, PROG2, "00000000-0000-4000-8000-0000000013a2",
                   "00000000-0000-4000-8000-0000000014a2");
    make_programme(TENANT_B, PROG_B, GROUP_B, BLOCK_B);
    approach();
    insert_proposal(TENANT, PROG, BLOCK, GROUP, "draft");
    insert_proposal(TENANT, PROG, BLOCK, GROUP, "draft");
    insert_proposal(TENANT, PROG, BLOCK, GROUP, "submitted");
    insert_proposal(TENANT, PROG, BLOCK, GROUP, "rejected");
    insert_proposal(TENANT, PROG, BLOCK, GROUP, "split");
    insert_proposal(TENANT_B, PROG_B, BLOCK_B, GROUP_B, "draft");
    insert_action(TENANT, PROG, GROUP, BLOCK, NULL, "planned", NULL);
    insert_action(TENANT, PROG, GROUP, BLOCK, NULL, "done", NULL);
    insert_action(TENANT, PROG, GROUP, BLOCK, NULL, "done", NULL);
    insert_action(TENANT_B, PROG_B, GROUP_B, BLOCK_B, NULL, "planned", NULL);
    activities();
    manifests();
    goals();
    feedback();
    return 0;
}

static kc_status monitor(const char *t, const char *id, const char *from, const char *to,
                         json_t **doc)
{
    kc_principal p = kt_staff(t, "it", "programme_member");
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
    IT_SQL("INSERT INTO programmes.settings (tenant_id, min_group_size)\n"
           "VALUES ($1, 7)",
           TENANT);
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
    IT_SQL("DELETE FROM programmes.settings\n"
           " WHERE tenant_id = $1",
           TENANT);
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
    kc_principal p = kt_staff(t, "it", "programme_member");
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
    IT_SQL("INSERT INTO programmes.lessons\n"
           "    (id, tenant_id, programme_id, team, kind, title, body, created_by)\n"
           "VALUES ('00000000-0000-4000-8000-0000000023a1', $1, $2, 'Burgerzaken', 'lesson',\n"
           "        'Terugkoppelen aan de burger',\n"
           "        'Wij koppelen altijd terug, terugkoppelen binnen een dag', 'it'),\n"
           "       ('00000000-0000-4000-8000-0000000023a2', $1, NULL, 'Vergunningen', 'norm',\n"
           "        'Snelle terugkoppeling', 'Vergaderingen korter', 'it'),\n"
           "       ('00000000-0000-4000-8000-0000000023a3', $1, NULL, 'Vergunningen', 'norm',\n"
           "        'Vergaderen', 'Niet langer dan een uur', 'it'),\n"
           "       ('00000000-0000-4000-8000-0000000023ab', $3, NULL, 'Burgerzaken', 'lesson',\n"
           "        'Terugkoppeling', 'Tenant B', 'it')",
           TENANT, PROG, TENANT_B);
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
