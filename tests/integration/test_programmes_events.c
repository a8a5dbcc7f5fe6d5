/* Integration: the other services' events applied to programmes against a
 * real PostgreSQL, through the consumers' handlers
 * (events/events_consumer.h), each event in a transaction of its own as
 * the consumer runs it: a survey.closed applied twice is one row, and the
 * programme linked to the survey shows its top values as candidate values
 * (also a survey linked after it closed; not another tenant's, not an
 * unlinked survey's); an improvement.completed moves exactly the linked
 * planned action to done with one action.status.changed, leaves a done or
 * cancelled action's status alone, another improvement's action and
 * another tenant's untouched, and changes nothing when applied again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "programmes_it.h"
#include "events/closed_survey_service.h"
#include "events/events_consumer.h"

#define TENANT   "6e1c2f4e-6666-4a2b-9c3d-00000000000a"
#define TENANT_B "6e1c2f4e-6666-4a2b-9c3d-00000000000b"
#define PROG     "00000000-0000-4000-8000-0000000001a1"
#define PROG_B   "00000000-0000-4000-8000-0000000001ab"
#define SURVEY1  "00000000-0000-4000-8000-0000000002a1"
#define SURVEY2  "00000000-0000-4000-8000-0000000002a2"
#define SURVEY3  "00000000-0000-4000-8000-0000000002a3"
#define VALUE1   "00000000-0000-4000-8000-0000000003a1"
#define VALUE2   "00000000-0000-4000-8000-0000000003a2"
#define IMPR     "00000000-0000-4000-8000-0000000004a1"
#define IMPR2    "00000000-0000-4000-8000-0000000004a2"
/* actions: planned and linked; planned, another improvement; done and
 * linked; cancelled and linked; tenant B's, planned and linked */
#define A_PLANNED   "00000000-0000-4000-8000-0000000005a1"
#define A_OTHER     "00000000-0000-4000-8000-0000000005a2"
#define A_DONE      "00000000-0000-4000-8000-0000000005a3"
#define A_CANCELLED "00000000-0000-4000-8000-0000000005a4"
#define A_TENANT_B  "00000000-0000-4000-8000-0000000005ab"
#define CLOSED_AT   "2026-06-30T12:00:00.000Z"
#define DONE_AT     "2026-07-02T09:30:00.000Z"

/* A draft programme of tenant t linking the surveys (an array literal)
 * with a working group and a building block. */
static void make_programme(const char *t, const char *id, const char *surveys, const char *group,
                           const char *block)
{
    insert_programme(t, id, "Programma", "draft");
    link_surveys(id, surveys);
    insert_group(t, id, group, "working", "Werkgroep");
    insert_building_block(t, id, block, NULL, group, "Ontwikkelpunt");
}

static int setup(void **state)
{
    (void)state;
    if (programmes_setup() != 0)
        return -1;
    make_programme(TENANT, PROG, "{" SURVEY1 "," SURVEY2 "}",
                   "00000000-0000-4000-8000-0000000006a1", "00000000-0000-4000-8000-0000000007a1");
    make_programme(TENANT_B, PROG_B, "{" SURVEY1 "}", "00000000-0000-4000-8000-0000000006ab",
                   "00000000-0000-4000-8000-0000000007ab");
    insert_action(TENANT, PROG, "00000000-0000-4000-8000-0000000006a1",
                  "00000000-0000-4000-8000-0000000007a1", A_PLANNED, "planned", IMPR);
    insert_action(TENANT, PROG, "00000000-0000-4000-8000-0000000006a1",
                  "00000000-0000-4000-8000-0000000007a1", A_OTHER, "planned", IMPR2);
    insert_action(TENANT, PROG, "00000000-0000-4000-8000-0000000006a1",
                  "00000000-0000-4000-8000-0000000007a1", A_DONE, "done", IMPR);
    insert_action(TENANT, PROG, "00000000-0000-4000-8000-0000000006a1",
                  "00000000-0000-4000-8000-0000000007a1", A_CANCELLED, "cancelled", IMPR);
    insert_action(TENANT_B, PROG_B, "00000000-0000-4000-8000-0000000006ab",
                  "00000000-0000-4000-8000-0000000007ab", A_TENANT_B, "planned", IMPR);
    return 0;
}

/* Applies one event of tenant t through the handler of its source
 * (surveys when survey_source, else processes), in a transaction of its
 * own, as the consumer does. */
