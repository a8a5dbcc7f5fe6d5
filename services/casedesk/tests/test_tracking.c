/* The citizen's tracking page: token hashing, the feedback rule and what
 * the view shows. Links the tracking service alone; the repositories and
 * case operations below it are faked and never reached. */
/* LINK: citizen/tracking_service.c citizen/tracking_model.c citizen/reopen_request_model.c */
/* WRAP: tracking_repo_find tracking_repo_timeline tracking_repo_messages */
/* WRAP: tracking_repo_feedback tracking_repo_reopen_of_round */
/* WRAP: tracking_repo_add_message tracking_repo_add_feedback */
/* WRAP: case_op_emit case_op_resume case_op_timeline_add */
/* WRAP: settings_repo_get reopen_request_repo_insert */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "citizen/reopen_request_model.h"
#include "citizen/tracking_model.h"
#include "citizen/tracking_service.h"
#include "koers_test.h"

KT_UNREACHED(tracking_repo_find)
KT_UNREACHED(tracking_repo_timeline)
KT_UNREACHED(tracking_repo_messages)
KT_UNREACHED(tracking_repo_feedback)
KT_UNREACHED(tracking_repo_reopen_of_round)
KT_UNREACHED(tracking_repo_add_message)
KT_UNREACHED(tracking_repo_add_feedback)
KT_UNREACHED(case_op_emit)
KT_UNREACHED(case_op_resume)
KT_UNREACHED(case_op_timeline_add)
KT_UNREACHED(settings_repo_get)
KT_UNREACHED(reopen_request_repo_insert)

static void test_token_is_hashed_as_stored(void **state)
{
    char hash[65];
    (void)state;

    /* printf %s abcdefghijklmnopqrstuvwxyz012345 | sha256sum */
    assert_int_equal(tracking_token_hash("abcdefghijklmnopqrstuvwxyz012345", hash), 1);
    assert_string_equal(hash, "653bb1245e828fcda4fa53fcd5a3def5bd7654e651f54b4132b73d74e64435c4");
    /* 43 base64url characters, as kc_token_generate makes them */
    assert_int_equal(tracking_token_hash("Q2l0aXplbl90cmFja2luZ190b2tlbl9mb3JfdGVzdHM_-xA", hash),
                     1);
}

static void test_malformed_tokens_have_no_hash(void **state)
{
    char hash[65];
    char long_token[200];
    static const char *const bad[] = {"",
                                      "short",
                                      "abcdefghijklmnop/../../etc",
                                      "abcdefghijklmnopqrst uvwxyz",
                                      "abcdefghijklmnopqrst%20uvwx",
                                      "abcdefghijklmnopqrst=",
                                      "abcdefghijklmnopqrst\xc3\xa9uvwx"};
    size_t i;
    (void)state;

    for (i = 0; i < KC_NELEMS(bad); i++) {
        strcpy(hash, "x");
        assert_int_equal(tracking_token_hash(bad[i], hash), 0);
        assert_string_equal(hash, "");
    }
    assert_int_equal(tracking_token_hash(NULL, hash), 0);
    memset(long_token, 'a', sizeof(long_token) - 1);
    long_token[sizeof(long_token) - 1] = '\0';
    assert_int_equal(tracking_token_hash(long_token, hash), 0);
}

static void test_unhappy_feedback(void **state)
{
    (void)state;
    /* satisfaction at or below the maximum asks for a reopen */
    assert_int_equal(tracking_feedback_is_unhappy(2, 1, 2, 1), 1);
    assert_int_equal(tracking_feedback_is_unhappy(3, 1, 2, 1), 0);
    assert_int_equal(tracking_feedback_is_unhappy(1, 1, 0, 0), 0); /* 0 = never on the score */
    assert_int_equal(tracking_feedback_is_unhappy(5, 1, 5, 0), 1);
    /* not treated as an equal party: only when the tenant says so */
    assert_int_equal(tracking_feedback_is_unhappy(5, 0, 2, 1), 1);
    assert_int_equal(tracking_feedback_is_unhappy(5, 0, 2, 0), 0);
}

static tracking_view sample_view(const char *status)
{
    tracking_view v;
    memset(&v, 0, sizeof(v));
    strcpy(v.c.tenant_id, "11111111-1111-4111-8111-111111111111");
    strcpy(v.c.id, "22222222-2222-4222-8222-222222222222");
    strcpy(v.c.reference, "BV-2026-000001");
    strcpy(v.c.status, status);
    strcpy(v.c.category_id, "33333333-3333-4333-8333-333333333333");
    v.c.category_name = strdup("Openbare ruimte");
    strcpy(v.c.created_at, "2026-11-23T10:00:00.000Z");
    strcpy(v.c.resolution_due, "2026-12-04T10:00:00.000Z");
    strcpy(v.c.suspended_since, "2026-11-24T10:00:00.000Z");
    v.c.suspension_reason = strdup("foto nodig");
    return v;
}

