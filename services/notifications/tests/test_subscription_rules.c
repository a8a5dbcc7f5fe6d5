/* The rules of an abonnement that need no database: the kanalen a
 * subscriber gives (names, filters, each fault named as the 422's
 * invalidParams name it), the auth value, the test message's exact text,
 * what the answer to the test message means for the subscriber, and the
 * alert address. */
/* LINK: subscriptions/subscription_rules.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "subscriptions/subscription_rules.h"

static json_t *catalogue(void)
{
    return json_loads(
        "[{\"naam\":\"cases\",\"filters\":[\"eventType\",\"category\",\"status\","
        "\"district\",\"priority\"]},"
        "{\"naam\":\"referrals\",\"filters\":[\"eventType\",\"status\",\"departmentId\"]}]",
        0, NULL);
}

/* The names of the faults in pb, comma-separated, into out. */
static const char *fault_names(const kc_problem *pb, char *out, size_t n)
{
    const json_t *f;
    size_t i;

    out[0] = '\0';
    json_array_foreach(pb->invalid_params, i, f)
    {
        if (i > 0)
            strncat(out, ",", n - strlen(out) - 1);
        strncat(out, json_string_value(json_object_get(f, "name")), n - strlen(out) - 1);
    }
    return out;
}

/* Checks kanalen (JSON text) and answers the names at fault ("" when ok). */
static const char *check(const char *kanalen_text, char *out, size_t n)
{
    json_t *cat = catalogue(), *k = json_loads(kanalen_text, 0, NULL);
    kc_problem pb;
    int ok;

    assert_non_null(k);
    kc_problem_init(&pb);
    ok = sub_rules_check_kanalen(k, cat, &pb);
    fault_names(&pb, out, n);
    assert_int_equal(ok, out[0] == '\0');
    kc_problem_clear(&pb);
    json_decref(k);
    json_decref(cat);
    return out;
}

static void good_kanalen_pass(void **state)
{
    char names[512];
    (void)state;

    assert_string_equal(check("[{\"naam\":\"cases\"}]", names, sizeof(names)), "");
    assert_string_equal(check("[{\"naam\":\"cases\",\"filters\":{\"district\":\"noord\","
                              "\"eventType\":\"case.closed\",\"status\":\"*\"}},"
                              "{\"naam\":\"referrals\",\"filters\":{}}]",
                              names, sizeof(names)),
                        "");
}

static void every_fault_is_named(void **state)
{
    char names[512];
    (void)state;

    assert_string_equal(check("[]", names, sizeof(names)), "kanalen");
    assert_string_equal(check("[{\"naam\":\"zaken\"}]", names, sizeof(names)), "kanalen[0].naam");
    assert_string_equal(check("[{\"filters\":{}}]", names, sizeof(names)), "kanalen[0].naam");
    assert_string_equal(check("[{\"naam\":\"cases\"},\"cases\"]", names, sizeof(names)),
                        "kanalen[1]");
    assert_string_equal(
        check("[{\"naam\":\"cases\",\"filters\":{\"departmentId\":\"x\"}}]", names, sizeof(names)),
        "kanalen[0].filters.departmentId");
    assert_string_equal(check("[{\"naam\":\"cases\",\"filters\":{\"status\":3,\"district\":\"\"}}]",
                              names, sizeof(names)),
                        "kanalen[0].filters.status,kanalen[0].filters.district");
    assert_string_equal(
        check("[{\"naam\":\"cases\",\"filters\":[\"status\"]}]", names, sizeof(names)),
        "kanalen[0].filters");
    assert_string_equal(check("[{\"naam\":\"cases\",\"filter\":{}}]", names, sizeof(names)),
                        "kanalen[0].filter");
    /* both entries judged, each fault once */
    assert_string_equal(check("[{\"naam\":\"nope\"},{\"naam\":\"referrals\",\"filters\":"
                              "{\"district\":\"noord\"}}]",
                              names, sizeof(names)),
                        "kanalen[0].naam,kanalen[1].filters.district");
}

static void filter_values_up_to_200_characters(void **state)
{
    char text[512], value[202], names[512];
    (void)state;

    memset(value, 'a', 200);
    value[200] = '\0';
    snprintf(text, sizeof(text), "[{\"naam\":\"cases\",\"filters\":{\"district\":\"%s\"}}]", value);
    assert_string_equal(check(text, names, sizeof(names)), "");
    value[200] = 'a';
    value[201] = '\0';
    snprintf(text, sizeof(text), "[{\"naam\":\"cases\",\"filters\":{\"district\":\"%s\"}}]", value);
    assert_string_equal(check(text, names, sizeof(names)), "kanalen[0].filters.district");
}

