/* Integration: governance of the programmes service against a real
 * PostgreSQL, through the resource kit's service functions and the
 * members' service — people (userSub unique per tenant, in use while in a
 * group), groups (one steering and one project group per programme, kind
 * and programme kept, membersCount and mix computed by the migrations'
 * functions, deleted only while nothing refers to them), members (added
 * 201-style or changed, a working group composing itself but no other
 * group, group.members.changed in the outbox), a person's groups and roles,
 * building blocks (step and working group of the same programme, the
 * status table with allowedTransitions, a working group's member moving
 * the status and nothing else) and another tenant seeing nothing. The
 * programmes, phases and steps are rows put in with SQL (their API is
 * another part). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "programmes_it.h"
#include "governance/member_service.h"

#define TENANT   "5e1c2f4e-6666-4a2b-9c3d-00000000000a"
#define TENANT_B "5e1c2f4e-6666-4a2b-9c3d-00000000000b"
#define PROG1    "00000000-0000-4000-8000-0000000002a1"
#define PROG2    "00000000-0000-4000-8000-0000000002a2"
#define PHASE1   "00000000-0000-4000-8000-0000000002b1"
#define PHASE2   "00000000-0000-4000-8000-0000000002b2"
#define STEP1    "00000000-0000-4000-8000-0000000002c1"
#define STEP_RM  "00000000-0000-4000-8000-0000000002c2" /* removed, of PROG1 */
#define STEP2    "00000000-0000-4000-8000-0000000002c3" /* of PROG2 */

static kc_principal coordinator, member1, member2, other_tenant;

static int setup(void **state)
{
    (void)state;
    if (programmes_setup() != 0)
        return -1;
    coordinator = kt_staff(TENANT, "it", "coordinator");
    member1 = kt_staff(TENANT, "sub-anna", "programme_member");
    member2 = kt_staff(TENANT, "sub-bram", "programme_member");
    other_tenant = kt_staff(TENANT_B, "it-b", "coordinator");
    insert_programme(TENANT, PROG1, "Houden wat goed is", "running");
    insert_programme(TENANT, PROG2, "De Verbonden Gemeente", "draft");
    insert_phase(TENANT, PROG1, PHASE1, 1, "Start en koers");
    insert_phase(TENANT, PROG2, PHASE2, 1, "Kernwaarden");
    insert_step(TENANT, PROG1, PHASE1, STEP1, 1, "Kick-off", "planned", "work");
    insert_step(TENANT, PROG1, PHASE1, STEP_RM, 0, "Weg", "removed", "work");
    insert_step(TENANT, PROG2, PHASE2, STEP2, 1, "Kernwaarden ophalen", "planned", "work");
    return 0;
}

static void create(const kc_resource *res, json_t *body, char *id)
{
    kc_problem pb;

    kc_problem_init(&pb);
    assert_int_equal(create_as(&coordinator, res, body, id, &pb), KC_OK);
    kc_problem_clear(&pb);
}

static void person(const char *name, const char *role_type, const char *sub, char *id)
{
    json_t *body = json_pack("{s:s, s:s}", "name", name, "roleType", role_type);

    if (sub != NULL)
        json_object_set_new(body, "userSub", json_string(sub));
    create(&person_resource, body, id);
}

static void group(const char *programme_id, const char *kind, const char *name, char *id)
{
    create(&group_resource,
           json_pack("{s:s, s:s, s:s}", "programmeId", programme_id, "kind", kind, "name", name),
           id);
}

static kc_status put_as(const kc_principal *p, const char *group_id, const char *person_id,
                        const char *role, int *added, kc_problem *pb)
{
    json_t *body = json_pack("{s:s}", "role", role), *out = NULL;
    kc_status st;

    st = member_service_put(pool, p, group_id, person_id, body, &out, added, pb);
    if (st == KC_OK) {
        assert_string_equal(json_string_value(json_object_get(out, "personId")), person_id);
        assert_string_equal(json_string_value(json_object_get(out, "role")), role);
        assert_non_null(json_string_value(json_object_get(out, "joinedAt")));
    }
    json_decref(out);
    json_decref(body);
    return st;
}

