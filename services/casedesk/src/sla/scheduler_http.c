#include "sla/scheduler_http.h"

#include <time.h>
#include "casedesk_http.h"
#include "referrals/referral_model.h"
#include "sla/scheduler.h"

static const kc_field scheduler_run_fields[] = {
    {.name = "asOf", .type = KC_T_STRING, .format = KC_FMT_DATETIME},
};

kc_status scheduler_http_run(kc_ctx *ctx, kc_problem *pb)
{
    json_t *body = NULL;
    const char *as_of_text = NULL;
    scheduler_result r;
    time_t as_of = time(NULL);
    char when[32];
    kc_status st;

    if (ctx->req->binary_body_length > 0) {
        st = kc_read_json_body(ctx, &body, pb);
        if (st == KC_OK)
            st = kc_validate_json(body, scheduler_run_fields, KC_NELEMS(scheduler_run_fields), pb);
        if (st != KC_OK)
            goto out;
        as_of_text = json_string_value(json_object_get(body, "asOf"));
    }
    if (as_of_text != NULL) {
        if (!scheduler_clock_override_allowed()) {
            kc_problem_set(pb, KC_INVALID,
                           "asOf is accepted only when KOERS_CASEDESK_CLOCK_OVERRIDE=true");
            kc_problem_add_field(pb, "asOf", "the clock cannot be overridden on this server");
            st = KC_INVALID;
            goto out;
        }
        if (referral_time_parse(as_of_text, &as_of) != 0) {
            kc_problem_set(pb, KC_INVALID, "asOf is not a date-time");
            kc_problem_add_field(pb, "asOf", "must be an RFC 3339 date-time");
            st = KC_INVALID;
            goto out;
        }
    }
    st = scheduler_pass(casedesk_http_pool(ctx), as_of, &r, pb);
    if (st != KC_OK)
        goto out;
    referral_time_format(as_of, when);
    st = kc_respond_json(ctx, 200,
                         json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "asOf", when,
                                   "firstContactBreaches", r.first_contact_breaches, "slaWarnings",
                                   r.sla_warnings, "slaBreaches", r.sla_breaches,
                                   "referralReminders", r.referral_reminders, "referralOverdue",
                                   r.referral_overdue, "escalations", r.escalations, "anonymised",
                                   r.anonymised, "rekeyed", r.rekeyed));
out:
    json_decref(body);
    return st;
}
