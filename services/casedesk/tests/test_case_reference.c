/* The reference's year is the Dutch calendar year, and numbers are padded to
 * six digits without being cut off beyond them. Numbers come from blocks the
 * repository reserves (faked here): one reservation per block. */
/* LINK: cases/case_reference.c */
/* WRAP: case_repo_reserve_references */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "cases/case_reference.h"

#define TENANT_A "11111111-1111-4111-8111-111111111111"
#define TENANT_B "22222222-2222-4222-8222-222222222222"

/* The fake counter rows: one per tenant (the tests use one year each). */
static struct {
    long long counter_a, counter_b;
    int calls;
    kc_status fail; /* KC_OK, or what the next reservation answers */
} repo;

kc_status __wrap_case_repo_reserve_references(kc_db_conn *conn, const char *tenant_id, int year,
                                              int count, long long *last, kc_problem *pb);

kc_status __wrap_case_repo_reserve_references(kc_db_conn *conn, const char *tenant_id, int year,
                                              int count, long long *last, kc_problem *pb)
{
    long long *counter = strcmp(tenant_id, TENANT_A) == 0 ? &repo.counter_a : &repo.counter_b;

    (void)conn;
    (void)year;
    repo.calls++;
    if (repo.fail != KC_OK)
        return kc_problem_set(pb, repo.fail, "database unavailable");
    *counter += count;
    *last = *counter;
    return KC_OK;
}

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

static void next_hands_out_a_block_per_reservation(void **state)
{
    char ref[40];
    kc_problem pb;
    int i;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(case_reference_next(NULL, TENANT_A, 2030, ref, sizeof(ref), &pb), KC_OK);
    assert_string_equal(ref, "BV-2030-000001");
    assert_int_equal(repo.calls, 1);
    for (i = 2; i <= CASE_REFERENCE_BLOCK; i++)
        assert_int_equal(case_reference_next(NULL, TENANT_A, 2030, ref, sizeof(ref), &pb), KC_OK);
    assert_string_equal(ref, "BV-2030-000100");
    assert_int_equal(repo.calls, 1);
    /* the block is used up: the next number reserves the next block */
    assert_int_equal(case_reference_next(NULL, TENANT_A, 2030, ref, sizeof(ref), &pb), KC_OK);
    assert_string_equal(ref, "BV-2030-000101");
    assert_int_equal(repo.calls, 2);
    /* another tenant counts on its own */
    assert_int_equal(case_reference_next(NULL, TENANT_B, 2030, ref, sizeof(ref), &pb), KC_OK);
    assert_string_equal(ref, "BV-2030-000001");
    assert_int_equal(repo.calls, 3);
    kc_problem_clear(&pb);
}

static void next_passes_a_failed_reservation_on_and_retries(void **state)
{
    char ref[40] = "";
    kc_problem pb;
    (void)state;

    kc_problem_init(&pb);
    repo.fail = KC_UNAVAILABLE;
    assert_int_equal(case_reference_next(NULL, TENANT_A, 2031, ref, sizeof(ref), &pb),
                     KC_UNAVAILABLE);
    assert_int_equal(pb.status, KC_UNAVAILABLE);
    assert_string_equal(ref, "");
    repo.fail = KC_OK;
    kc_problem_clear(&pb);
    assert_int_equal(case_reference_next(NULL, TENANT_A, 2031, ref, sizeof(ref), &pb), KC_OK);
    assert_int_equal(strncmp(ref, "BV-2031-", 8), 0);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(year_turns_at_dutch_midnight),
        cmocka_unit_test(format_pads_to_six_digits),
        cmocka_unit_test(next_hands_out_a_block_per_reservation),
        cmocka_unit_test(next_passes_a_failed_reservation_on_and_retries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
