/* Integration: the casedesk catalogue repositories (categories, liaison
 * officers, routing rules) against a real PostgreSQL, through their public
 * functions. Set-up and rows made by plain SQL: casedesk_it.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "casedesk_it.h"
#include "category_repo.h"
#include "officer_repo.h"
#include "routing_rule_repo.h"

/* ---- helpers ---------------------------------------------------------------- */

/* officer_ids: a JSON array (borrowed); category_id, district may be NULL. */
static kc_status insert_rule(const char *tenant, const char *name, int position,
                             const char *category_id, const char *district, const char *keyword,
                             json_t *officer_ids, int active, routing_rule *out)
{
    kc_problem pb;
    kc_status st;
    json_t *kw = keyword ? json_pack("[s]", keyword) : json_array();
    routing_rule_input in = {.name = name,
                             .position = position,
                             .category_id = category_id,
                             .district = district,
                             .keywords = kw,
                             .officer_ids = officer_ids,
                             .active = active};
    kc_problem_init(&pb);
    st = routing_rule_repo_insert(conn, tenant, &in, out, &pb);
    kc_problem_clear(&pb);
    json_decref(kw);
    return st;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_category_round_trip(void **state)
{
    kc_problem pb;
    it_row row;
    category c, got, upd;
    category_patch patch = {.has_sla_days = 1, .sla_days = 21};
    category_patch too_long = {.has_sla_days = 1, .sla_days = 366};
    (void)state;
    kc_problem_init(&pb);
    insert_category(TENANT_A, "Openbare verlichting", 7, &row);
    memset(&c, 0, sizeof(c)); /* compared bytewise below */
    assert_int_equal(category_repo_get(conn, TENANT_A, row.id, &c, &pb), KC_OK);
    assert_uuid(c.id);
    assert_string_equal(c.id, row.id);
    assert_string_equal(c.name, "Openbare verlichting");
    assert_int_equal(c.sla_days, 7);
    assert_int_equal(c.version, 1);
    assert_timestamp(c.created_at);
    assert_string_equal(c.updated_at, c.created_at);

    memset(&got, 0, sizeof(got));
    assert_int_equal(category_repo_get(conn, TENANT_A, c.id, &got, &pb), KC_OK);
    assert_memory_equal(&got, &c, sizeof(c));

    /* a constraint of the table is KC_INVALID */
    assert_int_equal(category_repo_update(conn, TENANT_A, c.id, &too_long, 1, &got, &pb),
                     KC_INVALID);
    kc_problem_clear(&pb);

    /* update: only sla_days changes; a stale version is refused */
    assert_int_equal(category_repo_update(conn, TENANT_A, c.id, &patch, 1, &upd, &pb), KC_OK);
    assert_string_equal(upd.name, c.name);
    assert_int_equal(upd.sla_days, 21);
    assert_int_equal(upd.version, 2);
    assert_string_equal(upd.created_at, c.created_at);
    assert_int_equal(category_repo_update(conn, TENANT_A, c.id, &patch, 1, &upd, &pb),
                     KC_PRECONDITION_FAILED);
    kc_problem_clear(&pb);
    assert_int_equal(category_repo_update(conn, TENANT_A, NO_SUCH, &patch, -1, &upd, &pb),
                     KC_NOT_FOUND);
    kc_problem_clear(&pb);
}

static void test_officer_round_trip(void **state)
{
    kc_problem pb;
    it_row cat;
    officer o, got, upd;
    json_t *cats, *districts, *ids;
    officer_input in, patch;
    int distinct = 0, known = 0;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_A, "Groen", &cat);
    cats = json_pack("[s]", cat.id);
    districts = json_pack("[s,s]", "Noord", "Oost");
    memset(&in, 0, sizeof(in));
    in.name = "Fatima de Vries";
    in.email = "fatima@example.org";
    in.category_ids = cats;
    in.districts = districts;
    in.capacity = 12;
    in.active = 1;
    assert_int_equal(officer_repo_insert(conn, TENANT_A, &in, &o, &pb), KC_OK);
    assert_uuid(o.id);
    assert_string_equal(o.name, "Fatima de Vries");
    assert_string_equal(o.email, "fatima@example.org");
    assert_true(json_equal(o.category_ids, cats));
    assert_true(json_equal(o.districts, districts));
    assert_int_equal(o.capacity, 12);
    assert_int_equal(o.active, 1);
    assert_int_equal(o.open_cases, 0);
    assert_int_equal(o.version, 1);
    assert_timestamp(o.created_at);
    assert_string_equal(o.updated_at, o.created_at);

    assert_int_equal(officer_repo_get(conn, TENANT_A, o.id, &got, &pb), KC_OK);
    assert_string_equal(got.id, o.id);
    assert_string_equal(got.name, o.name);
    assert_string_equal(got.email, o.email);
    assert_true(json_equal(got.category_ids, cats));
    assert_true(json_equal(got.districts, districts));
    assert_int_equal(got.capacity, 12);
    assert_int_equal(got.active, 1);
    assert_int_equal(got.version, 1);
    assert_string_equal(got.created_at, o.created_at);
    officer_clear(&got);

    /* a patch changes only what it names */
    memset(&patch, 0, sizeof(patch));
    patch.has_active = 1;
    patch.active = 0;
    patch.has_capacity = 1;
    patch.capacity = 3;
    assert_int_equal(officer_repo_update(conn, TENANT_A, o.id, &patch, 1, &upd, &pb), KC_OK);
    assert_int_equal(upd.active, 0);
    assert_int_equal(upd.capacity, 3);
    assert_string_equal(upd.name, o.name);
    assert_true(json_equal(upd.districts, districts));
    assert_int_equal(upd.version, 2);
    officer_clear(&upd);
    assert_int_equal(officer_repo_update(conn, TENANT_A, o.id, &patch, 1, &upd, &pb),
                     KC_PRECONDITION_FAILED);
    kc_problem_clear(&pb);

    /* count_known: distinct ids, and how many are officers of the tenant */
    ids = json_pack("[s,s,s]", o.id, o.id, NO_SUCH);
    assert_int_equal(officer_repo_count_known(conn, TENANT_A, ids, &distinct, &known, &pb), KC_OK);
    assert_int_equal(distinct, 2);
    assert_int_equal(known, 1);
    assert_int_equal(officer_repo_count_known(conn, TENANT_B, ids, &distinct, &known, &pb), KC_OK);
    assert_int_equal(known, 0);
    json_decref(ids);
    officer_clear(&o);
    json_decref(cats);
    json_decref(districts);
    kc_problem_clear(&pb);
}

