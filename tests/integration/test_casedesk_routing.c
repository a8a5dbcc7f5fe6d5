/* Integration: routing against a real PostgreSQL. What the service keeps
 * of a tenant's routing in memory (the active rules in order, the
 * categories' terms, the calendar, the routing version), that every
 * change of a rule, a category or the settings moves the version, that
 * the filing's statement picks the officer from the pool as routing.h's
 * routing_choose does and writes nothing when the version moved on, and
 * that filings through the service follow a change another replica made.
 * Set-up and rows made by plain SQL: casedesk_it.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "casedesk_it.h"
#include "casedesk_resources.h"
#include "cases/case_service.h"
#include "cases/routing_cache.h"

#define TENANT_RV "7d1c2f4e-2222-4a2b-9c3d-000000000021" /* the version */
#define TENANT_RP "7d1c2f4e-2222-4a2b-9c3d-000000000022" /* the pick */
#define TENANT_RS "7d1c2f4e-2222-4a2b-9c3d-000000000023" /* through the service */

static void sql(const char *text, const char *a, const char *b)
{
    const char *params[2] = {a, b};
    it_sql_row(text, b != NULL ? 2 : 1, params, NULL);
}

static void test_routing_data(void **state)
{
    kc_problem pb;
    it_row cat, slow, o1, o2, o3, r0, r1, r2;
    case_routing_data d;
    const case_category_terms *t;
    json_t *pool0, *pool1, *pool2;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_R, "Routing", &cat);
    insert_category(TENANT_R, "Traag", 30, &slow);
    sql("UPDATE casedesk.categories SET first_contact_days = 5, sla_unit = 'calendar_days' WHERE tenant_id = $1 AND id = $2 RETURNING id",
        TENANT_R, slow.id);
    sql("INSERT INTO casedesk.settings (tenant_id, closing_days, sla_warning_hours) VALUES ($1, ARRAY[date '2030-12-24', date '2030-12-31'], 12) RETURNING tenant_id",
        TENANT_R, NULL);
    new_officer(TENANT_R, "O1", NULL, NULL, 3, 1, &o1);
    new_officer(TENANT_R, "O2", NULL, NULL, 5, 1, &o2);
    new_officer(TENANT_R, "O3", NULL, NULL, 5, 1, &o3);
    pool0 = json_pack("[s,s]", o3.id, o1.id);
    pool1 = json_pack("[s,s]", o2.id, o1.id);
    pool2 = json_pack("[s]", o3.id);
    new_rule(TENANT_R, "R1", 1, cat.id, "Noord", "lamp", pool1, 1, &r1);
    new_rule(TENANT_R, "R0", 0, NULL, NULL, NULL, pool0, 1, &r0);
    new_rule(TENANT_R, "R2", 2, NULL, NULL, NULL, pool2, 0, &r2);

    assert_int_equal(case_repo_routing_data(conn, TENANT_R, &d, &pb), KC_OK);
    assert_int_equal(d.version, it_routing_version(TENANT_R));
    assert_true(d.version >= 7);   /* two categories, a change, settings, three rules */
    assert_int_equal(d.nrules, 2); /* active only, in position order */
    assert_null(d.rules[0].category_id);
    assert_null(d.rules[0].district);
    assert_int_equal(d.rules[0].nkeywords, 0);
    assert_int_equal(d.rules[0].nofficers, 2);
    assert_string_equal(d.rules[0].officer_ids[0], o3.id);
    assert_string_equal(d.rules[0].officer_ids[1], o1.id);
    assert_string_equal(d.rules[1].category_id, cat.id);
    assert_string_equal(d.rules[1].district, "Noord");
    assert_int_equal(d.rules[1].nkeywords, 1);
    assert_string_equal(d.rules[1].keywords[0], "lamp");
    assert_int_equal(d.rules[1].nofficers, 2);
    assert_string_equal(d.rules[1].officer_ids[0], o2.id);
    /* every category's terms */
    assert_int_equal(d.ncategories, 2);
    t = routing_data_category(&d, cat.id);
    assert_non_null(t);
    assert_int_equal(t->sla_days, IT_CATEGORY_SLA_DAYS);
    assert_int_equal(t->first_contact_days, 2);
    assert_int_equal(t->unit, SLA_CALENDAR_WORKING_DAYS);
    t = routing_data_category(&d, slow.id);
    assert_non_null(t);
    assert_int_equal(t->sla_days, 30);
    assert_int_equal(t->first_contact_days, 5);
    assert_int_equal(t->unit, SLA_CALENDAR_CALENDAR_DAYS);
    assert_null(routing_data_category(&d, NO_SUCH));
    /* the tenant's calendar */
    assert_int_equal(d.settings.nclosing, 2);
    assert_true(d.settings.closing_days[0] < d.settings.closing_days[1]);
    assert_int_equal(d.settings.sla_warning_hours, 12);
    case_routing_data_clear(&d);

    /* another tenant sees none of it: defaults, version 0 */
    assert_int_equal(case_repo_routing_data(conn, TENANT_N1, &d, &pb), KC_OK);
    assert_int_equal(d.version, 0);
    assert_int_equal(d.nrules, 0);
    assert_int_equal(d.ncategories, 0);
    assert_int_equal(d.settings.nclosing, 0);
    case_routing_data_clear(&d);

    json_decref(pool0);
    json_decref(pool1);
    json_decref(pool2);
    kc_problem_clear(&pb);
}

