/* Integration: the citizens' side of processes against a real PostgreSQL —
 * the facts of a case from a sequence of casedesk events (closed,
 * reopened, closed again, breached, feedback of two rounds, an event
 * applied twice), the figures of a process (median and 90th percentile
 * of the lead time computed by hand, Dutch days at the period's edge,
 * per month, other processes and open cases left out), root causes
 * turned into proposals (counted once per case, days over the SLA,
 * ranked by cases x days over, an unknown process ignored, a step of
 * another process counted at process level) and a dismissed proposal
 * not reopened by new cases; the step check of a category mapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "citizens/citizen_service.h"
#include "processes.h"

#define TENANT   "5e1c2f4e-5555-4a2b-9c3d-00000000000a"
#define TENANT_B "5e1c2f4e-5555-4a2b-9c3d-00000000000b"
#define OWNER    "00000000-0000-4000-8000-0000000000a1"
#define P1       "00000000-0000-4000-8000-0000000000c1"
#define P2       "00000000-0000-4000-8000-0000000000c2"
#define PB       "00000000-0000-4000-8000-0000000000cb"
#define V1       "00000000-0000-4000-8000-0000000000d1"
#define V2       "00000000-0000-4000-8000-0000000000d2"
#define S1       "00000000-0000-4000-8000-0000000000e1"
#define S2       "00000000-0000-4000-8000-0000000000e2"
#define S_P2     "00000000-0000-4000-8000-0000000000e9"
#define C1       "00000000-0000-4000-8000-0000000000f1"
#define C2       "00000000-0000-4000-8000-0000000000f2"
#define C3       "00000000-0000-4000-8000-0000000000f3"
#define UNKNOWN  "00000000-0000-4000-8000-00000000ffff"

static kc_db_pool *pool;
static kc_principal coordinator;

static int setup(void **state)
{
    (void)state;
    if (it_setup(PROCESSES_SCHEMA, processes_migrations, processes_migrations_count, &pool) != 0)
        return -1;
    coordinator = kt_staff(TENANT, "it", "coordinator");
    IT_SQL("INSERT INTO processes.processes (id, tenant_id, name, owner_id)\n"
           "VALUES ($1, $2, 'Afval', $3),\n"
           "       ($4, $2, 'Parkeren', $3),\n"
           "       ($5, $6, 'B-proces', $3)",
           P1, TENANT, OWNER, P2, PB, TENANT_B);
    /* steps go into drafts, which are then published (the database
     * refuses changes to a published version's steps) */
    IT_SQL("INSERT INTO processes.flow_versions (id, tenant_id, process_id, state)\n"
           "VALUES ($1, $2, $3, 'draft'),\n"
           "       ($4, $2, $5, 'draft')",
           V1, TENANT, P1, V2, P2);
    IT_SQL("INSERT INTO processes.flow_steps (id, tenant_id, flow_version_id, step_key,\n"
           "       position, name)\n"
           "VALUES ($1, $2, $3, gen_random_uuid(), 1, 'Melding beoordelen'),\n"
           "       ($4, $2, $3, gen_random_uuid(), 2, 'Container legen'),\n"
           "       ($5, $2, $6, gen_random_uuid(), 1, 'Vergunning')",
           S1, TENANT, V1, S2, S_P2, V2);
    IT_SQL("UPDATE processes.flow_versions\n"
           "   SET state = 'published', number = 1, published_at = now()\n"
           " WHERE id IN ($1, $2)",
           V1, V2);
    /* C1 and C2 feed P1, C3 feeds P2 */
    IT_SQL("INSERT INTO processes.category_mappings (id, tenant_id, category_id, process_id,\n"
           "       step_id)\n"
           "VALUES (gen_random_uuid(), $1, $2, $3, $4),\n"
           "       (gen_random_uuid(), $1, $5, $3, NULL),\n"
           "       (gen_random_uuid(), $1, $6, $7, NULL)",
           TENANT, C1, P1, S1, C2, C3, P2);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

/* The consumer's handler of the casedesk's events (static in
 * citizen_consumer.c): the event to citizen_service_apply_event. */
