#include "sla/settings_model.h"

#include <stdio.h>
#include <string.h>

void casedesk_settings_defaults(casedesk_settings *s)
{
    memset(s, 0, sizeof(*s));
    s->good_friday = 0;
    s->liberation_day = SLA_CALENDAR_LIBERATION_LUSTRUM;
    s->nclosing = 0;
    s->sla_warning_hours = 24;
    s->referral_acknowledge_days = 1;
    s->referral_answer_days = 5;
    s->referral_reminder_hours = 8;
    snprintf(s->escalation_ladder[0], sizeof(s->escalation_ladder[0]), "%s", "team_manager");
    snprintf(s->escalation_ladder[1], sizeof(s->escalation_ladder[1]), "%s", "process_owner");
    s->nladder = 2;
    s->escalation_interval_days = 2;
    s->reopen_satisfaction_max = 2;
    s->reopen_on_not_equal = 1;
    s->retention_days = 730;
    s->open311_jurisdiction_id[0] = '\0';
    s->open311_public_reads = 1;
    s->version = 0; /* no row yet */
    s->updated_at[0] = '\0';
}

void casedesk_settings_calendar(const casedesk_settings *s, sla_calendar_rules *out)
{
    out->good_friday = s->good_friday;
    out->liberation_day = s->liberation_day;
    out->closing_days = s->closing_days;
    out->nclosing = s->nclosing;
}

const char *casedesk_liberation_name(sla_calendar_liberation l)
{
    switch (l) {
    case SLA_CALENDAR_LIBERATION_EVERY_YEAR:
        return "every_year";
    case SLA_CALENDAR_LIBERATION_NEVER:
        return "never";
    case SLA_CALENDAR_LIBERATION_LUSTRUM:
    default:
        return "lustrum";
    }
}

int casedesk_liberation_parse(const char *s, sla_calendar_liberation *out)
{
    if (s == NULL)
        return -1;
    if (strcmp(s, "every_year") == 0)
        *out = SLA_CALENDAR_LIBERATION_EVERY_YEAR;
    else if (strcmp(s, "lustrum") == 0)
        *out = SLA_CALENDAR_LIBERATION_LUSTRUM;
    else if (strcmp(s, "never") == 0)
        *out = SLA_CALENDAR_LIBERATION_NEVER;
    else
        return -1;
    return 0;
}

void casedesk_date_format(int days, char out[11])
{
    int y, m, d;
    sla_calendar_civil_from_days(days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

int casedesk_date_parse(const char *s, int *days)
{
    int y, m, d, yy, mm, dd;
    size_t i;

    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    }
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *days = sla_calendar_days_from_civil(y, m, d);
    sla_calendar_civil_from_days(*days, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d)
        return -1; /* 31 April, 29 February of a common year */
    return 0;
}

json_t *casedesk_settings_to_json(const casedesk_settings *s)
{
    json_t *o = NULL, *closing = NULL, *ladder = NULL;
    char date[11];
    size_t i;

    closing = json_array();
    ladder = json_array();
    if (closing == NULL || ladder == NULL)
        goto fail;
    for (i = 0; i < s->nclosing; i++) {
        casedesk_date_format(s->closing_days[i], date);
        if (json_array_append_new(closing, json_string(date)) != 0)
            goto fail;
    }
    for (i = 0; i < s->nladder; i++) {
        if (json_array_append_new(ladder, json_string(s->escalation_ladder[i])) != 0)
            goto fail;
    }
    o = json_pack("{s:b, s:s, s:o, s:i, s:i, s:i, s:i, s:o, s:i, s:i, s:b, s:i, s:i, s:o}",
                  "goodFriday", s->good_friday, "liberationDay",
                  casedesk_liberation_name(s->liberation_day), "closingDays", closing,
                  "slaWarningHours", s->sla_warning_hours, "referralAcknowledgeDays",
                  s->referral_acknowledge_days, "referralAnswerDays", s->referral_answer_days,
                  "referralReminderHours", s->referral_reminder_hours, "escalationLadder", ladder,
                  "escalationIntervalDays", s->escalation_interval_days, "reopenSatisfactionMax",
                  s->reopen_satisfaction_max, "reopenOnNotEqual", s->reopen_on_not_equal,
                  "retentionDays", s->retention_days, "version", s->version, "updatedAt",
                  s->updated_at[0] != '\0' ? json_string(s->updated_at) : json_null());
    /* json_pack's "o" steals closing and ladder, even when it fails */
    if (o != NULL && (json_object_set_new(o, "open311JurisdictionId",
                                          s->open311_jurisdiction_id[0] != '\0'
                                              ? json_string(s->open311_jurisdiction_id)
                                              : json_null()) != 0 ||
                      json_object_set_new(o, "open311PublicReads",
                                          json_boolean(s->open311_public_reads)) != 0)) {
        json_decref(o);
        return NULL;
    }
    return o;
fail:
    json_decref(closing);
    json_decref(ladder);
    return NULL;
}