/* Every change of a rule, a category or the settings moves the tenant's
 * routing version, in the writer's transaction; an officer's does not. */
static void test_routing_version_moves(void **state)
{
    it_row cat, o, r;
    json_t *ids;
    long long v0, v;
    (void)state;
    v0 = it_routing_version(TENANT_RV);
    assert_int_equal(v0, 0);
    new_category(TENANT_RV, "Versie", &cat);
    v = it_routing_version(TENANT_RV);
    assert_true(v > v0);
    new_officer(TENANT_RV, "Olga", NULL, NULL, 5, 1, &o);
    assert_int_equal(it_routing_version(TENANT_RV), v); /* officers are read live */
    sql("UPDATE casedesk.liaison_officers SET capacity = 7 WHERE tenant_id = $1 AND id = $2 RETURNING id",
        TENANT_RV, o.id);
    assert_int_equal(it_routing_version(TENANT_RV), v);
    ids = json_pack("[s]", o.id);
    new_rule(TENANT_RV, "R", 0, NULL, NULL, NULL, ids, 1, &r);
    json_decref(ids);
    assert_true(it_routing_version(TENANT_RV) > v);
    v = it_routing_version(TENANT_RV);
    sql("UPDATE casedesk.routing_rules SET active = false WHERE tenant_id = $1 AND id = $2 RETURNING id",
        TENANT_RV, r.id);
    assert_true(it_routing_version(TENANT_RV) > v);
    v = it_routing_version(TENANT_RV);
    sql("DELETE FROM casedesk.routing_rules WHERE tenant_id = $1 AND id = $2 RETURNING id",
        TENANT_RV, r.id);
    assert_true(it_routing_version(TENANT_RV) > v);
    v = it_routing_version(TENANT_RV);
    sql("UPDATE casedesk.categories SET sla_days = 3 WHERE tenant_id = $1 AND id = $2 RETURNING id",
        TENANT_RV, cat.id);
    assert_true(it_routing_version(TENANT_RV) > v);
    v = it_routing_version(TENANT_RV);
    sql("INSERT INTO casedesk.settings (tenant_id) VALUES ($1) RETURNING tenant_id", TENANT_RV,
        NULL);
    assert_true(it_routing_version(TENANT_RV) > v);
    v = it_routing_version(TENANT_RV);
    sql("UPDATE casedesk.settings SET good_friday = NOT good_friday WHERE tenant_id = $1 RETURNING tenant_id",
        TENANT_RV, NULL);
    assert_true(it_routing_version(TENANT_RV) > v);
    v = it_routing_version(TENANT_RV);
    sql("DELETE FROM casedesk.categories WHERE tenant_id = $1 AND id = $2 RETURNING id", TENANT_RV,
        cat.id);
    assert_true(it_routing_version(TENANT_RV) > v);
    /* nobody else's moved */
    assert_int_equal(it_routing_version(TENANT_N2), 0);
}