static kc_status on_case(kc_db_conn *conn, const char *tenant_id, const kc_consumer_event *ev,
                         void *user, kc_problem *pb)
{
    (void)user;
    return citizen_service_apply_event(conn, tenant_id, ev->id, ev->type, ev->subject, ev->data,
                                       ev->time, pb);
}

/* Applies one event (data: its JSON) in a transaction of its own, as the
 * consumer does. */
static void apply(const char *type, const char *case_id, const char *data_json)
{
    it_apply_event(pool, on_case, TENANT, NULL, type, case_id, data_json,
                   "2026-06-30T12:00:00.000Z");
}

/* A case of category cat filed at received and closed at closed (RFC
 * 3339 UTC), as case.received + case.closed. */
static void closed_case(const char *case_id, const char *cat, const char *received,
                        const char *closed, int breached)
{
    char data[512];

    snprintf(data, sizeof(data),
             "{\"caseId\": \"%s\", \"categoryId\": \"%s\", \"createdAt\": \"%s\"}", case_id, cat,
             received);
    apply("case.received", case_id, data);
    snprintf(data, sizeof(data),
             "{\"caseId\": \"%s\", \"categoryId\": \"%s\", \"createdAt\": \"%s\","
             " \"closedAt\": \"%s\", \"resolvedAt\": \"%s\", \"slaBreached\": %s,"
             " \"reopenCount\": 0}",
             case_id, cat, received, closed, closed, breached ? "true" : "false");
    apply("case.closed", case_id, data);
}

static void a_sequence_of_events_gives_the_facts(void **state)
{
    const char *k = "00000000-0000-4000-8000-00000000aa01";
    char v[256];

    (void)state;
    apply("case.received", k,
          "{\"caseId\": \"00000000-0000-4000-8000-00000000aa01\", \"categoryId\": \"" C3 "\","
          " \"createdAt\": \"2026-01-05T08:00:00.000Z\", \"status\": \"received\"}");
    apply("case.assigned", k, "{\"caseId\": \"00000000-0000-4000-8000-00000000aa01\"}");
    apply(
        "case.closed", k,
        "{\"caseId\": \"00000000-0000-4000-8000-00000000aa01\", \"categoryId\": \"" C3 "\","
        " \"createdAt\": \"2026-01-05T08:00:00.000Z\", \"closedAt\": \"2026-01-07T08:00:00.000Z\","
        " \"resolvedAt\": \"2026-01-06T08:00:00.000Z\", \"slaBreached\": false, \"reopenCount\": 0}");
    it_sql_value(v, sizeof(v),
                 "SELECT lead_days || ' ' || reopen_count || ' ' || sla_breached\n"
                 "  FROM processes.citizen_cases\n"
                 " WHERE case_id = '00000000-0000-4000-8000-00000000aa01'");
    assert_string_equal(v, "2 0 false");
    /* feedback of round 0, then reopened: open again, no lead time */
    apply("case.feedback.received", k,
          "{\"caseId\": \"00000000-0000-4000-8000-00000000aa01\", \"categoryId\": \"" C3 "\","
          " \"round\": 0, \"satisfaction\": 2, \"equalParty\": false}");
    apply("case.reopened", k,
          "{\"caseId\": \"00000000-0000-4000-8000-00000000aa01\", \"categoryId\": \"" C3 "\","
          " \"reopenCount\": 1}");
    it_sql_value(
        v, sizeof(v),
        "SELECT coalesce(closed_at::text, 'open') || ' ' || coalesce(lead_days::text, '-')\n"
        "       || ' ' || reopen_count || ' ' || rating || ' ' || equal_party\n"
        "  FROM processes.citizen_cases\n"
        " WHERE case_id = '00000000-0000-4000-8000-00000000aa01'");
    assert_string_equal(v, "open - 1 2 false");
    /* breached while open (the casedesk clears its flag on a reopen: the
     * fact keeps that it happened), closed again, feedback of round 1, and
     * a late copy of round 0's feedback that must not win */
    apply("case.sla.breached", k,
          "{\"caseId\": \"00000000-0000-4000-8000-00000000aa01\", \"categoryId\": \"" C3 "\","
          " \"deadline\": \"resolution\", \"dueAt\": \"2026-01-20T08:00:00.000Z\"}");
    apply(
        "case.closed", k,
        "{\"caseId\": \"00000000-0000-4000-8000-00000000aa01\", \"categoryId\": \"" C3 "\","
        " \"createdAt\": \"2026-01-05T08:00:00.000Z\", \"closedAt\": \"2026-01-25T20:00:00.000Z\","
        " \"resolvedAt\": \"2026-01-25T08:00:00.000Z\", \"slaBreached\": false, \"reopenCount\": 1}");
    apply("case.feedback.received", k,
          "{\"caseId\": \"00000000-0000-4000-8000-00000000aa01\", \"categoryId\": \"" C3 "\","
          " \"round\": 1, \"satisfaction\": 5, \"equalParty\": true}");
    apply("case.feedback.received", k,
          "{\"caseId\": \"00000000-0000-4000-8000-00000000aa01\", \"categoryId\": \"" C3 "\","
          " \"round\": 0, \"satisfaction\": 2, \"equalParty\": false}");
    /* the same close applied once more changes nothing */
    apply(
        "case.closed", k,
        "{\"caseId\": \"00000000-0000-4000-8000-00000000aa01\", \"categoryId\": \"" C3 "\","
        " \"createdAt\": \"2026-01-05T08:00:00.000Z\", \"closedAt\": \"2026-01-25T20:00:00.000Z\","
        " \"resolvedAt\": \"2026-01-25T08:00:00.000Z\", \"slaBreached\": false, \"reopenCount\": 1}");
    it_sql_value(v, sizeof(v),
                 "SELECT lead_days || ' ' || reopen_count || ' ' || sla_breached || ' ' || rating\n"
                 "       || ' ' || equal_party || ' ' || feedback_round\n"
                 "  FROM processes.citizen_cases\n"
                 " WHERE case_id = '00000000-0000-4000-8000-00000000aa01'");
    assert_string_equal(v, "20.5 1 true 5 true 1");
    it_sql_value(v, sizeof(v),
                 "SELECT count(*)\n"
                 "  FROM processes.citizen_cases\n"
                 " WHERE case_id = '00000000-0000-4000-8000-00000000aa01'");
    assert_string_equal(v, "1");
}

