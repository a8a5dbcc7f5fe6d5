/* LINK: cases/case_model.c cases/case_lifecycle.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cases/case_model.h"

#define NOW  1900000000LL
#define HOUR 3600LL

/* An open case in progress, due in two days, first contact made. */
static void open_case(case_record *c)
{
    memset(c, 0, sizeof(*c));
    c->status = CASE_STATUS_IN_PROGRESS;
    c->sla_warning_hours = 24;
    c->resolution_due_s = NOW + 48 * HOUR;
    c->first_contact_due_s = NOW - 24 * HOUR;
    strcpy(c->first_contact_at, "2030-03-17T10:00:00.000Z");
}

static void test_on_track(void **state)
{
    case_record c;

    (void)state;
    open_case(&c);
    assert_int_equal(case_sla_state(&c, NOW), CASE_SLA_ON_TRACK);
    /* no deadlines at all (a case filed before cases had terms) */
    c.resolution_due_s = 0;
    c.first_contact_due_s = 0;
    assert_int_equal(case_sla_state(&c, NOW), CASE_SLA_ON_TRACK);
    assert_string_equal(case_sla_name(CASE_SLA_ON_TRACK), "on_track");
}

static void test_warning_window_and_flag(void **state)
{
    case_record c;

    (void)state;
    open_case(&c);
    assert_int_equal(case_sla_state(&c, NOW + 24 * HOUR - 1), CASE_SLA_ON_TRACK);
    assert_int_equal(case_sla_state(&c, NOW + 24 * HOUR), CASE_SLA_WARNING);
    c.sla_warning_hours = 72; /* the tenant warns three days ahead */
    assert_int_equal(case_sla_state(&c, NOW), CASE_SLA_WARNING);
    c.sla_warning_hours = 24;
    strcpy(c.sla_warned_at, "2030-03-17T10:00:00.000Z");
    assert_int_equal(case_sla_state(&c, NOW), CASE_SLA_WARNING);
    assert_string_equal(case_sla_name(CASE_SLA_WARNING), "warning");
}

static void test_breached(void **state)
{
    case_record c;

    (void)state;
    open_case(&c);
    assert_int_equal(case_sla_state(&c, NOW + 48 * HOUR), CASE_SLA_BREACHED);
    /* a breach flag of the scheduler */
    open_case(&c);
    strcpy(c.sla_breached_at, "2030-03-17T10:00:00.000Z");
    assert_int_equal(case_sla_state(&c, NOW), CASE_SLA_BREACHED);
    open_case(&c);
    strcpy(c.first_contact_breached_at, "2030-03-17T10:00:00.000Z");
    assert_int_equal(case_sla_state(&c, NOW), CASE_SLA_BREACHED);
    /* first contact not made by its deadline */
    open_case(&c);
    c.first_contact_at[0] = '\0';
    assert_int_equal(case_sla_state(&c, NOW), CASE_SLA_BREACHED);
    assert_string_equal(case_sla_name(CASE_SLA_BREACHED), "breached");
}

static void test_suspended_cases_do_not_run_out(void **state)
{
    case_record c;

    (void)state;
    open_case(&c);
    c.status = CASE_STATUS_WAITING;
    strcpy(c.suspended_since, "2030-03-17T10:00:00.000Z");
    assert_int_equal(case_sla_state(&c, NOW + 100 * HOUR), CASE_SLA_ON_TRACK);
    strcpy(c.sla_warned_at, "2030-03-17T10:00:00.000Z");
    assert_int_equal(case_sla_state(&c, NOW + 100 * HOUR), CASE_SLA_WARNING);
}

static void test_finished_cases(void **state)
{
    case_record c;

    (void)state;
    open_case(&c);
    c.status = CASE_STATUS_RESOLVED;
    strcpy(c.resolution_due, "2030-03-19T23:00:00.000Z");
    strcpy(c.resolved_at, "2030-03-18T09:00:00.000Z");
    assert_int_equal(case_sla_state(&c, NOW + 1000 * HOUR), CASE_SLA_ON_TRACK);
    strcpy(c.resolved_at, "2030-03-20T09:00:00.000Z");
    assert_int_equal(case_sla_state(&c, NOW), CASE_SLA_BREACHED);
    c.status = CASE_STATUS_CLOSED;
    assert_int_equal(case_sla_state(&c, NOW), CASE_SLA_BREACHED);
}

static void test_json_members(void **state)
{
    case_record c;
    json_t *o, *v;

    (void)state;
    open_case(&c);
    strcpy(c.id, "c0ffee00-0000-4000-8000-000000000001");
    strcpy(c.reference, "BV-2030-000001");
    strcpy(c.created_at, "2030-03-17T10:00:00.000Z");
    strcpy(c.resolution_due, "2030-03-19T23:00:00.000Z");
    c.suspended_seconds = 90;
    c.reopen_count = 2;
    o = case_to_json(&c);
    assert_non_null(o);
    assert_true(json_is_null(json_object_get(o, "citizen"))); /* cannot be opened */
    assert_true(json_is_null(json_object_get(o, "suspension")));
    assert_true(json_is_null(json_object_get(o, "outcome")));
    assert_true(json_is_null(json_object_get(o, "firstContactDue")));
    assert_true(json_is_null(json_object_get(o, "anonymisedAt")));
    assert_string_equal(json_string_value(json_object_get(o, "resolutionDue")),
                        "2030-03-19T23:00:00.000Z");
    assert_int_equal(json_integer_value(json_object_get(o, "suspendedSeconds")), 90);
    assert_int_equal(json_integer_value(json_object_get(o, "reopenCount")), 2);
    v = json_object_get(o, "sla");
    assert_non_null(json_string_value(json_object_get(v, "state")));
    assert_true(json_is_null(json_object_get(v, "warnedAt")));
    json_decref(o);

    /* waiting: the suspension; resolved: the outcome */
    c.status = CASE_STATUS_WAITING;
    strcpy(c.suspended_since, "2030-03-18T10:00:00.000Z");
    c.suspension_reason = strdup("wacht op foto's");
    o = case_to_json(&c);
    v = json_object_get(o, "suspension");
    assert_string_equal(json_string_value(json_object_get(v, "reason")), "wacht op foto's");
    assert_string_equal(json_string_value(json_object_get(v, "since")), "2030-03-18T10:00:00.000Z");
    json_decref(o);
    case_record_clear(&c);

    open_case(&c);
    c.status = CASE_STATUS_RESOLVED;
    strcpy(c.outcome, "agreed");
    c.outcome_explanation = strdup("Gedaan.");
    strcpy(c.resolved_at, "2030-03-18T10:00:00.000Z");
    o = case_to_json(&c);
    v = json_object_get(o, "outcome");
    assert_string_equal(json_string_value(json_object_get(v, "result")), "agreed");
    assert_string_equal(json_string_value(json_object_get(v, "explanation")), "Gedaan.");
    assert_string_equal(json_string_value(json_object_get(v, "resolvedAt")),
                        "2030-03-18T10:00:00.000Z");
    json_decref(o);
    case_record_clear(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_on_track),
        cmocka_unit_test(test_warning_window_and_flag),
        cmocka_unit_test(test_breached),
        cmocka_unit_test(test_suspended_cases_do_not_run_out),
        cmocka_unit_test(test_finished_cases),
        cmocka_unit_test(test_json_members),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
