/* The rules of a bottleneck as a caller meets them, with the repository,
 * the people rule, the pool and the outbox faked (one bottleneck in
 * memory): who may raise, change, delete and decide (the right each asks
 * of process_service_authorise), the data rules of the check hook (source,
 * session, step, frequency, status, processId), the bottleneck.prioritised
 * event of a PATCH that changes the score's members, and the decisions
 * with their 409, 412 and 422. */
/* LINK: backlog/bottleneck_service.c backlog/bottleneck_score.c backlog/bottleneck_status.c */
/* LINK: backlog/bottleneck_resource.c */
/* WRAP: kc_db_acquire kc_db_release kc_db_begin kc_db_commit kc_outbox_add kc_resource_get */
/* WRAP: process_service_authorise bottleneck_repo_lock bottleneck_repo_step_fits */
/* WRAP: bottleneck_repo_session_kind bottleneck_repo_score bottleneck_repo_decide */
/* WRAP: bottleneck_repo_rescore */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "koers/outbox.h"
#include "koers/resource.h"
#include "koers_test.h"
#include "backlog/bottleneck_repo.h"
#include "backlog/bottleneck_service.h"
#include "processes/process_service.h"

#define TENANT "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define PROC   "0b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a80"
#define OTHER  "0b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a81"
#define BN     "1b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a80"
#define STEP   "2b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a80"
#define SESS   "3b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a80"

/* The fake database, and what the service did with it. */
static struct {
    bottleneck_row row;
    int exists;
    char session_kind[32];
    int step_fits;
    int score_tenths;
    kc_status authorise; /* what process_service_authorise answers */
    int authorised;
    process_right right;
    char authorised_process[40];
    int decided;
    char decided_status[32], decided_reason[64];
    int nevents;
    char event_type[64];
    json_t *event;
} db;

static int reset(void **state)
{
    (void)state;
    kt_db_reset(); /* the pool and transaction fakes of koers_test.h */
    json_decref(db.event);
    memset(&db, 0, sizeof(db));
    db.exists = 1;
    snprintf(db.row.process_id, sizeof(db.row.process_id), "%s", PROC);
    snprintf(db.row.source, sizeof(db.row.source), "staff");
    snprintf(db.row.status, sizeof(db.row.status), "open");
    db.row.impact = 3;
    db.row.effort = 2;
    db.row.score_tenths = 650;
    db.row.version = 4;
    snprintf(db.session_kind, sizeof(db.session_kind), "interview");
    db.step_fits = 1;
    db.score_tenths = 735;
    db.authorise = KC_OK;
    return 0;
}

static int clear(void **state)
{
    (void)state;
    json_decref(db.event);
    db.event = NULL;
    return 0;
}

static const kc_principal coordinator = {
    .kind = KC_PRINCIPAL_STAFF, .tenant_id = TENANT, .subject = "c", .roles = "coordinator"};

KT_FAKE(kc_outbox_add);
kc_status __wrap_kc_outbox_add(kc_db_conn *conn, const char *schema, const char *type,
                               const char *tenant_id, const char *subject, const json_t *data,
                               kc_problem *pb)
{
    (void)conn;
    (void)pb;
    assert_string_equal(schema, "processes");
    assert_string_equal(tenant_id, TENANT);
    assert_string_equal(subject, BN);
    db.nevents++;
    snprintf(db.event_type, sizeof(db.event_type), "%s", type);
    json_decref(db.event);
    db.event = json_deep_copy(data);
    return KC_OK;
}

KT_FAKE(kc_resource_get);
kc_status __wrap_kc_resource_get(kc_db_pool *pool, const kc_resource *res, const char *tenant_id,
                                 const char *id, json_t **row, long long *version, kc_problem *pb)
{
    (void)pool;
    (void)tenant_id;
    (void)pb;
    assert_string_equal(res->noun, "bottleneck");
    *row = json_pack("{s:s, s:s}", "id", id, "status", db.row.status);
    *version = db.row.version;
    return KC_OK;
}

KT_FAKE(process_service_authorise);
kc_status __wrap_process_service_authorise(kc_db_conn *conn, const kc_principal *p,
                                           const char *process_id, process_right right,
                                           kc_problem *pb)
{
    (void)conn;
    (void)p;
    db.authorised++;
    db.right = right;
    snprintf(db.authorised_process, sizeof(db.authorised_process), "%s", process_id);
    if (db.authorise != KC_OK)
        return kc_problem_set(pb, db.authorise, "not yours");
    return KC_OK;
}

KT_FAKE(bottleneck_repo_lock);
kc_status __wrap_bottleneck_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      bottleneck_row *out, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    if (!db.exists || strcmp(id, BN) != 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "bottleneck %s not found", id);
    *out = db.row;
    return KC_OK;
}

