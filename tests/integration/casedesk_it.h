#ifndef KOERS_CASEDESK_IT_H
#define KOERS_CASEDESK_IT_H

/* Shared set-up of the casedesk repository integration tests
 * (test_casedesk_{catalogue,cases,messages,routing}.c): a fresh casedesk
 * schema per test program, one pool, a connection per test, and rows made
 * for a test. Categories, liaison officers and routing rules a test only
 * needs are inserted by plain SQL, so the tests of the cases do not depend
 * on the catalogue's repositories. Each test works in tenants of its own,
 * so the tests do not see each other's rows. Header-only, static. */

#include "it.h"
#include "koers/auth.h"
#include "koers/pg.h"
#include "casedesk.h"
#include "cases/case_repo.h"
#include "citizen/citizen_crypto.h"

#define TENANT_A  "7d1c2f4e-2222-4a2b-9c3d-00000000000a"
#define TENANT_B  "7d1c2f4e-2222-4a2b-9c3d-00000000000b"
#define TENANT_P  "7d1c2f4e-2222-4a2b-9c3d-00000000000c" /* pagination */
#define TENANT_F  "7d1c2f4e-2222-4a2b-9c3d-00000000000d" /* filters */
#define TENANT_C  "7d1c2f4e-2222-4a2b-9c3d-00000000000e" /* changes */
#define TENANT_R  "7d1c2f4e-2222-4a2b-9c3d-00000000000f" /* routing */
#define TENANT_D  "7d1c2f4e-2222-4a2b-9c3d-000000000010" /* category delete */
#define TENANT_N1 "7d1c2f4e-2222-4a2b-9c3d-000000000011" /* references only */
#define TENANT_N2 "7d1c2f4e-2222-4a2b-9c3d-000000000012"
#define TENANT_S  "7d1c2f4e-2222-4a2b-9c3d-000000000013" /* suspension, outcome, lead times */
#define TENANT_M  "7d1c2f4e-2222-4a2b-9c3d-000000000014" /* notes and messages */
#define NO_SUCH   "7d1c2f4e-2222-4a2b-9c3d-0000000000ff"

#define MAX_IDS 64

/* The resolution term (sla_days) of a category made by new_category. */
#define IT_CATEGORY_SLA_DAYS 10

/* A row made for a test: its id. */
typedef struct it_row {
    char id[37];
} it_row;

static kc_db_pool *pool;
static kc_db_conn *conn; /* acquired per test */
static int reference_seq;

/* Group set-up: a fresh casedesk schema, the citizen keys, the pool. */
static inline int setup(void **state)
{
    char err[256];
    (void)state;
    if (it_setup(CASEDESK_SCHEMA, casedesk_migrations, casedesk_migrations_count, &pool) != 0)
        return -1;
    if (citizen_crypto_configure(err, sizeof(err)) != 0) {
        fprintf(stderr, "citizen crypto: %s\n", err);
        return -1;
    }
    return 0;
}

static inline int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    citizen_crypto_shutdown();
    return 0;
}

static inline int acquire(void **state)
{
    kc_problem pb;
    kc_status st;
    (void)state;
    kc_problem_init(&pb);
    st = kc_db_acquire(pool, &conn, &pb);
    kc_problem_clear(&pb);
    return st == KC_OK ? 0 : -1;
}

/* Also rolls back what a failed test left open. */
static inline int release(void **state)
{
    (void)state;
    kc_db_release(pool, conn);
    conn = NULL;
    return 0;
}

/* ---- assertions ------------------------------------------------------------- */

/* An RFC 3339 UTC timestamp with milliseconds, as the repos write them. */
static inline void assert_timestamp(const char *ts)
{
    assert_int_equal(strlen(ts), 24);
    assert_int_equal(ts[10], 'T');
    assert_int_equal(ts[19], '.');
    assert_int_equal(ts[23], 'Z');
}

static inline void assert_uuid(const char *id)
{
    assert_int_equal(strlen(id), 36);
    assert_int_equal(id[8], '-');
}

static inline int has_id(char ids[][37], size_t n, const char *id)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return 1;
    return 0;
}

/* ---- rows by plain SQL ------------------------------------------------------ */

/* Runs sql with params on conn; the first column of its one row goes to
 * out->id (out may be NULL). Fails the test when the statement fails. */
static inline void it_sql_row(const char *sql, int nparams, const char *const *params, it_row *out)
{
    kc_problem pb;
    PGresult *res = NULL;
    kc_problem_init(&pb);
    if (kc_db_exec(conn, NULL, sql, nparams, params, &res, &pb) != KC_OK)
        fprintf(stderr, "it_sql_row: %s\n%s\n", pb.detail, sql);
    assert_int_equal(pb.status, KC_OK);
    if (out != NULL) {
        assert_int_equal(PQntuples(res), 1);
        snprintf(out->id, sizeof(out->id), "%s", PQgetvalue(res, 0, 0));
    }
    PQclear(res);
    kc_problem_clear(&pb);
}

/* A category with the default first contact term (2 working days). */
static inline void insert_category(const char *tenant, const char *name, int sla_days, it_row *out)
{
    char sla[16];
    const char *params[3] = {tenant, name, sla};
    snprintf(sla, sizeof(sla), "%d", sla_days);
    it_sql_row("INSERT INTO casedesk.categories (id, tenant_id, name, sla_days)\n"
               "VALUES (gen_random_uuid(), $1, $2, $3)\n"
               "RETURNING id",
               3, params, out);
}

