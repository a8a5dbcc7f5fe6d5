/* Unit tests of the resource kit's service and SQL (shared/src/resource_*.c)
 * with the database layer faked: what reaches the database, in which
 * order, and what never does. The same operations against a real
 * PostgreSQL: tests/integration/test_resource.c. */
/* clang-format off */
/* WRAP: -Wl,--wrap=kc_db_acquire -Wl,--wrap=kc_db_release -Wl,--wrap=kc_db_exec -Wl,--wrap=kc_db_begin -Wl,--wrap=kc_db_rollback */
/* clang-format on */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "koers/idempotency.h"
#include "koers/pg.h"
#include "koers/resource.h"
#include "support/koers_test.h"

#define TENANT "7d1c2f4e-1111-4a2b-9c3d-0000000000a1"

static const kc_principal caller = {.kind = KC_PRINCIPAL_STAFF, .tenant_id = TENANT};
#define ID "11111111-1111-4111-8111-111111111111"

/* ---- fakes: the database answers "unavailable" and records the call ---- */

static char last_sql[4096];
static char last_params[16][128];
static int last_nparams;

kc_status __wrap_kc_db_exec(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                            const char *const *params, PGresult **out, kc_problem *pb);
kc_status __wrap_kc_db_exec(kc_db_conn *conn, const char *stmt, const char *sql, int nparams,
                            const char *const *params, PGresult **out, kc_problem *pb)
{
    int i;

    (void)conn;
    (void)stmt;
    snprintf(last_sql, sizeof(last_sql), "%s", sql);
    last_nparams = nparams;
    for (i = 0; i < nparams && i < 16; i++)
        snprintf(last_params[i], sizeof(last_params[i]), "%s", params[i] ? params[i] : "<null>");
    if (out != NULL)
        *out = NULL;
    return kc_problem_set(pb, KC_UNAVAILABLE, "fake database");
}

/* ---- the fake resource ---------------------------------------------------- */

static const kc_column thing_columns[] = {
    {.field = {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 50},
     .column = "name",
     .filter = 1},
    {.field = {.name = "size", .type = KC_T_INT, .min = 1, .max = 99},
     .column = "size",
     .dflt = "3"},
    {.field = {.name = "tags", .type = KC_T_ARRAY, .item_type = KC_T_STRING},
     .column = "tags",
     .dflt = "[]",
     .filter = 1},
    {.field = {.name = "ownerId", .type = KC_T_STRING, .nullable = 1, .format = KC_FMT_UUID},
     .column = "owner_id",
     .ref_table = "x.owners"},
    {.field = {.name = "useCount", .type = KC_T_INT}, .expr = "SELECT 0"},
};

static const kc_resource thing = {
    .noun = "thing",
    .schema = "x",
    .table = "x.things",
    .path = "/x/v1/things",
    .columns = thing_columns,
    .ncolumns = KC_NELEMS(thing_columns),
};

static int setup(void **state)
{
    (void)state;
    return kc_resource_prepare(&thing) == KC_OK ? 0 : -1;
}

/* The placeholders of last_sql are $1..$n, each first seen in that order,
 * and n is the number of parameters bound. */
static void assert_placeholders_in_order(void)
{
    const char *p = last_sql;
    int seen = 0, n;

    while ((p = strchr(p, '$')) != NULL) {
        n = atoi(p + 1);
        assert_true(n >= 1 && n <= seen + 1);
        if (n == seen + 1)
            seen = n;
        p++;
    }
    assert_int_equal(seen, last_nparams);
}

static kc_status call(const char *op, const char *id, const char *json, kc_problem *pb)
{
    kc_idem none = {0};
    json_t *body = json ? json_loads(json, 0, NULL) : NULL, *row = NULL, *filters;
    kc_keyset page = {.limit = 20};
    kc_keyset_next next;
    long long version;
    int replayed;
    kc_status st;

    kc_problem_init(pb);
    kt_db_reset();
    last_sql[0] = '\0';
    if (strcmp(op, "create") == 0)
        st = kc_resource_create(NULL, &thing, &caller, &none, body, &row, &version, &replayed, pb);
    else if (strcmp(op, "update") == 0)
        st = kc_resource_update(NULL, &thing, &caller, id, body, 4, &row, &version, pb);
    else if (strcmp(op, "get") == 0)
        st = kc_resource_get(NULL, &thing, TENANT, id, &row, &version, pb);
    else if (strcmp(op, "delete") == 0)
        st = kc_resource_delete(NULL, &thing, &caller, id, pb);
    else {
        filters = json_pack("{s:s}", "tags", "rood");
        st = kc_resource_list(NULL, &thing, TENANT, filters, &page, &row, &next, pb);
        json_decref(filters);
    }
    json_decref(row);
    json_decref(body);
    return st;
}

