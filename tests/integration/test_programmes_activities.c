/* Integration: activities and buddies of the programmes service against a
 * real PostgreSQL — an activity through the kit with its checks (the
 * step of its programme, http(s) materials kept as a jsonb array, the
 * period, read-only members), participants invited and registered up to
 * the capacity (the last place taken once), attendance figures, the
 * completion with activity.completed carrying the counts in the outbox,
 * a cohort whose members get proposed buddy pairs across departments,
 * accepted, a repeated pair refused, check-ins seen only by the pair and
 * the leads, and another tenant seeing nothing. Programmes, phases and
 * steps are rows put in with SQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "programmes_it.h"
#include "activities/activity_service.h"
#include "activities/buddy_service.h"
#include "activities/cohort_service.h"

#define TENANT   "5e1c2f4e-7777-4a2b-9c3d-00000000000a"
#define TENANT_B "5e1c2f4e-7777-4a2b-9c3d-00000000000b"
#define PROG1    "00000000-0000-4000-8000-0000000013a1"
#define PROG2    "00000000-0000-4000-8000-0000000013a2"
#define PHASE1   "00000000-0000-4000-8000-0000000013b1"
#define PHASE2   "00000000-0000-4000-8000-0000000013b2"
#define STEP1    "00000000-0000-4000-8000-0000000013c1"
#define STEP2    "00000000-0000-4000-8000-0000000013c2" /* of PROG2 */

static kc_principal lead, emp1, emp2, emp3, stranger, other_tenant;

static int setup(void **state)
{
    (void)state;
    if (programmes_setup() != 0)
        return -1;
    lead = kt_staff(TENANT, "it-lead", "programme_lead");
    emp1 = kt_staff(TENANT, "sub-emp1", "employee");
    emp2 = kt_staff(TENANT, "sub-emp2", "employee");
    emp3 = kt_staff(TENANT, "sub-emp3", "employee");
    stranger = kt_staff(TENANT, "sub-nobody", "employee");
    other_tenant = kt_staff(TENANT_B, "it-b", "coordinator");
    insert_programme(TENANT, PROG1, "Cultuur", "running");
    insert_programme(TENANT, PROG2, "Ander", "draft");
    insert_phase(TENANT, PROG1, PHASE1, 1, "Leren");
    insert_phase(TENANT, PROG2, PHASE2, 1, "Anders");
    insert_step(TENANT, PROG1, PHASE1, STEP1, 1, "Leren", "planned", "work");
    insert_step(TENANT, PROG2, PHASE2, STEP2, 1, "Anders", "planned", "work");
    if (kc_resource_prepare(&activity_resource) != KC_OK ||
        kc_resource_prepare(&cohort_resource) != KC_OK)
        return -1;
    return 0;
}

static void person(const char *sub, const char *organisation, char *id)
{
    kc_problem pb;
    json_t *body = json_pack("{s:s, s:s, s:s}", "name", organisation, "roleType", "employee",
                             "organisation", organisation);

    if (sub != NULL)
        json_object_set_new(body, "userSub", json_string(sub));
    kc_problem_init(&pb);
    assert_int_equal(create_as(&lead, &person_resource, body, id, &pb), KC_OK);
    kc_problem_clear(&pb);
}