static void test_view_shows_only_the_citizens_members(void **state)
{
    static const char *const members[] = {
        "reference",     "status",         "category",      "createdAt",       "firstContactDue",
        "resolutionDue", "firstContactAt", "suspension",    "outcome",         "timeline",
        "messages",      "feedback",       "reopenRequest", "canGiveFeedback", "canSendMessage"};
    tracking_view v = sample_view("waiting");
    json_t *doc;
    size_t i;
    (void)state;

    v.timeline = calloc(1, sizeof(*v.timeline));
    v.ntimeline = 1;
    strcpy(v.timeline[0].at, "2026-11-23T10:00:00.000Z");
    strcpy(v.timeline[0].action, "received");
    strcpy(v.timeline[0].status, "received");
    doc = tracking_view_to_json(&v);
    assert_non_null(doc);
    assert_int_equal(json_object_size(doc), KC_NELEMS(members));
    for (i = 0; i < KC_NELEMS(members); i++)
        assert_non_null(json_object_get(doc, members[i]));
    /* no ids a citizen has no use for, no tenant */
    assert_null(json_object_get(doc, "id"));
    assert_null(json_object_get(doc, "tenantId"));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(doc, "suspension"), "reason")),
        "foto nodig");
    assert_true(json_is_null(json_object_get(doc, "outcome")));
    assert_true(json_is_null(json_object_get(doc, "feedback")));
    assert_true(json_is_false(json_object_get(doc, "canGiveFeedback")));
    assert_true(json_is_true(json_object_get(doc, "canSendMessage")));
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "timeline"), 0), "status")),
                        "received");
    json_decref(doc);
    tracking_view_clear(&v);
}

static void test_suspension_only_while_waiting_and_feedback_once(void **state)
{
    tracking_view v = sample_view("resolved");
    json_t *doc;
    (void)state;

    strcpy(v.c.outcome, "refused");
    v.c.outcome_explanation = strdup("Uitgelegd waarom niet.");
    doc = tracking_view_to_json(&v);
    assert_true(json_is_null(json_object_get(doc, "suspension")));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(doc, "outcome"), "result")), "refused");
    assert_true(json_is_true(json_object_get(doc, "canGiveFeedback")));
    json_decref(doc);

    v.feedback.present = 1;
    v.feedback.satisfaction = 2;
    v.feedback.comment = strdup("niet blij");
    doc = tracking_view_to_json(&v);
    assert_true(json_is_false(json_object_get(doc, "canGiveFeedback")));
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(doc, "feedback"), "satisfaction")), 2);
    json_decref(doc);

    strcpy(v.c.status, "closed");
    v.feedback.present = 0;
    doc = tracking_view_to_json(&v);
    assert_true(json_is_true(json_object_get(doc, "canGiveFeedback")));
    assert_true(json_is_false(json_object_get(doc, "canSendMessage")));
    json_decref(doc);
    tracking_view_clear(&v);
}

static void test_reopen_request_json_has_no_comment(void **state)
{
    reopen_request r;
    json_t *doc, *fb;
    (void)state;

    memset(&r, 0, sizeof(r));
    strcpy(r.id, "44444444-4444-4444-8444-444444444444");
    strcpy(r.status, "pending");
    r.has_feedback = 1;
    r.satisfaction = 1;
    doc = reopen_request_to_json(&r);
    assert_non_null(doc);
    fb = json_object_get(doc, "feedback");
    assert_int_equal(json_object_size(fb), 2);
    assert_true(json_is_false(json_object_get(fb, "equalParty")));
    assert_true(json_is_null(json_object_get(doc, "declineReason")));
    assert_true(json_is_null(json_object_get(doc, "decidedAt")));
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_token_is_hashed_as_stored),
        cmocka_unit_test(test_malformed_tokens_have_no_hash),
        cmocka_unit_test(test_unhappy_feedback),
        cmocka_unit_test(test_view_shows_only_the_citizens_members),
        cmocka_unit_test(test_suspension_only_while_waiting_and_feedback_once),
        cmocka_unit_test(test_reopen_request_json_has_no_comment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
