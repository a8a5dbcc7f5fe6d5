/* Unit tests of shared/src/pg.c: kc_pg_one, the "one row or 404" of the
 * repositories, and kc_pg_rows, the rows of a statement as an array; kc_pg_one_doc and
 * kc_pg_list_docs, the same for rows that hold a JSON document; kc_pg_exec_params, a write
 * with its kc_params. kc_db_exec is faked: it answers a result built in memory with as many
 * rows as the test asks for, or fails. */
/* clang-format off */
/* WRAP: -Wl,--wrap=kc_db_exec */
/* clang-format on */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "koers/db.h"
#include "koers/pg.h"

/* ---- the fake kc_db_exec ------------------------------------------------ */

static struct {
    kc_status status; /* what the fake answers                 */
    int rows;         /* rows of the result when status is OK  */
    int json;         /* rows hold {"row": i} instead of "row i" */
    int execs;
    int nparams;
    char stmt[64];
    char param0[64];
} fake;

static int fake_conn_token;
#define FAKE_CONN ((kc_db_conn *)&fake_conn_token)

kc_status __wrap_kc_db_exec(kc_db_conn *conn, const char *stmt_name, const char *sql, int nparams,
                            const char *const *params, PGresult **out, kc_problem *pb);

kc_status __wrap_kc_db_exec(kc_db_conn *conn, const char *stmt_name, const char *sql, int nparams,
                            const char *const *params, PGresult **out, kc_problem *pb)
{
    PGresAttDesc col;
    PGresult *res;
    char value[32];
    int i;

    (void)sql;
    assert_ptr_equal(conn, FAKE_CONN);
    fake.execs++;
    snprintf(fake.stmt, sizeof(fake.stmt), "%s", stmt_name ? stmt_name : "");
    snprintf(fake.param0, sizeof(fake.param0), "%s", nparams > 0 ? params[0] : "");
    fake.nparams = nparams;
    if (fake.status != KC_OK)
        return kc_problem_set(pb, fake.status, "the database is away");
    memset(&col, 0, sizeof(col));
    col.name = "name";
    col.typid = 25; /* text */
    col.typlen = -1;
    col.atttypmod = -1;
    res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    assert_non_null(res);
    assert_int_equal(PQsetResultAttrs(res, 1, &col), 1);
    for (i = 0; i < fake.rows; i++) {
        snprintf(value, sizeof(value), fake.json ? "{\"row\": %d}" : "row %d", i);
        assert_int_equal(PQsetvalue(res, i, 0, value, (int)strlen(value)), 1);
    }
    if (out != NULL)
        *out = res;
    else
        PQclear(res);
    return KC_OK;
}

static int reset(void **state)
{
    (void)state;
    memset(&fake, 0, sizeof(fake));
    return 0;
}

/* ---- kc_pg_one ------------------------------------------------------------ */

typedef struct thing {
    int calls;
    int row;
    char name[32];
} thing;

static void thing_from_row(const PGresult *r, int row, void *out)
{
    thing *t = out;

    t->calls++;
    t->row = row;
    kc_pg_copy(r, row, 0, t->name, sizeof(t->name));
}

static void one_row_is_read(void **state)
{
    const char *params[1] = {"abc"};
    thing t = {0};
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    fake.rows = 1;
    assert_int_equal(kc_pg_one(FAKE_CONN, "thing_get", "SELECT", 1, params, thing_from_row, &t, &pb,
                               "thing %s not found", params[0]),
                     KC_OK);
    assert_int_equal(fake.execs, 1);
    assert_string_equal(fake.stmt, "thing_get");
    assert_string_equal(fake.param0, "abc");
    assert_int_equal(t.calls, 1);
    assert_int_equal(t.row, 0);
    assert_string_equal(t.name, "row 0");
    assert_int_equal(pb.status, KC_OK);
    kc_problem_clear(&pb);
}

static void no_row_is_not_found_with_the_callers_detail(void **state)
{
    const char *params[1] = {"abc"};
    thing t = {0};
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_pg_one(FAKE_CONN, "thing_get", "SELECT", 1, params, thing_from_row, &t, &pb,
                               "thing %s not found", params[0]),
                     KC_NOT_FOUND);
    assert_int_equal(pb.status, KC_NOT_FOUND);
    assert_string_equal(pb.detail, "thing abc not found");
    assert_int_equal(t.calls, 0);
    kc_problem_clear(&pb);

    /* a detail without arguments stays as it is */
    kc_problem_init(&pb);
    assert_int_equal(kc_pg_one(FAKE_CONN, NULL, "SELECT", 0, NULL, thing_from_row, &t, &pb,
                               "unknown invitation token"),
                     KC_NOT_FOUND);
    assert_string_equal(pb.detail, "unknown invitation token");
    kc_problem_clear(&pb);

    /* no problem to fill is fine: the status still says it */
    assert_int_equal(kc_pg_one(FAKE_CONN, NULL, "SELECT", 0, NULL, thing_from_row, &t, NULL,
                               "thing %s not found", "x"),
                     KC_NOT_FOUND);
}