KT_FAKE(bottleneck_repo_step_fits);
kc_status __wrap_bottleneck_repo_step_fits(kc_db_conn *conn, const char *tenant_id,
                                           const char *process_id, const char *step_id, int *fits,
                                           kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)pb;
    assert_string_equal(process_id, PROC);
    assert_string_equal(step_id, STEP);
    *fits = db.step_fits;
    return KC_OK;
}

KT_FAKE(bottleneck_repo_session_kind);
kc_status __wrap_bottleneck_repo_session_kind(kc_db_conn *conn, const char *tenant_id,
                                              const char *session_id, char *kind, size_t n,
                                              kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)pb;
    snprintf(kind, n, "%s", strcmp(session_id, SESS) == 0 ? db.session_kind : "");
    return KC_OK;
}

KT_FAKE(bottleneck_repo_score);
kc_status __wrap_bottleneck_repo_score(kc_db_conn *conn, const char *tenant_id, int impact,
                                       int effort, long frequency, const char *frequency_unit,
                                       int *score_tenths, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)impact;
    (void)effort;
    (void)frequency;
    (void)frequency_unit;
    (void)pb;
    *score_tenths = db.score_tenths;
    return KC_OK;
}

KT_FAKE(bottleneck_repo_decide);
kc_status __wrap_bottleneck_repo_decide(kc_db_conn *conn, const char *tenant_id, const char *id,
                                        const char *status, const char *decision,
                                        const char *reason, int *version, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)id;
    (void)decision;
    (void)pb;
    db.decided++;
    snprintf(db.row.status, sizeof(db.row.status), "%s", status);
    snprintf(db.decided_status, sizeof(db.decided_status), "%s", status);
    snprintf(db.decided_reason, sizeof(db.decided_reason), "%s", reason ? reason : "");
    *version = ++db.row.version;
    return KC_OK;
}

KT_UNREACHED(bottleneck_repo_rescore)

/* The check of a create (id NULL), PATCH (id, body) or DELETE (id, NULL). */
static kc_status check(const char *id, const char *body_json, kc_problem *pb)
{
    json_t *body = body_json ? json_loads(body_json, 0, NULL) : NULL;
    kc_status st;

    if (body_json != NULL)
        assert_non_null(body);
    kc_problem_init(pb);
    st = bottleneck_service_check((kc_db_conn *)&db, &coordinator, id, body, pb);
    json_decref(body);
    return st;
}

static int names(const kc_problem *pb, const char *field)
{
    return kt_invalid_param(pb->invalid_params, field);
}

static void raising_asks_to_contribute(void **state)
{
    kc_problem pb;
    (void)state;

    assert_int_equal(check(NULL,
                           "{\"processId\": \"" PROC "\", \"source\": \"staff\", \"impact\": 3,"
                           " \"effort\": 2}",
                           &pb),
                     KC_OK);
    assert_int_equal(db.right, PROCESS_CONTRIBUTE);
    assert_string_equal(db.authorised_process, PROC);
    kc_problem_clear(&pb);
    /* someone else's process: refused before any data rule */
    db.authorise = KC_FORBIDDEN;
    assert_int_equal(
        check(NULL, "{\"processId\": \"" PROC "\", \"source\": \"citizens_cases\"}", &pb),
        KC_FORBIDDEN);
    assert_null(pb.invalid_params);
    kc_problem_clear(&pb);
}

