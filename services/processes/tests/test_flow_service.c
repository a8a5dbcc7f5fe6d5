/* The versioning rules of a process's flow at the service layer, with the
 * repository faked in memory: one draft at a time (409), numbering 1, 2,
 * ... on publication with the event in the same transaction, a published
 * version immutable (no write reaches it: every write works on the
 * draft, and there is none after publishing), a draft without steps not
 * published (422), If-Match on the draft (412), the rules of the steps
 * (422 naming each field), and the steward's right checked before any
 * write. */
/* LINK: flow/flow_service.c flow/flow_model.c flow/flow_picture.c flow/flow_svg.c */
/* LINK: flow/flow_mermaid.c flow/flow_text.c */
/* WRAP: kc_db_acquire kc_db_release kc_db_begin kc_db_commit kc_outbox_add */
/* WRAP: process_service_authorise flow_repo_process_name flow_repo_get flow_repo_has_draft */
/* WRAP: flow_repo_list flow_repo_start_draft flow_repo_lock_draft flow_repo_check_steps */
/* WRAP: flow_repo_replace_steps flow_repo_discard_draft flow_repo_publish flow_repo_markers */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "flow/flow_repo.h"
#include "flow/flow_service.h"
#include "koers/outbox.h"
#include "koers_test.h"
#include "processes/process_service.h"

#define TENANT  "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define PROC_ID "0b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a80"
#define TEAM    "0b0e3a52-6d0f-4f3a-8a31-00000000000e"
#define KEY_1   "0b0e3a52-6d0f-4f3a-8a31-0000000000a1"
#define MAXV    8

/* The fake repository: the process's versions (steps as the JSON the
 * draft was given), and what the service did. */
typedef struct fake_version {
    char id[37];
    int published, number, version, based_on;
    json_t *steps;
    char note[64], by[64];
} fake_version;

static struct {
    fake_version v[MAXV];
    int n;
    int forbidden;
    int writes;
    char event_type[64];
    json_t *event_data;
    int unknown_team, unknown_key; /* index of a step the fake DB refuses, or -1 */
} db;

static void fake_free(void)
{
    int i;

    for (i = 0; i < db.n; i++)
        json_decref(db.v[i].steps);
    json_decref(db.event_data);
}

static int reset(void **state)
{
    (void)state;
    kt_db_reset(); /* the pool and transaction fakes of koers_test.h */
    fake_free();
    memset(&db, 0, sizeof(db));
    db.unknown_team = db.unknown_key = -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fake_free();
    memset(&db, 0, sizeof(db));
    return 0;
}

static fake_version *draft(void)
{
    int i;

    for (i = 0; i < db.n; i++)
        if (!db.v[i].published)
            return &db.v[i];
    return NULL;
}

/* A staff caller of the test's tenant. */
static kc_principal staff(const char *sub, const char *roles)
{
    return kt_staff(TENANT, sub, roles);
}

KT_FAKE(kc_outbox_add);
kc_status __wrap_kc_outbox_add(kc_db_conn *conn, const char *schema, const char *type,
                               const char *tenant_id, const char *subject, const json_t *data,
                               kc_problem *pb)
{
    (void)conn;
    (void)pb;
    assert_string_equal(schema, "processes");
    assert_string_equal(tenant_id, TENANT);
    assert_string_equal(subject, PROC_ID);
    snprintf(db.event_type, sizeof(db.event_type), "%s", type);
    json_decref(db.event_data);
    db.event_data = json_deep_copy(data);
    return KC_OK;
}

KT_FAKE(process_service_authorise);
kc_status __wrap_process_service_authorise(kc_db_conn *conn, const kc_principal *p,
                                           const char *process_id, process_right right,
                                           kc_problem *pb)
{
    (void)conn;
    (void)p;
    assert_int_equal(right, PROCESS_STEER);
    if (strcmp(process_id, PROC_ID) != 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "process %s not found", process_id);
    if (db.forbidden)
        return kc_problem_set(pb, KC_FORBIDDEN, "only the process's owner or manager steers");
    return KC_OK;
}

KT_FAKE(flow_repo_process_name);
kc_status __wrap_flow_repo_process_name(kc_db_conn *conn, const char *tenant_id,
                                        const char *process_id, char **name, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    *name = NULL;
    if (strcmp(process_id, PROC_ID) != 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "process %s not found", process_id);
    *name = strdup("Omgevingsvergunning");
    return KC_OK;
}

