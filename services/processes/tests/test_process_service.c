/* The status move of a process as a caller meets it: who may move which
 * process (the data rule of process_owner and process_manager), the 409 of
 * an illegal move naming the allowed ones, the version check, and the event
 * written in the same transaction. The repository, the pool, the outbox and
 * the resource kit's read are faked: one process in memory. */
/* LINK: processes/process_service.c processes/process_status.c processes/process_resource.c */
/* WRAP: kc_db_acquire kc_db_release kc_db_begin kc_db_commit kc_outbox_add kc_resource_get */
/* WRAP: process_repo_lock process_repo_set_status process_repo_people process_repo_relation */
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
#include "processes/process_repo.h"
#include "processes/process_service.h"

#define TENANT  "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define PROC_ID "0b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a80"

/* The one process of the fake repository, and what the service did. */
static struct {
    char status[32];
    int version;
    char owner_sub[32], manager_sub[32], core_sub[32];
    int set_status;
    char event_type[64];
    char event_from[32], event_to[32];
    int owner_is_team_manager, manager_in_teams;
} db;

static int reset(void **state)
{
    (void)state;
    kt_db_reset(); /* the pool and transaction fakes of koers_test.h */
    memset(&db, 0, sizeof(db));
    strcpy(db.status, "selected");
    db.version = 1;
    strcpy(db.owner_sub, "owner-1");
    strcpy(db.manager_sub, "manager-1");
    strcpy(db.core_sub, "core-1");
    db.owner_is_team_manager = 1;
    db.manager_in_teams = 1;
    return 0;
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
    snprintf(db.event_from, sizeof(db.event_from), "%s",
             json_string_value(json_object_get(data, "from")));
    snprintf(db.event_to, sizeof(db.event_to), "%s",
             json_string_value(json_object_get(data, "to")));
    return KC_OK;
}

KT_FAKE(kc_resource_get);
kc_status __wrap_kc_resource_get(kc_db_pool *pool, const kc_resource *res, const char *tenant_id,
                                 const char *id, json_t **row, long long *version, kc_problem *pb)
{
    (void)pool;
    (void)tenant_id;
    (void)pb;
    assert_string_equal(res->noun, "process");
    *row = json_pack("{s:s, s:s}", "id", id, "status", db.status);
    *version = db.version;
    return KC_OK;
}

KT_FAKE(process_repo_lock);
kc_status __wrap_process_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                                   process_lock *out, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    if (strcmp(id, PROC_ID) != 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "process %s not found", id);
    snprintf(out->status, sizeof(out->status), "%s", db.status);
    out->version = db.version;
    snprintf(out->owner_sub, sizeof(out->owner_sub), "%s", db.owner_sub);
    snprintf(out->manager_sub, sizeof(out->manager_sub), "%s", db.manager_sub);
    return KC_OK;
}

KT_FAKE(process_repo_set_status);
kc_status __wrap_process_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                         const char *status, int *version, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)id;
    (void)pb;
    snprintf(db.status, sizeof(db.status), "%s", status);
    *version = ++db.version;
    db.set_status++;
    return KC_OK;
}

KT_FAKE(process_repo_people);
kc_status __wrap_process_repo_people(kc_db_conn *conn, const char *tenant_id,
                                     const process_people_input *in, process_people_check *out,
                                     kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    (void)in;
    (void)pb;
    out->owner_is_team_manager = db.owner_is_team_manager;
    out->manager_in_teams = db.manager_in_teams;
    return KC_OK;
}

KT_FAKE(process_repo_relation);
kc_status __wrap_process_repo_relation(kc_db_conn *conn, const char *tenant_id, const char *id,
                                       const char *subject, process_relation *out, kc_problem *pb)
{
    (void)conn;
    (void)tenant_id;
    memset(out, 0, sizeof(*out));
    if (strcmp(id, PROC_ID) != 0)
        return kc_problem_set(pb, KC_NOT_FOUND, "process %s not found", id);
    out->is_owner = strcmp(subject, db.owner_sub) == 0;
    out->is_manager = strcmp(subject, db.manager_sub) == 0;
    out->in_core_team = strcmp(subject, db.core_sub) == 0;
    return KC_OK;
}