static void put(const char *group_id, const char *person_id, const char *role)
{
    kc_problem pb;
    int added;

    kc_problem_init(&pb);
    assert_int_equal(put_as(&coordinator, group_id, person_id, role, &added, &pb), KC_OK);
    kc_problem_clear(&pb);
}

static kc_status update_as(const kc_principal *p, const kc_resource *res, const char *id,
                           json_t *body, json_t **row, kc_problem *pb)
{
    long long version;
    kc_status st;

    *row = NULL;
    st = kc_resource_update(pool, res, p, id, body, -1, row, &version, pb);
    json_decref(body);
    return st;
}

static kc_status delete_as(const kc_principal *p, const kc_resource *res, const char *id)
{
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = kc_resource_delete(pool, res, p, id, &pb);
    kc_problem_clear(&pb);
    return st;
}

/* ---- people and groups ---------------------------------------------------- */

static void groups_count_their_members_and_mix(void **state)
{
    char anna[37], bram[37], carla[37], dirk[37], work[37], steer[37], v[256];
    json_t *row = NULL, *doc = NULL, *items;
    long long version;
    kc_problem pb;
    int added = -1;
    (void)state;

    person("Anna", "manager", "sub-mix-anna", anna);
    person("Bram", "employee", NULL, bram);
    person("Carla", "employee", NULL, carla);
    person("Dirk", "council_member", NULL, dirk);
    group(PROG1, "working", "Werkgroep Mix", work);
    group(PROG1, "steering", "Stuurgroep", steer);

    kc_problem_init(&pb);
    assert_int_equal(put_as(&coordinator, work, anna, "chair", &added, &pb), KC_OK);
    assert_int_equal(added, 1);
    /* the same person again with another role: a change, not an addition */
    assert_int_equal(put_as(&coordinator, work, anna, "secretary", &added, &pb), KC_OK);
    assert_int_equal(added, 0);
    /* the same role once more: nothing changes, no event */
    assert_int_equal(put_as(&coordinator, work, anna, "secretary", &added, &pb), KC_OK);
    assert_int_equal(added, 0);
    kc_problem_clear(&pb);
    put(work, bram, "member");
    put(work, carla, "member");
    put(work, dirk, "advisor");
    put(steer, anna, "chair");

    assert_int_equal(kc_resource_get(pool, &group_resource, TENANT, work, &row, &version, &pb),
                     KC_OK);
    assert_int_equal(json_integer_value(json_object_get(row, "membersCount")), 4);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(row, "mix"), "manager")),
                     1);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(row, "mix"), "employee")),
                     2);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(row, "mix"), "council_member")), 1);
    assert_int_equal(json_object_size(json_object_get(row, "mix")), 3);
    assert_int_equal(json_integer_value(json_object_get(row, "version")), version);
    json_decref(row);

    /* the members in the order they joined */
    assert_int_equal(member_service_list(pool, &coordinator, work, &doc, &pb), KC_OK);
    items = json_object_get(doc, "items");
    assert_int_equal(json_array_size(items), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "personId")),
                        anna);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "role")),
                        "secretary");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "roleType")),
                        "manager");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 3), "name")),
                        "Dirk");
    json_decref(doc);

    /* Anna's groups and roles: the steering group first */
    assert_int_equal(member_service_person_groups(pool, &coordinator, anna, &doc, &pb), KC_OK);
    items = json_object_get(doc, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "kind")),
                        "steering");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "role")),
                        "chair");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "groupId")),
                        work);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "programmeId")),
                        PROG1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "name")),
                        "Werkgroep Mix");
    json_decref(doc);

    /* one event per change (added 4 + 1, role changed once), no names in it */
    it_sql_value(v, sizeof(v),
                 "SELECT count(*) || ' ' || min(data::text)\n"
                 "  FROM programmes.outbox\n"
                 " WHERE type = 'group.members.changed'\n"
                 "   AND subject = '%s'",
                 work);
    assert_int_equal(atoi(v), 5);
    assert_non_null(strstr(v, PROG1));
    assert_null(strstr(v, "Anna"));

    /* removing a member: gone from the list and the count; not twice */
    assert_int_equal(member_service_remove(pool, &coordinator, work, dirk, &pb), KC_OK);
    assert_int_equal(member_service_remove(pool, &coordinator, work, dirk, &pb), KC_NOT_FOUND);
    assert_int_equal(kc_resource_get(pool, &group_resource, TENANT, work, &row, &version, &pb),
                     KC_OK);
    assert_int_equal(json_integer_value(json_object_get(row, "membersCount")), 3);
    assert_null(json_object_get(json_object_get(row, "mix"), "council_member"));
    json_decref(row);
    kc_problem_clear(&pb);
}