static json_t *figures(const char *process, const char *from, const char *to, const char *by)
{
    kc_problem pb;
    json_t *out = NULL;

    kc_problem_init(&pb);
    if (citizen_service_figures(pool, &coordinator, process, from, to, by, &out, &pb) != KC_OK)
        fprintf(stderr, "figures: %s\n", pb.detail);
    assert_int_equal(pb.status, KC_OK);
    kc_problem_clear(&pb);
    return out;
}

static double num(const json_t *o, const char *a, const char *b)
{
    const json_t *v = json_object_get(o, a);

    if (b != NULL)
        v = json_object_get(v, b);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

static void the_figures_are_computed_over_the_period(void **state)
{
    json_t *f, *months;

    (void)state;
    /* P1's cases closed in March 2026 (Dutch), lead days 1, 2, 3, 4, 10:
     * median 3; p90 at 0.9 x 4 = 3.6 between the 4th (4) and the 5th (10):
     * 4 + 0.6 x 6 = 7.6. Two breached, one reopened; feedback 4 and 2,
     * one of them treated as an equal party. */
    closed_case("00000000-0000-4000-8000-00000000b001", C1, "2026-03-01T09:00:00.000Z",
                "2026-03-02T09:00:00.000Z", 0);
    closed_case("00000000-0000-4000-8000-00000000b002", C1, "2026-03-02T09:00:00.000Z",
                "2026-03-04T09:00:00.000Z", 0);
    closed_case("00000000-0000-4000-8000-00000000b003", C2, "2026-03-03T09:00:00.000Z",
                "2026-03-06T09:00:00.000Z", 1);
    closed_case("00000000-0000-4000-8000-00000000b004", C2, "2026-03-04T09:00:00.000Z",
                "2026-03-08T09:00:00.000Z", 0);
    /* closed at 2026-03-31T21:30Z: still the 31st in the Netherlands (CEST) */
    closed_case("00000000-0000-4000-8000-00000000b005", C1, "2026-03-21T21:30:00.000Z",
                "2026-03-31T21:30:00.000Z", 1);
    apply("case.reopened", "00000000-0000-4000-8000-00000000b004",
          "{\"caseId\": \"00000000-0000-4000-8000-00000000b004\", \"categoryId\": \"" C2 "\","
          " \"reopenCount\": 1}");
    apply(
        "case.closed", "00000000-0000-4000-8000-00000000b004",
        "{\"caseId\": \"00000000-0000-4000-8000-00000000b004\", \"categoryId\": \"" C2 "\","
        " \"createdAt\": \"2026-03-04T09:00:00.000Z\", \"closedAt\": \"2026-03-08T09:00:00.000Z\","
        " \"slaBreached\": false, \"reopenCount\": 1}");
    apply("case.feedback.received", "00000000-0000-4000-8000-00000000b001",
          "{\"caseId\": \"00000000-0000-4000-8000-00000000b001\", \"categoryId\": \"" C1 "\","
          " \"round\": 0, \"satisfaction\": 4, \"equalParty\": true}");
    apply("case.feedback.received", "00000000-0000-4000-8000-00000000b002",
          "{\"caseId\": \"00000000-0000-4000-8000-00000000b002\", \"categoryId\": \"" C1 "\","
          " \"round\": 0, \"satisfaction\": 2, \"equalParty\": false}");
    /* left out: closed at 2026-03-31T22:30Z (April 1st, Dutch), closed in
     * February, still open, and another process's category */
    closed_case("00000000-0000-4000-8000-00000000b006", C1, "2026-03-30T10:00:00.000Z",
                "2026-03-31T22:30:00.000Z", 0);
    closed_case("00000000-0000-4000-8000-00000000b007", C2, "2026-02-01T10:00:00.000Z",
                "2026-02-28T10:00:00.000Z", 0);
    apply("case.received", "00000000-0000-4000-8000-00000000b008",
          "{\"caseId\": \"00000000-0000-4000-8000-00000000b008\", \"categoryId\": \"" C1 "\","
          " \"createdAt\": \"2026-03-05T10:00:00.000Z\"}");
    closed_case("00000000-0000-4000-8000-00000000b009", C3, "2026-03-05T10:00:00.000Z",
                "2026-03-09T10:00:00.000Z", 1);

    f = figures(P1, "2026-03-01", "2026-03-31", NULL);
    assert_int_equal(json_integer_value(json_object_get(f, "cases")), 5);
    assert_true(fabs(num(f, "leadTimeDays", "median") - 3.0) < 1e-9);
    assert_true(fabs(num(f, "leadTimeDays", "p90") - 7.6) < 1e-9);
    assert_int_equal(json_integer_value(json_object_get(f, "slaBreaches")), 2);
    assert_true(fabs(num(f, "reopenShare", NULL) - 0.2) < 1e-9);
    assert_true(fabs(num(f, "satisfaction", "mean") - 3.0) < 1e-9);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(f, "satisfaction"), "count")), 2);
    assert_true(fabs(num(f, "equalPartyShare", NULL) - 0.5) < 1e-9);
    assert_string_equal(json_string_value(json_object_get(f, "from")), "2026-03-01");
    assert_int_equal(json_array_size(json_object_get(f, "categoryIds")), 2);
    assert_null(json_object_get(f, "months"));
    json_decref(f);

    /* by month, February to April: February's one case, March's five,
     * April's one */
    f = figures(P1, "2026-02-01", "2026-04-30", "month");
    assert_int_equal(json_integer_value(json_object_get(f, "cases")), 7);
    months = json_object_get(f, "months");
    assert_int_equal(json_array_size(months), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(months, 0), "month")),
                        "2026-02");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(months, 1), "cases")), 5);
    assert_true(fabs(num(json_array_get(months, 1), "leadTimeDays", "median") - 3.0) < 1e-9);
    assert_string_equal(json_string_value(json_object_get(json_array_get(months, 2), "month")),
                        "2026-04");
    json_decref(f);

    /* nothing closed in the period: zero cases, null figures */
    f = figures(P1, "2025-01-01", "2025-01-31", NULL);
    assert_int_equal(json_integer_value(json_object_get(f, "cases")), 0);
    assert_true(json_is_null(json_object_get(json_object_get(f, "leadTimeDays"), "median")));
    json_decref(f);
}

