#include "referrals/referral_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "koers/validate.h"

void referral_clear(referral *r)
{
    if (r == NULL)
        return;
    free(r->question);
    free(r->answer);
    free(r->answered_by);
    json_decref(r->escalations);
    r->question = NULL;
    r->answer = NULL;
    r->answered_by = NULL;
    r->escalations = NULL;
}

void referral_array_free(referral *items, size_t n)
{
    size_t i;

    if (items == NULL)
        return;
    for (i = 0; i < n; i++)
        referral_clear(&items[i]);
    free(items);
}

void referral_link_view_clear(referral_link_view *v)
{
    if (v == NULL)
        return;
    referral_clear(&v->r);
    free(v->category_name);
    free(v->case_description);
    v->category_name = NULL;
    v->case_description = NULL;
}

static json_t *str_or_null(const char *s)
{
    return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

json_t *referral_to_json(const referral *r, const referral_link_out *link)
{
    json_t *o, *esc = r->escalations != NULL ? json_incref(r->escalations) : json_array();

    o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, "
                  "s:{s:i, s:s, s:o, s:o}, s:o, s:s, s:s}",
                  "id", r->id, "caseId", r->case_id, "reference", r->reference, "officialId",
                  str_or_null(r->official_id), "departmentId", str_or_null(r->department_id),
                  "question", r->question ? r->question : "", "acknowledgeBy", r->acknowledge_by,
                  "answerBy", r->answer_by, "status", r->status, "acknowledgedAt",
                  str_or_null(r->acknowledged_at), "answeredAt", str_or_null(r->answered_at),
                  "answer", str_or_null(r->answer), "answeredBy", str_or_null(r->answered_by),
                  "escalation", "level", r->escalation_level, "rung",
                  r->escalation_rung[0] ? r->escalation_rung : "official", "holderOfficialId",
                  str_or_null(r->holder_official_id), "nextAt", str_or_null(r->next_escalation_at),
                  "escalations", esc, "createdAt", r->created_at, "updatedAt", r->updated_at);
    if (o == NULL || link == NULL)
        return o;
    json_object_set_new(o, "responseLink",
                        json_pack("{s:s, s:s, s:s}", "token", link->token, "href", link->href,
                                  "expiresAt", link->expires_at));
    return o;
}

json_t *referral_link_view_to_json(const referral_link_view *v)
{
    const referral *r = &v->r;

    return json_pack("{s:s, s:s, s:{s:o}, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "referralId",
                     r->id, "reference", r->reference, "category", "name",
                     str_or_null(v->category_name), "caseDescription",
                     str_or_null(v->case_description), "question", r->question ? r->question : "",
                     "acknowledgeBy", r->acknowledge_by, "answerBy", r->answer_by, "status",
                     r->status, "acknowledgedAt", str_or_null(r->acknowledged_at), "answeredAt",
                     str_or_null(r->answered_at), "expiresAt", v->expires_at);
}

/* Two to four digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int referral_time_parse(const char *s, time_t *out)
{
    struct tm tm = {0};
    const char *p;
    long offset = 0;
    int oh, om;
    time_t t;

    if (s == NULL || !kc_is_datetime(s) || strlen(s) < 20)
        return -1;
    tm.tm_year = digits(s, 4) - 1900;
    tm.tm_mon = digits(s + 5, 2) - 1;
    tm.tm_mday = digits(s + 8, 2);
    tm.tm_hour = digits(s + 11, 2);
    tm.tm_min = digits(s + 14, 2);
    tm.tm_sec = digits(s + 17, 2);
    if (tm.tm_year < -1899 || tm.tm_mon < 0 || tm.tm_mday < 0 || tm.tm_hour < 0 || tm.tm_min < 0 ||
        tm.tm_sec < 0)
        return -1;
    if (tm.tm_sec == 60)
        tm.tm_sec = 59;
    p = s + 19;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'Z' || *p == 'z') {
        offset = 0;
    } else if (*p == '+' || *p == '-') {
        oh = digits(p + 1, 2);
        om = digits(p + 4, 2);
        if (oh < 0 || om < 0)
            return -1;
        offset = (oh * 60L + om) * 60L * (*p == '-' ? -1 : 1);
    } else {
        return -1;
    }
    t = timegm(&tm);
    if (t == (time_t)-1)
        return -1;
    *out = t - offset;
    return 0;
}

void referral_time_format(time_t t, char out[32])
{
    struct tm tm;

    if (gmtime_r(&t, &tm) == NULL) {
        out[0] = '\0';
        return;
    }
    strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}
