/* Integration: the casedesk repository of a case's notes and messages
 * (first contact, lists by kind and page, tenant scoping) against a real
 * PostgreSQL. Set-up: casedesk_it.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "casedesk_it.h"
#include "cases/case_message_repo.h"

static void test_case_messages(void **state)
{
    kc_problem pb;
    it_row cat;
    case_record c, got;
    case_message m1, m2, m3, *items = NULL;
    size_t n = 0;
    int first = -1, has_more = -1;
    (void)state;
    kc_problem_init(&pb);
    memset(&m1, 0, sizeof(m1));
    memset(&m2, 0, sizeof(m2));
    memset(&m3, 0, sizeof(m3));
    new_category(TENANT_M, "Berichten", &cat);
    new_case(TENANT_M, cat.id, "berichten", NULL, NULL, &c);

    /* a note is no first contact */
    assert_int_equal(case_message_repo_insert(conn, TENANT_M, c.id, "note", "user:a", "intern", 0,
                                              &m1, &first, &pb),
                     KC_OK);
    assert_int_equal(first, 0);
    assert_string_equal(m1.kind, "note");
    assert_string_equal(m1.author, "user:a");
    assert_string_equal(m1.body, "intern");
    assert_timestamp(m1.at);
    /* the first message is, once */
    assert_int_equal(case_message_repo_insert(conn, TENANT_M, c.id, "message", "user:a", "hallo", 1,
                                              &m2, &first, &pb),
                     KC_OK);
    assert_int_equal(first, 1);
    assert_int_equal(case_message_repo_insert(conn, TENANT_M, c.id, "message", "citizen", "dank u",
                                              1, &m3, &first, &pb),
                     KC_OK);
    assert_int_equal(first, 0);
    assert_int_equal(case_repo_get(conn, TENANT_M, c.id, &got, &pb), KC_OK);
    assert_string_equal(got.first_contact_at, m2.at);
    assert_int_equal(got.version, c.version + 1);
    case_record_clear(&got);

    /* lists by kind, paged */
    assert_int_equal(
        case_message_repo_list(conn, TENANT_M, c.id, "message", 0, 1, &items, &n, &has_more, &pb),
        KC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(has_more, 1);
    assert_int_equal(items[0].id, m2.id);
    case_message_array_free(items, n);
    assert_int_equal(case_message_repo_list(conn, TENANT_M, c.id, "message", m2.id, 10, &items, &n,
                                            &has_more, &pb),
                     KC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(has_more, 0);
    assert_string_equal(items[0].author, "citizen");
    case_message_array_free(items, n);
    assert_int_equal(
        case_message_repo_list(conn, TENANT_M, c.id, "note", 0, 10, &items, &n, &has_more, &pb),
        KC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].body, "intern");
    case_message_array_free(items, n);
    /* another tenant sees none */
    assert_int_equal(
        case_message_repo_list(conn, TENANT_A, c.id, "note", 0, 10, &items, &n, &has_more, &pb),
        KC_OK);
    assert_int_equal(n, 0);
    case_message_array_free(items, n);

    case_message_clear(&m1);
    case_message_clear(&m2);
    case_message_clear(&m3);
    case_record_clear(&c);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_case_messages, acquire, release),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