static void the_figures_refuse_what_is_wrong(void **state)
{
    kc_problem pb;
    json_t *out = NULL;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(citizen_service_figures(pool, &coordinator, PB, NULL, NULL, NULL, &out, &pb),
                     KC_NOT_FOUND);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(citizen_service_figures(pool, &coordinator, P1, "2026-04-01", "2026-03-01",
                                             NULL, &out, &pb),
                     KC_BAD_REQUEST);
    kc_problem_clear(&pb);
    assert_null(out);
}

static void resolved(const char *case_id, const char *process, const char *step,
                     const char *resolved_at, const char *due, int breached)
{
    char data[768], stepj[64];

    if (step != NULL)
        snprintf(stepj, sizeof(stepj), "\"%s\"", step);
    else
        snprintf(stepj, sizeof(stepj), "null");
    snprintf(data, sizeof(data),
             "{\"caseId\": \"%s\", \"categoryId\": \"" C1 "\","
             " \"createdAt\": \"2026-05-01T08:00:00.000Z\", \"resolvedAt\": \"%s\","
             " \"resolutionDue\": \"%s\", \"closedAt\": null, \"slaBreached\": %s,"
             " \"reopenCount\": 0, \"outcome\": \"agreed\","
             " \"rootCause\": {\"processId\": \"%s\", \"stepId\": %s}}",
             case_id, resolved_at, due, breached ? "true" : "false", process, stepj);
    apply("case.resolved", case_id, data);
}