static void fill(const fake_version *f, flow_version *out)
{
    const json_t *s;
    size_t i;

    memset(out, 0, sizeof(*out));
    snprintf(out->id, sizeof(out->id), "%s", f->id);
    snprintf(out->process_id, sizeof(out->process_id), "%s", PROC_ID);
    out->published = f->published;
    out->number = f->number;
    out->based_on_number = f->based_on;
    out->note = strdup(f->note);
    out->published_by = f->published ? strdup(f->by) : NULL;
    out->version = f->version;
    out->nsteps = json_array_size(f->steps);
    out->steps_count = (int)out->nsteps;
    out->steps = calloc(out->nsteps + 1, sizeof(flow_step));
    json_array_foreach(f->steps, i, s)
    {
        out->steps[i].position = (int)i + 1;
        out->steps[i].name = strdup(json_string_value(json_object_get(s, "name")));
        snprintf(out->steps[i].step_key, sizeof(out->steps[i].step_key), "%s",
                 json_string_value(json_object_get(s, "stepKey"))
                     ? json_string_value(json_object_get(s, "stepKey"))
                     : "");
    }
}

KT_FAKE(flow_repo_get);
kc_status __wrap_flow_repo_get(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                               int which, flow_version *out, kc_problem *pb)
{
    fake_version *best = NULL;
    int i;

    (void)conn;
    (void)tenant_id;
    for (i = 0; i < db.n; i++) {
        fake_version *f = &db.v[i];
        if ((which == FLOW_DRAFT && !f->published) || (which > 0 && f->number == which) ||
            (which == FLOW_LATEST && f->published && (best == NULL || f->number > best->number)))
            best = f;
    }
    if (best == NULL)
        return kc_problem_set(pb, KC_NOT_FOUND, "process %s has no such version", process_id);
    fill(best, out);
    return KC_OK;
}

KT_FAKE(flow_repo_has_draft);
kc_status __wrap_flow_repo_has_draft(kc_db_conn *conn, const char *tenant_id,
                                     const char *process_id, int *has, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)process_id;
    (void)pb;
    *has = draft() != NULL;
    return KC_OK;
}

KT_UNREACHED(flow_repo_list);
KT_UNREACHED(flow_repo_markers);

KT_FAKE(flow_repo_start_draft);
kc_status __wrap_flow_repo_start_draft(kc_db_conn *conn, const char *tenant_id,
                                       const char *process_id, char *id, kc_problem *pb)
{
    fake_version *f = &db.v[db.n], *latest = NULL;
    int i;

    (void)conn;
    (void)tenant_id;
    (void)process_id;
    (void)pb;
    assert_null(draft()); /* the service asked first */
    for (i = 0; i < db.n; i++)
        if (db.v[i].published && (latest == NULL || db.v[i].number > latest->number))
            latest = &db.v[i];
    memset(f, 0, sizeof(*f));
    snprintf(f->id, sizeof(f->id), "00000000-0000-4000-8000-%012d", db.n + 1);
    f->version = 1;
    f->based_on = latest ? latest->number : 0;
    f->steps = latest ? json_deep_copy(latest->steps) : json_array();
    db.n++;
    db.writes++;
    snprintf(id, 37, "%s", f->id);
    return KC_OK;
}

KT_FAKE(flow_repo_lock_draft);
kc_status __wrap_flow_repo_lock_draft(kc_db_conn *conn, const char *tenant_id,
                                      const char *process_id, flow_draft_lock *out, kc_problem *pb)
{
    fake_version *d = draft();

    (void)conn;
    (void)tenant_id;
    memset(out, 0, sizeof(*out));
    if (d == NULL)
        return kc_problem_set(pb, KC_NOT_FOUND, "process %s has no draft of its flow", process_id);
    snprintf(out->id, sizeof(out->id), "%s", d->id);
    out->version = d->version;
    out->steps_count = (int)json_array_size(d->steps);
    return KC_OK;
}

KT_FAKE(flow_repo_check_steps);
kc_status __wrap_flow_repo_check_steps(kc_db_conn *conn, const char *tenant_id,
                                       const char *process_id, const json_t *steps, int *team_ok,
                                       int *key_ok, size_t n, kc_problem *pb)
{
    size_t i;

    (void)conn;
    (void)tenant_id;
    (void)process_id;
    (void)pb;
    assert_int_equal(json_array_size(steps), n);
    for (i = 0; i < n; i++) {
        team_ok[i] = (int)i != db.unknown_team;
        key_ok[i] = (int)i != db.unknown_key;
    }
    return KC_OK;
}

