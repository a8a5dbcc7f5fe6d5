/* Integration: improvements and KPIs of the processes service against a
 * real PostgreSQL — completing (or dropping) an improvement solves exactly
 * the bottlenecks the rule says (a done improvement and none proposed,
 * planned or in progress), two improvements sharing a bottleneck completed
 * at the same moment leave it solved, the steering check (bottlenecks and
 * KPI of the same process, an improvement stays with its process, only a
 * proposed one is deleted, an owner steers only their own), and a KPI's
 * measurements: one per period (overlaps refused), judged on target, the
 * kpi.off_target / kpi.on_target events of the latest period only, the
 * KPI's latest and status. Bottlenecks are rows put in with SQL (their API
 * is another part). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <cmocka.h>

#include "it.h"
#include "koers/idempotency.h"
#include "koers/resource.h"
#include "improvements/improvement_service.h"
#include "kpis/measurement_service.h"
#include "processes.h"
#include "processes_resources.h"

#define TENANT "5e1c2f4e-5555-4a2b-9c3d-00000000000a"
#define M1     "00000000-0000-4000-8000-0000000001a1"
#define M2     "00000000-0000-4000-8000-0000000001a2"
#define T1     "00000000-0000-4000-8000-0000000001b1"
#define T2     "00000000-0000-4000-8000-0000000001b2"
#define P1     "00000000-0000-4000-8000-0000000001c1"
#define P2     "00000000-0000-4000-8000-0000000001c2"
#define B1     "00000000-0000-4000-8000-0000000001d1"
#define B2     "00000000-0000-4000-8000-0000000001d2"
#define B3     "00000000-0000-4000-8000-0000000001d3"
#define B4     "00000000-0000-4000-8000-0000000001d4"
#define B5     "00000000-0000-4000-8000-0000000001d5"
#define BX     "00000000-0000-4000-8000-0000000001d9" /* of P2 */

static kc_db_pool *pool;
static kc_principal coordinator, owner2;
static const kc_idem no_key;

