/* LINK: sla/settings_model.c sla/sla_calendar.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sla/settings_model.h"
#include "koers/status.h"

static void test_defaults_match_the_schema(void **state)
{
    casedesk_settings s;
    sla_calendar_rules r;
    (void)state;
    casedesk_settings_defaults(&s);
    assert_int_equal(s.good_friday, 0);
    assert_int_equal(s.liberation_day, SLA_CALENDAR_LIBERATION_LUSTRUM);
    assert_int_equal(s.nclosing, 0);
    assert_int_equal(s.sla_warning_hours, 24);
    assert_int_equal(s.referral_acknowledge_days, 1);
    assert_int_equal(s.referral_answer_days, 5);
    assert_int_equal(s.referral_reminder_hours, 8);
    assert_int_equal(s.nladder, 2);
    assert_string_equal(s.escalation_ladder[0], "team_manager");
    assert_string_equal(s.escalation_ladder[1], "process_owner");
    assert_int_equal(s.escalation_interval_days, 2);
    assert_int_equal(s.reopen_satisfaction_max, 2);
    assert_int_equal(s.reopen_on_not_equal, 1);
    assert_int_equal(s.retention_days, 730);
    assert_int_equal(s.version, 0);
    assert_string_equal(s.open311_jurisdiction_id, "");
    assert_int_equal(s.open311_public_reads, 1);
    casedesk_settings_calendar(&s, &r);
    assert_int_equal(r.good_friday, 0);
    assert_int_equal(r.liberation_day, SLA_CALENDAR_LIBERATION_LUSTRUM);
    assert_int_equal(r.nclosing, 0);
}

static void test_to_json(void **state)
{
    casedesk_settings s;
    sla_calendar_rules r;
    json_t *o;
    char *text;
    (void)state;
    casedesk_settings_defaults(&s);
    o = casedesk_settings_to_json(&s);
    assert_non_null(o);
    text = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
    assert_string_equal(
        text, "{\"closingDays\":[],\"escalationIntervalDays\":2,"
              "\"escalationLadder\":[\"team_manager\",\"process_owner\"],"
              "\"goodFriday\":false,\"liberationDay\":\"lustrum\","
              "\"open311JurisdictionId\":null,\"open311PublicReads\":true,"
              "\"referralAcknowledgeDays\":1,\"referralAnswerDays\":5,\"referralReminderHours\":8,"
              "\"reopenOnNotEqual\":true,\"reopenSatisfactionMax\":2,\"retentionDays\":730,"
              "\"slaWarningHours\":24,\"updatedAt\":null,\"version\":0}");
    free(text);
    json_decref(o);

    s.good_friday = 1;
    s.liberation_day = SLA_CALENDAR_LIBERATION_EVERY_YEAR;
    s.closing_days[0] = sla_calendar_days_from_civil(2026, 12, 24);
    s.closing_days[1] = sla_calendar_days_from_civil(2026, 12, 31);
    s.nclosing = 2;
    s.nladder = 0;
    s.version = 3;
    strcpy(s.updated_at, "2026-11-29T09:00:00.000Z");
    o = casedesk_settings_to_json(&s);
    assert_non_null(o);
    assert_true(json_is_true(json_object_get(o, "goodFriday")));
    assert_string_equal(json_string_value(json_object_get(o, "liberationDay")), "every_year");
    assert_int_equal(json_array_size(json_object_get(o, "closingDays")), 2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(o, "closingDays"), 1)),
                        "2026-12-31");
    assert_int_equal(json_array_size(json_object_get(o, "escalationLadder")), 0);
    assert_int_equal(json_integer_value(json_object_get(o, "version")), 3);
    assert_string_equal(json_string_value(json_object_get(o, "updatedAt")),
                        "2026-11-29T09:00:00.000Z");
    json_decref(o);

    casedesk_settings_calendar(&s, &r);
    assert_true(sla_calendar_is_holiday(&r, sla_calendar_days_from_civil(2026, 12, 31), NULL));
    assert_true(sla_calendar_is_holiday(&r, sla_calendar_days_from_civil(2026, 4, 3),
                                        NULL)); /* Good Friday */
    assert_true(sla_calendar_is_holiday(&r, sla_calendar_days_from_civil(2026, 5, 5), NULL));
}

static void test_dates_and_names(void **state)
{
    static const char *const bad[] = {"2026-02-29",  "2026-04-31", "2026-13-01", "2026-00-10",
                                      "0000-01-01",  "2026-1-01",  "+026-01-01", " 026-01-01",
                                      "2026-01-011", "2026/01/01", "",           "2026-01-0a"};
    char out[11];
    int day = 0;
    size_t i;
    sla_calendar_liberation l = SLA_CALENDAR_LIBERATION_NEVER;
    (void)state;
    assert_int_equal(casedesk_date_parse("2024-02-29", &day), 0);
    assert_int_equal(day, sla_calendar_days_from_civil(2024, 2, 29));
    casedesk_date_format(day, out);
    assert_string_equal(out, "2024-02-29");
    assert_int_equal(casedesk_date_parse("0001-01-01", &day), 0);
    casedesk_date_format(day, out);
    assert_string_equal(out, "0001-01-01");
    for (i = 0; i < KC_NELEMS(bad); i++)
        assert_int_equal(casedesk_date_parse(bad[i], &day), -1);
    assert_int_equal(casedesk_date_parse(NULL, &day), -1);

    assert_int_equal(casedesk_liberation_parse("every_year", &l), 0);
    assert_int_equal(l, SLA_CALENDAR_LIBERATION_EVERY_YEAR);
    assert_int_equal(casedesk_liberation_parse("never", &l), 0);
    assert_int_equal(l, SLA_CALENDAR_LIBERATION_NEVER);
    assert_int_equal(casedesk_liberation_parse("lustrum", &l), 0);
    assert_int_equal(l, SLA_CALENDAR_LIBERATION_LUSTRUM);
    assert_int_equal(casedesk_liberation_parse("Lustrum", &l), -1);
    assert_int_equal(casedesk_liberation_parse(NULL, &l), -1);
    assert_string_equal(casedesk_liberation_name(SLA_CALENDAR_LIBERATION_EVERY_YEAR), "every_year");
    assert_string_equal(casedesk_liberation_name(SLA_CALENDAR_LIBERATION_NEVER), "never");
    assert_string_equal(casedesk_liberation_name(SLA_CALENDAR_LIBERATION_LUSTRUM), "lustrum");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_match_the_schema),
        cmocka_unit_test(test_to_json),
        cmocka_unit_test(test_dates_and_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
