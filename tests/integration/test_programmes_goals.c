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

#include "programmes_it.h"
#include "events/events_consumer.h"
#include "goals/goal_service.h"

#define TENANT    "6e1c2f4e-7777-4a2b-9c3d-00000000000a"
#define TENANT_B  "6e1c2f4e-7777-4a2b-9c3d-00000000000b"
#define PROG      "00000000-0000-4000-8000-0000000011a1"
#define PROG_B    "00000000-0000-4000-8000-0000000011ab"
#define SERIES    "00000000-0000-4000-8000-0000000012a1"
#define WAVE2     "00000000-0000-4000-8000-0000000012a2"
#define GOAL      "00000000-0000-4000-8000-0000000013a1"
#define GOAL_B    "00000000-0000-4000-8000-0000000013ab"
#define I_PULSE   "00000000-0000-4000-8000-0000000014a1"
#define I_MGRS    "00000000-0000-4000-8000-0000000014a2"
#define I_ATTEND  "00000000-0000-4000-8000-0000000014a3"
#define I_WORKSH  "00000000-0000-4000-8000-0000000014a4"
#define I_SUPP    "00000000-0000-4000-8000-0000000014a5"
#define I_EQUAL   "00000000-0000-4000-8000-0000000014a6"
#define I_B       "00000000-0000-4000-8000-0000000014ab"
#define CASE1     "00000000-0000-4000-8000-0000000015a1"
#define CASE2     "00000000-0000-4000-8000-0000000015a2"
#define CASE3     "00000000-0000-4000-8000-0000000015a3"
#define CASE4     "00000000-0000-4000-8000-0000000015a4"
#define ACT1      "00000000-0000-4000-8000-0000000017a1" /* workshop, March */
#define ACT2      "00000000-0000-4000-8000-0000000017a2" /* webinar, March */
#define ACT3      "00000000-0000-4000-8000-0000000017a3" /* workshop, planned */
#define PVALUE    "00000000-0000-4000-8000-0000000018a1"
#define MANIFEST  "00000000-0000-4000-8000-0000000019a1"
#define STATEMENT "00000000-0000-4000-8000-0000000019b1"
#define ROUND1    "00000000-0000-4000-8000-0000000019c1"
#define ROUND2    "00000000-0000-4000-8000-0000000019c2"

/* The stored values of indicator id as "period=value/n;..." in time order. */
static void values_of(const char *id, char *out, size_t n)
{
    it_sql_value(
        out, n,
        "SELECT coalesce(string_agg(period || '=' || value || '/' || n, ';'\n"
        "                           ORDER BY period_start NULLS FIRST, length(period), period), '')\n"
        "  FROM programmes.indicator_values\n"
        " WHERE indicator_id = '%s'",
        id);
}

/* The relapse signals of indicator id as "kind@period;..." in order. */
static void signals_of(const char *id, char *out, size_t n)
{
    it_sql_value(out, n,
                 "SELECT coalesce(string_agg(kind || '@' || period || '=' || reference, ';'\n"
                 "                           ORDER BY kind, period), '')\n"
                 "  FROM programmes.relapse_signals\n"
                 " WHERE indicator_id = '%s'",
                 id);
}

static int setup(void **state)
{
    (void)state;
    if (programmes_setup() != 0)
        return -1;
    insert_programme(TENANT, PROG, "Programma", "draft");
    insert_programme(TENANT_B, PROG_B, "Programma B", "draft");
    insert_goal(TENANT, PROG, GOAL, "Trots zijn", "pride", NULL);
    insert_goal(TENANT_B, PROG_B, GOAL_B, "Trots zijn", "pride", NULL);
    insert_indicator(TENANT, GOAL, I_PULSE, "pulse_question",
                     "{\"seriesId\": \"" SERIES "\", \"questionCode\": \"trots\"}", "3.5",
                     "at_least", "0.2", NULL);
    insert_indicator(TENANT, GOAL, I_MGRS, "pulse_question",
                     "{\"seriesId\": \"" SERIES "\", \"questionCode\": \"trots\","
                     " \"audience\": \"managers\"}",
                     "2.5", "at_least", "0", NULL);
    insert_indicator(TENANT, GOAL, I_ATTEND, "attendance_rate", "{}", "0.8", "at_least", "0", NULL);
    insert_indicator(TENANT, GOAL, I_WORKSH, "attendance_rate", "{\"activityKind\": \"workshop\"}",
                     "0.8", "at_least", "0", NULL);
    insert_indicator(TENANT, GOAL, I_SUPP, "manifest_support", "{}", "0.7", "at_least", "0", NULL);
    insert_indicator(TENANT, GOAL, I_EQUAL, "equal_party_share", "{}", "0.9", "at_least", "0",
                     NULL);
    insert_indicator(TENANT_B, GOAL_B, I_B, "pulse_question",
                     "{\"seriesId\": \"" SERIES "\", \"questionCode\": \"trots\"}", "1", "at_least",
                     "0", NULL);
    return 0;
}