static inline void new_category(const char *tenant, const char *name, it_row *out)
{
    insert_category(tenant, name, IT_CATEGORY_SLA_DAYS, out);
}

/* A liaison officer; category_id and district may be NULL (none). */
static inline void new_officer(const char *tenant, const char *name, const char *category_id,
                               const char *district, int capacity, int active, it_row *out)
{
    char cap[16];
    const char *params[6] = {tenant, name, category_id, district, cap, active ? "t" : "f"};
    snprintf(cap, sizeof(cap), "%d", capacity);
    it_sql_row("INSERT INTO casedesk.liaison_officers\n"
               "    (id, tenant_id, name, email, category_ids, districts, capacity, active)\n"
               "VALUES (gen_random_uuid(), $1, $2, 'officer@example.org',\n"
               "        array_remove(ARRAY[$3::uuid], NULL), array_remove(ARRAY[$4::text], NULL),\n"
               "        $5, $6)\n"
               "RETURNING id",
               6, params, out);
}

/* A routing rule; officer_ids a JSON array of ids (borrowed); category_id,
 * district and keyword may be NULL (any). */
static inline void new_rule(const char *tenant, const char *name, int position,
                            const char *category_id, const char *district, const char *keyword,
                            json_t *officer_ids, int active, it_row *out)
{
    char pos[16];
    char *ids = json_dumps(officer_ids, JSON_COMPACT);
    const char *params[8] = {tenant,   name,    pos, category_id,
                             district, keyword, ids, active ? "t" : "f"};
    snprintf(pos, sizeof(pos), "%d", position);
    it_sql_row(
        "INSERT INTO casedesk.routing_rules\n"
        "    (id, tenant_id, name, position, category_id, district, keywords, officer_ids,\n"
        "     active)\n"
        "VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, array_remove(ARRAY[$6::text], NULL),\n"
        "        ARRAY(SELECT json_array_elements_text($7::json))::uuid[], $8)\n"
        "RETURNING id",
        8, params, out);
    free(ids);
}

/* ---- cases through the case repository --------------------------------------- */

/* The tenant's routing version (what a filing checks its routing data by). */
static inline long long it_routing_version(const char *tenant)
{
    it_row v;
    const char *params[1] = {tenant};
    it_sql_row("SELECT coalesce((SELECT version FROM casedesk.routing_versions\n"
               "                  WHERE tenant_id = $1), 0)",
               1, params, &v);
    return strtoll(v.id, NULL, 10);
}

/* A case with a fresh reference; district and officer_id may be NULL. The
 * officer gets it as routing would give it them (the filing's pick, their
 * pool of one), also when they are inactive or full. */
static inline kc_status insert_case(const char *tenant, const char *category_id,
                                    const char *description, const char *district,
                                    const char *officer_id, case_record *out)
{
    kc_problem pb;
    kc_status st;
    char reference[32];
    json_t *citizen = json_pack("{s:s}", "name", "A. Burger");
    case_new in = {.category_id = category_id,
                   .description = description,
                   .district = district,
                   .location = NULL,
                   .citizen = citizen,
                   .channel = "web",
                   .priority = "normal"};
    case_filing f = {.first_contact_due = 1900000000LL, .resolution_due = 1900500000LL};
    const char *one[1] = {officer_id};
    case_filing_route route = {.pool = officer_id != NULL ? one : NULL, .npool = 1};
    int stale = 0;
    snprintf(reference, sizeof(reference), "BV-2030-%06d", ++reference_seq);
    kc_problem_init(&pb);
    route.version = it_routing_version(tenant);
    st = case_repo_insert(conn, tenant, &in, &f, reference, &route, "user:test", out, &stale, &pb);
    assert_int_equal(stale, 0);
    if (st == KC_OK && officer_id != NULL && out->officer_id[0] == '\0') {
        /* the officer is inactive or full, so the filing's pick passed them
         * by: the test wants the case theirs all the same */
        const char *params[3] = {tenant, out->id, officer_id};
        it_sql_row("UPDATE casedesk.cases SET officer_id = $3, status = 'assigned'\n"
                   " WHERE tenant_id = $1 AND id = $2\n"
                   "RETURNING id",
                   3, params, NULL);
        snprintf(out->officer_id, sizeof(out->officer_id), "%s", officer_id);
        out->status = CASE_STATUS_ASSIGNED;
    }
    kc_problem_clear(&pb);
    json_decref(citizen);
    return st;
}

static inline void new_case(const char *tenant, const char *category_id, const char *description,
                            const char *district, const char *officer_id, case_record *out)
{
    assert_int_equal(insert_case(tenant, category_id, description, district, officer_id, out),
                     KC_OK);
}

/* Moves c to status st (at its current version) and reads it back into c. */
static inline void set_status(const char *tenant, case_record *c, case_status st)
{
    kc_problem pb;
    case_record got;
    int applied = 0;
    case_change chg = {.status = st,
                       .actor = "user:test",
                       .action = "status_changed",
                       .from_status = case_status_name(c->status),
                       .to_status = case_status_name(st)};
    memset(&got, 0, sizeof(got));
    kc_problem_init(&pb);
    assert_int_equal(case_repo_change(conn, tenant, c->id, c->version, &chg, &applied, &got, &pb),
                     KC_OK);
    assert_int_equal(applied, 1);
    kc_problem_clear(&pb);
    case_record_clear(c);
    *c = got;
}

static inline case_filter no_filter(void)
{
    case_filter f;
    memset(&f, 0, sizeof(f));
    f.unassigned = -1;
    return f;
}

#endif
