/* The reference's year is the Dutch calendar year, and numbers are padded to
 * six digits without being cut off beyond them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "case_reference.h"

static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return timegm(&tm);
}

static void year_turns_at_dutch_midnight(void **state)
{
    (void)state;
    /* 23:00 UTC on 31 December is midnight in Amsterdam (CET, UTC+1) */
    assert_int_equal(case_reference_year(utc(2026, 12, 31, 22, 59, 59)), 2026);
    assert_int_equal(case_reference_year(utc(2026, 12, 31, 23, 0, 0)), 2027);
    assert_int_equal(case_reference_year(utc(2027, 1, 1, 12, 0, 0)), 2027);
    /* summer: nothing odd around midnight */
    assert_int_equal(case_reference_year(utc(2026, 7, 1, 23, 30, 0)), 2026);
}

static void format_pads_to_six_digits(void **state)
{
    char buf[40];
    (void)state;
    case_reference_format(2026, 123, buf, sizeof(buf));
    assert_string_equal(buf, "BV-2026-000123");
    case_reference_format(2026, 999999, buf, sizeof(buf));
    assert_string_equal(buf, "BV-2026-999999");
    case_reference_format(2026, 1234567, buf, sizeof(buf));
    assert_string_equal(buf, "BV-2026-1234567");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(year_turns_at_dutch_midnight),
        cmocka_unit_test(format_pads_to_six_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
