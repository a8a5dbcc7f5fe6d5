/* Integration: the casedesk case repository (filing, reading, listing with
 * filters and keyset pages, changes and their timeline, suspension,
 * outcome, lead times, reference blocks) against a real PostgreSQL,
 * through its public functions. Set-up and rows made by plain SQL:
 * casedesk_it.h. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "casedesk_it.h"

/* ---- helpers ---------------------------------------------------------------- */

/* The database's clock now, as text (a separate autocommitted statement). */
static void db_now(char *out, size_t n)
{
    kc_problem pb;
    PGresult *res = NULL;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_exec(conn, NULL, "SELECT now()::text", 0, NULL, &res, &pb), KC_OK);
    snprintf(out, n, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    kc_problem_clear(&pb);
}

/* The ids of the tenant's cases in list order, read directly: the oracle
 * the keyset walk is compared with. */
static size_t db_case_ids(const char *tenant, int ascending, char ids[][37], size_t cap)
{
    kc_problem pb;
    PGresult *res = NULL;
    const char *params[1] = {tenant};
    size_t i, n;
    kc_problem_init(&pb);
    assert_int_equal(kc_db_exec(conn, NULL,
                                ascending ? "SELECT id FROM casedesk.cases WHERE tenant_id = $1 "
                                            "ORDER BY created_at, id"
                                          : "SELECT id FROM casedesk.cases WHERE tenant_id = $1 "
                                            "ORDER BY created_at DESC, id DESC",
                                1, params, &res, &pb),
                     KC_OK);
    n = (size_t)PQntuples(res);
    assert_true(n <= cap);
    for (i = 0; i < n; i++)
        snprintf(ids[i], 37, "%s", PQgetvalue(res, (int)i, 0));
    PQclear(res);
    kc_problem_clear(&pb);
    return n;
}

/* Walks every page of the case list under f, limit rows at a time; writes
 * the ids in order and returns how many. Asserts the page shapes. */
static size_t walk_cases(const char *tenant, const case_filter *f, int limit, char ids[][37],
                         size_t cap)
{
    kc_problem pb;
    kc_keyset_next next;
    char key[40] = "", after[37] = "";
    kc_keyset page = {.limit = limit};
    case_record *items = NULL;
    size_t n = 0, i, total = 0;
    int pages = 0;

    kc_problem_init(&pb);
    do {
        assert_int_equal(case_repo_list(conn, tenant, f, &page, &items, &n, &next, &pb), KC_OK);
        assert_true(n <= (size_t)limit);
        if (next.has_more) {
            assert_int_equal(n, (size_t)limit);
            assert_string_equal(next.id, items[n - 1].id);
        }
        for (i = 0; i < n; i++) {
            assert_true(total < cap);
            snprintf(ids[total++], 37, "%s", items[i].id);
        }
        case_record_array_free(items, n);
        items = NULL;
        snprintf(key, sizeof(key), "%s", next.key);
        snprintf(after, sizeof(after), "%s", next.id);
        page.after_key = key;
        page.after_id = after;
        assert_true(++pages <= MAX_IDS + 1);
    } while (next.has_more);
    kc_problem_clear(&pb);
    return total;
}

/* The list under f holds exactly the nexpected ids given (any order). */
static void expect_cases(const char *tenant, const case_filter *f, size_t nexpected, ...)
{
    char ids[MAX_IDS][37];
    size_t n, i;
    va_list ap;

    n = walk_cases(tenant, f, 100, ids, MAX_IDS);
    assert_int_equal(n, nexpected);
    va_start(ap, nexpected);
    for (i = 0; i < nexpected; i++)
        assert_true(has_id(ids, n, va_arg(ap, const char *)));
    va_end(ap);
}