static void root_causes_become_ranked_proposals(void **state)
{
    json_t *out = NULL, *items, *first, *second;
    kc_problem pb;
    long long unknown_before = citizen_service_unknown_root_causes();
    char v[64];

    (void)state;
    /* S1: two cases, one 2.5 days over (the other in time), the first
     * applied twice; S2: one case 10 days over */
    resolved("00000000-0000-4000-8000-00000000c001", P1, S1, "2026-05-10T08:00:00.000Z",
             "2026-05-07T20:00:00.000Z", 1);
    resolved("00000000-0000-4000-8000-00000000c001", P1, S1, "2026-05-10T08:00:00.000Z",
             "2026-05-07T20:00:00.000Z", 1);
    resolved("00000000-0000-4000-8000-00000000c002", P1, S1, "2026-05-06T08:00:00.000Z",
             "2026-05-07T20:00:00.000Z", 0);
    resolved("00000000-0000-4000-8000-00000000c003", P1, S2, "2026-05-17T20:00:00.000Z",
             "2026-05-07T20:00:00.000Z", 1);
    /* an unknown process: ignored; a step of P2 named for P1: P1 as a whole */
    resolved("00000000-0000-4000-8000-00000000c004", UNKNOWN, NULL, "2026-05-06T08:00:00.000Z",
             "2026-05-07T20:00:00.000Z", 0);
    resolved("00000000-0000-4000-8000-00000000c005", P1, S_P2, "2026-05-06T08:00:00.000Z",
             "2026-05-07T20:00:00.000Z", 0);
    assert_int_equal(citizen_service_unknown_root_causes(), unknown_before + 1);

    kc_problem_init(&pb);
    assert_int_equal(citizen_service_root_causes(pool, &coordinator, P1, NULL, &out, &pb), KC_OK);
    kc_problem_clear(&pb);
    items = json_object_get(out, "items");
    assert_int_equal(json_array_size(items), 3);
    /* rank: S2 1 x 10 = 10, S1 2 x 2.5 = 5, the process as a whole 1 x 0 */
    first = json_array_get(items, 0);
    second = json_array_get(items, 1);
    assert_string_equal(json_string_value(json_object_get(first, "stepId")), S2);
    assert_int_equal(json_integer_value(json_object_get(first, "caseCount")), 1);
    assert_true(fabs(num(first, "caseDaysOver", NULL) - 10.0) < 1e-9);
    assert_string_equal(json_string_value(json_object_get(second, "stepId")), S1);
    assert_int_equal(json_integer_value(json_object_get(second, "caseCount")), 2);
    assert_true(fabs(num(second, "caseDaysOver", NULL) - 2.5) < 1e-9);
    assert_true(fabs(num(second, "caseWeight", NULL) - 5.0) < 1e-9);
    assert_string_equal(json_string_value(json_object_get(second, "status")), "proposed");
    assert_string_equal(json_string_value(json_object_get(second, "description")),
                        "Raised from 2 citizens' cases");
    assert_int_equal(json_array_size(json_object_get(second, "caseIds")), 2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(second, "caseIds"), 0)),
                        "00000000-0000-4000-8000-00000000c001");
    assert_true(json_is_null(json_object_get(json_array_get(items, 2), "stepId")));
    json_decref(out);
    out = NULL;
    /* a new proposal wrote bottleneck.raised, once per proposal */
    it_sql_value(v, sizeof(v),
                 "SELECT count(*)\n"
                 "  FROM processes.outbox\n"
                 " WHERE type = 'bottleneck.raised'");
    assert_string_equal(v, "3");

    /* the core team dismisses the S1 proposal: a new case makes a new one */
    IT_SQL("UPDATE processes.bottlenecks\n"
           "   SET status = 'dismissed'\n"
           " WHERE step_id = $1\n"
           "   AND source = 'citizens_cases'",
           S1);
    resolved("00000000-0000-4000-8000-00000000c006", P1, S1, "2026-05-08T08:00:00.000Z",
             "2026-05-07T20:00:00.000Z", 1);
    it_sql_value(v, sizeof(v),
                 "SELECT string_agg(status || ':' || case_count, ' ' ORDER BY created_at)\n"
                 "  FROM processes.bottlenecks\n"
                 " WHERE step_id = '%s'",
                 S1);
    assert_string_equal(v, "dismissed:2 proposed:1");
    it_sql_value(v, sizeof(v),
                 "SELECT case_days_over\n"
                 "  FROM processes.bottlenecks\n"
                 " WHERE step_id = '%s'\n"
                 "   AND status = 'proposed'",
                 S1);
    assert_string_equal(v, "0.50");
}

static void a_mapping_step_must_be_of_its_process(void **state)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    json_t *good =
        json_pack("{s:s, s:s, s:s}", "categoryId", UNKNOWN, "processId", P1, "stepId", S2);
    json_t *bad =
        json_pack("{s:s, s:s, s:s}", "categoryId", UNKNOWN, "processId", P1, "stepId", S_P2);
    json_t *none = json_pack("{s:s, s:s, s:n}", "categoryId", UNKNOWN, "processId", P2, "stepId");

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(citizen_service_check_mapping(conn, &coordinator, NULL, good, &pb), KC_OK);
    assert_int_equal(citizen_service_check_mapping(conn, &coordinator, NULL, none, &pb), KC_OK);
    assert_int_equal(citizen_service_check_mapping(conn, &coordinator, NULL, bad, &pb), KC_INVALID);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "name")), "stepId");
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    json_decref(good);
    json_decref(bad);
    json_decref(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_sequence_of_events_gives_the_facts),
        cmocka_unit_test(the_figures_are_computed_over_the_period),
        cmocka_unit_test(the_figures_refuse_what_is_wrong),
        cmocka_unit_test(root_causes_become_ranked_proposals),
        cmocka_unit_test(a_mapping_step_must_be_of_its_process),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
