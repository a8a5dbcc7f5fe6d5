#include "referrals/referral_service.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include "koers/validate.h"
#include "cases/case_ops.h"
#include "referrals/referral_link.h"
#include "referrals/referral_repo.h"
#include "sla/settings_repo.h"
#include "sla/sla_calendar.h"

#define REFERRAL_LINK_DAYS 30
#define REFERRAL_LINK_PATH "/casedesk/v1/referral-links/"

static const kc_field referral_fields_create[] = {
    {.name = "officialId", .type = KC_T_STRING, .format = KC_FMT_UUID},
    {.name = "departmentId", .type = KC_T_STRING, .format = KC_FMT_UUID},
    {.name = "question", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 5000},
    {.name = "acknowledgeBy", .type = KC_T_STRING, .format = KC_FMT_DATETIME},
    {.name = "answerBy", .type = KC_T_STRING, .format = KC_FMT_DATETIME},
};
static const kc_field referral_fields_answer[] = {
    {.name = "answer", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 5000},
};
static const kc_field referral_fields_withdraw[] = {
    {.name = "reason", .type = KC_T_STRING, .nullable = 1, .max_len = 1000},
};

/* A data-dependent rule the route table cannot state: the routes admit
 * officials (CASEDESK_ROLES_REFERRAL), but an official reads, acknowledges
 * and answers only the referrals sent to them. Returns the JWT sub such a
 * caller is narrowed to (the repository filters on it: another's referral
 * is not found), or NULL for staff who see all of the tenant's referrals
 * (admin, coordinator, liaison officer). */
static const char *referral_service_restricted_to(const kc_principal *p)
{
    if (p->kind == KC_PRINCIPAL_STAFF && !kc_principal_has_role(p, "admin") &&
        !kc_principal_has_role(p, "coordinator") && !kc_principal_has_role(p, "liaison_officer"))
        return p->subject;
    return NULL;
}

/* The tenant's calendar deadline n working days from now, as text. */
static void referral_default_deadline(const casedesk_settings *s, time_t now, int days, time_t *t)
{
    sla_calendar_rules rules;

    casedesk_settings_calendar(s, &rules);
    *t = sla_calendar_deadline(&rules, now, days, SLA_CALENDAR_WORKING_DAYS);
}

/* Fills ack / answer (Unix seconds) from the body or the defaults;
 * KC_INVALID naming the field for a deadline in the past or an
 * acknowledgement after the answer. */
static kc_status referral_deadlines(const json_t *body, const casedesk_settings *s, time_t now,
                                    time_t *ack, time_t *answer, kc_problem *pb)
{
    const char *ack_text = json_string_value(json_object_get(body, "acknowledgeBy"));
    const char *answer_text = json_string_value(json_object_get(body, "answerBy"));

    if (ack_text != NULL && referral_time_parse(ack_text, ack) != 0)
        kc_problem_add_field(pb, "acknowledgeBy", "must be an RFC 3339 date-time");
    if (answer_text != NULL && referral_time_parse(answer_text, answer) != 0)
        kc_problem_add_field(pb, "answerBy", "must be an RFC 3339 date-time");
    if (pb->invalid_params != NULL)
        goto out;
    if (ack_text != NULL && *ack <= now)
        kc_problem_add_field(pb, "acknowledgeBy", "must be in the future");
    if (answer_text != NULL && *answer <= now)
        kc_problem_add_field(pb, "answerBy", "must be in the future");
    if (pb->invalid_params != NULL)
        goto out;
    if (ack_text != NULL && answer_text != NULL && *ack > *answer) {
        kc_problem_add_field(pb, "acknowledgeBy", "must not be later than answerBy");
        goto out;
    }
    if (answer_text == NULL)
        referral_default_deadline(s, now, s->referral_answer_days, answer);
    if (ack_text == NULL) {
        referral_default_deadline(s, now, s->referral_acknowledge_days, ack);
        if (*ack > *answer)
            *ack = *answer;
    } else if (answer_text == NULL && *answer < *ack) {
        *answer = *ack;
    }
out:
    if (pb->invalid_params != NULL)
        return kc_problem_set(pb, KC_INVALID, "the referral's deadlines are not valid");
    return KC_OK;
}

