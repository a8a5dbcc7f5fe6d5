/* Integration: the casedesk settings repository and the categories' SLA
 * terms (the category resource on the resource kit) against a real
 * PostgreSQL. Each test works in a tenant of its own
 * (random), so it needs no clean schema. */
#include <string.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "koers/auth.h"
#include "casedesk.h"
#include "casedesk_resources.h"
#include "sla/settings_repo.h"

static kc_db_pool *pool;
static kc_db_conn *conn;
static char tenant[37];
static kc_principal caller = {.kind = KC_PRINCIPAL_STAFF}; /* of tenant, see acquire */

static int setup(void **state)
{
    (void)state;
    return it_setup(CASEDESK_SCHEMA, casedesk_migrations, casedesk_migrations_count, &pool);
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

static int acquire(void **state)
{
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    if (kc_uuid_v4(tenant) != KC_OK || kc_db_acquire(pool, &conn, &pb) != KC_OK)
        return -1;
    memcpy(caller.tenant_id, tenant, sizeof(caller.tenant_id));
    kc_problem_clear(&pb);
    return 0;
}

static int release(void **state)
{
    (void)state;
    kc_db_release(pool, conn);
    conn = NULL;
    return 0;
}

static void test_defaults_without_a_row(void **state)
{
    casedesk_settings s;
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(settings_repo_get(conn, tenant, &s, &pb), KC_OK);
    assert_int_equal(s.version, 0);
    assert_string_equal(s.updated_at, "");
    assert_int_equal(s.liberation_day, SLA_CALENDAR_LIBERATION_LUSTRUM);
    assert_int_equal(s.nladder, 2);
    assert_int_equal(s.retention_days, 730);
    kc_problem_clear(&pb);
}

static void test_put_versions(void **state)
{
    casedesk_settings in, out, got;
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    casedesk_settings_defaults(&in);
    in.good_friday = 1;
    in.liberation_day = SLA_CALENDAR_LIBERATION_NEVER;
    in.closing_days[0] = sla_calendar_days_from_civil(2026, 12, 24);
    in.closing_days[1] = sla_calendar_days_from_civil(2027, 1, 4);
    in.nclosing = 2;
    in.nladder = 1;
    snprintf(in.escalation_ladder[0], sizeof(in.escalation_ladder[0]), "process_owner");
    in.sla_warning_hours = 48;
    in.reopen_on_not_equal = 0;

    /* no row: only "version 0" (or none) may write */
    assert_int_equal(settings_repo_put(conn, tenant, &in, 1, &out, &pb), KC_PRECONDITION_FAILED);
    assert_int_equal(settings_repo_get(conn, tenant, &got, &pb), KC_OK);
    assert_int_equal(got.version, 0);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(settings_repo_put(conn, tenant, &in, 0, &out, &pb), KC_OK);
    assert_int_equal(out.version, 1);
    assert_int_equal(out.good_friday, 1);
    assert_int_equal(out.liberation_day, SLA_CALENDAR_LIBERATION_NEVER);
    assert_int_equal(out.nclosing, 2);
    assert_int_equal(out.closing_days[0], sla_calendar_days_from_civil(2026, 12, 24));
    assert_int_equal(out.closing_days[1], sla_calendar_days_from_civil(2027, 1, 4));
    assert_int_equal(out.nladder, 1);
    assert_string_equal(out.escalation_ladder[0], "process_owner");
    assert_int_equal(out.sla_warning_hours, 48);
    assert_int_equal(out.reopen_on_not_equal, 0);
    assert_true(out.updated_at[0] != '\0');
    /* a row now: 0 is stale */
    assert_int_equal(settings_repo_put(conn, tenant, &in, 0, &out, &pb), KC_PRECONDITION_FAILED);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    assert_int_equal(settings_repo_put(conn, tenant, &in, 1, &out, &pb), KC_OK);
    assert_int_equal(out.version, 2);
    in.nladder = 0;
    in.nclosing = 0;
    assert_int_equal(settings_repo_put(conn, tenant, &in, -1, &out, &pb), KC_OK);
    assert_int_equal(out.version, 3);
    assert_int_equal(out.nladder, 0);
    assert_int_equal(out.nclosing, 0);
    /* inside a transaction too */
    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    assert_int_equal(settings_repo_get(conn, tenant, &got, &pb), KC_OK);
    assert_int_equal(kc_db_commit(conn, &pb), KC_OK);
    assert_int_equal(got.version, 3);
    assert_int_equal(got.good_friday, 1);
    kc_problem_clear(&pb);
}

/* A category created through the kit on conn (inside no transaction). */
static kc_status new_category(const char *json, json_t **row, kc_problem *pb)
{
    json_t *body = json_loads(json, 0, NULL);
    long long version = 0;
    kc_status st;

    assert_non_null(body);
    kc_problem_clear(pb);
    kc_problem_init(pb);
    st = kc_resource_create_in(conn, &category_resource, &caller, body, row, &version, pb);
    json_decref(body);
    return st;
}

static void test_category_terms_and_process_owner(void **state)
{
    static const char insert_official[] =
        "INSERT INTO casedesk.officials (id, tenant_id, name, email, active) "
        "VALUES (gen_random_uuid(), $1, 'Proces Eigenaar', 'pe@gemeente.example', $2) RETURNING id";
    char official[37], retired[37], json[256];
    const char *params[2] = {tenant, "true"};
    json_t *c = NULL, *patch = NULL, *upd = NULL;
    long long version = 0;
    PGresult *res = NULL;
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_prepare(&category_resource), KC_OK);
    assert_int_equal(kc_db_exec(conn, NULL, insert_official, 2, params, &res, &pb), KC_OK);
    snprintf(official, sizeof(official), "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    params[1] = "false";
    assert_int_equal(kc_db_exec(conn, NULL, insert_official, 2, params, &res, &pb), KC_OK);
    snprintf(retired, sizeof(retired), "%s", PQgetvalue(res, 0, 0));
    PQclear(res);

    /* the defaults of the terms, and a calendar-day category */
    assert_int_equal(new_category("{\"name\": \"Standaard\"}", &c, &pb), KC_OK);
    assert_int_equal(json_integer_value(json_object_get(c, "slaDays")), 10);
    assert_int_equal(json_integer_value(json_object_get(c, "firstContactDays")), 2);
    assert_string_equal(json_string_value(json_object_get(c, "slaUnit")), "working_days");
    assert_true(json_is_null(json_object_get(c, "processOwnerId")));
    json_decref(c);
    assert_int_equal(new_category("{\"name\": \"Groen\", \"firstContactDays\": 3,"
                                  " \"slaUnit\": \"calendar_days\"}",
                                  &c, &pb),
                     KC_OK);
    assert_int_equal(json_integer_value(json_object_get(c, "firstContactDays")), 3);
    assert_string_equal(json_string_value(json_object_get(c, "slaUnit")), "calendar_days");
    json_decref(c);

    /* the process owner: an active official of the tenant */
    snprintf(json, sizeof(json), "{\"name\": \"Wegen\", \"processOwnerId\": \"%s\"}", retired);
    assert_int_equal(new_category(json, &c, &pb), KC_INVALID);
    assert_non_null(strstr(pb.detail, "not active"));
    snprintf(json, sizeof(json), "{\"name\": \"Wegen\", \"processOwnerId\": \"%s\"}",
             "00000000-0000-4000-8000-000000000000");
    assert_int_equal(new_category(json, &c, &pb), KC_INVALID);
    snprintf(json, sizeof(json), "{\"name\": \"Wegen\", \"processOwnerId\": \"%s\"}", official);
    assert_int_equal(new_category(json, &c, &pb), KC_OK);
    assert_string_equal(json_string_value(json_object_get(c, "processOwnerId")), official);

    /* a PATCH removes the owner and changes one term, keeping the rest */
    patch = json_pack("{s:n, s:i}", "processOwnerId", "firstContactDays", 9);
    assert_int_equal(kc_resource_update(pool, &category_resource, &caller,
                                        json_string_value(json_object_get(c, "id")), patch, 1, &upd,
                                        &version, &pb),
                     KC_OK);
    assert_int_equal(version, 2);
    assert_true(json_is_null(json_object_get(upd, "processOwnerId")));
    assert_int_equal(json_integer_value(json_object_get(upd, "firstContactDays")), 9);
    assert_string_equal(json_string_value(json_object_get(upd, "slaUnit")), "working_days");
    json_decref(upd);
    json_decref(patch);
    json_decref(c);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults_without_a_row, acquire, release),
        cmocka_unit_test_setup_teardown(test_put_versions, acquire, release),
        cmocka_unit_test_setup_teardown(test_category_terms_and_process_owner, acquire, release),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