static void at_most_20_kanalen(void **state)
{
    char text[1024] = "[", names[512];
    int i;
    (void)state;

    for (i = 0; i < 21; i++)
        strcat(text, i == 0 ? "{\"naam\":\"cases\"}" : ",{\"naam\":\"cases\"}");
    strcat(text, "]");
    assert_string_equal(check(text, names, sizeof(names)), "kanalen");
    text[strlen(text) - strlen(",{\"naam\":\"cases\"}]")] = '\0';
    strcat(text, "]");
    assert_string_equal(check(text, names, sizeof(names)), "");
}

static void auth_is_one_line_of_1_to_1000_characters(void **state)
{
    char big[1002];
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    assert_true(sub_rules_check_auth("Bearer abc", &pb));
    assert_null(pb.invalid_params);
    assert_false(sub_rules_check_auth("", &pb));
    assert_false(sub_rules_check_auth("Bearer a\r\nX-Evil: 1", &pb));
    memset(big, 'x', 1000);
    big[1000] = '\0';
    assert_true(sub_rules_check_auth(big, &pb));
    big[1000] = 'x';
    big[1001] = '\0';
    assert_false(sub_rules_check_auth(big, &pb));
    assert_int_equal(json_array_size(pb.invalid_params), 3);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(pb.invalid_params, 1), "name")), "auth");
    kc_problem_clear(&pb);
}

static void kanalen_are_stored_with_filters(void **state)
{
    json_t *in = json_loads(
        "[{\"naam\":\"cases\"},{\"naam\":\"referrals\",\"filters\":{\"status\":\"*\"}}]", 0, NULL);
    json_t *out = sub_rules_normal_kanalen(in);
    char *text = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    (void)state;

    assert_string_equal(text, "[{\"naam\":\"cases\",\"filters\":{}},"
                              "{\"naam\":\"referrals\",\"filters\":{\"status\":\"*\"}}]");
    free(text);
    json_decref(out);
    json_decref(in);
}

static void the_test_message_is_the_standards(void **state)
{
    char *m = sub_rules_test_message("https://api.example.nl", "2026-05-01T10:00:00Z");
    (void)state;

    assert_string_equal(m, "{\"kanaal\":\"test\","
                           "\"hoofdObject\":\"https://api.example.nl/notifications/v1/kanaal\","
                           "\"resource\":\"test\","
                           "\"resourceUrl\":\"https://api.example.nl/notifications/v1/kanaal\","
                           "\"actie\":\"create\",\"aanmaakdatum\":\"2026-05-01T10:00:00Z\","
                           "\"kenmerken\":{}}");
    free(m);
}

static void the_answer_to_the_test_message(void **state)
{
    webhook_result r;
    char why[200];
    (void)state;

    memset(&r, 0, sizeof(r));
    r.status = 204;
    assert_true(sub_rules_test_accepted(&r, 10, why, sizeof(why)));
    r.status = 500;
    assert_false(sub_rules_test_accepted(&r, 10, why, sizeof(why)));
    assert_string_equal(why, "answered 500 to the test message");
    r.status = 302;
    assert_false(sub_rules_test_accepted(&r, 10, why, sizeof(why)));
    assert_string_equal(why, "answered 302 to the test message (redirects are not followed)");
    r.status = 0;
    strcpy(r.error, "timeout");
    assert_false(sub_rules_test_accepted(&r, 10, why, sizeof(why)));
    assert_string_equal(why, "did not answer the test message within 10 s");
    strcpy(r.error, "connection refused");
    assert_false(sub_rules_test_accepted(&r, 10, why, sizeof(why)));
    assert_string_equal(why, "could not be reached: connection refused");
}

static void alert_email_is_one_address(void **state)
{
    (void)state;
    assert_true(sub_rules_alert_email_ok("beheer@example.nl"));
    assert_false(sub_rules_alert_email_ok("beheer@example.nl\r\nBcc: x@evil.nl"));
    assert_false(sub_rules_alert_email_ok("beheer@example.nl\n"));
    assert_false(sub_rules_alert_email_ok("not an address"));
    assert_false(sub_rules_alert_email_ok(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_kanalen_pass),
        cmocka_unit_test(every_fault_is_named),
        cmocka_unit_test(filter_values_up_to_200_characters),
        cmocka_unit_test(at_most_20_kanalen),
        cmocka_unit_test(auth_is_one_line_of_1_to_1000_characters),
        cmocka_unit_test(kanalen_are_stored_with_filters),
        cmocka_unit_test(the_test_message_is_the_standards),
        cmocka_unit_test(the_answer_to_the_test_message),
        cmocka_unit_test(alert_email_is_one_address),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