/* The event data of a referral (on top of the case's). New reference. */
static json_t *referral_event_extra(const referral *r)
{
    return json_pack("{s:s, s:o, s:o, s:o, s:i}", "referralId", r->id, "officialId",
                     r->official_id[0] ? json_string(r->official_id) : json_null(), "departmentId",
                     r->department_id[0] ? json_string(r->department_id) : json_null(),
                     "holderOfficialId",
                     r->holder_official_id[0] ? json_string(r->holder_official_id) : json_null(),
                     "escalationLevel", r->escalation_level);
}

/* The timeline entry (internal) and the event of a change of r. */
static kc_status referral_record(kc_db_conn *conn, const referral *r, const char *actor,
                                 const char *action, const char *event, const char *reason,
                                 kc_problem *pb)
{
    json_t *detail = NULL, *extra = NULL;
    kc_status st;

    detail = json_pack("{s:s}", "referralId", r->id);
    extra = referral_event_extra(r);
    if (detail == NULL || extra == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    if (reason != NULL)
        json_object_set_new(detail, "reason", json_string(reason));
    if (strcmp(action, "referred") == 0) {
        json_object_set_new(detail, "officialId",
                            r->official_id[0] ? json_string(r->official_id) : json_null());
        json_object_set_new(detail, "departmentId",
                            r->department_id[0] ? json_string(r->department_id) : json_null());
        json_object_set_new(extra, "acknowledgeBy", json_string(r->acknowledge_by));
        json_object_set_new(extra, "answerBy", json_string(r->answer_by));
    }
    st = case_op_timeline_add(conn, r->tenant_id, r->case_id, actor, action, 0, detail, pb);
    if (st == KC_OK)
        st = case_op_emit(conn, r->tenant_id, r->case_id, event, extra, pb);
out:
    json_decref(detail);
    json_decref(extra);
    return st;
}

typedef struct referral_target {
    const char *official_id, *department_id;
    char holder[37];
} referral_target;

/* Checks the addressee: an active official, or a department (whose active
 * team manager holds it). */
static kc_status referral_addressee(kc_db_conn *conn, const char *tenant_id, referral_target *t,
                                    kc_problem *pb)
{
    int exists = 0, active = 0;
    kc_status st;

    if (t->official_id != NULL) {
        st = referral_repo_official_state(conn, tenant_id, t->official_id, &exists, &active, pb);
        if (st != KC_OK)
            return st;
        if (!exists || !active) {
            kc_problem_set(pb, KC_INVALID, "official %s %s", t->official_id,
                           exists ? "is not active" : "is not in the directory");
            kc_problem_add_field(pb, "officialId",
                                 exists ? "the official is not active" : "no such official");
            return KC_INVALID;
        }
        snprintf(t->holder, sizeof(t->holder), "%s", t->official_id);
        return KC_OK;
    }
    st = referral_repo_department_state(conn, tenant_id, t->department_id, &exists, t->holder, pb);
    if (st == KC_OK && !exists) {
        kc_problem_set(pb, KC_INVALID, "department %s is not in the directory", t->department_id);
        kc_problem_add_field(pb, "departmentId", "no such department");
        st = KC_INVALID;
    }
    return st;
}

kc_status referral_service_create(kc_db_pool *pool, const kc_principal *p, const char *case_id,
                                  const json_t *body, referral *out, referral_link_out *link,
                                  kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    casedesk_settings *settings = NULL;
    referral_target target = {0};
    referral_new in = {0};
    char id[37], status[24], actor[160], ack_text[32], answer_text[32], hash[65];
    time_t now = time(NULL), ack = 0, answer = 0;
    int in_tx = 0;
    kc_status st;

    st = kc_check_id("id", case_id, pb);
    if (st == KC_OK)
        st = kc_validate_json(body, referral_fields_create, KC_NELEMS(referral_fields_create), pb);
    if (st != KC_OK)
        goto out;
    target.official_id = json_string_value(json_object_get(body, "officialId"));
    target.department_id = json_string_value(json_object_get(body, "departmentId"));
    if ((target.official_id == NULL) == (target.department_id == NULL)) {
        kc_problem_set(pb, KC_INVALID, "a referral goes to an official or to a department");
        kc_problem_add_field(pb, "officialId", "give exactly one of officialId and departmentId");
        kc_problem_add_field(pb, "departmentId", "give exactly one of officialId and departmentId");
        st = KC_INVALID;
        goto out;
    }
    settings = calloc(1, sizeof(*settings));
    if (settings == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    in_tx = 1;
    st = referral_repo_case_state(conn, p->tenant_id, case_id, 1, status, pb);
    if (st != KC_OK)
        goto out;
    if (strcmp(status, "resolved") == 0 || strcmp(status, "closed") == 0) {
        st = kc_problem_set(pb, KC_CONFLICT, "case %s is %s: no referrals any more", case_id,
                            status);
        goto out;
    }
    st = referral_addressee(conn, p->tenant_id, &target, pb);
    if (st == KC_OK)
        st = settings_repo_get(conn, p->tenant_id, settings, pb);
    if (st == KC_OK)
        st = referral_deadlines(body, settings, now, &ack, &answer, pb);
    if (st == KC_OK && kc_uuid_v4(id) != KC_OK)
        st = kc_problem_set(pb, KC_INTERNAL, "no randomness for an id");
    if (st == KC_OK && referral_link_issue(id, (long long)answer + REFERRAL_LINK_DAYS * 86400LL,
                                           link->token, hash) != KC_OK)
        st = kc_problem_set(pb, KC_INTERNAL, "cannot sign the referral link");
    if (st != KC_OK)
        goto out;
    referral_time_format(ack, ack_text);
    referral_time_format(answer, answer_text);
    casedesk_actor(p, actor, sizeof(actor));
    in.id = id;
    in.case_id = case_id;
    in.official_id = target.official_id;
    in.department_id = target.department_id;
    in.holder_official_id = target.holder[0] ? target.holder : NULL;
    in.question = json_string_value(json_object_get(body, "question"));
    in.acknowledge_by = ack_text;
    in.answer_by = answer_text;
    in.link_nonce_hash_hex = hash;
    in.created_by = actor;
    st = referral_repo_insert(conn, p->tenant_id, &in, out, pb);
    if (st == KC_OK)
        st = referral_record(conn, out, actor, "referred", "referral.created", NULL, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    in_tx = 0;
    if (st != KC_OK)
        goto out;
    snprintf(link->href, sizeof(link->href), "%s%s", REFERRAL_LINK_PATH, link->token);
    referral_time_format(answer + REFERRAL_LINK_DAYS * 86400L, link->expires_at);
out:
    if (in_tx)
        kc_db_rollback(conn);
    kc_db_release(pool, conn);
    free(settings);
    return st;
}

kc_status referral_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                               referral *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    kc_status st;

    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = referral_repo_get(conn, p->tenant_id, id, referral_service_restricted_to(p), 0, out,
                               pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status referral_service_list(kc_db_pool *pool, const kc_principal *p, const referral_query *q,
                                const kc_keyset *page, referral **items, size_t *n,
                                kc_keyset_next *next, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    referral_filter f = {0};
    char status[24];
    kc_status st;

    *items = NULL;
    *n = 0;
    st = q->case_id != NULL ? kc_check_id("id", q->case_id, pb) : KC_OK;
    if (st != KC_OK)
        goto out;
    f.case_id = q->case_id;
    f.status = q->status;
    f.official_id = q->official_id;
    f.overdue = q->overdue == NULL ? -1 : strcmp(q->overdue, "true") == 0;
    f.viewer_sub = referral_service_restricted_to(p);
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK && q->case_id != NULL)
        st = referral_repo_case_state(conn, p->tenant_id, q->case_id, 0, status, pb);
    if (st == KC_OK)
        st = referral_repo_list(conn, p->tenant_id, &f, page, items, n, next, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

/* 409 unless r's state allows action. */
static kc_status referral_state_allows(const referral *r, referral_action action, kc_problem *pb)
{
    int open = strcmp(r->status, "open") == 0;
    int acknowledged = strcmp(r->status, "acknowledged") == 0;

    if (action == REFERRAL_ACKNOWLEDGE && !open)
        return kc_problem_set(pb, KC_CONFLICT,
                              "referral %s is %s: only an open referral can be acknowledged", r->id,
                              r->status);
    if (action == REFERRAL_ANSWER && !open && !acknowledged)
        return kc_problem_set(pb, KC_CONFLICT, "referral %s is %s: it cannot be answered", r->id,
                              r->status);
    if (action == REFERRAL_WITHDRAW && !open && !acknowledged)
        return kc_problem_set(pb, KC_CONFLICT, "referral %s is %s: it cannot be withdrawn", r->id,
                              r->status);
    return KC_OK;
}

static const char *referral_action_timeline(referral_action action)
{
    return action == REFERRAL_ACKNOWLEDGE ? "referral_acknowledged"
           : action == REFERRAL_ANSWER    ? "referral_answered"
                                          : "referral_withdrawn";
}

static const char *referral_action_event(referral_action action)
{
    return action == REFERRAL_ACKNOWLEDGE ? "referral.acknowledged"
           : action == REFERRAL_ANSWER    ? "referral.answered"
                                          : "referral.withdrawn";
}

/* The change itself, on a locked referral cur, inside the transaction. */
static kc_status referral_apply(kc_db_conn *conn, const referral *cur, referral_action action,
                                const json_t *body, const char *actor, int via_link, referral *out,
                                kc_problem *pb)
{
    const char *answer = json_string_value(json_object_get(body, "answer"));
    const char *reason = json_string_value(json_object_get(body, "reason"));
    kc_status st;

    st = referral_state_allows(cur, action, pb);
    if (st == KC_OK)
        st = referral_repo_apply(conn, cur->tenant_id, cur->id, action, answer, actor, via_link,
                                 out, pb);
    if (st == KC_OK)
        st = referral_record(conn, out, actor, referral_action_timeline(action),
                             referral_action_event(action),
                             action == REFERRAL_WITHDRAW ? reason : NULL, pb);
    return st;
}

/* Checks body against what action takes (NULL body: none given). */
static kc_status referral_body(referral_action action, const json_t *body, kc_problem *pb)
{
    if (action == REFERRAL_ANSWER) {
        if (body == NULL) {
            kc_problem_set(pb, KC_INVALID, "the answer is missing");
            kc_problem_add_field(pb, "answer", "required");
            return KC_INVALID;
        }
        return kc_validate_json(body, referral_fields_answer, KC_NELEMS(referral_fields_answer),
                                pb);
    }
    if (body == NULL)
        return KC_OK;
    if (action == REFERRAL_WITHDRAW)
        return kc_validate_json(body, referral_fields_withdraw, KC_NELEMS(referral_fields_withdraw),
                                pb);
    return kc_validate_json(body, NULL, 0, pb);
}

kc_status referral_service_act(kc_db_pool *pool, const kc_principal *p, const char *id,
                               referral_action action, const json_t *body, long long if_match,
                               referral *out, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    referral cur = {0};
    char actor[160];
    int in_tx = 0;
    kc_status st;

    st = kc_check_id("id", id, pb);
    if (st == KC_OK)
        st = referral_body(action, body, pb);
    if (st == KC_OK)
        st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    in_tx = 1;
    st = referral_repo_get(conn, p->tenant_id, id, referral_service_restricted_to(p), 1, &cur, pb);
    if (st != KC_OK)
        goto out;
    if (if_match >= 0 && if_match != cur.version) {
        st = kc_problem_set(pb, KC_PRECONDITION_FAILED, "referral %s is at version %d, not %lld",
                            id, cur.version, if_match);
        goto out;
    }
    casedesk_actor(p, actor, sizeof(actor));
    st = referral_apply(conn, &cur, action, body, actor, 0, out, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    in_tx = 0;
out:
    if (in_tx)
        kc_db_rollback(conn);
    kc_db_release(pool, conn);
    referral_clear(&cur);
    return st;
}

/* The referral behind a token, locked when for_update: KC_NOT_FOUND for a
 * bad token, *gone for an expired or used link or a withdrawn referral. */
static kc_status referral_link_resolve(kc_db_conn *conn, const char *token, int for_update,
                                       referral *out, long long *expires, int *gone, kc_problem *pb)
{
    referral_link_claims claims;
    referral_link_verdict v;
    kc_status st;

    *gone = 0;
    v = referral_link_check(token, time(NULL), &claims);
    if (v == REFERRAL_LINK_BAD)
        return kc_problem_set(pb, KC_NOT_FOUND, "no such referral link");
    st = referral_repo_get_by_link(conn, claims.referral_id, for_update, out, pb);
    if (st == KC_NOT_FOUND || (st == KC_OK && strcmp(out->link_nonce_hash, claims.nonce_hash_hex)))
        return kc_problem_set(pb, KC_NOT_FOUND, "no such referral link");
    if (st != KC_OK)
        return st;
    *expires = claims.expires;
    if (v == REFERRAL_LINK_EXPIRED || out->link_used || strcmp(out->status, "withdrawn") == 0) {
        *gone = 1;
        return kc_problem_set(pb, KC_NOT_FOUND, "%s",
                              v == REFERRAL_LINK_EXPIRED ? "this referral link has expired"
                              : out->link_used           ? "this referral link has been used"
                                                         : "this referral was withdrawn");
    }
    return KC_OK;
}

static kc_status referral_link_view_fill(kc_db_conn *conn, long long expires, referral_link_view *v,
                                         kc_problem *pb)
{
    referral_time_format((time_t)expires, v->expires_at);
    return referral_repo_case_context(conn, v->r.tenant_id, v->r.case_id, &v->category_name,
                                      &v->case_description, pb);
}

kc_status referral_service_link_get(kc_db_pool *pool, const char *token, referral_link_view *out,
                                    int *gone, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    long long expires = 0;
    kc_status st;

    *gone = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = referral_link_resolve(conn, token, 0, &out->r, &expires, gone, pb);
    if (st == KC_OK)
        st = referral_link_view_fill(conn, expires, out, pb);
    kc_db_release(pool, conn);
    return st;
}

kc_status referral_service_link_act(kc_db_pool *pool, const char *token, referral_action action,
                                    const json_t *body, referral_link_view *out, int *gone,
                                    kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    referral cur = {0};
    char actor[64];
    long long expires = 0;
    int in_tx = 0;
    kc_status st;

    *gone = 0;
    st = kc_db_acquire(pool, &conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(conn, pb);
    if (st != KC_OK)
        goto out;
    in_tx = 1;
    st = referral_link_resolve(conn, token, 1, &cur, &expires, gone, pb);
    if (st == KC_OK)
        st = referral_body(action, body, pb);
    if (st != KC_OK)
        goto out;
    snprintf(actor, sizeof(actor), "link:%s", cur.id);
    st = referral_apply(conn, &cur, action, body, actor, action == REFERRAL_ANSWER, &out->r, pb);
    if (st == KC_OK)
        st = referral_link_view_fill(conn, expires, out, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
    in_tx = 0;
out:
    if (in_tx)
        kc_db_rollback(conn);
    kc_db_release(pool, conn);
    referral_clear(&cur);
    return st;
}
