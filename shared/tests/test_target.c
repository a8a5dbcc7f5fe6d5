#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <string.h>
#include <cmocka.h>

#include "koers/target.h"

static void expect_good(const char *target)
{
    char what[160] = "x";

    if (!kc_target_check(target, what, sizeof(what)))
        fail_msg("%s refused: %s", target, what);
    assert_string_equal(what, "");
}

static void expect_fault(const char *target, const char *named)
{
    char what[160] = "";

    if (kc_target_check(target, what, sizeof(what)))
        fail_msg("%s passed", target);
    assert_string_equal(what, named);
}

/* What clients send every day passes: escapes of UTF-8, "+", reserved
 * characters, empty segments and pieces, no query, an empty one. */
static void good_targets(void **state)
{
    (void)state;
    expect_good(NULL);
    expect_good("");
    expect_good("/");
    expect_good("*");
    expect_good("/casedesk/v1/cases");
    expect_good("/casedesk/v1/cases/0b5c2f0e-6f11-4c7e-9a0e-2b9e1d1c0a11/referrals");
    expect_good("/casedesk/v1/cases?");
    expect_good("/casedesk/v1/cases?status=open&limit=5");
    expect_good("/casedesk/v1/cases?q=caf%C3%A9+%E2%82%AC&district=Noord%2FOost");
    expect_good("/casedesk/v1/cases?q=%F0%9F%98%80&&flag&=x&a==b");
    expect_good("/a//b/%2F/+/%25/~:@!$&'()*,;=");
    expect_good("/a?x=%7E%7e");
    expect_good("/caf\xc3\xa9?w=\xe2\x82\xac"); /* raw UTF-8 is UTF-8 too */
}

/* A '%' must start two hex digits, in the path and in the query. */
static void bad_escapes(void **state)
{
    (void)state;
    expect_fault("/casedesk/v1/categories/%", "path segment 4");
    expect_fault("/casedesk/v1/categories/%4", "path segment 4");
    expect_fault("/casedesk/v1/categories/%zz", "path segment 4");
    expect_fault("/casedesk/v1/categories/%4g/x", "path segment 4");
    expect_fault("/%/v1", "path segment 1");
    expect_fault("/a?limit=%", "query parameter limit");
    expect_fault("/a?limit=5%2", "query parameter limit");
    expect_fault("/a?ok=1&%=1", "name of query parameter 2");
    expect_fault("/a?ok=1&x%g1=1", "name of query parameter 2");
}

/* The decoded text must be UTF-8: no stray continuation byte, no lead
 * byte without its continuation, no overlong form, no surrogate, nothing
 * above U+10FFFF. */
static void not_utf8(void **state)
{
    (void)state;
    expect_fault("/casedesk/v1/cases/%ff%fe/referrals", "path segment 4");
    expect_fault("/casedesk/v1/referrals?officialId=%ff", "query parameter officialId");
    expect_fault("/casedesk/v1/statistics?groupBy=%ff", "query parameter groupBy");
    expect_fault("/casedesk/v1/statistics?from=%ff", "query parameter from");
    expect_fault("/surveys/v1/surveys/x/results?format=%ff", "query parameter format");
    expect_fault("/a/%80", "path segment 2");
    expect_fault("/a/%C3", "path segment 2");
    expect_fault("/a/%C3/b", "path segment 2");
    expect_fault("/a/%C3%28", "path segment 2");
    expect_fault("/a/%C0%AF", "path segment 2");       /* overlong '/' */
    expect_fault("/a/%E0%80%AF", "path segment 2");    /* overlong */
    expect_fault("/a/%F0%80%80%AF", "path segment 2"); /* overlong */
    expect_fault("/a/%ED%A0%80", "path segment 2");    /* surrogate U+D800 */
    expect_fault("/a/%F4%90%80%80", "path segment 2"); /* above U+10FFFF */
    expect_fault("/a/%F5%80%80%80", "path segment 2");
    expect_fault("/a/\xff", "path segment 2");
    expect_fault("/a?\xc3=1", "name of query parameter 1");
    expect_good("/a/%ED%9F%BF/%EE%80%80/%F4%8F%BF%BF/%F0%90%80%80");
}

/* No control character: NUL (which would cut the value short), the C0
 * range, DEL and the C1 range; "+" is a space in the query, a '+' in the
 * path. */
static void controls(void **state)
{
    (void)state;
    expect_fault("/casedesk/v1/categories/%00", "path segment 4");
    expect_fault("/a?officialId=%00abc", "query parameter officialId");
    expect_fault("/a?q=line%0Abreak", "query parameter q");
    expect_fault("/a?q=tab%09", "query parameter q");
    expect_fault("/a?q=%7F", "query parameter q");
    expect_fault("/a?q=%C2%80", "query parameter q");
    expect_fault("/a?q=%C2%9F", "query parameter q");
    expect_fault("/a/\t", "path segment 2");
    expect_good("/a?q=%C2%A0");
    expect_good("/a?q=%20+%2B");
}

/* The name of a faulty value is decoded, and cut at a character boundary
 * to fit; a short buffer still says what it can; none at all is fine. */
static void naming(void **state)
{
    char what[20];
    char longname[400];
    kc_target_fault f;
    size_t i;

    (void)state;
    expect_fault("/a?caf%C3%A9+x=%ff", "query parameter caf\xc3\xa9 x");
    assert_int_equal(kc_target_check("/a/%ff", what, sizeof(what)), 0);
    assert_string_equal(what, "path segment 2");
    assert_int_equal(kc_target_check("/a/%ff", what, 5), 0);
    assert_string_equal(what, "path");
    assert_int_equal(kc_target_check("/a/%ff", NULL, 0), 0);
    assert_int_equal(kc_target_check("/a/b", NULL, 0), 1);

    strcpy(longname, "/a?");
    for (i = strlen(longname); i < 3 + 2 * 150; i += 2)
        memcpy(longname + i, "\xc3\xa9", 2); /* é: two bytes each */
    strcpy(longname + i, "=%ff");
    assert_int_equal(kc_target_inspect(longname, &f), 0);
    assert_int_equal(f.part, KC_TARGET_QUERY_VALUE);
    assert_int_equal(f.index, 1);
    assert_true(strlen(f.name) < sizeof(f.name));
    assert_int_equal(strlen(f.name) % 2, 0); /* never half a character */
    assert_true(strlen(f.name) >= sizeof(f.name) - 2);
    assert_int_equal(kc_target_inspect("/a?x=1&y=%ff", NULL), 0);
    assert_int_equal(kc_target_inspect("/a?x=1&y=2", &f), 1);
    assert_string_equal(f.name, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_targets), cmocka_unit_test(bad_escapes), cmocka_unit_test(not_utf8),
        cmocka_unit_test(controls),     cmocka_unit_test(naming),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