static void activity_checks_its_members(void **state)
{
    kc_problem pb;
    json_t *row = NULL, *body;
    long long version;
    char id[40], v[512];

    (void)state;
    kc_problem_init(&pb);
    /* the step of another programme, an ftp link, an end before the start */
    assert_int_equal(create_as(&lead, &activity_resource,
                               json_pack("{s:s, s:s, s:s, s:s}", "programmeId", PROG1, "kind",
                                         "workshop", "title", "Werkplaats", "stepId", STEP2),
                               NULL, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "stepId"));
    kc_problem_clear(&pb);
    assert_int_equal(create_as(&lead, &activity_resource,
                               json_pack("{s:s, s:s, s:s, s:[{s:s, s:s}]}", "programmeId", PROG1,
                                         "kind", "workshop", "title", "Werkplaats", "materials",
                                         "title", "Film", "url", "ftp://x.example/film"),
                               NULL, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "materials[0].url"));
    kc_problem_clear(&pb);
    assert_int_equal(create_as(&lead, &activity_resource,
                               json_pack("{s:s, s:s, s:s, s:s, s:s}", "programmeId", PROG1, "kind",
                                         "workshop", "title", "W", "startsAt",
                                         "2027-01-02T10:00:00Z", "endsAt", "2027-01-02T09:00:00Z"),
                               NULL, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "endsAt"));
    kc_problem_clear(&pb);
    /* an employee does not plan */
    assert_int_equal(create_as(&emp1, &activity_resource,
                               json_pack("{s:s, s:s, s:s}", "programmeId", PROG1, "kind",
                                         "workshop", "title", "W"),
                               NULL, &pb),
                     KC_FORBIDDEN);
    kc_problem_clear(&pb);
    /* materials come back as they went in, a jsonb array */
    assert_int_equal(
        create_as(&lead, &activity_resource,
                  json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}]}", "programmeId",
                            PROG1, "kind", "webinar", "title", "Webinar", "stepId", STEP1,
                            "materials", "title", "Dia's", "url", "https://x.example/dia", "title",
                            "Opname", "url", "http://x.example/opname"),
                  id, &pb),
        KC_OK);
    assert_int_equal(kc_resource_get(pool, &activity_resource, TENANT, id, &row, &version, &pb),
                     KC_OK);
    assert_int_equal(json_array_size(json_object_get(row, "materials")), 2);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(row, "materials"), 1), "url")),
                        "http://x.example/opname");
    assert_string_equal(json_string_value(json_object_get(row, "status")), "planned");
    json_decref(row);
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT jsonb_typeof(materials)\n"
                                     "  FROM programmes.activities\n"
                                     " WHERE id = '%s'",
                                     id),
                        "array");
    /* status and programme are read-only */
    body = json_pack("{s:s}", "status", "completed");
    assert_int_equal(
        kc_resource_update(pool, &activity_resource, &lead, id, body, -1, &row, &version, &pb),
        KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "status"));
    json_decref(body);
    kc_problem_clear(&pb);
}

static kc_status register_as(const kc_principal *p, const char *id, int *added, kc_problem *pb)
{
    json_t *out = NULL;
    kc_status st = activity_service_register(pool, p, id, &out, added, pb);

    json_decref(out);
    return st;
}