/* Raw seconds booked for a status (-1 = no row). */
static long long booked_seconds(const char *tenant, const char *case_id, const char *status)
{
    char sql[384];
    long long v = -1;
    PGresult *r;

    snprintf(sql, sizeof(sql),
             "SELECT seconds FROM " CASEDESK_SCHEMA ".case_status_time WHERE tenant_id = '%s' "
             "AND case_id = '%s' AND status = '%s'",
             tenant, case_id, status);
    r = PQexec(kc_db_pg(conn), sql);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    if (PQntuples(r) == 1)
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return v;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_case_round_trip(void **state)
{
    kc_problem pb;
    it_row cat, o;
    case_record c, got, plain;
    case_timeline_entry *tl = NULL;
    size_t n = 0;
    int has_more = -1;
    json_t *location = json_pack("{s:f, s:f}", "lat", 52.37, "lon", 4.89);
    json_t *citizen = json_pack("{s:s, s:s}", "name", "Kees Jansen", "email", "kees@example.org");
    case_new in = {.description = "Lantaarnpaal brandt niet",
                   .district = "Centrum",
                   .location = location,
                   .citizen = citizen,
                   .channel = "phone",
                   .priority = "high"};
    citizen_sealed sealed = {0};
    char token[64], hash[65], sql[512];
    case_filing f = {.first_contact_due = 1900000000LL, .resolution_due = 1900500000LL};
    const char *pool_ids[1];
    case_filing_route route = {.pool = pool_ids, .npool = 1}, unrouted = {0};
    int stale = -1;
    PGresult *raw;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_A, "Verlichting", &cat);
    new_officer(TENANT_A, "Anna", cat.id, "Centrum", 10, 1, &o);
    pool_ids[0] = o.id;
    route.version = unrouted.version = it_routing_version(TENANT_A);
    in.category_id = cat.id;
    assert_int_equal(citizen_seal(TENANT_A, citizen, &sealed, &pb), KC_OK);
    assert_int_equal(kc_token_generate("", token, hash), KC_OK);
    f.tracking_hash_hex = hash;
    f.citizen_enc_hex = sealed.enc_hex;
    f.citizen_key_id = sealed.key_id;
    f.email_idx_hex = sealed.email_idx_hex;
    f.phone_idx_hex = sealed.phone_idx_hex;
    assert_int_equal(case_repo_insert(conn, TENANT_A, &in, &f, "BV-2030-900001", &route,
                                      "user:alice", &c, &stale, &pb),
                     KC_OK);
    assert_int_equal(stale, 0);
    /* at rest: no plain citizen, the sealed one, the token's hash, deadlines */
    snprintf(sql, sizeof(sql),
             "SELECT citizen IS NULL,"
             "       citizen_enc IS NOT NULL,"
             "       encode(tracking_hash, 'hex'),"
             "       citizen_email_idx IS NOT NULL,"
             "       citizen_phone_idx IS NULL,"
             "       extract(epoch FROM resolution_due)::bigint,"
             "       status_since = created_at"
             "  FROM casedesk.cases"
             " WHERE id = '%s'",
             c.id);
    raw = PQexec(kc_db_pg(conn), sql);
    assert_int_equal(PQresultStatus(raw), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(raw, 0, 0), "t");
    assert_string_equal(PQgetvalue(raw, 0, 1), "t");
    assert_string_equal(PQgetvalue(raw, 0, 2), hash);
    assert_string_equal(PQgetvalue(raw, 0, 3), "t");
    assert_string_equal(PQgetvalue(raw, 0, 4), "t");
    assert_string_equal(PQgetvalue(raw, 0, 5), "1900500000");
    assert_string_equal(PQgetvalue(raw, 0, 6), "t");
    PQclear(raw);
    memset(&f, 0, sizeof(f)); /* later cases: no token, no sealed citizen */
    citizen_sealed_clear(&sealed);
    assert_null(c.citizen); /* the caller has it */
    assert_int_equal(c.resolution_due_s, 1900500000LL);
    assert_int_equal(c.first_contact_due_s, 1900000000LL);
    assert_timestamp(c.resolution_due);
    assert_string_equal(c.first_contact_at, "");
    assert_int_equal(c.reopen_count, 0);
    assert_int_equal(c.suspended_seconds, 0);
    assert_int_equal(c.sla_warning_hours, 24);
    assert_uuid(c.id);
    assert_string_equal(c.reference, "BV-2030-900001");
    assert_string_equal(c.category_id, cat.id);
    assert_string_equal(c.description, "Lantaarnpaal brandt niet");
    assert_string_equal(c.district, "Centrum");
    assert_true(json_equal(c.location, location));
    assert_string_equal(c.channel, "phone");
    assert_string_equal(c.priority, "high");
    assert_int_equal(c.status, CASE_STATUS_ASSIGNED);
    assert_string_equal(c.officer_id, o.id);
    assert_int_equal(c.version, 1);
    assert_timestamp(c.created_at);
    assert_string_equal(c.updated_at, c.created_at);
    assert_string_equal(c.closed_at, "");

    assert_int_equal(case_repo_get(conn, TENANT_A, c.id, &got, &pb), KC_OK);
    assert_string_equal(got.id, c.id);
    assert_string_equal(got.reference, c.reference);
    assert_string_equal(got.category_id, c.category_id);
    assert_string_equal(got.description, c.description);
    assert_string_equal(got.district, c.district);
    assert_true(json_equal(got.location, location));
    assert_true(json_equal(got.citizen, citizen)); /* opened */
    assert_string_equal(got.resolution_due, c.resolution_due);
    assert_string_equal(got.channel, c.channel);
    assert_string_equal(got.priority, c.priority);
    assert_int_equal(got.status, c.status);
    assert_string_equal(got.officer_id, c.officer_id);
    assert_int_equal(got.version, c.version);
    assert_string_equal(got.created_at, c.created_at);
    assert_string_equal(got.updated_at, c.updated_at);
    assert_string_equal(got.closed_at, "");
    case_record_clear(&got);

    /* timeline: received by the actor, then assigned by routing */
    assert_int_equal(case_repo_timeline(conn, TENANT_A, c.id, 0, 10, &tl, &n, &has_more, &pb),
                     KC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(has_more, 0);
    assert_string_equal(tl[0].action, "received");
    assert_string_equal(tl[0].actor, "user:alice");
    assert_string_equal(tl[0].from_status, "");
    assert_string_equal(tl[0].to_status, "received");
    assert_null(tl[0].detail);
    assert_int_equal(tl[0].is_public, 1);
    assert_int_equal(tl[1].is_public, 0);
    assert_string_equal(tl[0].at, c.created_at);
    assert_string_equal(tl[1].action, "assigned");
    assert_string_equal(tl[1].actor, "system:routing");
    assert_string_equal(tl[1].from_status, "received");
    assert_string_equal(tl[1].to_status, "assigned");
    assert_string_equal(json_string_value(json_object_get(tl[1].detail, "officerId")), o.id);
    assert_true(tl[1].id > tl[0].id);
    case_timeline_array_free(tl, n);

    /* no officer, no district, no location */
    in.district = NULL;
    in.location = NULL;
    assert_int_equal(case_repo_insert(conn, TENANT_A, &in, &f, "BV-2030-900002", &unrouted,
                                      "apikey:portal", &plain, &stale, &pb),
                     KC_OK);
    assert_int_equal(plain.status, CASE_STATUS_RECEIVED);
    assert_string_equal(plain.officer_id, "");
    assert_null(plain.district);
    assert_null(plain.location);
    assert_int_equal(case_repo_timeline(conn, TENANT_A, plain.id, 0, 10, &tl, &n, &has_more, &pb),
                     KC_OK);
    assert_int_equal(n, 1);
    case_timeline_array_free(tl, n);
    case_record_clear(&plain);

    /* the same reference twice in a tenant is a conflict */
    assert_int_equal(case_repo_insert(conn, TENANT_A, &in, &f, "BV-2030-900002", &unrouted,
                                      "user:alice", &plain, &stale, &pb),
                     KC_CONFLICT);
    kc_problem_clear(&pb);
    /* an unknown category is KC_INVALID naming categoryId */
    in.category_id = NO_SUCH;
    assert_int_equal(case_repo_insert(conn, TENANT_A, &in, &f, "BV-2030-900003", &unrouted,
                                      "user:alice", &plain, &stale, &pb),
                     KC_INVALID);
    assert_non_null(pb.invalid_params);
    kc_problem_clear(&pb);

    case_record_clear(&c);
    json_decref(location);
    json_decref(citizen);
}

static void test_case_bureau_change(void **state)
{
    kc_problem pb;
    it_row cat;
    case_record c, out;
    case_lead_times lt;
    case_terms terms;
    case_change chg;
    int applied = -1;
    size_t i;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_S, "Bureau", &cat);
    new_case(TENANT_S, cat.id, "bureau", NULL, NULL, &c);
    it_sleep_ms(1100);

    /* the category's terms and the tenant's (default) calendar */
    assert_int_equal(case_repo_terms(conn, TENANT_S, c.id, &terms, &pb), KC_OK);
    assert_int_equal(terms.sla_days, IT_CATEGORY_SLA_DAYS);
    assert_int_equal(terms.first_contact_days, 2);
    assert_int_equal(terms.unit, SLA_CALENDAR_WORKING_DAYS);
    assert_int_equal(terms.settings.sla_warning_hours, 24);
    assert_int_equal(case_repo_terms(conn, TENANT_S, NO_SUCH, &terms, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);

    /* received -> in_progress with the first contact: received's time booked */
    memset(&chg, 0, sizeof(chg));
    chg.status = CASE_STATUS_IN_PROGRESS;
    chg.actor = "user:t";
    chg.action = "status_changed";
    chg.is_public = 1;
    chg.first_contact = 1;
    assert_int_equal(case_repo_change(conn, TENANT_S, c.id, 1, &chg, &applied, &out, &pb), KC_OK);
    assert_int_equal(applied, 1);
    assert_timestamp(out.first_contact_at);
    assert_string_not_equal(out.status_since, c.status_since);
    assert_true(booked_seconds(TENANT_S, c.id, "received") >= 1);
    case_record_clear(&c);
    c = out;

    /* suspend: since and reason; not booked while the status stays */
    memset(&chg, 0, sizeof(chg));
    chg.status = CASE_STATUS_WAITING;
    chg.actor = "user:t";
    chg.action = "suspended";
    chg.suspension_reason = "wacht op de bewoner";
    chg.first_contact = 0;
    assert_int_equal(case_repo_change(conn, TENANT_S, c.id, 2, &chg, &applied, &out, &pb), KC_OK);
    assert_int_equal(applied, 1);
    assert_timestamp(out.suspended_since);
    assert_true(out.suspended_since_s > 0);
    assert_string_equal(out.suspension_reason, "wacht op de bewoner");
    assert_string_equal(out.first_contact_at, c.first_contact_at);
    assert_true(booked_seconds(TENANT_S, c.id, "in_progress") >= 0);
    case_record_clear(&c);
    c = out;

    /* resume: deadlines set, suspended time added, suspension cleared */
    memset(&chg, 0, sizeof(chg));
    chg.status = CASE_STATUS_IN_PROGRESS;
    chg.actor = "user:t";
    chg.action = "resumed";
    chg.add_suspended = 42;
    chg.resolution_due = c.resolution_due_s + 42;
    chg.first_contact_due = c.first_contact_due_s + 42;
    assert_int_equal(case_repo_change(conn, TENANT_S, c.id, 3, &chg, &applied, &out, &pb), KC_OK);
    assert_int_equal(applied, 1);
    assert_int_equal(out.suspended_seconds, 42);
    assert_int_equal(out.resolution_due_s, c.resolution_due_s + 42);
    assert_int_equal(out.first_contact_due_s, c.first_contact_due_s + 42);
    assert_string_equal(out.suspended_since, "");
    assert_null(out.suspension_reason);
    assert_true(booked_seconds(TENANT_S, c.id, "waiting") >= 0);
    case_record_clear(&c);
    c = out;

    /* resolve with an outcome */
    memset(&chg, 0, sizeof(chg));
    chg.status = CASE_STATUS_RESOLVED;
    chg.actor = "user:t";
    chg.action = "resolved";
    chg.outcome = "partly_agreed";
    chg.explanation = "De helft is gedaan.";
    assert_int_equal(case_repo_change(conn, TENANT_S, c.id, 4, &chg, &applied, &out, &pb), KC_OK);
    assert_int_equal(applied, 1);
    assert_string_equal(out.outcome, "partly_agreed");
    assert_string_equal(out.outcome_explanation, "De helft is gedaan.");
    assert_timestamp(out.resolved_at);
    case_record_clear(&c);
    c = out;

    /* lead times: every status visited, the current one counted to now */
    assert_int_equal(case_repo_lead_times(conn, TENANT_S, c.id, &lt, &pb), KC_OK);
    assert_int_equal(lt.current, CASE_STATUS_RESOLVED);
    assert_string_equal(lt.current_since, c.status_since);
    assert_int_equal(lt.n, 4);
    assert_int_equal(lt.items[0].status, CASE_STATUS_RECEIVED);
    assert_true(lt.items[0].seconds >= 1);
    assert_int_equal(lt.items[1].status, CASE_STATUS_IN_PROGRESS);
    assert_int_equal(lt.items[2].status, CASE_STATUS_WAITING);
    assert_int_equal(lt.items[3].status, CASE_STATUS_RESOLVED);
    for (i = 0; i < lt.n; i++)
        assert_true(lt.items[i].seconds >= 0);
    assert_int_equal(case_repo_lead_times(conn, TENANT_A, c.id, &lt, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);

    /* reopen: outcome and resolved_at cleared, counted, in_progress booked again */
    memset(&chg, 0, sizeof(chg));
    chg.status = CASE_STATUS_IN_PROGRESS;
    chg.actor = "user:t";
    chg.action = "reopened";
    chg.reopen = 1;
    chg.resolution_due = 2000000000LL;
    assert_int_equal(case_repo_change(conn, TENANT_S, c.id, 5, &chg, &applied, &out, &pb), KC_OK);
    assert_int_equal(applied, 1);
    assert_int_equal(out.reopen_count, 1);
    assert_string_equal(out.outcome, "");
    assert_null(out.outcome_explanation);
    assert_string_equal(out.resolved_at, "");
    assert_int_equal(out.resolution_due_s, 2000000000LL);
    case_record_clear(&out);
    case_record_clear(&c);
    kc_problem_clear(&pb);
}

/* Another tenant's cases are not there: not read, changed, listed or
 * pointed at. */
static void test_case_tenant_scoping(void **state)
{
    kc_problem pb;
    it_row ca, cb, oa, ob;
    case_record ka, kb, kgot, *cases = NULL;
    case_timeline_entry *tl = NULL;
    case_change chg = {.status = CASE_STATUS_CLOSED, .actor = "user:x", .action = "closed"};
    kc_keyset page = {.limit = 100};
    kc_keyset_next next;
    case_filter f = no_filter();
    size_t n = 0, i;
    int applied = -1, has_more = -1;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_A, "Afval A", &ca);
    new_category(TENANT_B, "Afval B", &cb);
    new_officer(TENANT_A, "Officer A", ca.id, NULL, 10, 1, &oa);
    new_officer(TENANT_B, "Officer B", cb.id, NULL, 10, 1, &ob);
    new_case(TENANT_A, ca.id, "Case of A", NULL, oa.id, &ka);
    new_case(TENANT_B, cb.id, "Case of B", NULL, ob.id, &kb);

    /* A's ids read as B: not found */
    assert_int_equal(case_repo_get(conn, TENANT_B, ka.id, &kgot, &pb), KC_NOT_FOUND);
    kc_problem_clear(&pb);

    /* ... nor changed as B */
    memset(&kgot, 0, sizeof(kgot));
    assert_int_equal(case_repo_change(conn, TENANT_B, ka.id, 1, &chg, &applied, &kgot, &pb), KC_OK);
    assert_int_equal(applied, 0);
    assert_int_equal(case_repo_timeline(conn, TENANT_B, ka.id, 0, 10, &tl, &n, &has_more, &pb),
                     KC_OK);
    assert_int_equal(n, 0);
    free(tl);
    assert_int_equal(case_repo_get(conn, TENANT_A, ka.id, &kgot, &pb), KC_OK);
    assert_int_equal(kgot.version, 1);
    assert_int_equal(kgot.status, CASE_STATUS_ASSIGNED);
    case_record_clear(&kgot);

    /* B may not point at A's rows: the foreign keys include the tenant */
    assert_int_equal(insert_case(TENANT_B, ca.id, "x", NULL, NULL, &kgot), KC_INVALID);
    {
        /* A's officer in a pool of B is nobody: the filing stays unassigned */
        const char *pool_ids[1] = {oa.id};
        json_t *citizen = json_pack("{s:s}", "name", "A. Burger");
        case_new in = {.category_id = cb.id,
                       .description = "x",
                       .citizen = citizen,
                       .channel = "web",
                       .priority = "normal"};
        case_filing fl = {.first_contact_due = 1900000000LL, .resolution_due = 1900500000LL};
        case_filing_route route = {
            .pool = pool_ids, .npool = 1, .version = it_routing_version(TENANT_B)};
        int stale = -1;
        const char *params[3] = {TENANT_B, NULL, oa.id};
        PGresult *res = NULL;

        assert_int_equal(case_repo_insert(conn, TENANT_B, &in, &fl, "BV-2030-900099", &route,
                                          "user:x", &kgot, &stale, &pb),
                         KC_OK);
        assert_int_equal(stale, 0);
        assert_string_equal(kgot.officer_id, "");
        assert_int_equal(kgot.status, CASE_STATUS_RECEIVED);
        /* nor can B's case be pointed at A's officer afterwards */
        params[1] = kgot.id;
        assert_int_equal(
            kc_db_exec(conn, NULL,
                       "UPDATE casedesk.cases SET officer_id = $3 WHERE tenant_id = $1 AND id = $2",
                       3, params, &res, &pb),
            KC_INVALID);
        PQclear(res);
        kc_problem_clear(&pb);
        case_record_clear(&kgot);
        json_decref(citizen);
    }

    /* B's list holds B's cases only (kb and the unassigned one) */
    assert_int_equal(case_repo_list(conn, TENANT_B, &f, &page, &cases, &n, &next, &pb), KC_OK);
    assert_int_equal(n, 2);
    assert_true(strcmp(cases[0].id, kb.id) == 0 || strcmp(cases[1].id, kb.id) == 0);
    case_record_array_free(cases, n);
    /* and A's lists do not hold B's */
    assert_int_equal(case_repo_list(conn, TENANT_A, &f, &page, &cases, &n, &next, &pb), KC_OK);
    for (i = 0; i < n; i++)
        assert_string_not_equal(cases[i].id, kb.id);
    case_record_array_free(cases, n);

    case_record_clear(&ka);
    case_record_clear(&kb);
    kc_problem_clear(&pb);
}

static void test_case_pagination(void **state)
{
    kc_problem pb;
    it_row cat;
    case_record c[12];
    char want[MAX_IDS][37], got[MAX_IDS][37];
    case_filter f = no_filter();
    static const int limits[] = {1, 2, 5, 11, 12, 13, 100};
    size_t nwant, ngot, i, l;
    int asc;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_P, "Pagination", &cat);
    for (i = 0; i < 3; i++)
        new_case(TENANT_P, cat.id, "before", NULL, NULL, &c[i]);
    /* six cases in one transaction share created_at (now()) */
    assert_int_equal(kc_db_begin(conn, &pb), KC_OK);
    for (i = 3; i < 9; i++)
        new_case(TENANT_P, cat.id, "same moment", NULL, NULL, &c[i]);
    assert_int_equal(kc_db_commit(conn, &pb), KC_OK);
    for (i = 4; i < 9; i++)
        assert_string_equal(c[i].created_at, c[3].created_at);
    for (i = 9; i < 12; i++)
        new_case(TENANT_P, cat.id, "after", NULL, NULL, &c[i]);

    for (asc = 0; asc <= 1; asc++) {
        f.ascending = asc;
        nwant = db_case_ids(TENANT_P, asc, want, MAX_IDS);
        assert_int_equal(nwant, 12);
        for (l = 0; l < sizeof(limits) / sizeof(limits[0]); l++) {
            ngot = walk_cases(TENANT_P, &f, limits[l], got, MAX_IDS);
            assert_int_equal(ngot, nwant);
            for (i = 0; i < nwant; i++)
                assert_string_equal(got[i], want[i]);
        }
        /* a filtered walk through the tie as well */
        f.q = "same moment";
        ngot = walk_cases(TENANT_P, &f, 4, got, MAX_IDS);
        assert_int_equal(ngot, 6);
        for (i = 3; i < 9; i++)
            assert_true(has_id(got, ngot, c[i].id));
        f.q = NULL;
    }
    for (i = 0; i < 12; i++)
        case_record_clear(&c[i]);
    kc_problem_clear(&pb);
}

