/* Integration: a filing reads no index of the cases but the primary key,
 * on a schema that is empty and never analysed, as a fresh deployment or a
 * restore is until its first autoanalyze. There every index led by
 * tenant_id costs the same as the primary key for "tenant_id = $1 AND id =
 * $2" and the newest wins; a foreign-key check planned then (the
 * timeline's into cases, before 014) kept that plan for its session and
 * walked every case of the tenant on each filing. The counts are the
 * transaction's own (pg_stat_get_xact_numscans), so nothing else running
 * on the database can disturb them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "casedesk_it.h"

#define FILINGS 60

/* The index scans of casedesk.cases this transaction made so far, per
 * index, as "name=count" lines; *others = the scans of every index but the
 * primary key. */
static void cases_index_scans(char *out, size_t n, long *others)
{
    kc_problem pb;
    PGresult *res = NULL;
    size_t at = 0;
    int i;

    kc_problem_init(&pb);
    assert_int_equal(kc_db_exec(conn, NULL,
                                "SELECT i.indexrelid::regclass::text,\n"
                                "       pg_stat_get_xact_numscans(i.indexrelid)\n"
                                "  FROM pg_index i\n"
                                " WHERE i.indrelid = 'casedesk.cases'::regclass\n"
                                " ORDER BY 1",
                                0, NULL, &res, &pb),
                     KC_OK);
    kc_problem_clear(&pb);
    *others = 0;
    out[0] = '\0';
    for (i = 0; i < PQntuples(res); i++) {
        long scans = atol(PQgetvalue(res, i, 1));
        if (strcmp(PQgetvalue(res, i, 0), "casedesk.cases_pkey") != 0)
            *others += scans;
        if (at < n)
            at += (size_t)snprintf(out + at, n - at, "%s=%ld\n", PQgetvalue(res, i, 0), scans);
    }
    PQclear(res);
}

static void test_filing_reads_no_other_index(void **state)
{
    kc_problem pb;
    it_row cat, officer;
    case_record c;
    char scans[4096];
    long others = 0, reltuples = 0;
    PGresult *res = NULL;
    int i;
    (void)state;

    new_category(TENANT_A, "Plan", &cat);
    new_officer(TENANT_A, "Planner", NULL, NULL, 1000, 1, &officer);
    /* the cases are empty and were never analysed */
    kc_problem_init(&pb);
    assert_int_equal(kc_db_exec(conn, NULL,
                                "SELECT reltuples::bigint FROM pg_class\n"
                                " WHERE oid = 'casedesk.cases'::regclass",
                                0, NULL, &res, &pb),
                     KC_OK);
    reltuples = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    assert_int_equal(reltuples, -1);

    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    /* routed (two timeline rows and a status time) and unrouted filings */
    for (i = 0; i < FILINGS; i++) {
        memset(&c, 0, sizeof(c));
        new_case(TENANT_A, cat.id, "plan", NULL, i % 3 == 0 ? NULL : officer.id, &c);
        case_record_clear(&c);
    }
    cases_index_scans(scans, sizeof(scans), &others);
    printf("-- index scans of casedesk.cases during %d filings:\n%s", FILINGS, scans);
    assert_int_equal(others, 0);
    kc_db_rollback(conn);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_filing_reads_no_other_index, acquire, release),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
