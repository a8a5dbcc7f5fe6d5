/* Integration: what routing reads in one go (the category's terms, the
 * active rules in order, the officers they name with their open cases)
 * against a real PostgreSQL. Set-up and rows made by plain SQL:
 * casedesk_it.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "casedesk_it.h"
#include "casedesk_resources.h"

static void test_routing_data(void **state)
{
    kc_problem pb;
    it_row cat, o1, o2, o3, o4, o5, r0, r1, r2;
    json_t *got = NULL;
    long long version = 0;
    case_record k[10];
    case_routing_data d;
    json_t *pool0, *pool1, *pool2;
    static const case_status o1_statuses[] = {CASE_STATUS_ASSIGNED, CASE_STATUS_IN_PROGRESS,
                                              CASE_STATUS_WAITING,  CASE_STATUS_SOLUTION_PROPOSED,
                                              CASE_STATUS_RESOLVED, CASE_STATUS_CLOSED};
    size_t i;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_R, "Routing", &cat);
    new_officer(TENANT_R, "O1", NULL, NULL, 3, 1, &o1);
    new_officer(TENANT_R, "O2", NULL, NULL, 5, 1, &o2);
    new_officer(TENANT_R, "O3 inactive", NULL, NULL, 5, 0, &o3);
    new_officer(TENANT_R, "O4 in an inactive rule", NULL, NULL, 5, 1, &o4);
    new_officer(TENANT_R, "O5 in no rule", NULL, NULL, 5, 1, &o5);
    pool0 = json_pack("[s,s]", o3.id, o1.id);
    pool1 = json_pack("[s,s]", o2.id, o1.id);
    pool2 = json_pack("[s]", o4.id);
    new_rule(TENANT_R, "R1", 1, cat.id, "Noord", "lamp", pool1, 1, &r1);
    new_rule(TENANT_R, "R0", 0, NULL, NULL, NULL, pool0, 1, &r0);
    new_rule(TENANT_R, "R2", 2, NULL, NULL, NULL, pool2, 0, &r2);

    /* o1: one case in each status from assigned on; 4 of them open */
    for (i = 0; i < 6; i++) {
        new_case(TENANT_R, cat.id, "load", NULL, o1.id, &k[i]);
        if (o1_statuses[i] != CASE_STATUS_ASSIGNED)
            set_status(TENANT_R, &k[i], o1_statuses[i]);
    }
    new_case(TENANT_R, cat.id, "load", NULL, o2.id, &k[6]);
    new_case(TENANT_R, cat.id, "load", NULL, o2.id, &k[7]);
    set_status(TENANT_R, &k[7], CASE_STATUS_RESOLVED);
    new_case(TENANT_R, cat.id, "load", NULL, o5.id, &k[8]);
    new_case(TENANT_R, cat.id, "unassigned", NULL, NULL, &k[9]);

    assert_int_equal(case_repo_routing_data(conn, TENANT_R, cat.id, &d, &pb), KC_OK);
    assert_int_equal(d.category_exists, 1);
    /* the category's terms and the tenant's calendar come along */
    assert_int_equal(d.terms.sla_days, 10);
    assert_int_equal(d.terms.first_contact_days, 2);
    assert_int_equal(d.terms.unit, SLA_CALENDAR_WORKING_DAYS);
    assert_int_equal(d.terms.settings.nclosing, 0);
    assert_int_equal(d.nrules, 2); /* active only, in position order */
    assert_null(d.rules[0].category_id);
    assert_null(d.rules[0].district);
    assert_int_equal(d.rules[0].nkeywords, 0);
    assert_int_equal(d.rules[0].nofficers, 2);
    assert_string_equal(d.rules[0].officer_ids[0], o3.id);
    assert_string_equal(d.rules[0].officer_ids[1], o1.id);
    assert_string_equal(d.rules[1].category_id, cat.id);
    assert_string_equal(d.rules[1].district, "Noord");
    assert_int_equal(d.rules[1].nkeywords, 1);
    assert_string_equal(d.rules[1].keywords[0], "lamp");
    assert_int_equal(d.rules[1].nofficers, 2);
    assert_string_equal(d.rules[1].officer_ids[0], o2.id);
    /* active officers named in active rules, in creation order */
    assert_int_equal(d.nofficers, 2);
    assert_string_equal(d.officers[0].id, o1.id);
    assert_int_equal(d.officers[0].capacity, 3);
    assert_int_equal(d.officers[0].open_cases, 4);
    assert_int_equal(d.officers[0].active, 1);
    assert_string_equal(d.officers[1].id, o2.id);
    assert_int_equal(d.officers[1].capacity, 5);
    assert_int_equal(d.officers[1].open_cases, 1);
    assert_true(d.officers[0].created_seq < d.officers[1].created_seq);
    case_routing_data_clear(&d);

    /* the officer's own read counts the same way */
    assert_int_equal(kc_resource_prepare(&officer_resource), KC_OK);
    assert_int_equal(kc_resource_get(pool, &officer_resource, TENANT_R, o1.id, &got, &version,
                                     &pb),
                     KC_OK);
    assert_int_equal(json_integer_value(json_object_get(got, "openCases")), 4);
    json_decref(got);

    assert_int_equal(case_repo_routing_data(conn, TENANT_R, NO_SUCH, &d, &pb), KC_OK);
    assert_int_equal(d.category_exists, 0);
    assert_int_equal(d.nrules, 2);
    case_routing_data_clear(&d);

    /* another tenant sees none of it */
    assert_int_equal(case_repo_routing_data(conn, TENANT_N1, cat.id, &d, &pb), KC_OK);
    assert_int_equal(d.category_exists, 0);
    assert_int_equal(d.nrules, 0);
    assert_int_equal(d.nofficers, 0);
    case_routing_data_clear(&d);

    for (i = 0; i < 10; i++)
        case_record_clear(&k[i]);
    json_decref(pool0);
    json_decref(pool1);
    json_decref(pool2);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_routing_data, acquire, release),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
