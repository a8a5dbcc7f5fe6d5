/* What a casedesk event tells about a citizen's case (citizen_event_map):
 * each type's facts, the stand-in publication time for older events, a
 * malformed event, members left out when they are not what they should
 * be; and the days over the SLA at their edges. */
/* LINK: citizens/citizen_events.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "citizens/citizen_events.h"

#define CASE "00000000-0000-4000-8000-0000000000a1"
#define CAT  "00000000-0000-4000-8000-0000000000b1"
#define PROC "00000000-0000-4000-8000-0000000000c1"
#define STEP "00000000-0000-4000-8000-0000000000d1"
#define PUB  "2026-06-30T12:00:00.000Z"

static citizen_event_kind map(const char *type, const char *json, citizen_fact *f)
{
    json_error_t err;
    static json_t *data; /* kept until the next call: f borrows from it */

    json_decref(data);
    data = json_loads(json, 0, &err);
    assert_non_null(data);
    return citizen_event_map(type, CASE, data, PUB, f);
}

static void received_gives_the_filing_time(void **state)
{
    citizen_fact f;

    (void)state;
    assert_int_equal(map("case.received",
                         "{\"caseId\": \"" CASE "\", \"categoryId\": \"" CAT "\","
                         " \"createdAt\": \"2026-01-05T08:00:00.000Z\"}",
                         &f),
                     CITIZEN_EVENT_FACT);
    assert_string_equal(f.case_id, CASE);
    assert_string_equal(f.category_id, CAT);
    assert_string_equal(f.received_at, "2026-01-05T08:00:00.000Z");
    assert_int_equal(f.set_closed, 0);
    assert_int_equal(f.reopen_count, -1);
    assert_int_equal(f.rating, 0);
    /* a casedesk before 1.3.0: no createdAt, the publication stands in */
    assert_int_equal(map("case.received", "{\"categoryId\": \"" CAT "\"}", &f), CITIZEN_EVENT_FACT);
    assert_string_equal(f.case_id, CASE); /* from the subject */
    assert_string_equal(f.received_at, PUB);
}

static void closed_gives_the_course(void **state)
{
    citizen_fact f;

    (void)state;
    assert_int_equal(map("case.closed",
                         "{\"caseId\": \"" CASE "\", \"categoryId\": \"" CAT "\","
                         " \"createdAt\": \"2026-01-05T08:00:00.000Z\","
                         " \"resolvedAt\": \"2026-01-06T08:00:00.000Z\","
                         " \"closedAt\": \"2026-01-07T08:00:00.000Z\","
                         " \"resolutionDue\": \"2026-01-08T08:00:00.000Z\","
                         " \"slaBreached\": true, \"reopenCount\": 2}",
                         &f),
                     CITIZEN_EVENT_FACT);
    assert_string_equal(f.received_at, "2026-01-05T08:00:00.000Z");
    assert_int_equal(f.set_closed, 1);
    assert_string_equal(f.closed_at, "2026-01-07T08:00:00.000Z");
    assert_int_equal(f.set_resolved, 1);
    assert_string_equal(f.resolution_due, "2026-01-08T08:00:00.000Z");
    assert_int_equal(f.breached, 1);
    assert_int_equal(f.reopen_count, 2);
    assert_int_equal(f.has_root_cause, 0);
    /* no closedAt: the publication; a bad count is kept as it was */
    assert_int_equal(map("case.closed",
                         "{\"categoryId\": \"" CAT "\", \"closedAt\": \"yesterday\","
                         " \"reopenCount\": -3}",
                         &f),
                     CITIZEN_EVENT_FACT);
    assert_string_equal(f.closed_at, PUB);
    assert_int_equal(f.reopen_count, -1);
    assert_int_equal(f.breached, 0);
}