static int setup(void **state)
{
    (void)state;
    if (it_setup(PROCESSES_SCHEMA, processes_migrations, processes_migrations_count, &pool) != 0)
        return -1;
    coordinator = kt_staff(TENANT, "it", "coordinator");
    owner2 = kt_staff(TENANT, "owner-two", "process_owner");
    IT_SQL("INSERT INTO processes.staff (id, tenant_id, name, email, team_id, user_sub)\n"
           "VALUES ($1, $2, 'Anna', 'a@example.org', $3, NULL),\n"
           "       ($4, $2, 'Bram', 'b@example.org', $5, 'owner-two')",
           M1, TENANT, T1, M2, T2);
    IT_SQL("INSERT INTO processes.teams (id, tenant_id, name, manager_id)\n"
           "VALUES ($1, $2, 'Vergunningen', $3),\n"
           "       ($4, $2, 'Publiekszaken', $5)",
           T1, TENANT, M1, T2, M2);
    IT_SQL("INSERT INTO processes.processes (id, tenant_id, name, owner_id, manager_id,\n"
           "       team_ids, status)\n"
           "VALUES ($1, $2, 'Omgevingsvergunning', $3, NULL, $4, 'improving'),\n"
           "       ($5, $2, 'Paspoort', $6, NULL, $7, 'improving')",
           P1, TENANT, M1, "{" T1 "}", P2, M2, "{" T2 "}");
    IT_SQL("INSERT INTO processes.bottlenecks (id, tenant_id, process_id, description, source,\n"
           "       impact, effort)\n"
           "VALUES ($1, $2, $3, 'Dubbele intake', 'session', 4, 2),\n"
           "       ($4, $2, $3, 'Onduidelijke overdracht', 'session', 3, 1),\n"
           "       ($5, $2, $3, 'Wachten op advies', 'interview', 5, 4),\n"
           "       ($6, $2, $3, 'Twee systemen', 'staff', 3, 2),\n"
           "       ($7, $2, $3, 'Al afgewezen', 'staff', 1, 5),\n"
           "       ($8, $2, $9, 'Lange rij', 'staff', 3, 2)",
           B1, TENANT, P1, B2, B3, B4, B5, BX, P2);
    IT_SQL("UPDATE processes.bottlenecks\n"
           "   SET status = 'dismissed'\n"
           " WHERE id = $1",
           B5);
    if (kc_resource_prepare(&improvement_resource) != KC_OK ||
        kc_resource_prepare(&kpi_resource) != KC_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    return 0;
}

/* A new improvement of process P1 solving the bottlenecks in ids_json;
 * its id into id. */
static void improvement(const char *ids_json, char *id)
{
    kc_problem pb;
    json_t *body, *row = NULL;
    long long version;
    int replayed;

    kc_problem_init(&pb);
    body = json_pack("{s:s, s:s, s:s, s:o}", "processId", P1, "title", "Eén intake", "kind",
                     "uniform_working_method", "bottleneckIds", json_loads(ids_json, 0, NULL));
    assert_int_equal(kc_resource_create(pool, &improvement_resource, &coordinator, &no_key, body,
                                        &row, &version, &replayed, &pb),
                     KC_OK);
    strcpy(id, json_string_value(json_object_get(row, "id")));
    assert_string_equal(json_string_value(json_object_get(row, "status")), "proposed");
    json_decref(row);
    json_decref(body);
    kc_problem_clear(&pb);
}

static kc_status move_as(const kc_principal *p, const char *id, const char *to, const char *reason,
                         kc_problem *pb)
{
    json_t *body = json_pack("{s:s}", "to", to), *out = NULL;
    long long version;
    kc_status st;

    if (reason != NULL)
        json_object_set_new(body, "reason", json_string(reason));
    st = improvement_service_move(pool, p, id, body, -1, &out, &version, pb);
    if (st == KC_OK)
        assert_string_equal(json_string_value(json_object_get(out, "status")), to);
    json_decref(out);
    json_decref(body);
    return st;
}

static void move(const char *id, const char *to, const char *reason)
{
    kc_problem pb;

    kc_problem_init(&pb);
    assert_int_equal(move_as(&coordinator, id, to, reason, &pb), KC_OK);
    kc_problem_clear(&pb);
}

static const char *bottleneck_status(const char *id, char *out, size_t n)
{
    return it_sql_value(out, n,
                        "SELECT status || CASE WHEN solved_at IS NULL THEN '' ELSE '+at' END\n"
                        "  FROM processes.bottlenecks\n"
                        " WHERE id = '%s'",
                        id);
}

static void completion_solves_by_the_rule(void **state)
{
    char i1[37], i2[37], i3[37], i5[37], v[512];
    kc_problem pb;
    (void)state;

    improvement("[\"" B1 "\", \"" B2 "\"]", i1);
    improvement("[\"" B2 "\"]", i2);
    improvement("[\"" B3 "\"]", i3);
    improvement("[\"" B5 "\"]", i5);
    /* I1 done: B1 has only I1; B2 still has I2 proposed */
    move(i1, "planned", NULL);
    move(i1, "in_progress", NULL);
    move(i1, "done", NULL);
    assert_string_equal(bottleneck_status(B1, v, sizeof(v)), "solved+at");
    assert_string_equal(bottleneck_status(B2, v, sizeof(v)), "open");
    assert_string_equal(
        it_sql_value(
            v, sizeof(v),
            "SELECT (data->'solvedBottleneckIds')::text || ' ' || (data->'bottleneckIds')::text\n"
            "       || ' ' || (data->>'processId') || ' ' || (data->'kpiId')::text\n"
            "  FROM processes.outbox\n"
            " WHERE type = 'improvement.completed'\n"
            "   AND subject = '%s'",
            i1),
        "[\"" B1 "\"] [\"" B1 "\", \"" B2 "\"] " P1 " null");
    assert_string_equal(
        it_sql_value(v, sizeof(v),
                     "SELECT string_agg(data->>'from' || '>' || (data->>'to'), ' ' ORDER BY id)\n"
                     "  FROM processes.outbox\n"
                     " WHERE type = 'improvement.status.changed'\n"
                     "   AND subject = '%s'",
                     i1),
        "proposed>planned planned>in_progress in_progress>done");
    /* done is final */
    kc_problem_init(&pb);
    assert_int_equal(move_as(&coordinator, i1, "in_progress", NULL, &pb), KC_CONFLICT);
    assert_int_equal(json_array_size(json_object_get(pb.extra, "allowedTransitions")), 0);
    kc_problem_clear(&pb);
    /* dropping needs a reason; dropping I2, B2's last open improvement,
     * leaves it with a done one: solved */
    kc_problem_init(&pb);
    assert_int_equal(move_as(&coordinator, i2, "dropped", NULL, &pb), KC_INVALID);
    kc_problem_clear(&pb);
    assert_string_equal(bottleneck_status(B2, v, sizeof(v)), "open");
    move(i2, "dropped", "Dubbel met de eerste");
    assert_string_equal(bottleneck_status(B2, v, sizeof(v)), "solved+at");
    /* B3's only improvement dropped: no done improvement, not solved */
    move(i3, "dropped", "Niet haalbaar");
    assert_string_equal(bottleneck_status(B3, v, sizeof(v)), "open");
    /* taken up again, planned, in progress, done: solved now */
    move(i3, "proposed", NULL);
    move(i3, "planned", NULL);
    move(i3, "in_progress", NULL);
    move(i3, "done", NULL);
    assert_string_equal(bottleneck_status(B3, v, sizeof(v)), "solved+at");
    /* a dismissed bottleneck stays dismissed */
    move(i5, "planned", NULL);
    move(i5, "in_progress", NULL);
    move(i5, "done", NULL);
    assert_string_equal(bottleneck_status(B5, v, sizeof(v)), "dismissed");
}

typedef struct finisher {
    const char *id;
    kc_status st;
} finisher;

static void *finish(void *arg)
{
    finisher *f = arg;
    kc_problem pb;

    kc_problem_init(&pb);
    f->st = move_as(&coordinator, f->id, "done", NULL, &pb);
    kc_problem_clear(&pb);
    return NULL;
}

static void concurrent_completion_solves_the_shared_bottleneck(void **state)
{
    char i4[37], i6[37], v[64], waiting[16];
    finisher a, b;
    pthread_t ta, tb;
    PGconn *holder;
    PGresult *r;
    (void)state;

    improvement("[\"" B4 "\"]", i4);
    improvement("[\"" B4 "\"]", i6);
    move(i4, "planned", NULL);
    move(i4, "in_progress", NULL);
    move(i6, "planned", NULL);
    move(i6, "in_progress", NULL);
    /* hold B4 so that both completions have marked their improvement done
     * and wait for it at the same time */
    holder = PQconnectdb(it_env("KOERS_DATABASE_URL"));
    PQclear(PQexec(holder, "BEGIN"));
    r = PQexec(holder, "SELECT 1 FROM processes.bottlenecks WHERE id = '" B4 "' FOR UPDATE");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    a.id = i4;
    b.id = i6;
    assert_int_equal(pthread_create(&ta, NULL, finish, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, finish, &b), 0);
    it_sleep_ms(500);
    it_sql_value(waiting, sizeof(waiting),
                 "SELECT count(*)\n"
                 "  FROM pg_stat_activity\n"
                 " WHERE wait_event_type = 'Lock'");
    PQclear(PQexec(holder, "COMMIT"));
    PQfinish(holder);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_string_equal(waiting, "2"); /* both waited for B4 */
    assert_int_equal(a.st, KC_OK);
    assert_int_equal(b.st, KC_OK);
    assert_string_equal(bottleneck_status(B4, v, sizeof(v)), "solved+at");
    /* exactly one of the two completions solved it */
    assert_string_equal(it_sql_value(v, sizeof(v),
                                     "SELECT count(*)\n"
                                     "  FROM processes.outbox\n"
                                     " WHERE type = 'improvement.completed'\n"
                                     "   AND data->'solvedBottleneckIds' ? '%s'",
                                     B4),
                        "1");
}

static void the_steering_rules(void **state)
{
    char i7[37], mine[37];
    kc_problem pb;
    json_t *body, *row = NULL;
    long long version;
    int replayed;
    (void)state;

    /* a bottleneck of another process */
    kc_problem_init(&pb);
    body = json_pack("{s:s, s:s, s:s, s:[s]}", "processId", P1, "title", "Mis", "kind", "other",
                     "bottleneckIds", BX);
    assert_int_equal(kc_resource_create(pool, &improvement_resource, &coordinator, &no_key, body,
                                        &row, &version, &replayed, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "bottleneckIds"));
    json_decref(body);
    kc_problem_clear(&pb);
    /* the owner of P2 steers P2, not P1 */
    kc_problem_init(&pb);
    body = json_pack("{s:s, s:s, s:s}", "processId", P1, "title", "Mis", "kind", "other");
    assert_int_equal(kc_resource_create(pool, &improvement_resource, &owner2, &no_key, body, &row,
                                        &version, &replayed, &pb),
                     KC_FORBIDDEN);
    json_decref(body);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    body = json_pack("{s:s, s:s, s:s, s:[s]}", "processId", P2, "title", "Eigen", "kind", "other",
                     "bottleneckIds", BX);
    assert_int_equal(kc_resource_create(pool, &improvement_resource, &owner2, &no_key, body, &row,
                                        &version, &replayed, &pb),
                     KC_OK);
    strcpy(mine, json_string_value(json_object_get(row, "id")));
    json_decref(row);
    json_decref(body);
    kc_problem_clear(&pb);
    /* it stays with its process */
    kc_problem_init(&pb);
    body = json_pack("{s:s}", "processId", P1);
    assert_int_equal(kc_resource_update(pool, &improvement_resource, &coordinator, mine, body, -1,
                                        &row, &version, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "processId"));
    json_decref(body);
    kc_problem_clear(&pb);
    /* status is read-only: only its echo passes */
    kc_problem_init(&pb);
    body = json_pack("{s:s, s:s}", "status", "done", "result", "Klaar");
    assert_int_equal(kc_resource_update(pool, &improvement_resource, &owner2, mine, body, -1, &row,
                                        &version, &pb),
                     KC_INVALID);
    assert_true(kt_invalid_param(pb.invalid_params, "status"));
    json_decref(body);
    kc_problem_clear(&pb);
    kc_problem_init(&pb);
    body = json_pack("{s:s, s:s}", "status", "proposed", "result", "Begonnen");
    assert_int_equal(kc_resource_update(pool, &improvement_resource, &owner2, mine, body, -1, &row,
                                        &version, &pb),
                     KC_OK);
    assert_string_equal(json_string_value(json_object_get(row, "result")), "Begonnen");
    json_decref(row);
    json_decref(body);
    kc_problem_clear(&pb);
    /* only a proposed improvement is deleted */
    improvement("[]", i7);
    move(i7, "planned", NULL);
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_delete(pool, &improvement_resource, &coordinator, i7, &pb),
                     KC_CONFLICT);
    kc_problem_clear(&pb);
    move(i7, "dropped", "Later");
    move(i7, "proposed", NULL);
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_delete(pool, &improvement_resource, &coordinator, i7, &pb), KC_OK);
    kc_problem_clear(&pb);
}