/* Only a draft is ever written: a write aimed at a published version fails
 * the test. */
static fake_version *writable(const char *id)
{
    int i;

    for (i = 0; i < db.n; i++) {
        if (strcmp(db.v[i].id, id) == 0) {
            if (db.v[i].published)
                fail_msg("a write reached published version %d", db.v[i].number);
            return &db.v[i];
        }
    }
    fail_msg("no version %s", id);
    return NULL;
}

KT_FAKE(flow_repo_replace_steps);
kc_status __wrap_flow_repo_replace_steps(kc_db_conn *conn, const char *tenant_id,
                                         const char *draft_id, const json_t *steps, int *version,
                                         kc_problem *pb)
{
    fake_version *d = writable(draft_id);

    (void)conn;
    (void)tenant_id;
    (void)pb;
    json_decref(d->steps);
    d->steps = json_deep_copy(steps);
    *version = ++d->version;
    db.writes++;
    return KC_OK;
}

KT_FAKE(flow_repo_discard_draft);
kc_status __wrap_flow_repo_discard_draft(kc_db_conn *conn, const char *tenant_id,
                                         const char *draft_id, kc_problem *pb)
{
    fake_version *d = writable(draft_id);

    (void)conn;
    (void)tenant_id;
    (void)pb;
    json_decref(d->steps);
    *d = db.v[--db.n];
    memset(&db.v[db.n], 0, sizeof(db.v[db.n]));
    db.writes++;
    return KC_OK;
}

KT_FAKE(flow_repo_publish);
kc_status __wrap_flow_repo_publish(kc_db_conn *conn, const char *tenant_id, const char *process_id,
                                   const char *draft_id, const char *note, const char *published_by,
                                   int *number, kc_problem *pb)
{
    fake_version *d = writable(draft_id);
    int i, max = 0;

    (void)conn;
    (void)tenant_id;
    (void)process_id;
    (void)pb;
    for (i = 0; i < db.n; i++)
        if (db.v[i].number > max)
            max = db.v[i].number;
    d->published = 1;
    d->number = *number = max + 1;
    d->version++;
    snprintf(d->note, sizeof(d->note), "%s", note);
    snprintf(d->by, sizeof(d->by), "%s", published_by);
    db.writes++;
    return KC_OK;
}

/* ---- helpers ------------------------------------------------------------- */

static kc_principal owner;

static kc_status start(kc_problem *pb)
{
    flow_version v = {0};
    kc_status st;

    kc_problem_init(pb);
    st = flow_service_start_draft(NULL, &owner, PROC_ID, &v, pb);
    if (st == KC_OK)
        assert_false(v.published);
    flow_version_clear(&v);
    return st;
}

static kc_status put(const char *json, long long if_match, kc_problem *pb)
{
    json_error_t err;
    json_t *body = json_loads(json, 0, &err);
    flow_version v = {0};
    kc_status st;

    if (body == NULL)
        fail_msg("bad test JSON: %s", err.text);
    kc_problem_init(pb);
    st = flow_service_put_draft(NULL, &owner, PROC_ID, body, if_match, &v, pb);
    flow_version_clear(&v);
    json_decref(body);
    return st;
}

static kc_status publish(const char *note, long long if_match, int *number, kc_problem *pb)
{
    json_t *body = note ? json_pack("{s:s}", "note", note) : json_object();
    flow_version v = {0};
    kc_status st;

    kc_problem_init(pb);
    st = flow_service_publish(NULL, &owner, PROC_ID, body, if_match, &v, pb);
    if (st == KC_OK) {
        assert_true(v.published);
        *number = v.number;
    }
    flow_version_clear(&v);
    json_decref(body);
    return st;
}

static void ok(kc_status st, kc_problem *pb)
{
    if (st != KC_OK)
        fail_msg("expected KC_OK, got %d: %s", (int)st, pb->detail);
    kc_problem_clear(pb);
}

static int names_field(const kc_problem *pb, const char *name)
{
    const json_t *f;
    size_t i;

    json_array_foreach(pb->invalid_params, i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "name")), name) == 0)
            return 1;
    }
    return 0;
}

#define STEPS_2                                                                                    \
    "{\"steps\": [{\"name\": \"Intake\", \"teamId\": \"" TEAM "\"},"                               \
    " {\"name\": \"Besluit\", \"role\": \"jurist\", \"normHours\": 1.5}]}"

