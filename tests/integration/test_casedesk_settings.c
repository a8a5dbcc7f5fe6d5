/* Integration: the casedesk settings repository and the categories' SLA
 * terms against a real PostgreSQL. Each test works in a tenant of its own
 * (random), so it needs no clean schema. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/auth.h"
#include "casedesk.h"
#include "category_repo.h"
#include "settings_repo.h"

static kc_db_pool *pool;
static kc_db_conn *conn;
static char tenant[37];

static int setup(void **state)
{
    char err[256];
    (void)state;
    if (kc_migrate(it_env("KOERS_DATABASE_URL"), CASEDESK_SCHEMA, casedesk_migrations,
                   casedesk_migrations_count, err, sizeof(err)) != KC_OK) {
        fprintf(stderr, "migrate: %s\n", err);
        return -1;
    }
    return kc_db_pool_create(it_env("KOERS_DATABASE_URL"), 2, &pool, err, sizeof(err)) == KC_OK
               ? 0
               : -1;
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

static void test_category_terms_and_process_owner(void **state)
{
    static const char insert_official[] =
        "INSERT INTO casedesk.officials (id, tenant_id, name, email) "
        "VALUES (gen_random_uuid(), $1, 'Proces Eigenaar', 'pe@gemeente.example') RETURNING id";
    char official[37], unknown[37];
    const char *params[1] = {tenant};
    category_new in = {"Groen", 10, 3, "calendar_days", NULL};
    category c;
    category_patch patch = {0};
    PGresult *res = NULL;
    int exists = -1, active = -1;
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_exec(conn, NULL, insert_official, 1, params, &res, &pb), KC_OK);
    snprintf(official, sizeof(official), "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    assert_int_equal(kc_uuid_v4(unknown), KC_OK);

    assert_int_equal(category_repo_official_state(conn, tenant, official, &exists, &active, &pb),
                     KC_OK);
    assert_int_equal(exists, 1);
    assert_int_equal(active, 1);
    assert_int_equal(category_repo_official_state(conn, tenant, unknown, &exists, &active, &pb),
                     KC_OK);
    assert_int_equal(exists, 0);

    assert_int_equal(category_repo_create(conn, tenant, &in, &c, &pb), KC_OK);
    assert_int_equal(c.first_contact_days, 3);
    assert_string_equal(c.sla_unit, "calendar_days");
    assert_int_equal(category_sla_unit(&c), SLA_CALENDAR_CALENDAR_DAYS);
    assert_string_equal(c.process_owner_id, "");

    in.process_owner_id = unknown; /* the foreign key refuses it */
    assert_int_equal(category_repo_create(conn, tenant, &in, &c, &pb), KC_INVALID);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    in.process_owner_id = official;
    in.sla_unit = NULL;
    assert_int_equal(category_repo_create(conn, tenant, &in, &c, &pb), KC_OK);
    assert_string_equal(c.process_owner_id, official);
    assert_string_equal(c.sla_unit, "working_days");

    patch.has_process_owner_id = 1;
    patch.process_owner_id = NULL;
    patch.has_first_contact_days = 1;
    patch.first_contact_days = 9;
    assert_int_equal(category_repo_update(conn, tenant, c.id, &patch, -1, &c, &pb), KC_OK);
    assert_string_equal(c.process_owner_id, "");
    assert_int_equal(c.first_contact_days, 9);
    assert_string_equal(c.sla_unit, "working_days");
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