static void test_rule_round_trip(void **state)
{
    kc_problem pb;
    it_row cat, o1, o2;
    routing_rule r, got, any;
    json_t *pool_ids, *kw;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_A, "Wegen", &cat);
    new_officer(TENANT_A, "Jan", NULL, NULL, 10, 1, &o1);
    new_officer(TENANT_A, "Piet", NULL, NULL, 10, 1, &o2);
    pool_ids = json_pack("[s,s]", o2.id, o1.id);
    kw = json_pack("[s]", "gat");
    assert_int_equal(
        insert_rule(TENANT_A, "Gaten in de weg", 3, cat.id, "Zuid", "gat", pool_ids, 1, &r), KC_OK);
    assert_uuid(r.id);
    assert_string_equal(r.name, "Gaten in de weg");
    assert_int_equal(r.position, 3);
    assert_string_equal(r.category_id, cat.id);
    assert_string_equal(r.district, "Zuid");
    assert_true(json_equal(r.keywords, kw));
    assert_true(json_equal(r.officer_ids, pool_ids));
    assert_int_equal(r.active, 1);
    assert_int_equal(r.version, 1);
    assert_timestamp(r.created_at);
    assert_string_equal(r.updated_at, r.created_at);

    assert_int_equal(routing_rule_repo_get(conn, TENANT_A, r.id, &got, &pb), KC_OK);
    assert_string_equal(got.id, r.id);
    assert_string_equal(got.name, r.name);
    assert_int_equal(got.position, 3);
    assert_string_equal(got.category_id, cat.id);
    assert_string_equal(got.district, "Zuid");
    assert_true(json_equal(got.keywords, kw));
    assert_true(json_equal(got.officer_ids, pool_ids));
    assert_int_equal(got.active, 1);
    assert_string_equal(got.created_at, r.created_at);
    routing_rule_clear(&got);

    /* no category, district or keywords: "any" */
    assert_int_equal(insert_rule(TENANT_A, "Rest", 9, NULL, NULL, NULL, pool_ids, 0, &any), KC_OK);
    assert_string_equal(any.category_id, "");
    assert_null(any.district);
    assert_int_equal(json_array_size(any.keywords), 0);
    assert_int_equal(any.active, 0);
    routing_rule_clear(&any);

    /* an unknown category is KC_INVALID naming categoryId */
    assert_int_equal(routing_rule_repo_insert(conn, TENANT_A,
                                              &(routing_rule_input){.name = "x",
                                                                    .category_id = NO_SUCH,
                                                                    .keywords = kw,
                                                                    .officer_ids = pool_ids},
                                              &any, &pb),
                     KC_INVALID);
    assert_non_null(pb.invalid_params);
    kc_problem_clear(&pb);

    assert_int_equal(routing_rule_repo_delete(conn, TENANT_A, r.id, &pb), KC_OK);
    assert_int_equal(routing_rule_repo_get(conn, TENANT_A, r.id, &got, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(routing_rule_repo_delete(conn, TENANT_A, r.id, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    routing_rule_clear(&r);
    json_decref(pool_ids);
    json_decref(kw);
}

/* Another tenant's categories, liaison officers and routing rules are not
 * there: not read, changed, deleted, listed or pointed at. */
static void test_catalogue_tenant_scoping(void **state)
{
    kc_problem pb;
    it_row ca, cb, oa, ob;
    category cgot, *cats = NULL;
    officer ogot, *offs = NULL;
    routing_rule ra, rb, rgot, *rules = NULL;
    case_record ka, kb;
    category_patch cpatch = {.has_name = 1, .name = "gekaapt"};
    kc_keyset page = {.limit = 100};
    kc_keyset_next next;
    json_t *pa, *pb_ids;
    size_t n = 0;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_A, "Afval A", &ca);
    new_category(TENANT_B, "Afval B", &cb);
    new_officer(TENANT_A, "Officer A", ca.id, NULL, 10, 1, &oa);
    new_officer(TENANT_B, "Officer B", cb.id, NULL, 10, 1, &ob);
    pa = json_pack("[s]", oa.id);
    pb_ids = json_pack("[s]", ob.id);
    assert_int_equal(insert_rule(TENANT_A, "Rule A", 0, ca.id, NULL, NULL, pa, 1, &ra), KC_OK);
    assert_int_equal(insert_rule(TENANT_B, "Rule B", 0, cb.id, NULL, NULL, pb_ids, 1, &rb), KC_OK);
    new_case(TENANT_A, ca.id, "Case of A", NULL, oa.id, &ka);
    new_case(TENANT_B, cb.id, "Case of B", NULL, ob.id, &kb);

    /* A's ids read as B: not found */
    assert_int_equal(category_repo_get(conn, TENANT_B, ca.id, &cgot, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(officer_repo_get(conn, TENANT_B, oa.id, &ogot, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(routing_rule_repo_get(conn, TENANT_B, ra.id, &rgot, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);

    /* ... nor changed or deleted as B */
    assert_int_equal(category_repo_update(conn, TENANT_B, ca.id, &cpatch, -1, &cgot, &pb),
                     KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(category_repo_delete(conn, TENANT_B, ca.id, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(routing_rule_repo_delete(conn, TENANT_B, ra.id, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(category_repo_get(conn, TENANT_A, ca.id, &cgot, &pb), KC_OK);
    assert_string_equal(cgot.name, "Afval A");

    /* B may not point at A's rows: the foreign keys include the tenant */
    assert_int_equal(insert_rule(TENANT_B, "x", 1, ca.id, NULL, NULL, pb_ids, 1, &rgot),
                     KC_INVALID);

    /* B's lists hold B's rows only */
    assert_int_equal(category_repo_list(conn, TENANT_B, &page, &cats, &n, &next, &pb), KC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(cats[0].id, cb.id);
    free(cats);
    assert_int_equal(officer_repo_list(conn, TENANT_B, &page, &offs, &n, &next, &pb), KC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(offs[0].id, ob.id);
    assert_int_equal(offs[0].open_cases, 1);
    officer_array_free(offs, n);
    assert_int_equal(routing_rule_repo_list(conn, TENANT_B, &page, &rules, &n, &next, &pb), KC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rules[0].id, rb.id);
    routing_rule_array_free(rules, n);

    case_record_clear(&ka);
    case_record_clear(&kb);
    routing_rule_clear(&ra);
    routing_rule_clear(&rb);
    json_decref(pa);
    json_decref(pb_ids);
    kc_problem_clear(&pb);
}

/* The catalogue lists page the same way, also through ties. */
static void test_catalogue_pagination(void **state)
{
    kc_problem pb;
    it_row first, cat[5], o;
    category *items = NULL;
    routing_rule r[5], *rules = NULL;
    json_t *pool_ids;
    kc_keyset page = {.limit = 2};
    kc_keyset_next next;
    char key[40], after[37], seen[MAX_IDS][37];
    size_t n, i, total = 0;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_P, "Pagination", &first);
    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    for (i = 0; i < 5; i++)
        new_category(TENANT_P, "Tie", &cat[i]);
    assert_int_equal(kc_db_commit(conn, &pb), KC_OK);
    do {
        assert_int_equal(category_repo_list(conn, TENANT_P, &page, &items, &n, &next, &pb), KC_OK);
        for (i = 0; i < n; i++) {
            assert_false(has_id(seen, total, items[i].id));
            snprintf(seen[total++], 37, "%s", items[i].id);
        }
        free(items);
        snprintf(key, sizeof(key), "%s", next.key);
        snprintf(after, sizeof(after), "%s", next.id);
        page.after_key = key;
        page.after_id = after;
    } while (next.has_more);
    assert_int_equal(total, 6); /* and the one before them */
    for (i = 0; i < 5; i++)
        assert_true(has_id(seen, total, cat[i].id));

    /* rules: position order, ties on position broken by id */
    new_officer(TENANT_P, "Pool", NULL, NULL, 10, 1, &o);
    pool_ids = json_pack("[s]", o.id);
    for (i = 0; i < 5; i++)
        assert_int_equal(
            insert_rule(TENANT_P, "R", i < 3 ? 1 : 0, NULL, NULL, NULL, pool_ids, 1, &r[i]), KC_OK);
    page.after_key = NULL;
    page.after_id = NULL;
    total = 0;
    do {
        assert_int_equal(routing_rule_repo_list(conn, TENANT_P, &page, &rules, &n, &next, &pb),
                         KC_OK);
        for (i = 0; i < n; i++) {
            assert_false(has_id(seen, total, rules[i].id));
            snprintf(seen[total++], 37, "%s", rules[i].id);
            assert_int_equal(rules[i].position, total <= 2 ? 0 : 1);
            if (total > 1 && total != 3) /* the same position as the one before */
                assert_true(strcmp(seen[total - 2], seen[total - 1]) < 0);
        }
        routing_rule_array_free(rules, n);
        snprintf(key, sizeof(key), "%s", next.key);
        snprintf(after, sizeof(after), "%s", next.id);
        page.after_key = key;
        page.after_id = after;
    } while (next.has_more);
    assert_int_equal(total, 5);
    for (i = 0; i < 5; i++)
        routing_rule_clear(&r[i]);
    json_decref(pool_ids);
    kc_problem_clear(&pb);
}

static void test_category_delete(void **state)
{
    kc_problem pb;
    it_row unused, with_case, with_rule, o;
    category got;
    case_record k;
    routing_rule r;
    json_t *pool_ids;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_D, "Unused", &unused);
    new_category(TENANT_D, "With a case", &with_case);
    new_category(TENANT_D, "With a rule", &with_rule);
    new_officer(TENANT_D, "O", NULL, NULL, 10, 1, &o);
    pool_ids = json_pack("[s]", o.id);
    new_case(TENANT_D, with_case.id, "uses the category", NULL, NULL, &k);
    assert_int_equal(insert_rule(TENANT_D, "R", 0, with_rule.id, NULL, NULL, pool_ids, 1, &r),
                     KC_OK);

    /* another tenant cannot delete it */
    assert_int_equal(category_repo_delete(conn, TENANT_B, unused.id, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(category_repo_delete(conn, TENANT_D, unused.id, &pb), KC_OK);
    assert_int_equal(category_repo_get(conn, TENANT_D, unused.id, &got, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);
    assert_int_equal(category_repo_delete(conn, TENANT_D, unused.id, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);

    /* in use by a case, by a rule: refused, and still there */
    assert_int_equal(category_repo_delete(conn, TENANT_D, with_case.id, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    assert_int_equal(category_repo_get(conn, TENANT_D, with_case.id, &got, &pb), KC_OK);
    assert_int_equal(category_repo_delete(conn, TENANT_D, with_rule.id, &pb), KC_CONFLICT);
    kc_problem_clear(&pb);
    assert_int_equal(category_repo_get(conn, TENANT_D, with_rule.id, &got, &pb), KC_OK);
    /* once the rule is gone it may go */
    assert_int_equal(routing_rule_repo_delete(conn, TENANT_D, r.id, &pb), KC_OK);
    assert_int_equal(category_repo_delete(conn, TENANT_D, with_rule.id, &pb), KC_OK);

    case_record_clear(&k);
    routing_rule_clear(&r);
    json_decref(pool_ids);
    kc_problem_clear(&pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_category_round_trip, acquire, release),
        cmocka_unit_test_setup_teardown(test_officer_round_trip, acquire, release),
        cmocka_unit_test_setup_teardown(test_rule_round_trip, acquire, release),
        cmocka_unit_test_setup_teardown(test_catalogue_tenant_scoping, acquire, release),
        cmocka_unit_test_setup_teardown(test_catalogue_pagination, acquire, release),
        cmocka_unit_test_setup_teardown(test_category_delete, acquire, release),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