static void test_case_filters(void **state)
{
    it_row cat1, cat2, o1, o2;
    case_record c1, c2, c3, c4, c5;
    char t1[64], t2[64];
    case_filter f;
    (void)state;
    new_category(TENANT_F, "Verlichting", &cat1);
    new_category(TENANT_F, "Stoep", &cat2);
    new_officer(TENANT_F, "O1", NULL, NULL, 10, 1, &o1);
    new_officer(TENANT_F, "O2", NULL, NULL, 10, 1, &o2);
    new_case(TENANT_F, cat1.id, "Lantaarnpaal kapot", "Noord", o1.id, &c1);
    new_case(TENANT_F, cat1.id, "Afval naast container", "Zuid", NULL, &c2);
    it_sleep_ms(5);
    db_now(t1, sizeof(t1));
    it_sleep_ms(5);
    new_case(TENANT_F, cat2.id, "lantaarnpaal knippert 100% van de tijd", "noord", o2.id, &c3);
    set_status(TENANT_F, &c3, CASE_STATUS_IN_PROGRESS);
    new_case(TENANT_F, cat2.id, "Stoep_tegel los", NULL, o1.id, &c4);
    set_status(TENANT_F, &c4, CASE_STATUS_RESOLVED);
    it_sleep_ms(5);
    db_now(t2, sizeof(t2));
    it_sleep_ms(5);
    new_case(TENANT_F, cat1.id, "Geluidsoverlast", "Oost", NULL, &c5);

    f = no_filter();
    expect_cases(TENANT_F, &f, 5, c1.id, c2.id, c3.id, c4.id, c5.id);
    f.status = "received";
    expect_cases(TENANT_F, &f, 2, c2.id, c5.id);
    f.status = "in_progress";
    expect_cases(TENANT_F, &f, 1, c3.id);
    f.status = "closed";
    expect_cases(TENANT_F, &f, 0);

    f = no_filter();
    f.officer_id = o1.id;
    expect_cases(TENANT_F, &f, 2, c1.id, c4.id);
    f.officer_id = o2.id;
    expect_cases(TENANT_F, &f, 1, c3.id);

    f = no_filter();
    f.category_id = cat2.id;
    expect_cases(TENANT_F, &f, 2, c3.id, c4.id);

    f = no_filter();
    f.district = "NOORD"; /* ignoring case */
    expect_cases(TENANT_F, &f, 2, c1.id, c3.id);

    f = no_filter();
    f.q = "LANTAARN";
    expect_cases(TENANT_F, &f, 2, c1.id, c3.id);
    f.q = "%"; /* LIKE wildcards in q are literal */
    expect_cases(TENANT_F, &f, 1, c3.id);
    f.q = "_";
    expect_cases(TENANT_F, &f, 1, c4.id);
    f.q = c2.reference; /* the reference is searched too */
    expect_cases(TENANT_F, &f, 1, c2.id);

    f = no_filter();
    f.unassigned = 1;
    expect_cases(TENANT_F, &f, 2, c2.id, c5.id);
    f.unassigned = 0;
    expect_cases(TENANT_F, &f, 3, c1.id, c3.id, c4.id);

    f = no_filter();
    f.created_from = t1;
    expect_cases(TENANT_F, &f, 3, c3.id, c4.id, c5.id);
    f.created_to = t2;
    expect_cases(TENANT_F, &f, 2, c3.id, c4.id);
    f.created_from = NULL;
    expect_cases(TENANT_F, &f, 4, c1.id, c2.id, c3.id, c4.id);

    /* filters combine */
    f = no_filter();
    f.category_id = cat1.id;
    f.unassigned = 1;
    expect_cases(TENANT_F, &f, 2, c2.id, c5.id);
    f.district = "oost";
    expect_cases(TENANT_F, &f, 1, c5.id);
    f.ascending = 1;
    expect_cases(TENANT_F, &f, 1, c5.id);

    case_record_clear(&c1);
    case_record_clear(&c2);
    case_record_clear(&c3);
    case_record_clear(&c4);
    case_record_clear(&c5);
}

