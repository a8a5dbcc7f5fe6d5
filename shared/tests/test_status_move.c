/* Unit tests of shared/src/status_move.c, the runner of a status move:
 * what a caller meets at each step (400, 422, 404, 403, 412, 409 with
 * allowedTransitions, a service's own refusal), that nothing is written
 * or committed after a refusal, that the write and its event commit
 * together, and where the answer comes from. The pool and the transactions
 * are the fakes of koers_test.h; the row, the outbox and the kit's read
 * are faked here. */
/* clang-format off */
/* WRAP: kc_db_acquire kc_db_release kc_db_begin kc_db_commit kc_outbox_add kc_resource_get */
/* clang-format on */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers/outbox.h"
#include "koers/status_move.h"
#include "support/koers_test.h"

#define TENANT "7d1c2f4e-1111-4a2b-9c3d-0000000000a1"
#define ID     "11111111-1111-4111-8111-111111111111"

enum { DRAFT, RUNNING, DONE, STOPPED };
static const char *const names[] = {"draft", "running", "done", "stopped"};
static const kc_move moves[] = {
    {DRAFT, RUNNING}, {RUNNING, DONE}, {RUNNING, STOPPED}, {DRAFT, STOPPED}};
static const kc_states machine = {names, KC_NELEMS(names), moves, KC_NELEMS(moves)};

static const char *const targets[] = {"draft", "running", "done", "stopped", NULL};
static const kc_field fields[] = {
    {.name = "to", .type = KC_T_STRING, .required = 1, .enum_values = targets},
    {.name = "reason", .type = KC_T_STRING, .min_len = 1, .max_len = 100},
};

static const kc_resource thing_resource = {.noun = "thing"};

/* The one row of the fake, and what the runner and the callbacks did. */
static struct {
    char status[16];
    int version;
    int exists, allowed;
    int locked, checked, written, read;
    char order[64]; /* the callbacks in the order they ran: b l t c w */
    char event_type[64], event_data[256];
} row;

static kc_principal caller;

static int reset(void **state)
{
    (void)state;
    kt_db_reset();
    memset(&row, 0, sizeof(row));
    strcpy(row.status, "draft");
    row.version = 3;
    row.exists = row.allowed = 1;
    caller = kt_staff(TENANT, "lead-1", "staff");
    return 0;
}

KT_FAKE(kc_outbox_add);
kc_status __wrap_kc_outbox_add(kc_db_conn *conn, const char *schema, const char *type,
                               const char *tenant_id, const char *subject, const json_t *data,
                               kc_problem *pb)
{
    char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);

    (void)pb;
    assert_ptr_equal(conn, KT_DB_CONN);
    assert_string_equal(schema, "things");
    assert_string_equal(tenant_id, TENANT);
    assert_string_equal(subject, ID);
    snprintf(row.event_type, sizeof(row.event_type), "%s", type);
    snprintf(row.event_data, sizeof(row.event_data), "%s", text);
    free(text);
    return KC_OK;
}

KT_FAKE(kc_resource_get);
kc_status __wrap_kc_resource_get(kc_db_pool *pool, const kc_resource *res, const char *tenant_id,
                                 const char *id, json_t **out, long long *version, kc_problem *pb)
{
    (void)pool;
    (void)pb;
    assert_ptr_equal(res, &thing_resource);
    assert_string_equal(tenant_id, TENANT);
    assert_true(kt_db.committed > 0);                 /* read after the commit, */
    assert_int_equal(kt_db.released, kt_db.acquired); /* on a connection of its own */
    row.read++;
    *out = json_pack("{s:s, s:s}", "id", id, "status", row.status);
    *version = row.version;
    return KC_OK;
}

static void ran(char c)
{
    size_t n = strlen(row.order);

    row.order[n] = c;
    row.order[n + 1] = '\0';
}

static kc_status check_body(kc_move_ctx *m, kc_problem *pb)
{
    ran('b');
    assert_null(m->conn); /* before the transaction */
    if (json_object_get(m->body, "reason") != NULL &&
        strcmp(json_string_value(json_object_get(m->body, "reason")), "refuse") == 0)
        return kc_problem_set(pb, KC_INVALID, "the body says no");
    return KC_OK;
}

static kc_status lock(kc_move_ctx *m, kc_problem *pb)
{
    ran('l');
    assert_ptr_equal(m->conn, KT_DB_CONN);
    assert_int_equal(kt_db.begun, kt_db.acquired); /* in a transaction */
    assert_ptr_equal(m->arg, &row);
    if (!row.exists)
        return kc_problem_set(pb, KC_NOT_FOUND, "thing %s not found", m->id);
    if (!row.allowed)
        return kc_problem_set(pb, KC_FORBIDDEN, "only a lead moves a thing");
    row.locked++;
    m->status = row.status;
    m->version = row.version;
    return KC_OK;
}