static void resolved_carries_the_root_cause(void **state)
{
    citizen_fact f;

    (void)state;
    assert_int_equal(map("case.resolved",
                         "{\"categoryId\": \"" CAT "\", \"resolvedAt\": \"2026-01-06T08:00:00Z\","
                         " \"closedAt\": null,"
                         " \"rootCause\": {\"processId\": \"" PROC "\", \"stepId\": \"" STEP "\"}}",
                         &f),
                     CITIZEN_EVENT_FACT);
    assert_int_equal(f.set_resolved, 1);
    assert_string_equal(f.resolved_at, "2026-01-06T08:00:00Z");
    assert_int_equal(f.set_closed, 1);
    assert_null(f.closed_at);
    assert_int_equal(f.has_root_cause, 1);
    assert_string_equal(f.root_process_id, PROC);
    assert_string_equal(f.root_step_id, STEP);
    /* no step: the process as a whole; a bad process: no root cause */
    map("case.resolved",
        "{\"categoryId\": \"" CAT "\", \"rootCause\": {\"processId\": \"" PROC "\"}}", &f);
    assert_int_equal(f.has_root_cause, 1);
    assert_null(f.root_step_id);
    map("case.resolved",
        "{\"categoryId\": \"" CAT "\", \"rootCause\": {\"processId\": \"x\", \"stepId\": \"" STEP
        "\"}}",
        &f);
    assert_int_equal(f.has_root_cause, 0);
    map("case.resolved", "{\"categoryId\": \"" CAT "\", \"rootCause\": null}", &f);
    assert_int_equal(f.has_root_cause, 0);
}

static void reopened_breached_and_feedback(void **state)
{
    citizen_fact f;

    (void)state;
    map("case.reopened", "{\"categoryId\": \"" CAT "\", \"reopenCount\": 1}", &f);
    assert_int_equal(f.set_resolved, 1);
    assert_null(f.resolved_at);
    assert_int_equal(f.set_closed, 1);
    assert_null(f.closed_at);
    assert_int_equal(f.reopen_count, 1);
    map("case.sla.breached", "{\"categoryId\": \"" CAT "\", \"deadline\": \"resolution\"}", &f);
    assert_int_equal(f.breached, 1);
    assert_int_equal(f.set_closed, 0);
    map("case.feedback.received",
        "{\"categoryId\": \"" CAT "\", \"round\": 1, \"satisfaction\": 4, \"equalParty\": true}",
        &f);
    assert_int_equal(f.rating, 4);
    assert_int_equal(f.equal_party, 1);
    assert_int_equal(f.feedback_round, 1);
    /* a rating out of range is no feedback */
    map("case.feedback.received",
        "{\"categoryId\": \"" CAT "\", \"round\": 1, \"satisfaction\": 6, \"equalParty\": true}",
        &f);
    assert_int_equal(f.rating, 0);
}

static void other_and_malformed_events(void **state)
{
    citizen_fact f;

    (void)state;
    assert_int_equal(map("case.assigned", "{\"categoryId\": \"" CAT "\"}", &f),
                     CITIZEN_EVENT_IGNORED);
    assert_int_equal(map("referral.created", "{}", &f), CITIZEN_EVENT_IGNORED);
    assert_int_equal(map("case.closed", "{\"categoryId\": \"not-a-uuid\"}", &f),
                     CITIZEN_EVENT_MALFORMED);
    assert_int_equal(citizen_event_map("case.closed", "nope", json_null(), PUB, &f),
                     CITIZEN_EVENT_MALFORMED);
}

static void days_over_at_the_edges(void **state)
{
    (void)state;
    /* 2.5 days late */
    assert_true(citizen_days_over("2026-05-10T08:00:00.000Z", "2026-05-07T20:00:00.000Z", 1) ==
                2.5);
    /* not breached, on time, exactly at the deadline, unreadable: 0 */
    assert_true(citizen_days_over("2026-05-10T08:00:00.000Z", "2026-05-07T20:00:00.000Z", 0) ==
                0.0);
    assert_true(citizen_days_over("2026-05-06T08:00:00.000Z", "2026-05-07T20:00:00.000Z", 1) ==
                0.0);
    assert_true(citizen_days_over("2026-05-07T20:00:00.000Z", "2026-05-07T20:00:00.000Z", 1) ==
                0.0);
    assert_true(citizen_days_over(NULL, "2026-05-07T20:00:00.000Z", 1) == 0.0);
    assert_true(citizen_days_over("2026-05-10T08:00:00+02:00", "2026-05-07T20:00:00Z", 1) == 0.0);
    /* one minute late: 0.00069 days, two decimals */
    assert_true(citizen_days_over("2026-05-07T20:01:00Z", "2026-05-07T20:00:00Z", 1) == 0.0);
    /* 36 minutes: 0.025 -> 0.03 (half away from zero) */
    assert_true(citizen_days_over("2026-05-07T20:36:00Z", "2026-05-07T20:00:00Z", 1) == 0.03);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(received_gives_the_filing_time),
        cmocka_unit_test(closed_gives_the_course),
        cmocka_unit_test(resolved_carries_the_root_cause),
        cmocka_unit_test(reopened_breached_and_feedback),
        cmocka_unit_test(other_and_malformed_events),
        cmocka_unit_test(days_over_at_the_edges),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