static void apply(int survey_source, const char *t, const char *type, const char *subject,
                  const char *data_json, const char *time)
{
    it_apply_event(pool, survey_source ? programmes_events_on_survey : programmes_events_on_process,
                   t, NULL, type, subject, data_json, time);
}

/* The candidate values of programme id as tenant t sees them; *out (the
 * items) is the caller's when KC_OK. */
static kc_status candidates(const char *t, const char *id, json_t **items)
{
    kc_principal p = kt_staff(t, "it", "coordinator");
    json_t *doc = NULL;
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    *items = NULL;
    st = closed_survey_service_candidates(pool, &p, id, &doc, &pb);
    if (st == KC_OK) {
        *items = json_incref(json_object_get(doc, "items"));
        json_decref(doc);
    }
    kc_problem_clear(&pb);
    return st;
}

#define CLOSED(count)                                                                              \
    "{\"surveyId\": \"" SURVEY1 "\", \"status\": \"closed\", \"topValues\": {"                     \
    " \"citizens\": [{\"valueId\": \"" VALUE1 "\", \"name\": \"Betrouwbaar\", \"count\": " count   \
    "},"                                                                                           \
    "                {\"valueId\": \"" VALUE2 "\", \"name\": \"Open\", \"count\": 3}],"            \
    " \"employees\": [{\"valueId\": \"" VALUE2 "\", \"name\": \"Open\", \"count\": 6}]}}"

static void a_closed_survey_becomes_candidate_values(void **state)
{
    json_t *items = NULL, *it;
    char v[256];

    (void)state;
    /* applied twice (a second delivery, or a replay from the start): one row */
    apply(1, TENANT, "survey.closed", SURVEY1, CLOSED("4"), CLOSED_AT);
    apply(1, TENANT, "survey.closed", SURVEY1, CLOSED("5"), CLOSED_AT);
    it_sql_value(v, sizeof(v),
                 "SELECT count(*)\n"
                 "  FROM programmes.closed_surveys\n"
                 " WHERE survey_id = '%s'",
                 SURVEY1);
    assert_string_equal(v, "1");
    /* an event of another type changes nothing */
    apply(1, TENANT, "survey.opened", SURVEY2, "{\"status\": \"open\"}", CLOSED_AT);
    it_sql_value(v, sizeof(v),
                 "SELECT count(*)\n"
                 "  FROM programmes.closed_surveys");
    assert_string_equal(v, "1");

    assert_int_equal(candidates(TENANT, PROG, &items), KC_OK);
    assert_int_equal(json_array_size(items), 3);
    it = json_array_get(items, 0); /* citizens before employees, by rank */
    assert_string_equal(json_string_value(json_object_get(it, "surveyId")), SURVEY1);
    assert_string_equal(json_string_value(json_object_get(it, "closedAt")), CLOSED_AT);
    assert_string_equal(json_string_value(json_object_get(it, "audience")), "citizens");
    assert_string_equal(json_string_value(json_object_get(it, "valueId")), VALUE1);
    assert_string_equal(json_string_value(json_object_get(it, "name")), "Betrouwbaar");
    assert_int_equal(json_integer_value(json_object_get(it, "count")), 5); /* the latest */
    it = json_array_get(items, 1);
    assert_string_equal(json_string_value(json_object_get(it, "valueId")), VALUE2);
    it = json_array_get(items, 2);
    assert_string_equal(json_string_value(json_object_get(it, "audience")), "employees");
    assert_int_equal(json_integer_value(json_object_get(it, "count")), 6);
    json_decref(items);

    /* tenant B's programme links the same survey id: tenant A's survey is
     * not B's; and B does not see A's programme */
    assert_int_equal(candidates(TENANT_B, PROG_B, &items), KC_OK);
    assert_int_equal(json_array_size(items), 0);
    json_decref(items);
    assert_int_equal(candidates(TENANT_B, PROG, &items), KC_NOT_FOUND);
    assert_int_equal(candidates(TENANT, "not-a-uuid", &items), KC_BAD_REQUEST);
    assert_int_equal(candidates(TENANT, SURVEY1, &items), KC_NOT_FOUND);

    /* a survey the programme does not link: not among its values, until
     * it is linked (after it closed) */
    apply(1, TENANT, "survey.closed", SURVEY3,
          "{\"topValues\": {\"citizens\": [{\"valueId\": \"" VALUE2
          "\", \"name\": \"Open\", \"count\": 2}]}}",
          "2026-07-01T08:00:00.000Z");
    assert_int_equal(candidates(TENANT, PROG, &items), KC_OK);
    assert_int_equal(json_array_size(items), 3);
    json_decref(items);
    IT_SQL("UPDATE programmes.programmes\n"
           "   SET survey_ids = survey_ids || $1::uuid\n"
           " WHERE id = $2",
           SURVEY3, PROG);
    assert_int_equal(candidates(TENANT, PROG, &items), KC_OK);
    assert_int_equal(json_array_size(items), 4);
    it = json_array_get(items, 3); /* closed last */
    assert_string_equal(json_string_value(json_object_get(it, "surveyId")), SURVEY3);
    assert_string_equal(json_string_value(json_object_get(it, "closedAt")),
                        "2026-07-01T08:00:00.000Z");
    json_decref(items);
}