static void raising_checks_the_data(void **state)
{
    kc_problem pb;
    (void)state;

    /* citizens' cases are the service's own; a raised one is open */
    assert_int_equal(check(NULL,
                           "{\"processId\": \"" PROC "\", \"source\": \"citizens_cases\","
                           " \"status\": \"proposed\"}",
                           &pb),
                     KC_INVALID);
    assert_true(names(&pb, "source"));
    assert_true(names(&pb, "status"));
    kc_problem_clear(&pb);
    assert_int_equal(
        check(NULL, "{\"processId\": \"" PROC "\", \"source\": \"staff\", \"status\": \"open\"}",
              &pb),
        KC_OK);
    kc_problem_clear(&pb);
    /* frequency and its unit come together */
    assert_int_equal(
        check(NULL, "{\"processId\": \"" PROC "\", \"source\": \"staff\", \"frequency\": 3}", &pb),
        KC_INVALID);
    assert_true(names(&pb, "frequencyUnit"));
    kc_problem_clear(&pb);
    assert_int_equal(check(NULL,
                           "{\"processId\": \"" PROC
                           "\", \"source\": \"staff\", \"frequency\": null,"
                           " \"frequencyUnit\": \"week\"}",
                           &pb),
                     KC_INVALID);
    assert_true(names(&pb, "frequency"));
    kc_problem_clear(&pb);
    /* an interview names its interview; staff name none */
    assert_int_equal(check(NULL, "{\"processId\": \"" PROC "\", \"source\": \"interview\"}", &pb),
                     KC_INVALID);
    assert_true(names(&pb, "sessionId"));
    kc_problem_clear(&pb);
    assert_int_equal(check(NULL,
                           "{\"processId\": \"" PROC "\", \"source\": \"interview\","
                           " \"sessionId\": \"" SESS "\"}",
                           &pb),
                     KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(check(NULL,
                           "{\"processId\": \"" PROC "\", \"source\": \"session\","
                           " \"sessionId\": \"" SESS "\"}",
                           &pb),
                     KC_INVALID); /* the session is an interview */
    assert_true(names(&pb, "sessionId"));
    kc_problem_clear(&pb);
    assert_int_equal(check(NULL,
                           "{\"processId\": \"" PROC "\", \"source\": \"staff\","
                           " \"sessionId\": \"" SESS "\"}",
                           &pb),
                     KC_INVALID);
    assert_true(names(&pb, "sessionId"));
    kc_problem_clear(&pb);
    /* the step: of a published flow version of the process */
    db.step_fits = 0;
    assert_int_equal(check(NULL,
                           "{\"processId\": \"" PROC "\", \"source\": \"staff\","
                           " \"stepId\": \"" STEP "\"}",
                           &pb),
                     KC_INVALID);
    assert_true(names(&pb, "stepId"));
    kc_problem_clear(&pb);
    db.step_fits = 1;
    assert_int_equal(check(NULL,
                           "{\"processId\": \"" PROC "\", \"source\": \"staff\","
                           " \"stepId\": \"" STEP "\"}",
                           &pb),
                     KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(db.nevents, 0); /* the create's event is the service's, with the new id */
}

static void changes_and_deletes_ask_to_steer(void **state)
{
    kc_problem pb;
    (void)state;

    assert_int_equal(check(BN, "{\"description\": \"x\"}", &pb), KC_OK);
    assert_int_equal(db.right, PROCESS_STEER);
    assert_string_equal(db.authorised_process, PROC); /* the stored row's process */
    kc_problem_clear(&pb);
    assert_int_equal(check(BN, NULL, &pb), KC_OK);
    assert_int_equal(db.right, PROCESS_STEER);
    kc_problem_clear(&pb);
    db.authorise = KC_FORBIDDEN;
    assert_int_equal(check(BN, "{\"impact\": 5}", &pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
    assert_int_equal(check(BN, NULL, &pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
    db.exists = 0;
    assert_int_equal(check(BN, NULL, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(db.nevents, 0);
}

static void a_change_keeps_what_is_fixed(void **state)
{
    kc_problem pb;
    (void)state;

    assert_int_equal(check(BN, "{\"processId\": \"" OTHER "\", \"status\": \"solved\"}", &pb),
                     KC_INVALID);
    assert_true(names(&pb, "processId"));
    assert_true(names(&pb, "status"));
    kc_problem_clear(&pb);
    /* echoing what was read is fine */
    assert_int_equal(check(BN, "{\"processId\": \"" PROC "\", \"status\": \"open\"}", &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(check(BN, "{\"source\": \"citizens_cases\"}", &pb), KC_INVALID);
    assert_true(names(&pb, "source"));
    kc_problem_clear(&pb);
    snprintf(db.row.source, sizeof(db.row.source), "citizens_cases");
    assert_int_equal(check(BN, "{\"source\": \"staff\"}", &pb), KC_INVALID);
    assert_true(names(&pb, "source"));
    kc_problem_clear(&pb);
    /* the stored frequency counts: dropping the unit alone leaves a frequency without one */
    db.row.has_frequency = 1;
    db.row.frequency = 2;
    snprintf(db.row.frequency_unit, sizeof(db.row.frequency_unit), "week");
    assert_int_equal(check(BN, "{\"frequencyUnit\": null}", &pb), KC_INVALID);
    assert_true(names(&pb, "frequencyUnit"));
    kc_problem_clear(&pb);
    assert_int_equal(db.nevents, 0);
    /* both dropped: the frequency is unknown now, which is a new score */
    assert_int_equal(check(BN, "{\"frequencyUnit\": null, \"frequency\": null}", &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(db.nevents, 1);
}

static void a_new_score_is_an_event(void **state)
{
    kc_problem pb;
    (void)state;

    assert_int_equal(check(BN, "{\"description\": \"x\", \"impact\": 3, \"effort\": 2}", &pb),
                     KC_OK);
    assert_int_equal(db.nevents, 0); /* nothing of the score changed */
    kc_problem_clear(&pb);
    assert_int_equal(check(BN, "{\"effort\": 4}", &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(db.nevents, 1);
    assert_string_equal(db.event_type, "bottleneck.prioritised");
    assert_string_equal(json_string_value(json_object_get(db.event, "id")), BN);
    assert_string_equal(json_string_value(json_object_get(db.event, "processId")), PROC);
    assert_true(json_real_value(json_object_get(db.event, "score")) == 73.5);
    assert_true(json_real_value(json_object_get(db.event, "previousScore")) == 65.0);
    assert_string_equal(json_string_value(json_object_get(db.event, "quadrant")), "big_bet");
    assert_null(json_object_get(db.event, "description"));
    /* a frequency is a member of the score too */
    assert_int_equal(check(BN, "{\"frequency\": 3, \"frequencyUnit\": \"month\"}", &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(db.nevents, 2);
}

static kc_status decide(const char *body_json, long long if_match, kc_problem *pb)
{
    json_t *body = json_loads(body_json, 0, NULL), *out = NULL;
    long long version = -1;
    kc_status st;

    kc_problem_init(pb);
    st = bottleneck_service_decide(NULL, &coordinator, BN, body, if_match, &out, &version, pb);
    if (st == KC_OK)
        assert_int_equal(version, db.row.version);
    else
        assert_null(out);
    json_decref(out);
    json_decref(body);
    return st;
}

static void decisions_follow_the_table(void **state)
{
    kc_problem pb;
    json_t *allowed;
    (void)state;

    snprintf(db.row.status, sizeof(db.row.status), "proposed");
    assert_int_equal(decide("{\"decision\": \"take_up\"}", -1, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(db.right, PROCESS_STEER);
    assert_string_equal(db.decided_status, "open");
    assert_int_equal(kt_db.committed, 1);
    assert_string_equal(db.event_type, "bottleneck.prioritised");
    assert_true(json_real_value(json_object_get(db.event, "score")) == 65.0);
    assert_null(json_object_get(db.event, "previousScore"));
    /* open: only dismiss */
    assert_int_equal(decide("{\"decision\": \"reopen\"}", -1, &pb), KC_CONFLICT);
    allowed = json_object_get(pb.extra, "allowedDecisions");
    assert_int_equal(json_array_size(allowed), 1);
    assert_string_equal(json_string_value(json_array_get(allowed, 0)), "dismiss");
    kc_problem_clear(&pb);
    /* a dismissal needs its reason */
    assert_int_equal(decide("{\"decision\": \"dismiss\"}", -1, &pb), KC_INVALID);
    assert_true(names(&pb, "reason"));
    kc_problem_clear(&pb);
    assert_int_equal(
        decide("{\"decision\": \"dismiss\", \"reason\": \"buiten ons bereik\"}", 3, &pb),
        KC_PRECONDITION_FAILED);
    kc_problem_clear(&pb);
    assert_int_equal(
        decide("{\"decision\": \"dismiss\", \"reason\": \"buiten ons bereik\"}", 5, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_string_equal(db.decided_status, "dismissed");
    assert_string_equal(db.decided_reason, "buiten ons bereik");
    assert_int_equal(db.nevents, 1); /* only take_up prioritises */
    assert_int_equal(decide("{\"decision\": \"take_up\"}", -1, &pb), KC_CONFLICT);
    allowed = json_object_get(pb.extra, "allowedDecisions");
    assert_string_equal(json_string_value(json_array_get(allowed, 0)), "reopen");
    kc_problem_clear(&pb);
    assert_int_equal(decide("{\"decision\": \"reopen\", \"reason\": \"toch\"}", -1, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_string_equal(db.decided_status, "open");
    /* bad bodies; someone else's process */
    assert_int_equal(decide("{\"decision\": \"solve\"}", -1, &pb), KC_INVALID);
    kc_problem_clear(&pb);
    db.authorise = KC_FORBIDDEN;
    assert_int_equal(decide("{\"decision\": \"dismiss\", \"reason\": \"x\"}", -1, &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
    assert_int_equal(db.decided, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(raising_asks_to_contribute, reset, clear),
        cmocka_unit_test_setup_teardown(raising_checks_the_data, reset, clear),
        cmocka_unit_test_setup_teardown(changes_and_deletes_ask_to_steer, reset, clear),
        cmocka_unit_test_setup_teardown(a_change_keeps_what_is_fixed, reset, clear),
        cmocka_unit_test_setup_teardown(a_new_score_is_an_event, reset, clear),
        cmocka_unit_test_setup_teardown(decisions_follow_the_table, reset, clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