static void people_are_unique_by_sign_in_and_kept_while_in_a_group(void **state)
{
    char p1[37], grp[37];
    kc_problem pb;
    (void)state;

    person("Eva", "policy_officer", "sub-eva", p1);
    kc_problem_init(&pb);
    assert_int_equal(create_as(&coordinator, &person_resource,
                               json_pack("{s:s, s:s, s:s}", "name", "Eva twee", "roleType",
                                         "employee", "userSub", "sub-eva"),
                               NULL, &pb),
                     KC_CONFLICT);
    assert_true(kt_invalid_param(pb.invalid_params, "userSub"));
    kc_problem_clear(&pb);
    /* another tenant may have the same sign-in subject */
    kc_problem_init(&pb);
    assert_int_equal(create_as(&other_tenant, &person_resource,
                               json_pack("{s:s, s:s, s:s}", "name", "Eva B", "roleType", "employee",
                                         "userSub", "sub-eva"),
                               NULL, &pb),
                     KC_OK);
    kc_problem_clear(&pb);
    /* a bad role type and a bad e-mail are named */
    kc_problem_init(&pb);
    assert_int_equal(create_as(&coordinator, &person_resource,
                               json_pack("{s:s, s:s, s:s}", "name", "X", "roleType", "alderman",
                                         "email", "geen-adres"),
                               NULL, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "roleType"));
    assert_true(kt_invalid_param(pb.invalid_params, "email"));
    kc_problem_clear(&pb);

    group(PROG1, "working", "Werkgroep Eva", grp);
    put(grp, p1, "member");
    assert_int_equal(delete_as(&coordinator, &person_resource, p1), KC_CONFLICT);
    kc_problem_init(&pb);
    assert_int_equal(member_service_remove(pool, &coordinator, grp, p1, &pb), KC_OK);
    kc_problem_clear(&pb);
    assert_int_equal(delete_as(&coordinator, &person_resource, p1), KC_OK);
}

static void one_steering_and_one_project_group_per_programme(void **state)
{
    char project[37], other[37], w1[37], w2[37];
    json_t *row = NULL;
    kc_problem pb;
    (void)state;

    group(PROG2, "project", "Projectgroep", project);
    kc_problem_init(&pb);
    assert_int_equal(create_as(&coordinator, &group_resource,
                               json_pack("{s:s, s:s, s:s}", "programmeId", PROG2, "kind", "project",
                                         "name", "Nog een projectgroep"),
                               NULL, &pb),
                     KC_CONFLICT);
    assert_true(kt_invalid_param(pb.invalid_params, "kind"));
    kc_problem_clear(&pb);
    /* another programme may have its own; working groups are many */
    group(PROG1, "project", "Projectgroep 1", other);
    group(PROG2, "working", "Werkgroep A", w1);
    group(PROG2, "working", "Werkgroep B", w2);
    /* an unknown programme is named */
    kc_problem_init(&pb);
    assert_int_equal(create_as(&coordinator, &group_resource,
                               json_pack("{s:s, s:s, s:s}", "programmeId",
                                         "00000000-0000-4000-8000-00000000ffff", "kind", "working",
                                         "name", "Nergens"),
                               NULL, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "programmeId"));
    kc_problem_clear(&pb);

    /* kind and programme stay; an echo of them passes; the name changes */
    kc_problem_init(&pb);
    assert_int_equal(update_as(&coordinator, &group_resource, w1,
                               json_pack("{s:s}", "kind", "project"), &row, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "kind"));
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(update_as(&coordinator, &group_resource, w1,
                               json_pack("{s:s}", "programmeId", PROG1), &row, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "programmeId"));
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(
        update_as(&coordinator, &group_resource, w1,
                  json_pack("{s:s, s:s, s:s, s:i}", "kind", "working", "programmeId", PROG2, "name",
                            "Werkgroep Dienstverlening", "membersCount", 99),
                  &row, &pb),
        KC_OK);
    assert_string_equal(json_string_value(json_object_get(row, "name")),
                        "Werkgroep Dienstverlening");
    assert_int_equal(json_integer_value(json_object_get(row, "membersCount")), 0);
    json_decref(row);
    kc_problem_clear(&pb);
}

