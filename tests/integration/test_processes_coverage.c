/* Integration: the processes service's own SQL against a real PostgreSQL —
 * coverage of a year at its edges (selected on the last day, archived on
 * the first day or the day before, no selection day: the creation day),
 * the tenant's target, other tenants kept out; the people check of a
 * process write; a status move with its outbox event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "coverage/coverage_service.h"
#include "processes/process_service.h"
#include "processes.h"
#include "processes_resources.h"

#define TENANT   "5e1c2f4e-4444-4a2b-9c3d-00000000000a"
#define TENANT_B "5e1c2f4e-4444-4a2b-9c3d-00000000000b"
/* staff: M1..M3 manage a team, E works in team 1 */
#define M1 "00000000-0000-4000-8000-0000000000a1"
#define M2 "00000000-0000-4000-8000-0000000000a2"
#define M3 "00000000-0000-4000-8000-0000000000a3"
#define E  "00000000-0000-4000-8000-0000000000e1"
#define T1 "00000000-0000-4000-8000-0000000000b1"
#define T2 "00000000-0000-4000-8000-0000000000b2"
#define T3 "00000000-0000-4000-8000-0000000000b3"
#define P1 "00000000-0000-4000-8000-0000000000c1"
#define P2 "00000000-0000-4000-8000-0000000000c2"
#define P3 "00000000-0000-4000-8000-0000000000c3"
#define P4 "00000000-0000-4000-8000-0000000000c4"
#define PB "00000000-0000-4000-8000-0000000000cb"
#define MB "00000000-0000-4000-8000-0000000000ab"
#define TB "00000000-0000-4000-8000-0000000000bb"

static kc_db_pool *pool;
static kc_principal coordinator;