static void more_rows_read_the_first(void **state)
{
    thing t = {0};
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    fake.rows = 3;
    assert_int_equal(kc_pg_one(FAKE_CONN, NULL, "SELECT", 0, NULL, thing_from_row, &t, &pb,
                               "thing %s not found", "x"),
                     KC_OK);
    assert_int_equal(t.calls, 1);
    assert_string_equal(t.name, "row 0");
    kc_problem_clear(&pb);
}

static void without_from_row_only_existence_counts(void **state)
{
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    fake.rows = 1;
    assert_int_equal(
        kc_pg_one(FAKE_CONN, NULL, "DELETE", 0, NULL, NULL, NULL, &pb, "thing %s not found", "x"),
        KC_OK);
    fake.rows = 0;
    assert_int_equal(
        kc_pg_one(FAKE_CONN, NULL, "DELETE", 0, NULL, NULL, NULL, &pb, "thing %s not found", "x"),
        KC_NOT_FOUND);
    assert_string_equal(pb.detail, "thing x not found");
    kc_problem_clear(&pb);
}

static void a_failed_statement_keeps_its_status_and_detail(void **state)
{
    thing t = {0};
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    fake.status = KC_UNAVAILABLE;
    assert_int_equal(kc_pg_one(FAKE_CONN, NULL, "SELECT", 0, NULL, thing_from_row, &t, &pb,
                               "thing %s not found", "x"),
                     KC_UNAVAILABLE);
    assert_string_equal(pb.detail, "the database is away");
    assert_int_equal(t.calls, 0);
    kc_problem_clear(&pb);
}

/* ---- kc_pg_rows ------------------------------------------------------------ */

static void every_row_is_read_into_the_array(void **state)
{
    void *items = NULL;
    thing *list;
    size_t n = 99;
    int more = -1;
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    fake.rows = 3;
    assert_int_equal(kc_pg_rows(FAKE_CONN, "things", "SELECT", 0, NULL, -1, sizeof(thing),
                                thing_from_row, &items, &n, &more, &pb),
                     KC_OK);
    list = items;
    assert_string_equal(fake.stmt, "things");
    assert_int_equal(n, 3);
    assert_int_equal(more, 0);
    assert_string_equal(list[0].name, "row 0");
    assert_int_equal(list[2].row, 2);
    assert_string_equal(list[2].name, "row 2");
    free(items);

    /* no row: an empty array, still the caller's to free */
    fake.rows = 0;
    assert_int_equal(kc_pg_rows(FAKE_CONN, NULL, "SELECT", 0, NULL, -1, sizeof(thing),
                                thing_from_row, &items, &n, NULL, &pb),
                     KC_OK);
    assert_non_null(items);
    assert_int_equal(n, 0);
    free(items);
    kc_problem_clear(&pb);
}