static void test_case_change(void **state)
{
    kc_problem pb;
    it_row cat, o;
    case_record c, out, closed, got;
    case_timeline_entry *tl = NULL;
    size_t n = 0;
    int applied = -1, has_more = -1;
    long long after;
    json_t *detail;
    case_change chg;
    (void)state;
    kc_problem_init(&pb);
    new_category(TENANT_C, "Changes", &cat);
    new_officer(TENANT_C, "O", NULL, NULL, 10, 1, &o);
    new_case(TENANT_C, cat.id, "to change", NULL, NULL, &c);
    detail = json_pack("{s:s}", "officerId", o.id);

    memset(&chg, 0, sizeof(chg));
    chg.status = CASE_STATUS_ASSIGNED;
    chg.officer_id = o.id;
    chg.actor = "user:coordinator";
    chg.action = "assigned";
    chg.from_status = "received";
    chg.to_status = "assigned";
    chg.detail = detail;
    assert_int_equal(case_repo_change(conn, TENANT_C, c.id, 1, &chg, &applied, &out, &pb), KC_OK);
    assert_int_equal(applied, 1);
    assert_int_equal(out.version, 2);
    assert_int_equal(out.status, CASE_STATUS_ASSIGNED);
    assert_string_equal(out.officer_id, o.id);
    assert_string_equal(out.created_at, c.created_at);
    assert_string_equal(out.description, c.description);
    assert_string_equal(out.closed_at, "");
    case_record_clear(&out);

    /* the same change at the old version: not applied, out untouched */
    memset(&out, 0, sizeof(out));
    assert_int_equal(case_repo_change(conn, TENANT_C, c.id, 1, &chg, &applied, &out, &pb), KC_OK);
    assert_int_equal(applied, 0);
    assert_string_equal(out.id, "");
    assert_null(out.description);
    /* a case that does not exist: not applied either */
    assert_int_equal(case_repo_change(conn, TENANT_C, NO_SUCH, 1, &chg, &applied, &out, &pb),
                     KC_OK);
    assert_int_equal(applied, 0);

    /* close: closed_at set, officer kept (NULL = keep) */
    memset(&chg, 0, sizeof(chg));
    chg.status = CASE_STATUS_CLOSED;
    chg.actor = "user:coordinator";
    chg.action = "closed";
    chg.from_status = "assigned";
    chg.to_status = "closed";
    assert_int_equal(case_repo_change(conn, TENANT_C, c.id, 2, &chg, &applied, &closed, &pb),
                     KC_OK);
    assert_int_equal(applied, 1);
    assert_int_equal(closed.version, 3);
    assert_int_equal(closed.status, CASE_STATUS_CLOSED);
    assert_string_equal(closed.officer_id, o.id);
    assert_timestamp(closed.closed_at);
    /* closed again later: closed_at stays the first moment */
    it_sleep_ms(3);
    chg.from_status = "closed";
    assert_int_equal(case_repo_change(conn, TENANT_C, c.id, 3, &chg, &applied, &out, &pb), KC_OK);
    assert_int_equal(applied, 1);
    assert_string_equal(out.closed_at, closed.closed_at);
    assert_string_not_equal(out.updated_at, closed.updated_at);
    case_record_clear(&out);

    /* reopen: closed_at cleared */
    chg.status = CASE_STATUS_IN_PROGRESS;
    chg.action = "reopened";
    chg.from_status = "closed";
    chg.to_status = "in_progress";
    assert_int_equal(case_repo_change(conn, TENANT_C, c.id, 4, &chg, &applied, &out, &pb), KC_OK);
    assert_int_equal(applied, 1);
    assert_int_equal(out.version, 5);
    assert_string_equal(out.closed_at, "");
    case_record_clear(&out);
    assert_int_equal(case_repo_get(conn, TENANT_C, c.id, &got, &pb), KC_OK);
    assert_int_equal(got.version, 5);
    assert_int_equal(got.status, CASE_STATUS_IN_PROGRESS);
    assert_string_equal(got.closed_at, "");

    /* the timeline: one entry per applied change, paged by entry id */
    assert_int_equal(case_repo_timeline(conn, TENANT_C, c.id, 0, 3, &tl, &n, &has_more, &pb),
                     KC_OK);
    assert_int_equal(n, 3);
    assert_int_equal(has_more, 1);
    assert_string_equal(tl[0].action, "received");
    assert_string_equal(tl[1].action, "assigned");
    assert_string_equal(tl[1].actor, "user:coordinator");
    assert_true(json_equal(tl[1].detail, detail));
    assert_string_equal(tl[2].action, "closed");
    assert_string_equal(tl[2].from_status, "assigned");
    assert_string_equal(tl[2].at, closed.updated_at);
    assert_null(tl[2].detail);
    after = tl[2].id;
    case_timeline_array_free(tl, n);
    assert_int_equal(case_repo_timeline(conn, TENANT_C, c.id, after, 3, &tl, &n, &has_more, &pb),
                     KC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(has_more, 0);
    assert_string_equal(tl[0].action, "closed");
    assert_string_equal(tl[1].action, "reopened");
    assert_string_equal(tl[1].to_status, "in_progress");
    assert_string_equal(tl[1].at, got.updated_at);
    case_timeline_array_free(tl, n);

    case_record_clear(&got);
    case_record_clear(&closed);
    case_record_clear(&c);
    json_decref(detail);
    kc_problem_clear(&pb);
}

static long long reserve(const char *tenant, int year, int count)
{
    kc_problem pb;
    long long last = -1;
    kc_problem_init(&pb);
    assert_int_equal(case_repo_reserve_references(conn, tenant, year, count, &last, &pb), KC_OK);
    kc_problem_clear(&pb);
    return last;
}

#define RESERVERS    2
#define RESERVATIONS 25

typedef struct reserver {
    long long last[RESERVATIONS];
    int failed;
} reserver;

/* Reserves blocks of 3 of TENANT_N2/2031 on a connection of its own. */
static void *reserve_thread(void *arg)
{
    reserver *r = arg;
    kc_db_conn *c = NULL;
    kc_problem pb;
    int i;
    kc_problem_init(&pb);
    if (kc_db_acquire(pool, &c, &pb) != KC_OK) {
        r->failed = 1;
        goto out;
    }
    for (i = 0; i < RESERVATIONS; i++)
        if (case_repo_reserve_references(c, TENANT_N2, 2031, 3, &r->last[i], &pb) != KC_OK)
            r->failed = 1;
out:
    kc_db_release(pool, c);
    kc_problem_clear(&pb);
    return NULL;
}

static void test_reserve_references(void **state)
{
    pthread_t th[RESERVERS];
    reserver r[RESERVERS];
    char seen[RESERVERS * RESERVATIONS + 1];
    int t, i;
    (void)state;
    /* consecutive blocks per tenant and year */
    assert_int_equal(reserve(TENANT_N1, 2030, 5), 5);
    assert_int_equal(reserve(TENANT_N1, 2030, 3), 8);
    assert_int_equal(reserve(TENANT_N1, 2031, 2), 2);
    assert_int_equal(reserve(TENANT_N2, 2030, 4), 4);
    assert_int_equal(reserve(TENANT_N1, 2030, 1), 9);
    assert_int_equal(reserve(TENANT_N2, 2030, 1), 5);

    /* concurrent reservations get disjoint blocks, none lost */
    memset(r, 0, sizeof(r));
    memset(seen, 0, sizeof(seen));
    for (t = 0; t < RESERVERS; t++)
        assert_int_equal(pthread_create(&th[t], NULL, reserve_thread, &r[t]), 0);
    for (t = 0; t < RESERVERS; t++)
        pthread_join(th[t], NULL);
    for (t = 0; t < RESERVERS; t++) {
        assert_int_equal(r[t].failed, 0);
        for (i = 0; i < RESERVATIONS; i++) {
            assert_int_equal(r[t].last[i] % 3, 0);
            assert_true(r[t].last[i] >= 3 && r[t].last[i] <= 3 * RESERVERS * RESERVATIONS);
            assert_int_equal(seen[r[t].last[i] / 3], 0);
            seen[r[t].last[i] / 3] = 1;
        }
    }
    assert_int_equal(reserve(TENANT_N2, 2031, 1), 3 * RESERVERS * RESERVATIONS + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_case_round_trip, acquire, release),
        cmocka_unit_test_setup_teardown(test_case_bureau_change, acquire, release),
        cmocka_unit_test_setup_teardown(test_case_tenant_scoping, acquire, release),
        cmocka_unit_test_setup_teardown(test_case_pagination, acquire, release),
        cmocka_unit_test_setup_teardown(test_case_filters, acquire, release),
        cmocka_unit_test_setup_teardown(test_case_change, acquire, release),
        cmocka_unit_test_setup_teardown(test_reserve_references, acquire, release),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
