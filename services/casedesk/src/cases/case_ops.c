#include "cases/case_ops.h"

#include <stdlib.h>
#include <time.h>
#include "koers/outbox.h"
#include "casedesk.h"
#include "cases/case_model.h"
#include "cases/case_repo.h"
#include "cases/case_steps.h"
#include "sla/settings_model.h"
#include "sla/sla_calendar.h"

kc_status case_op_timeline_add(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                               const char *actor, const char *action, int is_public,
                               const json_t *detail, kc_problem *pb)
{
    char *text = NULL;
    kc_status st;

    if (detail != NULL && (text = json_dumps(detail, JSON_COMPACT)) == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = case_repo_timeline_add(conn, tenant_id, case_id, actor, action, NULL, NULL, is_public,
                                text, pb);
    free(text);
    return st;
}

json_t *case_step_event_data(const case_record *rec, const char *from_status, const json_t *extra)
{
    json_t *data = case_event_data(rec);

    if (data == NULL)
        return NULL;
    if ((from_status != NULL &&
         json_object_set_new(data, "fromStatus", json_string(from_status)) != 0) ||
        (extra != NULL && json_object_update(data, (json_t *)extra) != 0)) {
        json_decref(data);
        return NULL;
    }
    return data;
}

kc_status case_step_emit(kc_db_conn *conn, const char *tenant_id, const char *type,
                         const case_record *rec, const char *from_status, const json_t *extra,
                         kc_problem *pb)
{
    json_t *data = case_step_event_data(rec, from_status, extra);
    kc_status st;

    if (data == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = kc_outbox_add(conn, CASEDESK_SCHEMA, type, tenant_id, rec->id, data, pb);
    json_decref(data);
    return st;
}

kc_status case_op_emit(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                       const char *type, const json_t *extra, kc_problem *pb)
{
    case_record c = {0};
    kc_status st;

    st = case_repo_get_brief(conn, tenant_id, case_id, &c, pb);
    if (st == KC_OK)
        st = case_step_emit(conn, tenant_id, type, &c, NULL, extra, pb);
    case_record_clear(&c);
    return st;
}

kc_status case_step_change(kc_db_conn *conn, const char *tenant_id, const case_record *cur,
                           const case_change *chg, int *applied, case_record *out, kc_problem *pb)
{
    kc_status st = case_repo_change(conn, tenant_id, cur->id, cur->version, chg, applied, out, pb);

    if (st == KC_OK && *applied && chg->first_contact && !cur->first_contact_at[0])
        st = case_repo_timeline_add(conn, tenant_id, cur->id, chg->actor, "first_contact", NULL,
                                    NULL, 1, NULL, pb);
    return st;
}

/* The terms of the case (*terms, the caller's to free) and the calendar
 * of its tenant's settings. */
static kc_status case_step_terms(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 case_terms **terms, sla_calendar_rules *rules, kc_problem *pb)
{
    kc_status st;

    *terms = calloc(1, sizeof(**terms));
    if (*terms == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "out of memory");
    st = case_repo_terms(conn, tenant_id, case_id, *terms, pb);
    if (st == KC_OK)
        casedesk_settings_calendar(&(*terms)->settings, rules);
    return st;
}

/* Puts the case back in progress (resumed, reopened) with chg, whose
 * actor, action, detail and deadlines the caller set: a public entry that
 * counts as first contact. When applied, emits case.status.changed and
 * event (extra its data). */
static kc_status case_step_back_in_progress(kc_db_conn *conn, const char *tenant_id,
                                            const case_record *cur, case_change *chg,
                                            const char *event, const json_t *extra, int *applied,
                                            case_record *out, kc_problem *pb)
{
    kc_status st;

    chg->status = CASE_STATUS_IN_PROGRESS;
    chg->from_status = case_status_name(cur->status);
    chg->to_status = case_status_name(CASE_STATUS_IN_PROGRESS);
    chg->is_public = 1;
    chg->first_contact = 1;
    st = case_step_change(conn, tenant_id, cur, chg, applied, out, pb);
    if (st == KC_OK && *applied)
        st =
            case_step_emit(conn, tenant_id, "case.status.changed", out, chg->from_status, NULL, pb);
    if (st == KC_OK && *applied)
        st = case_step_emit(conn, tenant_id, event, out, chg->from_status, extra, pb);
    return st;
}

kc_status case_step_resume(kc_db_conn *conn, const char *tenant_id, const case_record *cur,
                           const char *actor, int *applied, case_record *out, kc_problem *pb)
{
    case_terms *terms = NULL;
    case_change chg = {0};
    sla_calendar_rules rules;
    json_t *detail = NULL, *extra = NULL;
    long long counted = 0, now = (long long)time(NULL);
    kc_status st;

    *applied = 0;
    st = case_step_terms(conn, tenant_id, cur->id, &terms, &rules, pb);
    if (st != KC_OK)
        goto out;
    if (cur->suspended_since_s > 0)
        counted = sla_calendar_counted_seconds(&rules, terms->unit, (time_t)cur->suspended_since_s,
                                               (time_t)now);
    if (counted < 0)
        counted = 0;
    if (counted > 0 && cur->first_contact_due_s > 0)
        chg.first_contact_due = (long long)sla_calendar_add_counted_seconds(
            &rules, terms->unit, (time_t)cur->first_contact_due_s, counted);
    if (counted > 0 && cur->resolution_due_s > 0)
        chg.resolution_due = (long long)sla_calendar_add_counted_seconds(
            &rules, terms->unit, (time_t)cur->resolution_due_s, counted);
    detail = json_pack("{s:I}", "suspendedSeconds", (json_int_t)counted);
    extra = json_pack("{s:I}", "suspendedSeconds", (json_int_t)counted);
    if (detail == NULL || extra == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    chg.actor = actor;
    chg.action = "resumed";
    chg.detail = detail;
    chg.add_suspended = counted;
    st = case_step_back_in_progress(conn, tenant_id, cur, &chg, "case.resumed", extra, applied, out,
                                    pb);
out:
    json_decref(detail);
    json_decref(extra);
    free(terms);
    return st;
}

kc_status case_step_reopen(kc_db_conn *conn, const char *tenant_id, const case_record *cur,
                           const char *actor, const char *reason, int *applied, case_record *out,
                           kc_problem *pb)
{
    case_terms *terms = NULL;
    case_change chg = {0};
    sla_calendar_rules rules;
    json_t *detail = NULL, *extra = NULL;
    kc_status st;

    *applied = 0;
    if (cur->status != CASE_STATUS_RESOLVED && cur->status != CASE_STATUS_CLOSED)
        return kc_problem_set(pb, KC_CONFLICT,
                              "case %s is %s: only a resolved or closed case "
                              "can be reopened",
                              cur->id, case_status_name(cur->status));
    st = case_step_terms(conn, tenant_id, cur->id, &terms, &rules, pb);
    if (st != KC_OK)
        goto out;
    chg.resolution_due =
        (long long)sla_calendar_deadline(&rules, time(NULL), terms->sla_days, terms->unit);
    if (reason != NULL && (detail = json_pack("{s:s}", "reason", reason)) == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    extra = json_pack("{s:i}", "reopenCount", cur->reopen_count + 1);
    if (extra == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    chg.actor = actor;
    chg.action = "reopened";
    chg.detail = detail;
    chg.reopen = 1;
    st = case_step_back_in_progress(conn, tenant_id, cur, &chg, "case.reopened", extra, applied,
                                    out, pb);
out:
    json_decref(detail);
    json_decref(extra);
    free(terms);
    return st;
}

kc_status case_op_resume(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                         const char *actor, int *resumed, kc_problem *pb)
{
    case_record cur = {0}, out = {0};
    int applied = 0;
    kc_status st;

    *resumed = 0;
    st = case_repo_get(conn, tenant_id, case_id, &cur, pb);
    if (st != KC_OK || cur.status != CASE_STATUS_WAITING)
        goto out;
    st = case_step_resume(conn, tenant_id, &cur, actor, &applied, &out, pb);
    if (st == KC_OK && !applied)
        st = kc_problem_set(pb, KC_CONFLICT, "case %s was changed concurrently; retry", case_id);
    if (st == KC_OK)
        *resumed = 1;
out:
    case_record_clear(&cur);
    case_record_clear(&out);
    return st;
}

kc_status case_op_reopen(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                         const char *actor, const char *reason, kc_problem *pb)
{
    case_record cur = {0}, out = {0};
    int applied = 0;
    kc_status st;

    st = case_repo_get(conn, tenant_id, case_id, &cur, pb);
    if (st == KC_OK)
        st = case_step_reopen(conn, tenant_id, &cur, actor, reason, &applied, &out, pb);
    if (st == KC_OK && !applied)
        st = kc_problem_set(pb, KC_CONFLICT, "case %s was changed concurrently; retry", case_id);
    case_record_clear(&cur);
    case_record_clear(&out);
    return st;
}