static void a_bounded_list_says_there_is_more(void **state)
{
    void *items = NULL;
    size_t n = 0;
    int more = 0;
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    fake.rows = 3; /* LIMIT max + 1 found the row more */
    assert_int_equal(kc_pg_rows(FAKE_CONN, NULL, "SELECT", 0, NULL, 2, sizeof(thing),
                                thing_from_row, &items, &n, &more, &pb),
                     KC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(more, 1);
    assert_string_equal(((thing *)items)[1].name, "row 1");
    free(items);
    fake.rows = 2;
    assert_int_equal(kc_pg_rows(FAKE_CONN, NULL, "SELECT", 0, NULL, 2, sizeof(thing),
                                thing_from_row, &items, &n, &more, &pb),
                     KC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(more, 0);
    free(items);
    kc_problem_clear(&pb);
}

static void failed_rows_leave_nothing(void **state)
{
    void *items = (void *)&fake;
    size_t n = 7;
    int more = 1;
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    fake.status = KC_UNAVAILABLE;
    assert_int_equal(kc_pg_rows(FAKE_CONN, NULL, "SELECT", 0, NULL, -1, sizeof(thing),
                                thing_from_row, &items, &n, &more, &pb),
                     KC_UNAVAILABLE);
    assert_null(items);
    assert_int_equal(n, 0);
    assert_int_equal(more, 0);
    assert_string_equal(pb.detail, "the database is away");
    kc_problem_clear(&pb);
}

/* ---- kc_pg_one_doc, kc_pg_list_docs, kc_pg_exec_params ------------------ */

static void one_doc_is_parsed_or_not_found(void **state)
{
    json_t *doc = NULL;
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    fake.rows = 1;
    fake.json = 1;
    assert_int_equal(kc_pg_one_doc(FAKE_CONN, "doc_get", "SELECT", 0, NULL, 0, &doc, &pb,
                                   "doc %s not found", "x"),
                     KC_OK);
    assert_string_equal(fake.stmt, "doc_get");
    assert_int_equal(json_integer_value(json_object_get(doc, "row")), 0);
    json_decref(doc);
    fake.rows = 0;
    assert_int_equal(
        kc_pg_one_doc(FAKE_CONN, NULL, "SELECT", 0, NULL, 0, &doc, &pb, "doc %s not found", "x"),
        KC_NOT_FOUND);
    assert_null(doc);
    assert_string_equal(pb.detail, "doc x not found");
    kc_problem_clear(&pb);

    /* a cell that is no JSON is the repository's fault */
    kc_problem_init(&pb);
    fake.rows = 1;
    fake.json = 0;
    assert_int_equal(kc_pg_one_doc(FAKE_CONN, NULL, "SELECT", 0, NULL, 0, &doc, &pb, "missing"),
                     KC_INTERNAL);
    assert_null(doc);
    kc_problem_clear(&pb);
}

static void a_page_of_docs_and_its_next(void **state)
{
    kc_keyset page = {.limit = 2};
    kc_keyset_next next = {0};
    json_t *items = NULL;
    kc_problem pb;

    (void)state;
    kc_problem_init(&pb);
    fake.rows = 3; /* the row more: a next page after the second */
    fake.json = 1;
    assert_int_equal(
        kc_pg_list_docs(FAKE_CONN, "docs", "SELECT", 0, NULL, &page, 0, 0, &items, &next, &pb),
        KC_OK);
    assert_int_equal(json_array_size(items), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "row")), 1);
    assert_int_equal(next.has_more, 1);
    assert_string_equal(next.key, "{\"row\": 1}");
    json_decref(items);
    fake.rows = 2;
    assert_int_equal(
        kc_pg_list_docs(FAKE_CONN, "docs", "SELECT", 0, NULL, &page, 0, 0, &items, &next, &pb),
        KC_OK);
    assert_int_equal(json_array_size(items), 2);
    assert_int_equal(next.has_more, 0);
    json_decref(items);

    fake.json = 0;
    assert_int_equal(
        kc_pg_list_docs(FAKE_CONN, "docs", "SELECT", 0, NULL, &page, 0, 0, &items, &next, &pb),
        KC_INTERNAL);
    assert_null(items);
    kc_problem_clear(&pb);

    kc_problem_init(&pb);
    fake.status = KC_UNAVAILABLE;
    assert_int_equal(
        kc_pg_list_docs(FAKE_CONN, "docs", "SELECT", 0, NULL, &page, 0, 0, &items, &next, &pb),
        KC_UNAVAILABLE);
    assert_null(items);
    kc_problem_clear(&pb);
}

static void a_write_runs_its_params_and_empties_them(void **state)
{
    kc_params p;
    kc_problem pb;
    int i;

    (void)state;
    kc_problem_init(&pb);
    kc_params_init(&p);
    kc_params_text(&p, "tenant");
    kc_params_int(&p, 7);
    assert_int_equal(kc_pg_exec_params(FAKE_CONN, "write", "UPDATE", &p, &pb), KC_OK);
    assert_int_equal(fake.execs, 1);
    assert_int_equal(fake.nparams, 2);
    assert_string_equal(fake.param0, "tenant");
    assert_int_equal(kc_params_count(&p), 0);

    /* a list that overflowed runs nothing */
    kc_params_init(&p);
    for (i = 0; i <= KC_PARAMS_MAX; i++)
        kc_params_int(&p, i);
    assert_int_equal(kc_pg_exec_params(FAKE_CONN, "write", "UPDATE", &p, &pb), KC_INTERNAL);
    assert_int_equal(fake.execs, 1);
    kc_problem_clear(&pb);
}

static void a_page_binds_after_key_id_and_the_row_more(void **state)
{
    kc_keyset page = {.limit = 20, .after_key = "2026-01-01", .after_id = "abc"};
    kc_params p;

    (void)state;
    kc_params_init(&p);
    kc_params_text(&p, "tenant");
    kc_pg_page_params(&p, &page);
    assert_int_equal(kc_params_count(&p), 4);
    assert_string_equal(kc_params_values(&p)[1], "2026-01-01");
    assert_string_equal(kc_params_values(&p)[2], "abc");
    assert_string_equal(kc_params_values(&p)[3], "21");
    kc_params_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(one_row_is_read, reset),
        cmocka_unit_test_setup(no_row_is_not_found_with_the_callers_detail, reset),
        cmocka_unit_test_setup(more_rows_read_the_first, reset),
        cmocka_unit_test_setup(without_from_row_only_existence_counts, reset),
        cmocka_unit_test_setup(a_failed_statement_keeps_its_status_and_detail, reset),
        cmocka_unit_test_setup(every_row_is_read_into_the_array, reset),
        cmocka_unit_test_setup(a_bounded_list_says_there_is_more, reset),
        cmocka_unit_test_setup(failed_rows_leave_nothing, reset),
        cmocka_unit_test_setup(one_doc_is_parsed_or_not_found, reset),
        cmocka_unit_test_setup(a_page_of_docs_and_its_next, reset),
        cmocka_unit_test_setup(a_write_runs_its_params_and_empties_them, reset),
        cmocka_unit_test(a_page_binds_after_key_id_and_the_row_more),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