/* ---- the rules ----------------------------------------------------------- */

static void one_draft_then_numbered_immutable_versions(void **state)
{
    kc_problem pb;
    int number = 0;
    flow_version v = {0};
    int draft_exists = 0;
    json_t *before;
    (void)state;

    owner = staff("owner-1", "process_owner");
    ok(start(&pb), &pb);
    assert_int_equal(start(&pb), KC_CONFLICT); /* one draft at a time */
    assert_non_null(strstr(pb.detail, "has a draft of its flow already"));
    kc_problem_clear(&pb);
    ok(put(STEPS_2, -1, &pb), &pb);
    ok(publish("eerste versie", -1, &number, &pb), &pb);
    assert_int_equal(number, 1);
    assert_string_equal(db.event_type, "process.flow.published");
    assert_string_equal(json_string_value(json_object_get(db.event_data, "processId")), PROC_ID);
    assert_string_equal(json_string_value(json_object_get(db.event_data, "versionId")), db.v[0].id);
    assert_int_equal(json_integer_value(json_object_get(db.event_data, "number")), 1);
    assert_int_equal(json_integer_value(json_object_get(db.event_data, "steps")), 2);
    assert_int_equal(json_object_size(db.event_data), 4); /* ids and numbers, no note */
    assert_string_equal(db.v[0].by, "owner-1");
    assert_string_equal(db.v[0].note, "eerste versie");

    /* version 1 is out of every write's reach: they all want a draft */
    before = json_deep_copy(db.v[0].steps);
    assert_int_equal(put(STEPS_2, -1, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(publish("nog eens", -1, &number, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(flow_service_discard_draft(NULL, &owner, PROC_ID, -1, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_true(json_equal(before, db.v[0].steps));
    json_decref(before);

    /* the next draft starts from version 1; publishing it makes 2 */
    ok(start(&pb), &pb);
    assert_int_equal(db.v[1].based_on, 1);
    assert_true(json_equal(db.v[1].steps, db.v[0].steps));
    ok(publish("tweede", -1, &number, &pb), &pb);
    assert_int_equal(number, 2);
    kc_problem_init(&pb);
    ok(flow_service_get(NULL, &owner, PROC_ID, FLOW_WHICH_LATEST, &v, &draft_exists, &pb), &pb);
    assert_int_equal(v.number, 2);
    assert_int_equal(draft_exists, 0);
    flow_version_clear(&v);
    kc_problem_init(&pb);
    ok(flow_service_get(NULL, &owner, PROC_ID, 1, &v, &draft_exists, &pb), &pb);
    assert_int_equal(v.number, 1);
    assert_string_equal(v.note, "eerste versie");
    flow_version_clear(&v);
}

static void an_empty_draft_is_not_published(void **state)
{
    kc_problem pb;
    int number = 0;
    (void)state;

    owner = staff("coord", "coordinator");
    ok(start(&pb), &pb);
    assert_int_equal(publish("leeg", -1, &number, &pb), KC_INVALID);
    assert_true(names_field(&pb, "steps"));
    kc_problem_clear(&pb);
    assert_int_equal(publish(NULL, -1, &number, &pb), KC_INVALID); /* the note is required */
    assert_true(names_field(&pb, "note"));
    kc_problem_clear(&pb);
    assert_int_equal(publish("", -1, &number, &pb), KC_INVALID);
    kc_problem_clear(&pb);
    assert_int_equal(db.v[0].published, 0);
    assert_string_equal(db.event_type, "");
}

static void if_match_guards_the_draft(void **state)
{
    kc_problem pb;
    int number = 0;
    (void)state;

    owner = staff("coord", "coordinator");
    ok(start(&pb), &pb);
    assert_int_equal(put(STEPS_2, 7, &pb), KC_PRECONDITION_FAILED);
    kc_problem_clear(&pb);
    ok(put(STEPS_2, 1, &pb), &pb);
    assert_int_equal(db.v[0].version, 2);
    assert_int_equal(publish("x", 1, &number, &pb), KC_PRECONDITION_FAILED);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(flow_service_discard_draft(NULL, &owner, PROC_ID, 1, &pb),
                     KC_PRECONDITION_FAILED);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    ok(flow_service_discard_draft(NULL, &owner, PROC_ID, 2, &pb), &pb);
    assert_int_equal(db.n, 0);
}

static void the_steps_rules_name_each_field(void **state)
{
    kc_problem pb;
    char *big;
    size_t i, used;
    (void)state;

    owner = staff("coord", "coordinator");
    ok(start(&pb), &pb);
    assert_int_equal(put("{\"steps\": [{\"name\": \"Geen verantwoordelijke\"},"
                         " {\"name\": \"\", \"role\": \"r\"},"
                         " {\"name\": \"n\", \"role\": \"r\", \"normHours\": 0},"
                         " {\"name\": \"k\", \"role\": \"r\", \"stepKey\": \"" KEY_1 "\"},"
                         " {\"name\": \"k2\", \"role\": \"r\", \"stepKey\": \"" KEY_1
                         "\", \"colour\": 1},"
                         " {\"name\": \"t\", \"teamId\": \"nope\", \"inputs\": [\"\"]}]}",
                         -1, &pb),
                     KC_INVALID);
    assert_true(names_field(&pb, "steps[0].teamId"));
    assert_true(names_field(&pb, "steps[1].name"));
    assert_true(names_field(&pb, "steps[2].normHours"));
    assert_true(names_field(&pb, "steps[4].stepKey"));
    assert_true(names_field(&pb, "steps[4].colour"));
    assert_true(names_field(&pb, "steps[5].teamId"));
    assert_true(names_field(&pb, "steps[5].inputs[0]"));
    assert_false(names_field(&pb, "steps[3].stepKey"));
    kc_problem_clear(&pb);
    assert_int_equal(put("{\"steps\": {}}", -1, &pb), KC_INVALID);
    kc_problem_clear(&pb);

    /* what only the database knows: the team and the step key */
    db.unknown_team = 1;
    db.unknown_key = 0;
    assert_int_equal(put("{\"steps\": [{\"name\": \"a\", \"role\": \"r\", \"stepKey\": \"" KEY_1
                         "\"}, {\"name\": \"b\", \"teamId\": \"" TEAM "\"}]}",
                         -1, &pb),
                     KC_INVALID);
    assert_true(names_field(&pb, "steps[0].stepKey"));
    assert_true(names_field(&pb, "steps[1].teamId"));
    kc_problem_clear(&pb);
    assert_int_equal(db.writes, 1); /* only the start */

    /* 200 steps at most */
    big = malloc(64 * 202 + 32);
    used = (size_t)sprintf(big, "{\"steps\": [");
    for (i = 0; i < 201; i++)
        used +=
            (size_t)sprintf(big + used, "%s{\"name\": \"s%zu\", \"role\": \"r\"}", i ? "," : "", i);
    sprintf(big + used, "]}");
    assert_int_equal(put(big, -1, &pb), KC_INVALID);
    assert_true(names_field(&pb, "steps"));
    kc_problem_clear(&pb);
    free(big);
}

static void only_stewards_write_and_other_tenants_see_nothing(void **state)
{
    kc_problem pb;
    flow_version v = {0};
    int draft_exists = 0;
    (void)state;

    owner = staff("someone", "process_owner");
    db.forbidden = 1;
    assert_int_equal(start(&pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
    assert_int_equal(db.writes, 0);
    assert_int_equal(kt_db.committed, 0);
    db.forbidden = 0;
    kc_problem_init(&pb);
    assert_int_equal(
        flow_service_start_draft(NULL, &owner, "0b0e3a52-6d0f-4f3a-8a31-000000000000", &v, &pb),
        KC_NOT_FOUND);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(flow_service_get(NULL, &owner, "0b0e3a52-6d0f-4f3a-8a31-000000000000",
                                      FLOW_WHICH_LATEST, &v, &draft_exists, &pb),
                     KC_NOT_FOUND);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(
        flow_service_get(NULL, &owner, PROC_ID, FLOW_WHICH_LATEST, &v, &draft_exists, &pb),
        KC_NOT_FOUND);
    assert_non_null(strstr(pb.detail, "no such version"));
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(
        flow_service_get(NULL, &owner, "not-a-uuid", FLOW_WHICH_LATEST, &v, &draft_exists, &pb),
        KC_BAD_REQUEST);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(one_draft_then_numbered_immutable_versions, reset),
        cmocka_unit_test_setup(an_empty_draft_is_not_published, reset),
        cmocka_unit_test_setup(if_match_guards_the_draft, reset),
        cmocka_unit_test_setup(the_steps_rules_name_each_field, reset),
        cmocka_unit_test_setup(only_stewards_write_and_other_tenants_see_nothing, reset),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