/* status|completed_at|improvement_completed_at|version of an action */
static void action(const char *id, char *out, size_t n)
{
    it_sql_value(out, n,
                 "SELECT status || '|' || coalesce(to_char(completed_at AT TIME ZONE 'UTC',\n"
                 "                                         'YYYY-MM-DD\"T\"HH24:MI:SS'), '-')\n"
                 "       || '|' || coalesce(to_char(improvement_completed_at AT TIME ZONE 'UTC',\n"
                 "                                  'YYYY-MM-DD\"T\"HH24:MI:SS'), '-')\n"
                 "       || '|' || version\n"
                 "  FROM programmes.actions\n"
                 " WHERE id = '%s'",
                 id);
}

static void a_completed_improvement_completes_the_linked_planned_action(void **state)
{
    char v[512];

    (void)state;
    apply(0, TENANT, "improvement.completed", IMPR,
          "{\"id\": \"" IMPR "\", \"processId\": \"00000000-0000-4000-8000-0000000008a1\"}",
          DONE_AT);
    action(A_PLANNED, v, sizeof(v));
    assert_string_equal(v, "done|2026-07-02T09:30:00|2026-07-02T09:30:00|2");
    /* a done action keeps its status and completion, and learns that its
     * improvement completed; a cancelled one stays cancelled */
    action(A_DONE, v, sizeof(v));
    assert_string_equal(v, "done|2026-05-01T08:00:00|2026-07-02T09:30:00|2");
    action(A_CANCELLED, v, sizeof(v));
    assert_string_equal(v, "cancelled|-|2026-07-02T09:30:00|2");
    /* another improvement's action and tenant B's: untouched */
    action(A_OTHER, v, sizeof(v));
    assert_string_equal(v, "planned|-|-|1");
    action(A_TENANT_B, v, sizeof(v));
    assert_string_equal(v, "planned|-|-|1");
    /* one event: the action that moved */
    it_sql_value(v, sizeof(v),
                 "SELECT count(*)\n"
                 "  FROM programmes.outbox\n"
                 " WHERE type = 'action.status.changed'");
    assert_string_equal(v, "1");
    it_sql_value(v, sizeof(v),
                 "SELECT tenant_id || '|' || subject || '|' || data::text\n"
                 "  FROM programmes.outbox\n"
                 " WHERE type = 'action.status.changed'");
    assert_string_equal(v, TENANT "|" A_PLANNED "|{\"id\": \"" A_PLANNED "\", \"to\": \"done\","
                                  " \"from\": \"planned\", \"programmeId\": \"" PROG "\"}");

    /* applied again: nothing changes, no event */
    apply(0, TENANT, "improvement.completed", IMPR, "{\"id\": \"" IMPR "\"}",
          "2026-07-09T09:30:00.000Z");
    action(A_PLANNED, v, sizeof(v));
    assert_string_equal(v, "done|2026-07-02T09:30:00|2026-07-02T09:30:00|2");
    action(A_DONE, v, sizeof(v));
    assert_string_equal(v, "done|2026-05-01T08:00:00|2026-07-02T09:30:00|2");
    it_sql_value(v, sizeof(v),
                 "SELECT count(*)\n"
                 "  FROM programmes.outbox");
    assert_string_equal(v, "1");
    /* another type of the processes service: nothing */
    apply(0, TENANT, "improvement.status.changed", IMPR2, "{\"to\": \"done\"}", DONE_AT);
    action(A_OTHER, v, sizeof(v));
    assert_string_equal(v, "planned|-|-|1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_closed_survey_becomes_candidate_values),
        cmocka_unit_test(a_completed_improvement_completes_the_linked_planned_action),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
