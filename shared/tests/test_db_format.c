/* kc_db_format_timestamp: PostgreSQL's ISO output in UTC to RFC 3339. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "koers/db.h"

static void check(const char *in, int rc, const char *want)
{
    char out[40];
    assert_int_equal(kc_db_format_timestamp(in, out, sizeof(out)), rc);
    assert_string_equal(out, want);
}

static void formats_fractions(void **state)
{
    (void)state;
    check("2026-11-23 10:55:40.123456+00", 0, "2026-11-23T10:55:40.123Z");
    check("2026-11-23 10:55:40.1+00", 0, "2026-11-23T10:55:40.100Z");
    check("2026-11-23 10:55:40.09+00", 0, "2026-11-23T10:55:40.090Z");
    check("2026-11-23 10:55:40+00", 0, "2026-11-23T10:55:40.000Z");
    check("2026-12-31 23:59:59.999999+00", 0, "2026-12-31T23:59:59.999Z");
}

static void refuses_other_forms(void **state)
{
    char small[10];
    (void)state;
    check("2026-11-23 10:55:40+01", -1, "");
    check("2026-11-23T10:55:40Z", -1, "");
    check("infinity", -1, "");
    check("", -1, "");
    assert_int_equal(kc_db_format_timestamp(NULL, small, sizeof(small)), -1);
    assert_int_equal(kc_db_format_timestamp("2026-11-23 10:55:40+00", small, sizeof(small)), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_fractions),
        cmocka_unit_test(refuses_other_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