/* Applies one event of tenant t through the consumer's handler of its
 * source (casedesk when case_source), in a transaction of its own. */
static void apply(int case_source, const char *t, const char *type, const char *subject,
                  const char *data_json, const char *time)
{
    it_apply_event(pool, case_source ? programmes_events_on_case : programmes_events_on_survey, t,
                   NULL, type, subject, data_json, time);
}

/* The trend of goal id as tenant t sees it (*out the caller's on KC_OK). */
static kc_status trend(const char *t, const char *id, json_t **out)
{
    kc_principal p = kt_staff(t, "it", "coordinator");
    kc_problem pb;
    kc_status st;

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
    it_sql_value(v, sizeof(v),
                 "SELECT count(*)\n"
                 "  FROM programmes.outbox\n"
                 " WHERE type IN ('goal.off_track', 'relapse.signalled')\n"
                 "   AND data ->> 'indicatorId' = '%s'",
                 I_PULSE);
    assert_string_equal(v, "2");
    it_sql_value(
        v, sizeof(v),
        "SELECT data ->> 'period' || ' ' || round((data ->> 'value')::numeric, 4) || ' ' ||\n"
        "       round((data ->> 'reference')::numeric, 4) || ' ' || (data ->> 'programmeId')\n"
        "  FROM programmes.outbox\n"
        " WHERE type = 'relapse.signalled'\n"
        "   AND data ->> 'indicatorId' = '%s'",
        I_PULSE);
    assert_string_equal(v, "wave:2 3.0000 3.6667 " PROG);
    /* tenant B's indicator on the same series id saw none of tenant A's waves */
    values_of(I_B, v, sizeof(v));
    assert_string_equal(v, "");
}

static void attendance_counts_completed_activities_per_month(void **state)
{
    char v[512], person[5][48], name[24];
    json_t *doc = NULL;
    int i;

    (void)state;
    for (i = 1; i <= 4; i++) {
        snprintf(person[i], sizeof(person[i]), "00000000-0000-4000-8000-00000000160%d", i);
        snprintf(name, sizeof(name), "Mens %d", i);
        insert_person(TENANT, person[i], name, NULL, "employee");
    }
    insert_activity(TENANT, PROG, ACT1, "workshop", "Werkplaats", "completed",
                    "2026-03-05T09:00:00Z", "2026-03-05T12:00:00Z");
    insert_activity(TENANT, PROG, ACT2, "webinar", "Webinar", "completed", "2026-03-20T09:00:00Z",
                    "2026-03-20T10:00:00Z");
    insert_activity(TENANT, PROG, ACT3, "workshop", "Later", "planned", "2026-04-02T09:00:00Z",
                    NULL);
    /* workshop: 4 invited, 3 attended; webinar: 2 invited, 1 attended;
     * the planned one: 4 invited, none yet */
    for (i = 1; i <= 4; i++) {
        insert_participant(TENANT, ACT1, person[i], "true", i <= 3 ? "true" : "false");
        if (i <= 2)
            insert_participant(TENANT, ACT2, person[i], "true", i == 1 ? "true" : "false");
        insert_participant(TENANT, ACT3, person[i], "true", NULL);
    }
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
    static const char *const stances[] = {"support", "support", "support", "support_with_remark",
                                          "object"};
    char v[512];
    json_t *doc = NULL;
    int i;

    (void)state;
    insert_programme_value(TENANT, PROG, PVALUE, "00000000-0000-4000-8000-0000000018b1", "Open");
    insert_manifest(TENANT, PROG, MANIFEST, 1, "Manifest", "consultation", NULL);
    insert_statement(TENANT, MANIFEST, STATEMENT, PVALUE, 1, "Ik bel dezelfde dag terug");
    /* round 1 closed with 5 views (3 support, 1 with a remark, 1 object);
     * round 2 closed with 2 views (below 5: withheld); round 3 open */
    insert_round(TENANT, MANIFEST, ROUND1, 1, "closed", "2026-04-01T10:00:00Z");
    insert_round(TENANT, MANIFEST, ROUND2, 2, "closed", "2026-05-01T10:00:00Z");
    for (i = 0; i < 5; i++)
        insert_view(TENANT, ROUND1, STATEMENT, "Burgerzaken", stances[i], i >= 3 ? "Omdat" : NULL);
    for (i = 0; i < 2; i++)
        insert_view(TENANT, ROUND2, STATEMENT, "Burgerzaken", "support", NULL);
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
    it_sql_value(v, sizeof(v),
                 "SELECT round\n"
                 "  FROM programmes.casedesk_feedback\n"
                 " WHERE case_id = '%s'",
                 CASE3);
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
