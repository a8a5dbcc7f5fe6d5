/* Notes and messages on a case, as a client would meet the rules: a blank
 * text is refused naming "text", a message to the citizen of a closed or
 * anonymised case is a conflict (a note is not), and a message sent is an
 * event. The case repository, the message repository, the pool and the
 * event step are faked: one case in memory. */
/* LINK: cases/case_message_service.c casedesk.c cases/case_model.c cases/case_lifecycle.c */
/* WRAP: kc_db_acquire kc_db_release kc_db_begin kc_db_commit */
/* WRAP: case_repo_lock_brief case_message_repo_insert case_step_emit */
/* WRAP: case_repo_get_brief case_message_repo_list */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers_test.h"
#include "cases/case_message_repo.h"
#include "cases/case_message_service.h"
#include "cases/case_repo.h"
#include "cases/case_steps.h"

#define TENANT  "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define CASE_ID "2c9a7e10-5b3d-4e8f-9a6b-1d2e3f4a5b6c"

/* The one case of the fake repository, and what the service did. */
static struct {
    case_status status;
    int anonymised;
    int inserted;
    char kind[8], author[160], text[64];
    char event[40];
} db;

static const kc_principal officer = {
    .kind = KC_PRINCIPAL_STAFF,
    .tenant_id = TENANT,
    .subject = "officer-a",
    .roles = "liaison_officer",
};

static int reset(void **state)
{
    (void)state;
    memset(&db, 0, sizeof(db));
    kt_db_reset();
    db.status = CASE_STATUS_IN_PROGRESS;
    return 0;
}

KT_FAKE(case_repo_lock_brief);
kc_status __wrap_case_repo_lock_brief(kc_db_conn *conn, const char *tenant_id, const char *id,
                                      case_record *out, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)pb;
    memset(out, 0, sizeof(*out));
    snprintf(out->id, sizeof(out->id), "%s", id);
    out->status = db.status;
    if (db.anonymised)
        snprintf(out->anonymised_at, sizeof(out->anonymised_at), "2030-01-01T00:00:00.000Z");
    return KC_OK;
}

KT_FAKE(case_message_repo_insert);
kc_status __wrap_case_message_repo_insert(kc_db_conn *conn, const char *tenant_id,
                                          const char *case_id, const char *kind, const char *author,
                                          const char *body, int first_contact, case_message *out,
                                          int *made_first_contact, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)case_id;
    (void)pb;
    db.inserted++;
    snprintf(db.kind, sizeof(db.kind), "%s", kind);
    snprintf(db.author, sizeof(db.author), "%s", author);
    snprintf(db.text, sizeof(db.text), "%s", body);
    memset(out, 0, sizeof(*out));
    out->id = 7;
    snprintf(out->kind, sizeof(out->kind), "%s", kind);
    out->author = strdup(author);
    out->body = strdup(body);
    *made_first_contact = first_contact;
    return KC_OK;
}

KT_FAKE(case_step_emit);
kc_status __wrap_case_step_emit(kc_db_conn *conn, const char *tenant_id, const char *type,
                                const case_record *rec, const char *from_status,
                                const json_t *extra, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)rec;
    (void)from_status;
    (void)pb;
    snprintf(db.event, sizeof(db.event), "%s", type);
    assert_int_equal(json_integer_value(json_object_get(extra, "messageId")), 7);
    return KC_OK;
}

KT_UNREACHED(case_repo_get_brief)
KT_UNREACHED(case_message_repo_list)

/* Adds kind with text (a JSON string) as officer; returns the status. */
static kc_status add(const char *kind, const char *text_json, kc_problem *pb)
{
    char body_text[128];
    json_t *body;
    case_message m;
    kc_status st;

    snprintf(body_text, sizeof(body_text), "{\"text\": %s}", text_json);
    body = json_loads(body_text, 0, NULL);
    assert_non_null(body);
    memset(&m, 0, sizeof(m));
    st = case_message_service_add(NULL, &officer, CASE_ID, kind, body, &m, pb);
    case_message_clear(&m);
    json_decref(body);
    assert_int_equal(kt_db.acquired, kt_db.released);
    return st;
}

static void a_message_is_stored_and_sent_as_an_event(void **state)
{
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(add("message", "\"We komen dinsdag kijken.\"", &pb), KC_OK);
    assert_string_equal(db.kind, "message");
    assert_string_equal(db.text, "We komen dinsdag kijken.");
    assert_non_null(strstr(db.author, "officer-a"));
    assert_string_equal(db.event, "case.message.sent");
    assert_int_equal(kt_db.committed, 1);
    kc_problem_clear(&pb);
}

static void a_note_is_stored_without_an_event(void **state)
{
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(add("note", "\"Bewoner belt terug.\"", &pb), KC_OK);
    assert_string_equal(db.kind, "note");
    assert_string_equal(db.event, "");
    assert_int_equal(kt_db.committed, 1);
    kc_problem_clear(&pb);
}

static void a_blank_or_missing_text_names_the_field(void **state)
{
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(add("message", "\" \\t\\n \"", &pb), KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "text"));
    kc_problem_clear(&pb);
    assert_int_equal(add("note", "\"\"", &pb), KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "text"));
    kc_problem_clear(&pb);
    assert_int_equal(add("note", "42", &pb), KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "text"));
    assert_int_equal(kt_db.acquired, 0); /* refused before the database */
    assert_int_equal(db.inserted, 0);
    kc_problem_clear(&pb);
}

static void no_message_to_the_citizen_of_a_closed_or_anonymised_case(void **state)
{
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    db.status = CASE_STATUS_CLOSED;
    assert_int_equal(add("message", "\"Nog een vraag.\"", &pb), KC_CONFLICT);
    assert_non_null(strstr(pb.detail, "is closed"));
    kc_problem_clear(&pb);
    /* staff may still note what they like */
    assert_int_equal(add("note", "\"Gesloten, maar genoteerd.\"", &pb), KC_OK);
    kc_problem_clear(&pb);

    db.status = CASE_STATUS_IN_PROGRESS;
    db.anonymised = 1;
    assert_int_equal(add("message", "\"Nog een vraag.\"", &pb), KC_CONFLICT);
    assert_non_null(strstr(pb.detail, "anonymised"));
    assert_int_equal(db.inserted, 1); /* the note only */
    assert_int_equal(kt_db.committed, 1);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(a_message_is_stored_and_sent_as_an_event, reset),
        cmocka_unit_test_setup(a_note_is_stored_without_an_event, reset),
        cmocka_unit_test_setup(a_blank_or_missing_text_names_the_field, reset),
        cmocka_unit_test_setup(no_message_to_the_citizen_of_a_closed_or_anonymised_case, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