static int setup(void **state)
{
    (void)state;
    if (it_setup(PROCESSES_SCHEMA, processes_migrations, processes_migrations_count, &pool) != 0)
        return -1;
    coordinator = kt_staff(TENANT, "it", "coordinator");
    IT_SQL("INSERT INTO processes.staff (id, tenant_id, name, email, team_id, user_sub)\n"
           "VALUES ($1, $2, 'Anna', 'a@example.org', $3, 'anna'),\n"
           "       ($4, $2, 'Bram', 'b@example.org', $5, NULL),\n"
           "       ($6, $2, 'Cor', 'c@example.org', NULL, NULL),\n"
           "       ($7, $2, 'Els', 'e@example.org', $3, NULL),\n"
           "       ($8, $9, 'Bea', 'x@example.org', NULL, NULL)",
           M1, TENANT, T1, M2, T2, M3, E, MB, TENANT_B);
    IT_SQL("INSERT INTO processes.teams (id, tenant_id, name, manager_id)\n"
           "VALUES ($1, $2, 'Vergunningen', $3),\n"
           "       ($4, $2, 'Publiekszaken', $5),\n"
           "       ($6, $2, 'Belastingen', $7),\n"
           "       ($8, $9, 'B-team', $10)",
           T1, TENANT, M1, T2, M2, T3, M3, TB, TENANT_B, MB);
    /* (the year's days are Dutch: 2024 starts at 2023-12-31T23:00:00Z)
     * P1: M1, selected on the last day of 2023, managed by E;
     * P2: M2, 2023, archived at the first moment of 2024;
     * P3: M3, 2023, archived at the last second of 2023;
     * P4: M1, no selection day, created in 2024;
     * PB: tenant B's */
    IT_SQL("INSERT INTO processes.processes (id, tenant_id, name, owner_id, manager_id,\n"
           "       team_ids, selected_on, archived_at, status, created_at)\n"
           "VALUES ($1, $2, 'Omgevingsvergunning', $3, $4, $5, '2023-12-31', NULL, 'selected',\n"
           "       '2024-02-01T10:00:00Z'),\n"
           "       ($6, $2, 'Paspoort', $7, NULL, $8, '2023-03-01', '2023-12-31T23:00:00Z',\n"
           "              'archived', '2023-03-01T10:00:00Z'),\n"
           "       ($9, $2, 'Aanslag', $10, NULL, $11, '2023-03-01', '2023-12-31T22:59:59Z',\n"
           "              'archived', '2023-03-01T11:00:00Z'),\n"
           "       ($12, $2, 'Evenementen', $3, NULL, $5, NULL, NULL, 'selected',\n"
           "              '2024-05-01T10:00:00Z'),\n"
           "       ($13, $14, 'B-proces', $15, NULL, $16, '2023-01-01', NULL, 'selected',\n"
           "              '2023-01-01T10:00:00Z')",
           P1, TENANT, M1, E, "{" T1 "}", P2, M2, "{" T2 "}", P3, M3, "{" T3 "}", P4, PB, TENANT_B,
           MB, "{" TB "}");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

static json_t *coverage(const char *year)
{
    kc_problem pb;
    json_t *out = NULL;

    kc_problem_init(&pb);
    assert_int_equal(coverage_service_get(pool, &coordinator, year, &out, &pb), KC_OK);
    kc_problem_clear(&pb);
    return out;
}

static int ival(const json_t *o, const char *key)
{
    return (int)json_integer_value(json_object_get(o, key));
}

/* The ids of a list's members under key (space-separated, in order). */
static void ids(const json_t *list, const char *key, char *out, size_t n)
{
    size_t i;

    out[0] = '\0';
    for (i = 0; i < json_array_size(list); i++) {
        if (i > 0)
            strncat(out, " ", n - strlen(out) - 1);
        strncat(out, json_string_value(json_object_get(json_array_get(list, i), key)),
                n - strlen(out) - 1);
    }
}

static void coverage_at_the_year_edges(void **state)
{
    json_t *c;
    const json_t *target;
    char list[512];
    (void)state;

    /* 2023: P1 (last day), P2 (archived as 2024 began: worked on in 2023) and
     * P3 (archived in 2023's last second) count; P4 was created in 2024 */
    c = coverage("2023");
    assert_int_equal(ival(c, "teamManagers"), 3);
    assert_int_equal(ival(c, "teamManagersWithProcess"), 3);
    assert_true(json_real_value(json_object_get(c, "share")) == 1.0);
    ids(json_object_get(c, "owners"), "staffId", list, sizeof(list));
    assert_string_equal(list, M1 " " M2 " " M3); /* by name: Anna, Bram, Cor */
    ids(json_object_get(json_array_get(json_object_get(c, "owners"), 0), "processes"), "id", list,
        sizeof(list));
    assert_string_equal(list, P1);
    ids(json_object_get(c, "processesWithoutManager"), "id", list, sizeof(list));
    assert_string_equal(list, P2 " " P3);
    target = json_object_get(c, "target");
    assert_int_equal(ival(target, "teamManagers"), 3);
    assert_true(json_is_true(json_object_get(target, "allTeamManagers")));
    assert_true(json_is_true(json_object_get(target, "met")));
    json_decref(c);

    /* 2024: P3 was archived before it started; P2 at its first moment still counts */
    c = coverage("2024");
    assert_int_equal(ival(c, "teamManagersWithProcess"), 2);
    assert_true(json_real_value(json_object_get(c, "share")) == 0.667);
    ids(json_object_get(c, "teamManagersWithoutProcess"), "staffId", list, sizeof(list));
    assert_string_equal(list, M3);
    ids(json_object_get(json_array_get(json_object_get(c, "owners"), 0), "processes"), "id", list,
        sizeof(list));
    assert_string_equal(list, P1 " " P4); /* in creation order */
    json_decref(c);

    /* 2025: P2 archived in 2024 no longer counts */
    c = coverage("2025");
    assert_int_equal(ival(c, "teamManagersWithProcess"), 1);
    assert_int_equal(ival(json_object_get(c, "target"), "remaining"), 2);
    json_decref(c);

    /* 2022: nothing selected yet */
    c = coverage("2022");
    assert_int_equal(ival(c, "teamManagersWithProcess"), 0);
    assert_int_equal(json_array_size(json_object_get(c, "owners")), 0);
    assert_int_equal(json_array_size(json_object_get(c, "teamManagersWithoutProcess")), 3);
    json_decref(c);
}

static void the_target_is_the_tenants(void **state)
{
    kc_problem pb;
    json_t *body = json_pack("{s:i}", "coverageTarget", 2), *out = NULL, *c;
    const json_t *target;
    (void)state;

    kc_problem_init(&pb);
    assert_int_equal(settings_service_put(pool, &coordinator, body, &out, &pb), KC_OK);
    json_decref(out);
    json_decref(body);
    c = coverage("2025");
    target = json_object_get(c, "target");
    assert_int_equal(ival(target, "teamManagers"), 2);
    assert_false(json_is_true(json_object_get(target, "allTeamManagers")));
    assert_int_equal(ival(target, "remaining"), 1);
    assert_false(json_is_true(json_object_get(target, "met")));
    json_decref(c);
    body = json_pack("{s:n}", "coverageTarget");
    assert_int_equal(settings_service_put(pool, &coordinator, body, &out, &pb), KC_OK);
    assert_true(json_is_null(json_object_get(out, "coverageTarget")));
    json_decref(out);
    json_decref(body);
    kc_problem_clear(&pb);
}

static void a_move_writes_its_event(void **state)
{
    kc_problem pb;
    json_t *body = json_pack("{s:s, s:s}", "to", "analysing", "reason", "kernteam"), *out = NULL;
    long long version = -1;
    PGconn *pg;
    PGresult *r;
    (void)state;

    assert_int_equal(kc_resource_prepare(&process_resource), KC_OK);
    kc_problem_init(&pb);
    assert_int_equal(process_service_move(pool, &coordinator, P1, body, -1, &out, &version, &pb),
                     KC_OK);
    assert_string_equal(json_string_value(json_object_get(out, "status")), "analysing");
    assert_int_equal(version, 2);
    json_decref(out);
    json_decref(body);
    kc_problem_clear(&pb);
    pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    r = PQexec(pg, "SELECT type, tenant_id::text, data->>'from', data->>'to', data->>'reason'"
                   "  FROM processes.outbox WHERE subject = '" P1 "'");
    assert_int_equal(PQntuples(r), 1);
    assert_string_equal(PQgetvalue(r, 0, 0), "process.status.changed");
    assert_string_equal(PQgetvalue(r, 0, 1), TENANT);
    assert_string_equal(PQgetvalue(r, 0, 2), "selected");
    assert_string_equal(PQgetvalue(r, 0, 3), "analysing");
    assert_string_equal(PQgetvalue(r, 0, 4), "kernteam");
    PQclear(r);
    PQfinish(pg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(coverage_at_the_year_edges),
        cmocka_unit_test(the_target_is_the_tenants),
        cmocka_unit_test(a_move_writes_its_event),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
