#include "sla/settings_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "casedesk.h"
#include "koers/validate.h"
#include "sla/settings_repo.h"

static const char *const liberation_values[] = {"every_year", "lustrum", "never", NULL};

static const kc_field settings_fields[] = {
    {.name = "goodFriday", .type = KC_T_BOOL},
    {.name = "liberationDay", .type = KC_T_STRING, .enum_values = liberation_values},
    {.name = "closingDays",
     .type = KC_T_ARRAY,
     .max_len = CASEDESK_MAX_CLOSING_DAYS,
     .item_type = KC_T_STRING,
     .item_format = KC_FMT_DATE},
    {.name = "slaWarningHours", .type = KC_T_INT, .min = 1, .max = 720},
    {.name = "referralAcknowledgeDays", .type = KC_T_INT, .min = 1, .max = 60},
    {.name = "referralAnswerDays", .type = KC_T_INT, .min = 1, .max = 120},
    {.name = "referralReminderHours", .type = KC_T_INT, .min = 1, .max = 720},
    {.name = "escalationLadder", .type = KC_T_ARRAY, .max_len = 2, .item_type = KC_T_STRING},
    {.name = "escalationIntervalDays", .type = KC_T_INT, .min = 1, .max = 60},
    {.name = "reopenSatisfactionMax", .type = KC_T_INT, .min = 0, .max = 5},
    {.name = "reopenOnNotEqual", .type = KC_T_BOOL},
    {.name = "retentionDays", .type = KC_T_INT, .min = 30, .max = 3650},
    {.name = "open311JurisdictionId",
     .type = KC_T_STRING,
     .nullable = 1,
     .min_len = 1,
     .max_len = 100},
    {.name = "open311PublicReads", .type = KC_T_BOOL},
    /* read-only: accepted so that a document read can be sent back as is */
    {.name = "version", .type = KC_T_INT, .nullable = 1},
    {.name = "updatedAt", .type = KC_T_STRING, .nullable = 1},
};

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void take_int(const json_t *body, const char *name, int *dst)
{
    const json_t *v = json_object_get(body, name);
    if (v != NULL)
        *dst = (int)json_integer_value(v);
}

static void take_bool(const json_t *body, const char *name, int *dst)
{
    const json_t *v = json_object_get(body, name);
    if (v != NULL)
        *dst = json_is_true(v);
}

/* Fills s from a body kc_validate_json accepted; checks what it cannot
 * (the ladder's rungs). Faults go to pb. */
static kc_status settings_from_body(const json_t *body, casedesk_settings *s, kc_problem *pb)
{
    const json_t *v, *item;
    size_t i, j, n;
    char name[40];

    casedesk_settings_defaults(s);
    take_bool(body, "goodFriday", &s->good_friday);
    if ((v = json_object_get(body, "liberationDay")) != NULL &&
        casedesk_liberation_parse(json_string_value(v), &s->liberation_day) != 0)
        kc_problem_add_field(pb, "liberationDay", "must be one of every_year, lustrum, never");
    if ((v = json_object_get(body, "closingDays")) != NULL) {
        n = 0;
        json_array_foreach(v, i, item)
        {
            int day;
            if (casedesk_date_parse(json_string_value(item), &day) != 0) {
                snprintf(name, sizeof(name), "closingDays[%zu]", i);
                kc_problem_add_field(pb, name, "must be a date (YYYY-MM-DD)");
                continue;
            }
            if (n < CASEDESK_MAX_CLOSING_DAYS)
                s->closing_days[n++] = day;
        }
        qsort(s->closing_days, n, sizeof(int), int_cmp);
        /* the same day twice is one closing day */
        for (i = 0, j = 0; i < n; i++) {
            if (j == 0 || s->closing_days[j - 1] != s->closing_days[i])
                s->closing_days[j++] = s->closing_days[i];
        }
        s->nclosing = j;
    }
    take_int(body, "slaWarningHours", &s->sla_warning_hours);
    take_int(body, "referralAcknowledgeDays", &s->referral_acknowledge_days);
    take_int(body, "referralAnswerDays", &s->referral_answer_days);
    take_int(body, "referralReminderHours", &s->referral_reminder_hours);
    if ((v = json_object_get(body, "escalationLadder")) != NULL) {
        s->nladder = 0;
        json_array_foreach(v, i, item)
        {
            const char *rung = json_string_value(item);
            snprintf(name, sizeof(name), "escalationLadder[%zu]", i);
            if (rung == NULL ||
                (strcmp(rung, "team_manager") != 0 && strcmp(rung, "process_owner") != 0)) {
                kc_problem_add_field(pb, name, "must be one of team_manager, process_owner");
                continue;
            }
            for (j = 0; j < s->nladder; j++) {
                if (strcmp(s->escalation_ladder[j], rung) == 0)
                    break;
            }
            if (j < s->nladder) {
                kc_problem_add_field(pb, name, "must not repeat a rung");
                continue;
            }
            if (s->nladder < CASEDESK_MAX_LADDER) {
                snprintf(s->escalation_ladder[s->nladder], sizeof(s->escalation_ladder[0]), "%s",
                         rung);
                s->nladder++;
            }
        }
    }
    take_int(body, "escalationIntervalDays", &s->escalation_interval_days);
    take_int(body, "reopenSatisfactionMax", &s->reopen_satisfaction_max);
    take_bool(body, "reopenOnNotEqual", &s->reopen_on_not_equal);
    take_int(body, "retentionDays", &s->retention_days);
    take_bool(body, "open311PublicReads", &s->open311_public_reads);
    if ((v = json_object_get(body, "open311JurisdictionId")) != NULL && json_is_string(v)) {
        const char *jid = json_string_value(v);
        /* as 013_open311.sql checks: a letter or digit, then letters,
         * digits and . _ : - (a host name such as utrecht.nl fits) */
        int ok = (jid[0] >= 'a' && jid[0] <= 'z') || (jid[0] >= 'A' && jid[0] <= 'Z') ||
                 (jid[0] >= '0' && jid[0] <= '9');
        for (i = 1; ok && jid[i] != '\0'; i++)
            ok = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-",
                        jid[i]) != NULL;
        if (!ok)
            kc_problem_add_field(pb, "open311JurisdictionId",
                                 "must start with a letter or digit and hold only letters, "
                                 "digits and . _ : -");
        else
            snprintf(s->open311_jurisdiction_id, sizeof(s->open311_jurisdiction_id), "%s", jid);
    }
    if (pb->invalid_params != NULL && json_array_size(pb->invalid_params) > 0)
        return kc_problem_set(pb, KC_INVALID, "the settings are invalid");
    return KC_OK;
}

