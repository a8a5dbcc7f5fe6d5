#ifndef KOERS_CASEDESK_SETTINGS_MODEL_H
#define KOERS_CASEDESK_SETTINGS_MODEL_H

#include <jansson.h>
#include "sla/sla_calendar.h"

#define CASEDESK_MAX_CLOSING_DAYS 366
#define CASEDESK_MAX_LADDER       3

/* A tenant's casedesk settings (a tenant without a row has the defaults of
 * 002_bureau.sql). */
typedef struct casedesk_settings {
    int good_friday;
    sla_calendar_liberation liberation_day;
    int closing_days[CASEDESK_MAX_CLOSING_DAYS]; /* day numbers, ascending */
    size_t nclosing;
    int sla_warning_hours;
    int referral_acknowledge_days;
    int referral_answer_days;
    int referral_reminder_hours;
    /* rungs above the addressee, in order: "team_manager", "process_owner" */
    char escalation_ladder[CASEDESK_MAX_LADDER][16];
    size_t nladder;
    int escalation_interval_days;
    int reopen_satisfaction_max;
    int reopen_on_not_equal;
    int retention_days;
    /* Open311: the jurisdiction_id naming this tenant ("" = none) and
     * whether GET reads without an api_key are served */
    char open311_jurisdiction_id[101];
    int open311_public_reads;
    int version;         /* 0 while the tenant has no row (the defaults) */
    char updated_at[32]; /* "" while the tenant has no row */
} casedesk_settings;

/* The defaults (what a tenant without a row has). */
void casedesk_settings_defaults(casedesk_settings *s);
/* The calendar rules of s (out points into s: keep s alive). */
void casedesk_settings_calendar(const casedesk_settings *s, sla_calendar_rules *out);
/* The API representation (new reference; NULL when out of memory):
 * {goodFriday, liberationDay, closingDays [date], slaWarningHours, ...,
 * version, updatedAt (null while the tenant has no row)}. */
json_t *casedesk_settings_to_json(const casedesk_settings *s);

/* "every_year" | "lustrum" | "never" and back (-1 for anything else). */
const char *casedesk_liberation_name(sla_calendar_liberation l);
int casedesk_liberation_parse(const char *s, sla_calendar_liberation *out);

/* A day number as "YYYY-MM-DD" and back: -1 unless s is exactly a real
 * calendar date in that form. */
void casedesk_date_format(int days, char out[11]);
int casedesk_date_parse(const char *s, int *days);

#endif