static void test_bad_input_never_reaches_the_database(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(call("create", NULL, "{\"size\": 2}", &pb), KC_INVALID);
    assert_int_equal(kt_db.acquired, 0);
    kc_problem_clear(&pb);
    assert_int_equal(call("create", NULL, "{\"name\": \"a\", \"extra\": 1}", &pb), KC_INVALID);
    assert_int_equal(kt_db.acquired, 0);
    kc_problem_clear(&pb);
    assert_int_equal(call("update", ID, "{\"size\": 0}", &pb), KC_INVALID);
    assert_int_equal(kt_db.acquired, 0);
    kc_problem_clear(&pb);
    assert_int_equal(call("get", "not-an-id", NULL, &pb), KC_BAD_REQUEST);
    assert_int_equal(kt_db.acquired, 0);
    kc_problem_clear(&pb);
    assert_int_equal(call("delete", "1", NULL, &pb), KC_BAD_REQUEST);
    assert_int_equal(kt_db.acquired, 0);
    kc_problem_clear(&pb);
}

static void test_create_binds_defaults_in_order(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(call("create", NULL, "{\"name\": \"Bank\", \"tags\": [\"a\", \"b\"]}", &pb),
                     KC_UNAVAILABLE);
    assert_non_null(strstr(last_sql, "INSERT INTO x.things"));
    assert_null(strstr(last_sql, "use_count")); /* a computed member is never written */
    assert_int_equal(last_nparams, 5);
    assert_string_equal(last_params[0], TENANT);
    assert_string_equal(last_params[1], "Bank");
    assert_string_equal(last_params[2], "3");
    assert_string_equal(last_params[3], "[\"a\",\"b\"]");
    assert_string_equal(last_params[4], "<null>");
    assert_placeholders_in_order();
    kc_problem_clear(&pb);
}

static void test_update_binds_what_the_body_holds(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(call("update", ID, "{\"size\": 5, \"useCount\": 9}", &pb), KC_UNAVAILABLE);
    assert_non_null(strstr(last_sql, "UPDATE x.things"));
    /* a (present, value) pair per written member, then tenant, id, version */
    assert_int_equal(last_nparams, 2 * 4 + 3);
    assert_string_equal(last_params[0], "false");
    assert_string_equal(last_params[2], "true");
    assert_string_equal(last_params[3], "5");
    assert_string_equal(last_params[4], "false");
    assert_string_equal(last_params[8], TENANT);
    assert_string_equal(last_params[9], ID);
    assert_string_equal(last_params[10], "4");
    assert_placeholders_in_order();
    kc_problem_clear(&pb);
}

static void test_every_statement_numbers_its_placeholders_in_order(void **state)
{
    kc_problem pb;

    (void)state;
    assert_int_equal(call("list", NULL, NULL, &pb), KC_UNAVAILABLE);
    assert_non_null(strstr(last_sql, "ORDER BY r.created_at, r.id"));
    assert_string_equal(last_params[1], "<null>"); /* name: no filter */
    assert_string_equal(last_params[2], "rood");
    assert_string_equal(last_params[3], "<null>"); /* first page */
    assert_string_equal(last_params[5], "21");     /* a row more: is there a next page? */
    assert_placeholders_in_order();
    kc_problem_clear(&pb);
    assert_int_equal(call("get", ID, NULL, &pb), KC_UNAVAILABLE);
    assert_placeholders_in_order();
    kc_problem_clear(&pb);
    assert_int_equal(call("delete", ID, NULL, &pb), KC_UNAVAILABLE);
    assert_placeholders_in_order();
    kc_problem_clear(&pb);
    /* the reference check comes before the write */
    assert_int_equal(call("create", NULL, "{\"name\": \"a\", \"ownerId\": \"" ID "\"}", &pb),
                     KC_UNAVAILABLE);
    assert_non_null(strstr(last_sql, "JOIN x.owners t"));
    assert_placeholders_in_order();
    kc_problem_clear(&pb);
}

static void test_query_fields(void **state)
{
    kc_field f[8];

    (void)state;
    assert_int_equal(kc_resource_query_fields(&thing, f, 8), 4);
    assert_string_equal(f[0].name, "limit");
    assert_string_equal(f[1].name, "cursor");
    assert_string_equal(f[2].name, "name");
    assert_string_equal(f[3].name, "tags");
    assert_int_equal(f[3].type, KC_T_STRING); /* ?tags=<one tag> */
    assert_int_equal(f[2].required, 0);
    assert_int_equal(kc_resource_query_fields(&thing, f, 1), 4); /* tells what it needs */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_input_never_reaches_the_database),
        cmocka_unit_test(test_create_binds_defaults_in_order),
        cmocka_unit_test(test_update_binds_what_the_body_holds),
        cmocka_unit_test(test_every_statement_numbers_its_placeholders_in_order),
        cmocka_unit_test(test_query_fields),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