/* stopping needs a reason */
static kc_status check(kc_move_ctx *m, kc_problem *pb)
{
    ran('c');
    row.checked++;
    if (m->to == STOPPED && json_object_get(m->body, "reason") == NULL) {
        kc_problem_add_field(pb, "reason", "required to stop");
        return kc_problem_set(pb, KC_INVALID, "say why thing %s stops", m->id);
    }
    return KC_OK;
}

static kc_status write_move(kc_move_ctx *m, kc_problem *pb)
{
    json_t *extra = json_pack("{s:s}", "by", m->p->subject);
    kc_status st;

    ran('w');
    snprintf(row.status, sizeof(row.status), "%s", kc_states_name(&machine, m->to));
    row.version++;
    row.written++;
    st = kc_status_move_event(m, "things", "thing.status.changed", extra, pb);
    json_decref(extra);
    return st;
}

static const kc_status_move thing_move = {
    .noun = "thing",
    .states = &machine,
    .fields = fields,
    .nfields = KC_NELEMS(fields),
    .check_body = check_body,
    .lock = lock,
    .check = check,
    .write = write_move,
    .resource = &thing_resource,
};

/* The answer of the last run: the test reads it, the next run and the
 * teardown free it. */
static struct {
    json_t *out;
    long long version;
    kc_problem pb;
} last;

static int clear_last(void **state)
{
    (void)state;
    json_decref(last.out);
    last.out = NULL;
    last.version = 0;
    kc_problem_clear(&last.pb);
    return 0;
}

static kc_status run(const kc_status_move *d, const char *id, const char *body_json,
                     long long if_match)
{
    json_t *body = json_loads(body_json, 0, NULL);
    kc_status st;

    assert_non_null(body);
    (void)clear_last(NULL);
    kc_problem_init(&last.pb);
    st = kc_status_move_run(d, NULL, &caller, id, body, if_match, &row, &last.out, &last.version,
                            &last.pb);
    json_decref(body);
    return st;
}

/* A move the table allows: written, its event, committed, then the row
 * read back as the answer with its version. */
static void test_move_commits_and_answers_the_row(void **state)
{
    (void)state;
    assert_int_equal(run(&thing_move, ID, "{\"to\": \"running\"}", 3), KC_OK);
    assert_string_equal(row.order, "blcw");
    assert_int_equal(kt_db.committed, 1);
    assert_int_equal(kt_db.acquired, kt_db.released);
    assert_string_equal(json_string_value(json_object_get(last.out, "status")), "running");
    assert_int_equal(last.version, 4);
    assert_string_equal(row.event_type, "thing.status.changed");
    assert_string_equal(row.event_data, "{\"by\":\"lead-1\",\"from\":\"draft\",\"id\":\"" ID
                                        "\",\"to\":\"running\"}");
}

/* What is checked before any connection: the id, the body, the body's
 * own rules. */
static void test_id_and_body_checked_first(void **state)
{
    (void)state;
    assert_int_equal(run(&thing_move, "nope", "{\"to\": \"running\"}", -1), KC_BAD_REQUEST);
    assert_true(kt_invalid_param(last.pb.invalid_params, "id"));
    assert_int_equal(run(&thing_move, ID, "{\"to\": \"flying\"}", -1), KC_INVALID);
    assert_true(kt_invalid_param(last.pb.invalid_params, "to"));
    assert_int_equal(run(&thing_move, ID, "{\"reason\": \"x\"}", -1), KC_INVALID);
    assert_int_equal(run(&thing_move, ID, "{\"to\": \"running\", \"reason\": \"refuse\"}", -1),
                     KC_INVALID);
    assert_string_equal(last.pb.detail, "the body says no");
    assert_int_equal(kt_db.acquired, 0);
    assert_null(last.out);
}

/* The lock's refusals (404, 403) and a stale If-Match (412) stop before
 * the table; nothing is written, nothing committed. */
static void test_lock_and_if_match_refuse_before_the_table(void **state)
{
    (void)state;
    row.exists = 0;
    assert_int_equal(run(&thing_move, ID, "{\"to\": \"running\"}", -1), KC_NOT_FOUND);
    row.exists = 1;
    row.allowed = 0;
    assert_int_equal(run(&thing_move, ID, "{\"to\": \"running\"}", -1), KC_FORBIDDEN);
    row.allowed = 1;
    assert_int_equal(run(&thing_move, ID, "{\"to\": \"running\"}", 2), KC_PRECONDITION_FAILED);
    assert_string_equal(last.pb.detail, "thing " ID " is at version 3, not 2");
    assert_int_equal(row.checked + row.written + kt_db.committed, 0);
    assert_int_equal(kt_db.acquired, 3);
    assert_int_equal(kt_db.released, 3); /* each transaction rolled back by the release */
    assert_null(last.out);
}

/* A move the table does not allow: 409 naming the allowed ones; the
 * service's check never runs. */
static void test_table_refuses_with_allowed_transitions(void **state)
{
    (void)state;
    assert_int_equal(run(&thing_move, ID, "{\"to\": \"done\"}", -1), KC_CONFLICT);
    assert_string_equal(last.pb.detail, "cannot go from draft to done; allowed: running, stopped");
    assert_int_equal(json_array_size(json_object_get(last.pb.extra, "allowedTransitions")), 2);
    assert_string_equal(row.order, "bl");
    assert_int_equal(row.written + kt_db.committed, 0);
}