/* Files one case into the pool as the filing does; its officer ("" when
 * none) into officer, its status into *status. Returns *stale. */
static int file_into(const char *category_id, const char *const *pool_ids, size_t n,
                     long long version, char officer[37], case_status *status)
{
    kc_problem pb;
    case_record c = {0};
    json_t *citizen = json_pack("{s:s}", "name", "A. Burger");
    case_new in = {.category_id = category_id,
                   .description = "pick",
                   .citizen = citizen,
                   .channel = "web",
                   .priority = "normal"};
    case_filing f = {.first_contact_due = 1900000000LL, .resolution_due = 1900500000LL};
    case_filing_route route = {.pool = pool_ids, .npool = n, .version = version};
    char reference[32];
    int stale = -1;

    snprintf(reference, sizeof(reference), "BV-2031-%06d", ++reference_seq);
    kc_problem_init(&pb);
    assert_int_equal(
        case_repo_insert(conn, TENANT_RP, &in, &f, reference, &route, "user:test", &c, &stale, &pb),
        KC_OK);
    snprintf(officer, 37, "%s", c.officer_id);
    *status = c.status;
    assert_int_equal(
        it_sql_count("SELECT count(*) FROM casedesk.cases WHERE reference = '%s'", reference),
        stale ? 0 : 1);
    case_record_clear(&c);
    kc_problem_clear(&pb);
    json_decref(citizen);
    return stale;
}

/* The same officers as routing_choose sees them; their open cases as the
 * officers resource counts them. */
static const char *choose_in_c(const char *const *pool_ids, size_t n, const it_row *officers,
                               const int *capacity, const int *active, size_t nofficers)
{
    routing_officer_in in[8];
    routing_rule_in rule = {.active = 1, .officer_ids = pool_ids, .nofficers = n};
    routing_case_in c = {.category_id = "x", .description = "pick"};
    kc_problem pb;
    json_t *got = NULL;
    long long version = 0;

    kc_problem_init(&pb);
    assert_int_equal(kc_resource_prepare(&officer_resource), KC_OK);
    for (size_t i = 0; i < nofficers; i++) {
        assert_int_equal(kc_resource_get(pool, &officer_resource, TENANT_RP, officers[i].id, &got,
                                         &version, &pb),
                         KC_OK);
        in[i] = (routing_officer_in){.id = officers[i].id,
                                     .active = active[i],
                                     .capacity = capacity[i],
                                     .open_cases =
                                         (int)json_integer_value(json_object_get(got, "openCases")),
                                     .created_seq = (long long)i};
        json_decref(got);
    }
    kc_problem_clear(&pb);
    return routing_choose(&rule, 1, in, nofficers, &c);
}

/* Files into the pool and checks that the insert picked `expect` (NULL:
 * nobody) and that routing_choose picks the same over the same officers. */
static void expect_pick(const char *category_id, const char *const *pool_ids, size_t n,
                        long long version, const it_row *officers, const int *capacity,
                        const int *active, size_t nofficers, const char *expect)
{
    const char *want = choose_in_c(pool_ids, n, officers, capacity, active, nofficers);
    char got[37];
    case_status status;

    assert_int_equal(file_into(category_id, pool_ids, n, version, got, &status), 0);
    if (expect == NULL) {
        assert_null(want);
        assert_string_equal(got, "");
        assert_int_equal(status, CASE_STATUS_RECEIVED);
        return;
    }
    assert_string_equal(got, expect);
    assert_string_equal(got, want);
    assert_int_equal(status, CASE_STATUS_ASSIGNED);
}