static kc_status move(const kc_principal *p, const char *to, long long if_match, kc_problem *pb)
{
    json_t *body = json_pack("{s:s}", "to", to), *out = NULL;
    long long version = -1;
    kc_status st;

    kc_problem_init(pb);
    st = process_service_move(NULL, p, PROC_ID, body, if_match, &out, &version, pb);
    if (st == KC_OK) {
        assert_string_equal(json_string_value(json_object_get(out, "status")), to);
        assert_int_equal(version, db.version);
    } else {
        assert_null(out);
    }
    json_decref(out);
    json_decref(body);
    return st;
}

static void a_coordinator_moves_along_the_table(void **state)
{
    kc_principal c = staff("coord", "coordinator");
    kc_problem pb;
    (void)state;

    assert_int_equal(move(&c, "analysing", -1, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_string_equal(db.status, "analysing");
    assert_int_equal(kt_db.committed, 1);
    assert_string_equal(db.event_type, "process.status.changed");
    assert_string_equal(db.event_from, "selected");
    assert_string_equal(db.event_to, "analysing");
    assert_int_equal(move(&c, "improving", 2, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(db.version, 3);
}

static void an_illegal_move_names_the_allowed_ones(void **state)
{
    kc_principal c = staff("coord", "coordinator");
    kc_problem pb;
    json_t *allowed;
    (void)state;

    assert_int_equal(move(&c, "monitoring", -1, &pb), KC_CONFLICT);
    assert_non_null(strstr(pb.detail, "cannot go from selected to monitoring"));
    allowed = json_object_get(pb.extra, "allowedTransitions");
    assert_int_equal(json_array_size(allowed), 2);
    assert_string_equal(json_string_value(json_array_get(allowed, 0)), "analysing");
    assert_string_equal(json_string_value(json_array_get(allowed, 1)), "archived");
    assert_int_equal(db.set_status, 0);
    assert_int_equal(kt_db.committed, 0);
    assert_string_equal(db.event_type, "");
    kc_problem_clear(&pb);
}

static void owners_and_managers_move_only_their_own(void **state)
{
    kc_principal owner = staff("owner-1", "process_owner");
    kc_principal other_owner = staff("owner-2", "process_owner");
    kc_principal manager = staff("manager-1", "process_manager");
    /* the manager's sub with only the owner role: not the owner */
    kc_principal wrong_role = staff("manager-1", "process_owner");
    kc_principal admin = staff("someone", "admin");
    kc_problem pb;
    (void)state;

    assert_int_equal(move(&other_owner, "analysing", -1, &pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
    assert_int_equal(move(&wrong_role, "analysing", -1, &pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
    assert_int_equal(db.set_status, 0);
    assert_int_equal(move(&owner, "analysing", -1, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(move(&manager, "improving", -1, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(move(&admin, "archived", -1, &pb), KC_OK);
    kc_problem_clear(&pb);

    /* a process without a manager: no process_manager matches an empty sub */
    db.manager_sub[0] = '\0';
    manager = staff("", "process_manager");
    assert_int_equal(move(&manager, "selected", -1, &pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
}

static void may_move_is_staff_only(void **state)
{
    kc_principal key = {.kind = KC_PRINCIPAL_API_KEY,
                        .tenant_id = TENANT,
                        .subject = "owner-1",
                        .scopes = "processes:read"};
    kc_principal owner = staff("owner-1", "process_owner");
    (void)state;

    assert_false(process_service_may_move(&key, "owner-1", "manager-1"));
    assert_true(process_service_may_move(&owner, "owner-1", ""));
    assert_false(process_service_may_move(&owner, "", ""));
    assert_false(process_service_may_move(&owner, NULL, NULL));
}

static void a_stale_version_and_bad_bodies(void **state)
{
    kc_principal c = staff("coord", "coordinator");
    kc_problem pb;
    json_t *body;
    json_t *out = NULL;
    long long version = -1;
    (void)state;

    assert_int_equal(move(&c, "analysing", 7, &pb), KC_PRECONDITION_FAILED);
    kc_problem_clear(&pb);
    assert_int_equal(db.set_status, 0);

    body = json_pack("{s:s}", "to", "done");
    kc_problem_init(&pb);
    assert_int_equal(process_service_move(NULL, &c, PROC_ID, body, -1, &out, &version, &pb),
                     KC_INVALID);
    kc_problem_clear(&pb);
    json_decref(body);

    body = json_pack("{s:s}", "to", "analysing");
    kc_problem_init(&pb);
    assert_int_equal(process_service_move(NULL, &c, "not-a-uuid", body, -1, &out, &version, &pb),
                     KC_BAD_REQUEST);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(process_service_move(NULL, &c, "0b0e3a52-6d0f-4f3a-8a31-2c1d5e6f7a81", body,
                                          -1, &out, &version, &pb),
                     KC_NOT_FOUND);
    kc_problem_clear(&pb);
    json_decref(body);
    assert_null(out);
}

static void the_people_rules_name_the_member(void **state)
{
    const kc_principal caller = {.kind = KC_PRINCIPAL_STAFF, .tenant_id = TENANT};
    kc_problem pb;
    json_t *body = json_pack("{s:s}", "name", "P");
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(process_service_check_people(NULL, &caller, NULL, body, &pb), KC_OK);
    kc_problem_clear(&pb);

    db.owner_is_team_manager = 0;
    kc_problem_init(&pb);
    assert_int_equal(process_service_check_people(NULL, &caller, NULL, body, &pb), KC_INVALID);
    assert_int_equal(json_array_size(pb.invalid_params), 1);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "name")),
        "ownerId");
    kc_problem_clear(&pb);

    db.owner_is_team_manager = 1;
    db.manager_in_teams = 0;
    kc_problem_init(&pb);
    assert_int_equal(process_service_check_people(NULL, &caller, PROC_ID, body, &pb), KC_INVALID);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "name")),
        "managerId");
    kc_problem_clear(&pb);
    json_decref(body);
}

/* Who acts on a process's analysis: the role must match the relation (an
 * owner's role does not help a core-team member), the core team only
 * contributes, coordinators everything, API keys nothing, and an unknown
 * process is 404 before any rule. */
static kc_status authorise(const char *sub, const char *roles, const char *id, process_right r)
{
    kc_principal p = staff(sub, roles);
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = process_service_authorise(NULL, &p, id, r, &pb);
    kc_problem_clear(&pb);
    return st;
}

static void the_analysis_is_its_people_s(void **state)
{
    kc_principal key = {.kind = KC_PRINCIPAL_API_KEY, .tenant_id = TENANT};
    kc_problem pb;
    (void)state;

    assert_int_equal(authorise("owner-1", "process_owner", PROC_ID, PROCESS_STEER), KC_OK);
    assert_int_equal(authorise("manager-1", "process_manager", PROC_ID, PROCESS_STEER), KC_OK);
    assert_int_equal(authorise("manager-1", "process_owner", PROC_ID, PROCESS_STEER), KC_FORBIDDEN);
    assert_int_equal(authorise("other", "process_owner", PROC_ID, PROCESS_CONTRIBUTE),
                     KC_FORBIDDEN);
    assert_int_equal(authorise("core-1", "core_team", PROC_ID, PROCESS_CONTRIBUTE), KC_OK);
    assert_int_equal(authorise("core-1", "core_team", PROC_ID, PROCESS_STEER), KC_FORBIDDEN);
    assert_int_equal(authorise("core-1", "process_manager", PROC_ID, PROCESS_CONTRIBUTE),
                     KC_FORBIDDEN);
    assert_int_equal(authorise("anyone", "coordinator", PROC_ID, PROCESS_STEER), KC_OK);
    assert_int_equal(authorise("anyone", "admin", PROC_ID, PROCESS_STEER), KC_OK);
    assert_int_equal(authorise("owner-1", "process_owner", "0b0e3a52-6d0f-4f3a-8a31-000000000000",
                               PROCESS_STEER),
                     KC_NOT_FOUND);
    kc_problem_init(&pb);
    assert_int_equal(process_service_authorise(NULL, &key, PROC_ID, PROCESS_CONTRIBUTE, &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(a_coordinator_moves_along_the_table, reset),
        cmocka_unit_test_setup(an_illegal_move_names_the_allowed_ones, reset),
        cmocka_unit_test_setup(owners_and_managers_move_only_their_own, reset),
        cmocka_unit_test_setup(may_move_is_staff_only, reset),
        cmocka_unit_test_setup(a_stale_version_and_bad_bodies, reset),
        cmocka_unit_test_setup(the_people_rules_name_the_member, reset),
        cmocka_unit_test_setup(the_analysis_is_its_people_s, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