/* Records value for from..to on KPI kpi; the status it ends with. */
static kc_status measure(const char *kpi, const char *from, const char *to, double value,
                         json_t **out)
{
    kc_problem pb;
    json_t *body =
        json_pack("{s:s, s:s, s:f}", "periodStart", from, "periodEnd", to, "value", value);
    json_t *answer = NULL;
    int replayed = 0;
    kc_status st;

    kc_problem_init(&pb);
    st =
        measurement_service_create(pool, &coordinator, kpi, &no_key, body, &answer, &replayed, &pb);
    if (out != NULL)
        *out = answer;
    else
        json_decref(answer);
    json_decref(body);
    kc_problem_clear(&pb);
    return st;
}

static const char *kpi_events(const char *kpi, char *out, size_t n)
{
    return it_sql_value(
        out, n,
        "SELECT coalesce(string_agg(type || '@' || (data->>'periodEnd'), ' ' ORDER BY id), '')\n"
        "  FROM processes.outbox\n"
        " WHERE subject = '%s'\n"
        "   AND type LIKE 'kpi.%%target'",
        kpi);
}

static void measurements_one_per_period_and_the_alarms(void **state)
{
    kc_problem pb;
    json_t *body, *row = NULL, *m = NULL;
    const json_t *latest;
    char kpi[37], v[512];
    long long version;
    int replayed;
    (void)state;

    kc_problem_init(&pb);
    body = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s}", "processId", P1, "name",
                     "Doorlooptijd vergunning", "unit", "dagen", "direction", "lower_is_better",
                     "target", 56, "frequency", "month");
    assert_int_equal(kc_resource_create(pool, &kpi_resource, &coordinator, &no_key, body, &row,
                                        &version, &replayed, &pb),
                     KC_OK);
    strcpy(kpi, json_string_value(json_object_get(row, "id")));
    assert_string_equal(json_string_value(json_object_get(row, "status")), "unknown");
    assert_true(json_is_null(json_object_get(row, "latest")));
    json_decref(row);
    json_decref(body);
    kc_problem_clear(&pb);

    /* March off target (lower is better, 60 > 56): the alarm, with the
     * owner's id (ids only) */
    assert_int_equal(measure(kpi, "2024-03-01", "2024-03-31", 60, &m), KC_OK);
    assert_false(json_is_true(json_object_get(m, "onTarget")));
    assert_true(json_number_value(json_object_get(m, "value")) == 60.0);
    json_decref(m);
    assert_string_equal(kpi_events(kpi, v, sizeof(v)), "kpi.off_target@2024-03-31");
    assert_string_equal(
        it_sql_value(
            v, sizeof(v),
            "SELECT data->>'ownerId' || ' ' || coalesce(data->>'managerId', 'none') || ' '\n"
            "       || (data->>'target') || ' ' || (data->>'direction')\n"
            "  FROM processes.outbox\n"
            " WHERE type = 'kpi.off_target'"),
        M1 " none 56.0 lower_is_better");
    /* the same period again, and one overlapping it: 409 */
    assert_int_equal(measure(kpi, "2024-03-01", "2024-03-31", 50, NULL), KC_CONFLICT);
    assert_int_equal(measure(kpi, "2024-03-15", "2024-04-14", 50, NULL), KC_CONFLICT);
    assert_int_equal(measure(kpi, "2024-02-01", "2024-03-01", 50, NULL), KC_CONFLICT);
    /* and straight into the table: the unique constraint holds */
    {
        PGconn *pg = PQconnectdb(it_env("KOERS_DATABASE_URL"));
        PGresult *r;
        char q[512];

        snprintf(q, sizeof(q),
                 "INSERT INTO processes.kpi_measurements\n"
                 "       (id, tenant_id, kpi_id, period_start, period_end, value, on_target)\n"
                 "VALUES (gen_random_uuid(), '%s', '%s', '2024-03-01', '2024-03-31', 1, true)",
                 TENANT, kpi);
        r = PQexec(pg, q);
        assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505");
        PQclear(r);
        PQfinish(pg);
    }
    /* April back on target (the target itself is met): kpi.on_target */
    assert_int_equal(measure(kpi, "2024-04-01", "2024-04-30", 56, &m), KC_OK);
    assert_true(json_is_true(json_object_get(m, "onTarget")));
    json_decref(m);
    /* February recorded late, off target: no alarm, and not the latest */
    assert_int_equal(measure(kpi, "2024-02-01", "2024-02-29", 70, NULL), KC_OK);
    /* May on target again: nothing (it was on target already) */
    assert_int_equal(measure(kpi, "2024-05-01", "2024-05-31", 40.12345, &m), KC_OK);
    assert_true(json_number_value(json_object_get(m, "value")) == 40.1235);
    json_decref(m);
    assert_string_equal(kpi_events(kpi, v, sizeof(v)),
                        "kpi.off_target@2024-03-31 kpi.on_target@2024-04-30");
    /* the KPI shows its latest period */
    assert_int_equal(kc_resource_get(pool, &kpi_resource, TENANT, kpi, &row, &version, &pb), KC_OK);
    latest = json_object_get(row, "latest");
    assert_string_equal(json_string_value(json_object_get(latest, "periodEnd")), "2024-05-31");
    assert_true(json_is_true(json_object_get(latest, "onTarget")));
    assert_string_equal(json_string_value(json_object_get(row, "status")), "on_target");
    json_decref(row);
    /* a measured KPI is not deleted */
    kc_problem_init(&pb);
    assert_int_equal(kc_resource_delete(pool, &kpi_resource, &coordinator, kpi, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    /* the owner of another process records nothing here */
    {
        json_t *answer = NULL;

        kc_problem_init(&pb);
        body = json_pack("{s:s, s:s, s:i}", "periodStart", "2024-06-01", "periodEnd", "2024-06-30",
                         "value", 1);
        assert_int_equal(
            measurement_service_create(pool, &owner2, kpi, &no_key, body, &answer, &replayed, &pb),
            KC_FORBIDDEN);
        json_decref(body);
        kc_problem_clear(&pb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(completion_solves_by_the_rule),
        cmocka_unit_test(concurrent_completion_solves_the_shared_bottleneck),
        cmocka_unit_test(the_steering_rules),
        cmocka_unit_test(measurements_one_per_period_and_the_alarms),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