static void a_group_is_deleted_only_while_nothing_refers_to_it(void **state)
{
    char grp[37], empty[37], p1[37], block[37];
    kc_problem pb;
    (void)state;

    group(PROG1, "working", "Werkgroep Weg", grp);
    group(PROG1, "working", "Werkgroep Leeg", empty);
    person("Frank", "employee", NULL, p1);
    put(grp, p1, "member");
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_delete(pool, &group_resource, &coordinator, grp, &pb),
                     KC_CONFLICT);
    assert_non_null(strstr(pb.detail, "1 member"));
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(member_service_remove(pool, &coordinator, grp, p1, &pb), KC_OK);
    kc_problem_clear(&pb);
    create(&building_block_resource,
           json_pack("{s:s, s:s, s:s}", "programmeId", PROG1, "workingGroupId", grp, "title",
                     "Dienstverlening"),
           block);
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_delete(pool, &group_resource, &coordinator, grp, &pb),
                     KC_CONFLICT);
    assert_non_null(strstr(pb.detail, "1 building block"));
    kc_problem_clear(&pb);
    assert_int_equal(delete_as(&coordinator, &building_block_resource, block), KC_OK);
    assert_int_equal(delete_as(&coordinator, &group_resource, grp), KC_OK);
    assert_int_equal(delete_as(&coordinator, &group_resource, empty), KC_OK);
    assert_int_equal(delete_as(&coordinator, &group_resource, empty), KC_NOT_FOUND);
}

/* ---- members: who composes a group ------------------------------------------ */