/* The service's own rule, after the table: its refusal as it wrote it. */
static void test_service_check_after_the_table(void **state)
{
    (void)state;
    assert_int_equal(run(&thing_move, ID, "{\"to\": \"stopped\"}", -1), KC_INVALID);
    assert_string_equal(last.pb.detail, "say why thing " ID " stops");
    assert_true(kt_invalid_param(last.pb.invalid_params, "reason"));
    assert_int_equal(row.written + kt_db.committed, 0);
    assert_int_equal(run(&thing_move, ID, "{\"to\": \"stopped\", \"reason\": \"budget\"}", -1),
                     KC_OK);
    assert_string_equal(row.status, "stopped");
}

/* A status the table does not know is the service's fault: 500. */
static void test_unknown_stored_status(void **state)
{
    (void)state;
    strcpy(row.status, "lost");
    assert_int_equal(run(&thing_move, ID, "{\"to\": \"running\"}", -1), KC_INTERNAL);
    assert_string_equal(last.pb.detail, "thing " ID " has an unknown status");
}

/* ---- a move whose body names something else than the target ---------- */

static const char *const verbs[] = {"start", "halt", NULL};
static const kc_field verb_fields[] = {
    {.name = "verb", .type = KC_T_STRING, .required = 1, .enum_values = verbs},
};

static kc_status verb_target(kc_move_ctx *m, kc_problem *pb)
{
    const char *verb = json_string_value(json_object_get(m->body, "verb"));

    ran('t');
    m->to = strcmp(verb, "start") == 0 ? RUNNING : STOPPED;
    if (!kc_states_can_move(m->move->states, m->from, m->to))
        return kc_problem_set(pb, KC_CONFLICT, "cannot %s a thing that is %s", verb,
                              kc_states_name(m->move->states, m->from));
    return KC_OK;
}

/* The answer the write made, with no row to read back. */
static kc_status write_answer(kc_move_ctx *m, kc_problem *pb)
{
    ran('w');
    m->answer = json_pack("{s:s}", "status", kc_states_name(m->move->states, m->to));
    return m->answer != NULL ? KC_OK : kc_problem_set(pb, KC_INTERNAL, "out of memory");
}

static const kc_status_move verb_move = {
    .noun = "thing",
    .id_param = "thingId",
    .states = &machine,
    .fields = verb_fields,
    .nfields = KC_NELEMS(verb_fields),
    .lock = lock,
    .target = verb_target,
    .write = write_answer,
};

static void test_target_and_answer_of_the_service(void **state)
{
    (void)state;
    assert_int_equal(run(&verb_move, ID, "{\"verb\": \"start\"}", -1), KC_OK);
    assert_string_equal(row.order, "ltw");
    assert_string_equal(json_string_value(json_object_get(last.out, "status")), "running");
    assert_int_equal(last.version, -1);
    assert_int_equal(row.read, 0);
    strcpy(row.status, "done");
    assert_int_equal(run(&verb_move, ID, "{\"verb\": \"halt\"}", -1), KC_CONFLICT);
    assert_string_equal(last.pb.detail, "cannot halt a thing that is done");
    assert_null(last.out);
    assert_int_equal(run(&verb_move, "x", "{\"verb\": \"halt\"}", -1), KC_BAD_REQUEST);
    assert_true(kt_invalid_param(last.pb.invalid_params, "thingId"));
}

/* A commit that fails after the write made an answer: no answer leaks. */
static kc_status write_answer_then_fail(kc_move_ctx *m, kc_problem *pb)
{
    kc_status st = write_answer(m, pb);

    return st == KC_OK ? kc_problem_set(pb, KC_UNAVAILABLE, "the database went away") : st;
}

static void test_failed_write_keeps_nothing(void **state)
{
    kc_status_move failing = verb_move;
    (void)state;
    failing.write = write_answer_then_fail;
    assert_int_equal(run(&failing, ID, "{\"verb\": \"start\"}", -1), KC_UNAVAILABLE);
    assert_null(last.out);
    assert_int_equal(kt_db.committed, 0);
    assert_int_equal(kt_db.released, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_move_commits_and_answers_the_row, reset, clear_last),
        cmocka_unit_test_setup_teardown(test_id_and_body_checked_first, reset, clear_last),
        cmocka_unit_test_setup_teardown(test_lock_and_if_match_refuse_before_the_table, reset,
                                        clear_last),
        cmocka_unit_test_setup_teardown(test_table_refuses_with_allowed_transitions, reset,
                                        clear_last),
        cmocka_unit_test_setup_teardown(test_service_check_after_the_table, reset, clear_last),
        cmocka_unit_test_setup_teardown(test_unknown_stored_status, reset, clear_last),
        cmocka_unit_test_setup_teardown(test_target_and_answer_of_the_service, reset, clear_last),
        cmocka_unit_test_setup_teardown(test_failed_write_keeps_nothing, reset, clear_last),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