kc_status settings_service_get(kc_db_pool *pool, const kc_principal *p, casedesk_settings *out,
                               kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = settings_repo_get(conn, p->tenant_id, out, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status settings_service_put(kc_db_pool *pool, const kc_principal *p, const json_t *body,
                               long long if_match, casedesk_settings *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    casedesk_settings *in = NULL;
    kc_status st;

    st = kc_validate_json(body, settings_fields, KC_NELEMS(settings_fields), pb);
    if (st != KC_OK)
        goto out;
    in = malloc(sizeof(*in));
    if (in == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = settings_from_body(body, in, pb);
    if (st != KC_OK)
        goto out;
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = settings_repo_put(conn, p->tenant_id, in, if_match, out, pb);
out:
    kc_db_release(pool, conn);
    free(in);
    return st;
}

/* A query parameter's date, or `fallback` when absent. */
static int calendar_bound(const char *name, const char *value, int fallback, int *day,
                          kc_problem *pb)
{
    if (value == NULL) {
        *day = fallback;
        return 0;
    }
    if (casedesk_date_parse(value, day) != 0) {
        kc_problem_add_field(pb, name, "must be a date (YYYY-MM-DD)");
        return -1;
    }
    return 0;
}

kc_status settings_service_calendar(kc_db_pool *pool, const kc_principal *p, const char *from,
                                    const char *to, int *from_day, int *to_day,
                                    calendar_day_off **items, size_t *n, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    casedesk_settings *s = NULL;
    sla_calendar_rules rules;
    int today, y, m, d, day, bad = 0;
    kc_status st;

    *items = NULL;
    *n = 0;
    today = sla_calendar_local_day(time(NULL));
    sla_calendar_civil_from_days(today, &y, &m, &d);
    bad |= calendar_bound("from", from, sla_calendar_days_from_civil(y, 1, 1), from_day, pb);
    if (from != NULL && bad == 0)
        sla_calendar_civil_from_days(*from_day, &y, &m, &d);
    bad |= calendar_bound("to", to, sla_calendar_days_from_civil(y, 12, 31), to_day, pb);
    if (bad == 0 && *to_day < *from_day) {
        kc_problem_add_field(pb, "to", "must not be before from");
        bad = 1;
    } else if (bad == 0 && *to_day - *from_day + 1 > CALENDAR_MAX_DAYS) {
        kc_problem_add_field(pb, "to", "must be at most 3 years (1096 days) after from");
        bad = 1;
    }
    if (bad) {
        st = kc_problem_set(pb, KC_BAD_REQUEST, "the calendar range is invalid");
        goto out;
    }
    s = malloc(sizeof(*s));
    *items = malloc(sizeof(**items) * (size_t)(*to_day - *from_day + 1));
    if (s == NULL || *items == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = settings_repo_get(conn, p->tenant_id, s, pb);
    if (st != KC_OK)
        goto out;
    casedesk_settings_calendar(s, &rules);
    for (day = *from_day; day <= *to_day; day++) {
        const char *name = NULL;
        if (sla_calendar_is_holiday(&rules, day, &name)) {
            (*items)[*n].day = day;
            (*items)[*n].name = name;
            (*n)++;
        }
    }
out:
    if (st != KC_OK) {
        free(*items);
        *items = NULL;
        *n = 0;
    }
    kc_db_release(pool, conn);
    free(s);
    return st;
}
