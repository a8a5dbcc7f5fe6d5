#include "citizen/tracking_service.h"

#include <stdio.h>
#include <string.h>
#include "koers/auth.h"
#include "koers/validate.h"
#include "cases/case_ops.h"
#include "citizen/reopen_request_repo.h"
#include "sla/settings_repo.h"
#include "citizen/tracking_repo.h"

/* The actor of everything the citizen does (timeline, case_op_resume). */
#define TRACKING_ACTOR "citizen"

static const kc_field tracking_fields_message[] = {
    {.name = "text", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 5000},
};
static const kc_field tracking_fields_feedback[] = {
    {.name = "satisfaction", .type = KC_T_INT, .required = 1, .min = 1, .max = 5},
    {.name = "equalParty", .type = KC_T_BOOL, .required = 1},
    {.name = "comment", .type = KC_T_STRING, .nullable = 1, .max_len = 2000},
};

int tracking_token_hash(const char *token, char hash_hex[65])
{
    size_t len, i;
    char ch;

    hash_hex[0] = '\0';
    if (token == NULL)
        return 0;
    len = strlen(token);
    if (len < 16 || len > 128)
        return 0;
    for (i = 0; i < len; i++) {
        ch = token[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_'))
            return 0;
    }
    kc_sha256_hex(token, len, hash_hex);
    return hash_hex[0] != '\0';
}

int tracking_feedback_is_unhappy(int satisfaction, int equal_party, int satisfaction_max,
                                 int on_not_equal)
{
    return satisfaction <= satisfaction_max || (on_not_equal && !equal_party);
}

/* The one answer for a token that finds nothing, whatever the reason: an
 * unknown token, a malformed one, an anonymised case. */
static kc_status tracking_not_found(kc_problem *pb)
{
    return kc_problem_set(pb, KC_NOT_FOUND, "no case is tracked with this token");
}

/* Opens a transaction on a fresh connection with the case behind token
 * locked. *conn is the caller's (release it), also when this fails. */
static kc_status tracking_open(kc_db_pool *pool, const char *token, kc_db_conn **conn,
                               tracking_case *c, kc_problem *pb)
{
    char hash[65];
    kc_status st;

    if (!tracking_token_hash(token, hash))
        return tracking_not_found(pb);
    st = kc_db_acquire(pool, conn, pb);
    if (st == KC_OK)
        st = kc_db_begin(*conn, pb);
    if (st == KC_OK)
        st = tracking_repo_find(*conn, hash, 1, c, pb);
    if (st == KC_NOT_FOUND)
        st = tracking_not_found(pb);
    return st;
}

kc_status tracking_service_view(kc_db_pool *pool, const char *token, tracking_view *out,
                                kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    char hash[65];
    kc_status st;

    if (!tracking_token_hash(token, hash)) {
        st = tracking_not_found(pb);
        goto out;
    }
    st = kc_db_acquire(pool, &conn, pb);
    if (st != KC_OK)
        goto out;
    st = tracking_repo_find(conn, hash, 0, &out->c, pb);
    if (st == KC_NOT_FOUND)
        st = tracking_not_found(pb);
    if (st == KC_OK)
        st = tracking_repo_timeline(conn, out->c.tenant_id, out->c.id, &out->timeline,
                                    &out->ntimeline, pb);
    if (st == KC_OK)
        st = tracking_repo_messages(conn, out->c.tenant_id, out->c.id, &out->messages,
                                    &out->nmessages, pb);
    if (st == KC_OK)
        st = tracking_repo_feedback(conn, out->c.tenant_id, out->c.id, out->c.reopen_count,
                                    &out->feedback, pb);
    if (st == KC_OK)
        st = tracking_repo_reopen_of_round(conn, out->c.tenant_id, out->c.id, out->c.reopen_count,
                                           &out->reopen, pb);
out:
    kc_db_release(pool, conn);
    return st;
}

kc_status tracking_service_message(kc_db_pool *pool, const char *token, const json_t *body,
                                   tracking_message *out, int *resumed, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    tracking_case c = {0};
    json_t *detail = NULL;
    const char *text;
    kc_status st;

    *resumed = 0;
    st = kc_validate_json(body, tracking_fields_message, KC_NELEMS(tracking_fields_message), pb);
    if (st != KC_OK)
        goto out;
    text = json_string_value(json_object_get(body, "text"));
    if (strspn(text, " \t\r\n") == strlen(text)) { /* as a staff message */
        kc_problem_set(pb, KC_INVALID, "text must not be blank");
        kc_problem_add_field(pb, "text", "must not be blank");
        st = KC_INVALID;
        goto out;
    }
    st = tracking_open(pool, token, &conn, &c, pb);
    if (st != KC_OK)
        goto out;
    if (!tracking_can_send_message(&c)) {
        st = kc_problem_set(pb, KC_CONFLICT,
                            "the case is closed: it takes no more messages (file a new case)");
        goto out;
    }
    st = tracking_repo_add_message(conn, c.tenant_id, c.id,
                                   json_string_value(json_object_get(body, "text")), out, pb);
    if (st != KC_OK)
        goto out;
    detail = json_pack("{s:I}", "messageId", (json_int_t)out->id);
    if (detail == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = case_op_timeline_add(conn, c.tenant_id, c.id, TRACKING_ACTOR, "message", 1, detail, pb);
    if (st == KC_OK)
        st = case_op_emit(conn, c.tenant_id, c.id, "case.message.received", detail, pb);
    if (st == KC_OK && strcmp(c.status, "waiting") == 0)
        st = case_op_resume(conn, c.tenant_id, c.id, TRACKING_ACTOR, resumed, pb);
    if (st == KC_OK)
        st = kc_db_commit(conn, pb);
out:
    if (st != KC_OK)
        *resumed = 0;
    json_decref(detail);
    kc_db_release(pool, conn);
    tracking_case_clear(&c);
    return st;
}

/* The reopen request of unhappy feedback, with its timeline entry and
 * event, in the caller's transaction. */
static kc_status tracking_request_reopen(kc_db_conn *conn, const tracking_case *c, int round,
                                         kc_problem *pb)
{
    json_t *detail = NULL;
    char id[37] = "";
    kc_status st;

    st = reopen_request_repo_insert(conn, c->tenant_id, c->id, round, id, pb);
    if (st != KC_OK)
        goto out;
    detail = json_pack("{s:s, s:i}", "reopenRequestId", id, "round", round);
    if (detail == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = case_op_timeline_add(conn, c->tenant_id, c->id, TRACKING_ACTOR, "reopen_requested", 1,
                              detail, pb);
    if (st == KC_OK)
        st = case_op_emit(conn, c->tenant_id, c->id, "case.reopen.requested", detail, pb);
out:
    json_decref(detail);
    return st;
}

kc_status tracking_service_feedback(kc_db_pool *pool, const char *token, const json_t *body,
                                    tracking_feedback *out, int *reopen_requested, kc_problem *pb)
{
    kc_db_conn *conn = NULL;
    tracking_case c = {0};
    tracking_feedback_new in = {0};
    casedesk_settings settings;
    json_t *data = NULL;
    const char *comment;
    int inserted = 0;
    kc_status st;

    *reopen_requested = 0;
    st = kc_validate_json(body, tracking_fields_feedback, KC_NELEMS(tracking_fields_feedback), pb);
    if (st != KC_OK)
        goto out;
    st = tracking_open(pool, token, &conn, &c, pb);
    if (st != KC_OK)
        goto out;
    if (strcmp(c.status, "resolved") != 0 && strcmp(c.status, "closed") != 0) {
        st = kc_problem_set(pb, KC_CONFLICT,
                            "feedback can be given once the case is resolved; it is %s", c.status);
        goto out;
    }
    in.round = c.reopen_count;
    in.satisfaction = (int)json_integer_value(json_object_get(body, "satisfaction"));
    in.equal_party = json_is_true(json_object_get(body, "equalParty"));
    comment = json_string_value(json_object_get(body, "comment"));
    in.comment = comment != NULL && comment[0] != '\0' ? comment : NULL;
    st = tracking_repo_add_feedback(conn, c.tenant_id, c.id, &in, &inserted, out, pb);
    if (st != KC_OK)
        goto out;
    if (!inserted) {
        st = kc_problem_set(pb, KC_CONFLICT,
                            "feedback on this resolution of the case was given already");
        goto out;
    }
    /* the event and the timeline carry the scores, never the comment */
    data = json_pack("{s:i, s:i, s:b}", "round", in.round, "satisfaction", in.satisfaction,
                     "equalParty", in.equal_party);
    if (data == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "out of memory");
        goto out;
    }
    st = case_op_timeline_add(conn, c.tenant_id, c.id, TRACKING_ACTOR, "feedback", 1, data, pb);
    if (st == KC_OK)
        st = case_op_emit(conn, c.tenant_id, c.id, "case.feedback.received", data, pb);
    if (st == KC_OK)
        st = settings_repo_get(conn, c.tenant_id, &settings, pb);
    if (st != KC_OK)
        goto out;
    if (tracking_feedback_is_unhappy(in.satisfaction, in.equal_party,
                                     settings.reopen_satisfaction_max,
                                     settings.reopen_on_not_equal)) {
        st = tracking_request_reopen(conn, &c, in.round, pb);
        if (st != KC_OK)
            goto out;
        *reopen_requested = 1;
    }
    st = kc_db_commit(conn, pb);
out:
    if (st != KC_OK) {
        *reopen_requested = 0;
        tracking_feedback_clear(out);
    }
    json_decref(data);
    kc_db_release(pool, conn);
    tracking_case_clear(&c);
    return st;
}