static void registration_capacity_attendance_completion(void **state)
{
    kc_problem pb;
    json_t *out = NULL, *body;
    long long version;
    int added = 0;
    char id[40], p1[40], p2[40], p3[40], v[512];

    (void)state;
    kc_problem_init(&pb);
    person("sub-emp1", "Burgerzaken", p1);
    person("sub-emp2", "Sociaal domein", p2);
    person("sub-emp3", "Ruimte", p3);
    assert_int_equal(create_as(&lead, &activity_resource,
                               json_pack("{s:s, s:s, s:s, s:i}", "programmeId", PROG1, "kind",
                                         "intervision", "title", "Intervisie", "capacity", 2),
                               id, &pb),
                     KC_OK);
    /* invitations */
    body = json_object();
    assert_int_equal(activity_service_put_participant(pool, &lead, id, p1, body, &out, &added, &pb),
                     KC_OK);
    assert_true(added);
    json_decref(out);
    assert_int_equal(activity_service_put_participant(pool, &lead, id, p2, body, &out, &added, &pb),
                     KC_OK);
    json_decref(out);
    json_decref(body);
    /* two places: two registrations, the third refused, a repeat kept */
    assert_int_equal(register_as(&emp1, id, &added, &pb), KC_OK);
    assert_true(added);
    assert_int_equal(register_as(&emp1, id, &added, &pb), KC_OK);
    assert_false(added);
    assert_int_equal(register_as(&emp2, id, &added, &pb), KC_OK);
    assert_int_equal(register_as(&emp3, id, &added, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    /* not in the directory */
    assert_int_equal(register_as(&stranger, id, &added, &pb), KC_FORBIDDEN);
    kc_problem_clear(&pb);
    /* attendance */
    body = json_pack("{s:b}", "attended", 1);
    assert_int_equal(activity_service_put_participant(pool, &lead, id, p1, body, &out, &added, &pb),
                     KC_OK);
    assert_false(added);
    assert_true(json_is_true(json_object_get(out, "attended")));
    json_decref(out);
    json_decref(body);
    assert_int_equal(activity_service_attendance(pool, &lead, id, &out, &pb), KC_OK);
    assert_int_equal(json_integer_value(json_object_get(out, "invited")), 2);
    assert_int_equal(json_integer_value(json_object_get(out, "registered")), 2);
    assert_int_equal(json_integer_value(json_object_get(out, "attended")), 1);
    assert_true(json_real_value(json_object_get(out, "rate")) > 0.49 &&
                json_real_value(json_object_get(out, "rate")) < 0.51);
    assert_true(json_is_null(json_object_get(out, "progress")));
    json_decref(out);
    /* completed: the event carries the counts, no names */
    body = json_pack("{s:s}", "to", "completed");
    assert_int_equal(activity_service_move(pool, &lead, id, body, 1, &out, &version, &pb), KC_OK);
    assert_string_equal(json_string_value(json_object_get(out, "status")), "completed");
    assert_int_equal(version, 2);
    json_decref(out);
    assert_int_equal(activity_service_move(pool, &lead, id, body, -1, &out, &version, &pb),
                     KC_CONFLICT);
    kc_problem_clear(&pb);
    json_decref(body);
    it_sql_value(v, sizeof(v),
                 "SELECT data::text\n"
                 "  FROM programmes.outbox\n"
                 " WHERE type = 'activity.completed'\n"
                 "   AND subject = '%s'",
                 id);
    assert_non_null(strstr(v, "\"invited\": 2"));
    assert_non_null(strstr(v, "\"registered\": 2"));
    assert_non_null(strstr(v, "\"attended\": 1"));
    assert_non_null(strstr(v, "\"kind\": \"intervision\""));
    assert_null(strstr(v, "Burgerzaken"));
    /* registration closed */
    assert_int_equal(register_as(&emp3, id, &added, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
}

static void buddies_in_a_cohort(void **state)
{
    kc_problem pb;
    json_t *out = NULL, *body, *pairs, *again = NULL, *ck = NULL, *ended = NULL, *again2 = NULL;
    json_t *prop = NULL;
    char cohort[40], p[6][40], v[64];
    const char *subs[6] = {"sub-b1", "sub-b2", "sub-b3", NULL, NULL, NULL};
    const char *depts[6] = {"A", "B", "C", "A", "B", "C"};
    const kc_principal *them[3];
    kc_principal b1, b2, b3;
    const char *pair_id, *x, *y;
    int added, i, j, mine = -1, dx, dy;

    (void)state;
    kc_problem_init(&pb);
    b1 = kt_staff(TENANT, "sub-b1", "employee");
    b2 = kt_staff(TENANT, "sub-b2", "employee");
    b3 = kt_staff(TENANT, "sub-b3", "employee");
    them[0] = &b1;
    them[1] = &b2;
    them[2] = &b3;
    assert_int_equal(create_as(&lead, &cohort_resource,
                               json_pack("{s:s, s:s}", "programmeId", PROG1, "name", "Versnellers"),
                               cohort, &pb),
                     KC_OK);
    for (i = 0; i < 6; i++) {
        person(subs[i], depts[i], p[i]);
        body = json_pack("{s:b}", "changeAgent", i < 2);
        assert_int_equal(
            cohort_service_put_member(pool, &lead, cohort, p[i], body, &out, &added, &pb), KC_OK);
        assert_true(added);
        json_decref(out);
        json_decref(body);
    }
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT programmes.cohort_members_count('%s', '%s', true)",
                                     TENANT, cohort),
                        "2");
    /* proposed: three pairs across departments */
    assert_int_equal(buddy_service_propose(pool, &lead, cohort, &out, &pb), KC_OK);
    pairs = json_object_get(out, "pairs");
    assert_int_equal(json_array_size(pairs), 3);
    assert_int_equal(json_array_size(json_object_get(out, "unpaired")), 0);
    body = json_pack("{s:O}", "pairs", pairs);
    json_decref(out);
    assert_int_equal(buddy_service_accept(pool, &lead, cohort, body, &out, &pb), KC_OK);
    assert_int_equal(json_array_size(json_object_get(out, "items")), 3);
    /* the pair of b1, and one of b2/b3 outside it */
    for (i = 0; i < 3; i++) {
        x = json_string_value(json_array_get(
            json_object_get(json_array_get(json_object_get(out, "items"), (size_t)i), "personIds"),
            0));
        y = json_string_value(json_array_get(
            json_object_get(json_array_get(json_object_get(out, "items"), (size_t)i), "personIds"),
            1));
        for (dx = dy = -1, j = 0; j < 6; j++) {
            if (strcmp(x, p[j]) == 0)
                dx = j;
            if (strcmp(y, p[j]) == 0)
                dy = j;
        }
        assert_true(dx >= 0 && dy >= 0);
        assert_string_not_equal(depts[dx], depts[dy]);
        if (strcmp(x, p[0]) == 0 || strcmp(y, p[0]) == 0)
            mine = i;
    }
    assert_true(mine >= 0);
    pair_id = json_string_value(
        json_object_get(json_array_get(json_object_get(out, "items"), (size_t)mine), "id"));
    /* accepted again: each already has a buddy */
    assert_int_equal(buddy_service_accept(pool, &lead, cohort, body, &again, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    json_decref(body);
    /* check-ins: b1 writes; the lead reads; a stranger and the other tenant get 404 */
    body = json_pack("{s:s, s:s}", "heldOn", "2027-02-01", "note", "Goed gesprek");
    assert_int_equal(buddy_service_add_checkin(pool, them[0], pair_id, body, &ck, &pb), KC_OK);
    json_decref(ck);
    assert_int_equal(buddy_service_checkins(pool, &lead, pair_id, &ck, &pb), KC_OK);
    assert_int_equal(json_array_size(json_object_get(ck, "items")), 1);
    json_decref(ck);
    assert_int_equal(buddy_service_checkins(pool, &stranger, pair_id, &ck, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(buddy_service_add_checkin(pool, &stranger, pair_id, body, &ck, &pb),
                     KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(buddy_service_checkins(pool, &other_tenant, pair_id, &ck, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    json_decref(body);
    /* ended, it is never formed again */
    assert_int_equal(buddy_service_end(pool, &lead, pair_id, &ended, &pb), KC_OK);
    body = json_pack(
        "{s:O}", "personIds",
        json_object_get(json_array_get(json_object_get(out, "items"), (size_t)mine), "personIds"));
    assert_int_equal(buddy_service_create(pool, &lead, cohort, body, &again2, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    json_decref(body);
    json_decref(ended);
    /* the proposal leaves the two unpaired rather than repeat them */
    assert_int_equal(buddy_service_propose(pool, &lead, cohort, &prop, &pb), KC_OK);
    assert_int_equal(json_array_size(json_object_get(prop, "pairs")), 0);
    assert_int_equal(json_array_size(json_object_get(prop, "unpaired")), 2);
    json_decref(prop);
    json_decref(out);
    /* the other tenant sees no cohort */
    assert_int_equal(cohort_service_members(pool, &other_tenant, cohort, &out, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(activity_checks_its_members),
        cmocka_unit_test(registration_capacity_attendance_completion),
        cmocka_unit_test(buddies_in_a_cohort),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