static void test_filing_picks(void **state)
{
    it_row cat, o[8];
    static const int capacity[8] = {3, 5, 5, 2, 4, 1, 4, 4};
    static const int active[8] = {1, 1, 0, 1, 1, 1, 1, 1};
    case_record k[6];
    char got[37];
    case_status status;
    long long v;
    (void)state;
    new_category(TENANT_RP, "Keuze", &cat);
    for (int i = 0; i < 8; i++) {
        char name[16];
        snprintf(name, sizeof(name), "O%d", i);
        new_officer(TENANT_RP, name, NULL, NULL, capacity[i], active[i], &o[i]);
    }
    /* loads: o0 1 of 3, o1 1 of 5, o3 1 of 2, o4 2 of 4, o5 1 of 1 (full),
     * o6 and o7 none of 4 */
    new_case(TENANT_RP, cat.id, "load", NULL, o[0].id, &k[0]);
    new_case(TENANT_RP, cat.id, "load", NULL, o[1].id, &k[1]);
    new_case(TENANT_RP, cat.id, "load", NULL, o[3].id, &k[2]);
    new_case(TENANT_RP, cat.id, "load", NULL, o[4].id, &k[3]);
    new_case(TENANT_RP, cat.id, "load", NULL, o[4].id, &k[4]);
    new_case(TENANT_RP, cat.id, "load", NULL, o[5].id, &k[5]);
    v = it_routing_version(TENANT_RP);
    {
        /* the lowest ratio (1/5 < 1/3); the inactive o2 (0 of 5) passed by */
        const char *pool_ids[3] = {o[2].id, o[0].id, o[1].id};
        expect_pick(cat.id, pool_ids, 3, v, o, capacity, active, 8, o[1].id);
    }
    {
        /* equal ratios (1/2, 2/4): fewer open cases wins */
        const char *pool_ids[2] = {o[4].id, o[3].id};
        expect_pick(cat.id, pool_ids, 2, v, o, capacity, active, 8, o[3].id);
    }
    {
        /* o3 now 2 of 2 (full), o1 2 of 5, o0 1 of 3: o0 */
        const char *pool_ids[3] = {o[3].id, o[1].id, o[0].id};
        expect_pick(cat.id, pool_ids, 3, v, o, capacity, active, 8, o[0].id);
    }
    {
        /* o1 2 of 5 (0.4) against o0 2 of 3 */
        const char *pool_ids[2] = {o[0].id, o[1].id};
        expect_pick(cat.id, pool_ids, 2, v, o, capacity, active, 8, o[1].id);
    }
    {
        /* equal ratio and load (none of 4 each): the earlier created wins,
         * whatever the pool's order */
        const char *pool_ids[2] = {o[7].id, o[6].id};
        expect_pick(cat.id, pool_ids, 2, v, o, capacity, active, 8, o[6].id);
    }
    {
        /* everybody full or inactive: the case stays unassigned */
        const char *pool_ids[2] = {o[5].id, o[2].id};
        expect_pick(cat.id, pool_ids, 2, v, o, capacity, active, 8, NULL);
    }
    {
        /* no rule matched: no pool */
        assert_int_equal(file_into(cat.id, NULL, 0, v, got, &status), 0);
        assert_string_equal(got, "");
    }
    {
        /* an officer of another tenant in the pool is nobody here */
        it_row stranger;
        const char *pool_ids[1];
        new_officer(TENANT_N2, "Elders", NULL, NULL, 5, 1, &stranger);
        pool_ids[0] = stranger.id;
        assert_int_equal(file_into(cat.id, pool_ids, 1, v, got, &status), 0);
        assert_string_equal(got, "");
    }
    {
        /* a version that moved on: nothing written */
        const char *pool_ids[1] = {o[1].id};
        assert_int_equal(file_into(cat.id, pool_ids, 1, v - 1, got, &status), 1);
    }
    for (int i = 0; i < 6; i++)
        case_record_clear(&k[i]);
}

/* Staff of the tenant, as the service sees them. */
static kc_principal coordinator(void)
{
    kc_principal p;

    memset(&p, 0, sizeof(p));
    p.kind = KC_PRINCIPAL_STAFF;
    snprintf(p.tenant_id, sizeof(p.tenant_id), "%s", TENANT_RS);
    snprintf(p.subject, sizeof(p.subject), "tester");
    snprintf(p.roles, sizeof(p.roles), "coordinator");
    return p;
}