static void a_working_group_composes_itself(void **state)
{
    char anna[37], bram[37], colleague[37], work[37], other_work[37], project[37];
    kc_problem pb;
    int added = 0;
    (void)state;

    person("Anna lid", "employee", "sub-anna", anna);
    person("Bram lid", "employee", "sub-bram", bram);
    person("Collega", "employee", NULL, colleague);
    group(PROG1, "working", "Werkgroep Zelf", work);
    group(PROG1, "working", "Werkgroep Ander", other_work);
    it_sql_value(project, sizeof(project),
                 "SELECT id\n"
                 "  FROM programmes.groups\n"
                 " WHERE programme_id = '%s'\n"
                 "   AND kind = 'project'",
                 PROG1);
    put(work, anna, "chair");

    /* Anna, a member, adds a colleague to her own working group */
    kc_problem_init(&pb);
    assert_int_equal(put_as(&member1, work, colleague, "member", &added, &pb), KC_OK);
    assert_int_equal(added, 1);
    /* and may take them out again */
    assert_int_equal(member_service_remove(pool, &member1, work, colleague, &pb), KC_OK);
    kc_problem_clear(&pb);
    /* but not to another working group, nor the project group */
    kc_problem_init(&pb);
    assert_int_equal(put_as(&member1, other_work, colleague, "member", &added, &pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(put_as(&member1, project, colleague, "member", &added, &pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
    /* Bram is no member of it */
    kc_problem_init(&pb);
    assert_int_equal(put_as(&member2, work, bram, "member", &added, &pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
    /* an unknown person or group is not found; a bad role is named */
    kc_problem_init(&pb);
    assert_int_equal(
        put_as(&coordinator, work, "00000000-0000-4000-8000-00000000eeee", "member", &added, &pb),
        KC_NOT_FOUND);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(
        put_as(&coordinator, "00000000-0000-4000-8000-00000000eeee", anna, "member", &added, &pb),
        KC_NOT_FOUND);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(put_as(&coordinator, work, anna, "boss", &added, &pb), KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "role"));
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(put_as(&coordinator, "not-an-id", anna, "member", &added, &pb),
                     KC_BAD_REQUEST);
    kc_problem_clear(&pb);
}

/* ---- building blocks ----------------------------------------------------------- */

static void building_blocks_are_of_their_programme(void **state)
{
    char work[37], steer[37], work2[37];
    kc_problem pb;
    (void)state;

    group(PROG1, "working", "Werkgroep Blok", work);
    it_sql_value(steer, sizeof(steer),
                 "SELECT id\n"
                 "  FROM programmes.groups\n"
                 " WHERE programme_id = '%s'\n"
                 "   AND kind = 'steering'",
                 PROG1);
    it_sql_value(work2, sizeof(work2),
                 "SELECT id\n"
                 "  FROM programmes.groups\n"
                 " WHERE programme_id = '%s'\n"
                 "   AND kind = 'working'\n"
                 " LIMIT 1",
                 PROG2);

    struct {
        const char *member, *value;
    } bad[] = {
        {"stepId", STEP2},         /* a step of the other programme */
        {"stepId", STEP_RM},       /* a removed step */
        {"workingGroupId", steer}, /* not a working group */
        {"workingGroupId", work2}, /* a working group of the other programme */
        {"status", "in_progress"}, /* a building block starts open */
    };
    size_t i;

    for (i = 0; i < KC_NELEMS(bad); i++) {
        kc_problem_init(&pb);
        assert_int_equal(create_as(&coordinator, &building_block_resource,
                                   json_pack("{s:s, s:s, s:s}", "programmeId", PROG1, "title",
                                             "Fout", bad[i].member, bad[i].value),
                                   NULL, &pb),
                         KC_INVALID);
        assert_true(kt_invalid_param(pb.invalid_params, bad[i].member));
        kc_problem_clear(&pb);
    }
    /* a programme member may not set one up */
    kc_problem_init(&pb);
    assert_int_equal(create_as(&member1, &building_block_resource,
                               json_pack("{s:s, s:s}", "programmeId", PROG1, "title", "Mag niet"),
                               NULL, &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(
        create_as(&coordinator, &building_block_resource,
                  json_pack("{s:s, s:s, s:s, s:s, s:s}", "programmeId", PROG1, "title", "Goed",
                            "stepId", STEP1, "workingGroupId", work, "dueOn", "2026-03-31"),
                  NULL, &pb),
        KC_OK);
    kc_problem_clear(&pb);
}

static kc_status patch_block(const kc_principal *p, const char *id, json_t *body, kc_problem *pb)
{
    json_t *row = NULL;
    kc_status st;

    st = update_as(p, &building_block_resource, id, body, &row, pb);
    json_decref(row);
    return st;
}

static void building_block_status_moves_by_the_table(void **state)
{
    char anna[37], work[37], block[37], loose[37], v[64];
    json_t *allowed;
    kc_problem pb;
    (void)state;

    it_sql_value(anna, sizeof(anna),
                 "SELECT id\n"
                 "  FROM programmes.people\n"
                 " WHERE tenant_id = '%s'\n"
                 "   AND user_sub = 'sub-anna'",
                 TENANT);
    group(PROG1, "working", "Werkgroep Status", work);
    put(work, anna, "member");
    create(&building_block_resource,
           json_pack("{s:s, s:s, s:s}", "programmeId", PROG1, "workingGroupId", work, "title",
                     "Communicatie"),
           block);
    create(&building_block_resource, json_pack("{s:s, s:s}", "programmeId", PROG1, "title", "Los"),
           loose);

    /* open -> done skips a step: 409 naming the allowed moves */
    kc_problem_init(&pb);
    assert_int_equal(patch_block(&coordinator, block, json_pack("{s:s}", "status", "done"), &pb),
                     KC_CONFLICT);
    allowed = json_object_get(pb.extra, "allowedTransitions");
    assert_int_equal(json_array_size(allowed), 2);
    assert_string_equal(json_string_value(json_array_get(allowed, 0)), "in_progress");
    assert_string_equal(json_string_value(json_array_get(allowed, 1)), "dropped");
    kc_problem_clear(&pb);

    /* a member of its working group moves the status ... */
    kc_problem_init(&pb);
    assert_int_equal(patch_block(&member1, block, json_pack("{s:s}", "status", "in_progress"), &pb),
                     KC_OK);
    kc_problem_clear(&pb);
    /* ... but changes nothing else */
    kc_problem_init(&pb);
    assert_int_equal(patch_block(&member1, block,
                                 json_pack("{s:s, s:s}", "status", "done", "title", "Anders"), &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
    /* someone outside the working group moves nothing */
    kc_problem_init(&pb);
    assert_int_equal(patch_block(&member2, block, json_pack("{s:s}", "status", "done"), &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
    /* nor does a member move a building block without a working group */
    kc_problem_init(&pb);
    assert_int_equal(patch_block(&member1, loose, json_pack("{s:s}", "status", "in_progress"), &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
    /* a member may not delete it */
    assert_int_equal(delete_as(&member1, &building_block_resource, block), KC_FORBIDDEN);
    /* it stays with its programme */
    kc_problem_init(&pb);
    assert_int_equal(
        patch_block(&coordinator, block, json_pack("{s:s}", "programmeId", PROG2), &pb),
        KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "programmeId"));
    kc_problem_clear(&pb);

    kc_problem_init(&pb);
    assert_int_equal(patch_block(&member1, block, json_pack("{s:s}", "status", "done"), &pb),
                     KC_OK);
    kc_problem_clear(&pb);
    /* done is final */
    kc_problem_init(&pb);
    assert_int_equal(patch_block(&coordinator, block, json_pack("{s:s}", "status", "dropped"), &pb),
                     KC_CONFLICT);
    assert_int_equal(json_array_size(json_object_get(pb.extra, "allowedTransitions")), 0);
    kc_problem_clear(&pb);
    /* open -> dropped */
    kc_problem_init(&pb);
    assert_int_equal(patch_block(&coordinator, loose, json_pack("{s:s}", "status", "dropped"), &pb),
                     KC_OK);
    kc_problem_clear(&pb);

    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT status || ' ' || version\n"
                                     "  FROM programmes.building_blocks\n"
                                     " WHERE id = '%s'",
                                     block),
                        "done 3");
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT count(*)\n"
                                     "  FROM programmes.outbox\n"
                                     " WHERE type LIKE 'building_block.%%'\n"
                                     "   AND subject = '%s'",
                                     block),
                        "3"); /* created, updated twice */
}

/* ---- tenants ----------------------------------------------------------------------- */

static void another_tenant_sees_nothing(void **state)
{
    char work[37], anna[37];
    json_t *row = NULL, *doc = NULL;
    long long version;
    kc_problem pb;
    int added;
    (void)state;

    group(PROG1, "working", "Werkgroep Privé", work);
    person("Anna privé", "employee", NULL, anna);
    put(work, anna, "member");
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_get(pool, &group_resource, TENANT_B, work, &row, &version, &pb),
                     KC_NOT_FOUND);
    assert_int_equal(member_service_list(pool, &other_tenant, work, &doc, &pb), KC_NOT_FOUND);
    assert_int_equal(member_service_person_groups(pool, &other_tenant, anna, &doc, &pb),
                     KC_NOT_FOUND);
    assert_int_equal(put_as(&other_tenant, work, anna, "member", &added, &pb), KC_NOT_FOUND);
    assert_int_equal(member_service_remove(pool, &other_tenant, work, anna, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    /* nor does it put its groups on this tenant's programme */
    assert_int_equal(create_as(&other_tenant, &group_resource,
                               json_pack("{s:s, s:s, s:s}", "programmeId", PROG1, "kind", "working",
                                         "name", "Indringer"),
                               NULL, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "programmeId"));
    kc_problem_clear(&pb);
    assert_int_equal(delete_as(&other_tenant, &group_resource, work), KC_NOT_FOUND);
    assert_null(row);
    assert_null(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(groups_count_their_members_and_mix),
        cmocka_unit_test(people_are_unique_by_sign_in_and_kept_while_in_a_group),
        cmocka_unit_test(one_steering_and_one_project_group_per_programme),
        cmocka_unit_test(a_group_is_deleted_only_while_nothing_refers_to_it),
        cmocka_unit_test(a_working_group_composes_itself),
        cmocka_unit_test(building_blocks_are_of_their_programme),
        cmocka_unit_test(building_block_status_moves_by_the_table),
        cmocka_unit_test(another_tenant_sees_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