/* Files through the service; the answer's officerId ("" when none), or
 * the status when the filing is refused. */
static kc_status file_through_service(const char *category_id, char officer[37])
{
    kc_principal p = coordinator();
    kc_idem idem;
    kc_problem pb;
    json_t *body, *out = NULL;
    int replayed = 0;
    kc_status st;

    memset(&idem, 0, sizeof(idem));
    body = json_pack("{s:s, s:s, s:{s:s, s:s}, s:s}", "categoryId", category_id, "description",
                     "Lantaarnpaal stuk", "citizen", "name", "A. Burger", "email",
                     "a.burger@example.org", "channel", "web");
    kc_problem_init(&pb);
    st = case_service_create(pool, &p, &idem, body, &out, &replayed, &pb);
    officer[0] = '\0';
    if (st == KC_OK) {
        const char *id = json_string_value(json_object_get(out, "officerId"));
        snprintf(officer, 37, "%s", id != NULL ? id : "");
    }
    json_decref(out);
    json_decref(body);
    kc_problem_clear(&pb);
    return st;
}

/* A change another replica made (plain SQL here) reaches the next filing
 * of this process, whose copy of the routing it makes stale. */
static void test_service_follows_changes(void **state)
{
    it_row cat, cat2, cat3, a, b, r;
    json_t *ids;
    char got[37];
    const char *params[3];
    (void)state;
    routing_cache_clear();
    new_category(TENANT_RS, "Licht", &cat);
    new_officer(TENANT_RS, "Aad", NULL, NULL, 50, 1, &a);
    new_officer(TENANT_RS, "Bea", NULL, NULL, 50, 1, &b);
    ids = json_pack("[s]", a.id);
    new_rule(TENANT_RS, "Alles", 0, NULL, NULL, NULL, ids, 1, &r);
    json_decref(ids);
    assert_int_equal(file_through_service(cat.id, got), KC_OK);
    assert_string_equal(got, a.id);
    assert_int_equal(file_through_service(cat.id, got), KC_OK); /* from the copy */
    assert_string_equal(got, a.id);
    /* the pool changes behind the copy's back */
    params[0] = TENANT_RS;
    params[1] = r.id;
    params[2] = b.id;
    it_sql_row(
        "UPDATE casedesk.routing_rules SET officer_ids = ARRAY[$3::uuid] WHERE tenant_id = $1 AND id = $2 RETURNING id",
        3, params, NULL);
    assert_int_equal(file_through_service(cat.id, got), KC_OK);
    assert_string_equal(got, b.id);
    /* a category newer than the copy */
    new_category(TENANT_RS, "Water", &cat2);
    assert_int_equal(file_through_service(cat2.id, got), KC_OK);
    assert_string_equal(got, b.id);
    /* a rule switched off: unassigned (and the copy read again has cat3) */
    new_category(TENANT_RS, "Groen", &cat3);
    it_sql_row(
        "UPDATE casedesk.routing_rules SET active = false WHERE tenant_id = $1 AND id = $2 RETURNING id",
        2, params, NULL);
    assert_int_equal(file_through_service(cat.id, got), KC_OK);
    assert_string_equal(got, "");
    /* a category in the copy but gone since: refused as before */
    params[1] = cat3.id;
    it_sql_row("DELETE FROM casedesk.categories WHERE tenant_id = $1 AND id = $2 RETURNING id", 2,
               params, NULL);
    assert_int_equal(file_through_service(cat3.id, got), KC_INVALID);
    assert_int_equal(file_through_service(NO_SUCH, got), KC_INVALID);
    routing_cache_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_routing_data, acquire, release),
        cmocka_unit_test_setup_teardown(test_routing_version_moves, acquire, release),
        cmocka_unit_test_setup_teardown(test_filing_picks, acquire, release),
        cmocka_unit_test_setup_teardown(test_service_follows_changes, acquire, release),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
