/* Integration: the citizen's data at rest and the privacy work of casedesk
 * against a real PostgreSQL: a case filed through the service layer keeps
 * no plain personal data in any row of the schema, reading it opens the
 * citizen, data subject export and erasure find the citizen by the keyed
 * index (and rows whose citizen is still plain), the rekey pass seals plain
 * rows and re-seals rows after a key rotation, and the retention pass
 * anonymises closed cases past the tenant's retention, once, even with two
 * passes running at the same time. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "it.h"
#include "koers/pg.h"
#include "casedesk.h"
#include "casedesk_http.h"
#include "cases/case_repo.h"
#include "cases/case_service.h"
#include "citizen/citizen_crypto.h"
#include "privacy/privacy_pass.h"
#include "privacy/privacy_service.h"

#define TENANT_F "9e2d3c4b-3333-4a2b-9c3d-0000000000a1" /* filing */
#define TENANT_X "9e2d3c4b-3333-4a2b-9c3d-0000000000a2" /* export, erasure */
#define TENANT_K "9e2d3c4b-3333-4a2b-9c3d-0000000000a3" /* rekey */
#define TENANT_R "9e2d3c4b-3333-4a2b-9c3d-0000000000a4" /* retention */
#define TENANT_C "9e2d3c4b-3333-4a2b-9c3d-0000000000a5" /* concurrent retention */
#define TENANT_I "9e2d3c4b-3333-4a2b-9c3d-0000000000a6" /* idempotent filing */
#define CATEGORY "5a5a5a5a-0000-4000-8000-000000000001"

#define KEY1 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define KEY2 "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="
#define IDXK "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8="

#define NAME  "Wilhelmina Zuidervaart"
#define EMAIL "w.zuidervaart@example.nl"
#define PHONE "+31 6 1234 5678"

static kc_db_pool *pool;

/* ---- helpers ---------------------------------------------------------------- */

/* Whether the route (method, OpenAPI name) of casedesk admits p. */
static kc_status route_admits(const char *method, const char *name, const kc_principal *p)
{
    size_t i;

    for (i = 0; i < casedesk_routes_count; i++)
        if (strcmp(casedesk_routes[i].method, method) == 0 &&
            strcmp(casedesk_routes[i].name, name) == 0)
            return kc_route_admit(&casedesk_routes[i], p, NULL);
    fail_msg("no route %s %s", method, name);
    return KC_INTERNAL;
}

static void use_keys(const char *spec)
{
    char err[256];

    citizen_crypto_shutdown();
    assert_int_equal(setenv("KOERS_CASEDESK_DATA_KEYS", spec, 1), 0);
    assert_int_equal(setenv("KOERS_CASEDESK_INDEX_KEY", IDXK, 1), 0);
    if (citizen_crypto_configure(err, sizeof(err)) != 0)
        fail_msg("configure: %s", err);
}

/* Runs one statement on a connection of its own; returns the first cell
 * (heap, "" for none) */
static char *sql1(const char *sql, int nparams, const char *const *params)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    PGresult *r = NULL;
    char *v;

    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    if (kc_db_exec(conn, NULL, sql, nparams, params, &r, &pb) != KC_OK)
        fail_msg("%s: %s", sql, pb.detail);
    v = strdup(PQntuples(r) > 0 && PQnfields(r) > 0 ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    return v;
}

static int sql_int(const char *sql, int nparams, const char *const *params)
{
    char *v = sql1(sql, nparams, params);
    int n = atoi(v);
    free(v);
    return n;
}

static void category(const char *tenant)
{
    const char *params[2] = {CATEGORY, tenant};
    free(sql1("INSERT INTO casedesk.categories (id, tenant_id, name) VALUES ($1, $2, 'Afval') "
              "ON CONFLICT DO NOTHING",
              2, params));
}

static kc_principal staff(const char *tenant, const char *roles)
{
    kc_principal p;

    memset(&p, 0, sizeof(p));
    p.kind = KC_PRINCIPAL_STAFF;
    snprintf(p.tenant_id, sizeof(p.tenant_id), "%s", tenant);
    snprintf(p.subject, sizeof(p.subject), "tester");
    snprintf(p.roles, sizeof(p.roles), "%s", roles);
    return p;
}

/* Files a case through the service layer; writes its id. */
static void file_case(const char *tenant, const char *email, const char *phone, int idempotent,
                      char id[37])
{
    kc_principal p = staff(tenant, "coordinator");
    kc_idem idem;
    kc_problem pb;
    json_t *body, *out = NULL, *citizen;
    int replayed = 0;

    memset(&idem, 0, sizeof(idem));
    if (idempotent) {
        idem.active = 1;
        snprintf(idem.key, sizeof(idem.key), "key-%s", email ? email : phone);
        snprintf(idem.tenant_id, sizeof(idem.tenant_id), "%s", tenant);
        snprintf(idem.request_hash, sizeof(idem.request_hash), "%064d", 7);
    }
    citizen = json_pack("{s:s, s:s}", "name", NAME, "address", "Dorpsstraat 12, Zwolle");
    if (email)
        json_object_set_new(citizen, "email", json_string(email));
    if (phone)
        json_object_set_new(citizen, "phone", json_string(phone));
    body = json_pack("{s:s, s:s, s:s, s:o, s:s, s:{s:f, s:f, s:s}}", "categoryId", CATEGORY,
                     "description", "Container vol bij de Dorpsstraat", "district", "Centrum",
                     "citizen", citizen, "channel", "web", "location", "latitude", 52.5,
                     "longitude", 6.1, "address", "Dorpsstraat 12");
    kc_problem_init(&pb);
    if (case_service_create(pool, &p, &idem, body, &out, &replayed, &pb) != KC_OK)
        fail_msg("file: %s", pb.detail);
    assert_int_equal(replayed, 0);
    snprintf(id, 37, "%s", json_string_value(json_object_get(out, "id")));
    json_decref(out);
    json_decref(body);
    kc_problem_clear(&pb);
}

/* Inserts a case directly (a row as filed before citizens were sealed when
 * plain is not NULL: citizen in the plain jsonb column). */
static void insert_case(const char *tenant, const char *plain, const char *status,
                        const char *closed_ago, char id[37])
{
    static int seq;
    char ref[32];
    const char *params[5] = {tenant, ref, plain, status, closed_ago};
    char *v;

    snprintf(ref, sizeof(ref), "T-%d", ++seq);
    v = sql1("INSERT INTO casedesk.cases (id, tenant_id, reference, category_id, description, "
             "district, location, citizen, channel, status, closed_at) VALUES (gen_random_uuid(), "
             "$1, $2, '" CATEGORY "', 'Lantaarnpaal stuk', 'Noord', "
             "'{\"latitude\":52.1,\"longitude\":6.2,\"address\":\"Kerkpad 3\"}', $3::jsonb, "
             "'web', $4, now() - $5::interval) RETURNING id",
             5, params);
    snprintf(id, 37, "%s", v);
    free(v);
}

static void plain_citizen(char *out, size_t n, const char *email)
{
    snprintf(out, n, "{\"name\":\"" NAME "\",\"email\":\"%s\",\"phone\":\"06-12345678\"}", email);
}

/* How many rows of any table of the schema hold `needle` in their text. */
static int rows_holding(const char *needle)
{
    kc_db_conn *conn = NULL;
    kc_problem pb;
    PGresult *tables = NULL;
    int i, total = 0;

    kc_problem_init(&pb);
    assert_int_equal(kc_db_acquire(pool, &conn, &pb), KC_OK);
    assert_int_equal(kc_db_exec(conn, NULL,
                                "SELECT table_name FROM information_schema.tables "
                                "WHERE table_schema = 'casedesk' AND table_type = 'BASE TABLE'",
                                0, NULL, &tables, &pb),
                     KC_OK);
    assert_true(PQntuples(tables) > 5);
    for (i = 0; i < PQntuples(tables); i++) {
        char sql[256];
        const char *params[1] = {needle};
        PGresult *r = NULL;
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM casedesk.%s t WHERE strpos(lower(t::text), lower($1)) > 0",
                 PQgetvalue(tables, i, 0));
        assert_int_equal(kc_db_exec(conn, NULL, sql, 1, params, &r, &pb), KC_OK);
        total += atoi(PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    PQclear(tables);
    kc_db_release(pool, conn);
    kc_problem_clear(&pb);
    return total;
}

static json_t *get_citizen(const char *tenant, const char *id)
{
    kc_principal p = staff(tenant, "coordinator");
    case_record c = {0};
    kc_problem pb;
    json_t *citizen;

    kc_problem_init(&pb);
    if (case_service_get(pool, &p, id, &c, &pb) != KC_OK)
        fail_msg("get: %s", pb.detail);
    citizen = c.citizen ? json_incref(c.citizen) : NULL;
    case_record_clear(&c);
    kc_problem_clear(&pb);
    return citizen;
}

static json_t *export_of(const char *tenant, json_t *body)
{
    kc_principal p = staff(tenant, "privacy_officer");
    kc_problem pb;
    json_t *out = NULL;

    kc_problem_init(&pb);
    if (privacy_service_export(pool, &p, body, &out, &pb) != KC_OK)
        fail_msg("export: %s", pb.detail);
    json_decref(body);
    kc_problem_clear(&pb);
    return out;
}

/* ---- setup ------------------------------------------------------------------ */

static int setup(void **state)
{
    char err[256];
    (void)state;
    if (it_setup(CASEDESK_SCHEMA, casedesk_migrations, casedesk_migrations_count, &pool) != 0)
        return -1;
    setenv("KOERS_CASEDESK_DATA_KEYS", "k1:" KEY1, 1);
    setenv("KOERS_CASEDESK_INDEX_KEY", IDXK, 1);
    if (citizen_crypto_configure(err, sizeof(err)) != 0) {
        fprintf(stderr, "citizen keys: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kc_db_pool_free(pool);
    citizen_crypto_shutdown();
    return 0;
}

/* ---- tests ------------------------------------------------------------------ */

static void filed_case_stores_no_plain_personal_data(void **state)
{
    char id[37];
    const char *params[1];
    json_t *citizen;
    char *key;

    (void)state;
    use_keys("k1:" KEY1);
    category(TENANT_F);
    file_case(TENANT_F, EMAIL, PHONE, 0, id);
    params[0] = id;
    /* sealed, indexed, the plain column empty */
    key = sql1("SELECT citizen_key_id || '/' || (citizen IS NULL) || '/' || "
               "(citizen_enc IS NOT NULL) || '/' || (citizen_email_idx IS NOT NULL) || '/' || "
               "(citizen_phone_idx IS NOT NULL) FROM casedesk.cases WHERE id = $1",
               1, params);
    assert_string_equal(key, "k1/true/true/true/true");
    free(key);
    /* nowhere in the schema: not in the case row, the timeline, the outbox */
    assert_int_equal(rows_holding("zuidervaart"), 0);
    assert_int_equal(rows_holding("Wilhelmina"), 0);
    assert_int_equal(rows_holding("1234 5678"), 0);
    assert_int_equal(rows_holding("Dorpsstraat 12, Zwolle"), 0);
    /* nor as bytea hex of the plain text ("zuidervaart") */
    assert_int_equal(rows_holding("7a7569646572766161727"), 0);
    /* reading the case opens the citizen */
    citizen = get_citizen(TENANT_F, id);
    assert_non_null(citizen);
    assert_string_equal(json_string_value(json_object_get(citizen, "email")), EMAIL);
    assert_string_equal(json_string_value(json_object_get(citizen, "name")), NAME);
    assert_string_equal(json_string_value(json_object_get(citizen, "phone")), PHONE);
    json_decref(citizen);
    /* the ciphertext is bound to the tenant: moved to another, it does not
     * open (the reader shows no citizen rather than failing) */
    {
        const char *p2[2] = {id, TENANT_X};
        char *enc = sql1("SELECT citizen_enc::text FROM casedesk.cases WHERE id = $1", 1, p2);
        json_t *c = citizen_open(TENANT_X, "k1", enc);
        assert_null(c);
        c = citizen_open(TENANT_F, "k1", enc);
        assert_non_null(c);
        json_decref(c);
        free(enc);
    }
}

static void export_and_erasure_find_the_citizen(void **state)
{
    char a[37], b[37], plain_id[37], other[37], idem_id[37];
    char plain[256];
    const char *params[1];
    json_t *out, *cases, *item;
    kc_principal po = staff(TENANT_X, "privacy_officer");
    kc_principal coord = staff(TENANT_X, "coordinator");
    kc_problem pb;
    int erased = -1;
    size_t i;

    (void)state;
    use_keys("k1:" KEY1);
    category(TENANT_X);
    file_case(TENANT_X, EMAIL, NULL, 0, a);
    file_case(TENANT_X, NULL, "0612345678", 0, b);
    file_case(TENANT_X, "iemand.anders@example.nl", "0699999999", 0, other);
    file_case(TENANT_X, EMAIL, PHONE, 1, idem_id); /* with an Idempotency-Key */
    plain_citizen(plain, sizeof(plain), "W.Zuidervaart@Example.NL");
    insert_case(TENANT_X, plain, "in_progress", NULL, plain_id);

    /* by e-mail, other case and blanks: a, the idempotent one, the plain row */
    out = export_of(TENANT_X, json_pack("{s:s}", "email", "  W.ZUIDERVAART@example.nl "));
    cases = json_object_get(out, "cases");
    assert_int_equal(json_array_size(cases), 3);
    json_array_foreach(cases, i, item)
    {
        const json_t *c = json_object_get(item, "case");
        const char *cid = json_string_value(json_object_get(c, "id"));
        assert_true(strcmp(cid, a) == 0 || strcmp(cid, idem_id) == 0 || strcmp(cid, plain_id) == 0);
        assert_true(json_is_object(json_object_get(c, "citizen")));
        assert_true(json_is_array(json_object_get(item, "timeline")));
        /* filed cases have their 'received' entry (the inserted row none) */
        if (strcmp(cid, plain_id) != 0)
            assert_true(json_array_size(json_object_get(item, "timeline")) >= 1);
        assert_true(json_is_array(json_object_get(item, "messages")));
        assert_true(json_is_array(json_object_get(item, "feedback")));
    }
    json_decref(out);
    /* by phone written otherwise: b, and the plain row (06-12345678) */
    out = export_of(TENANT_X, json_pack("{s:s}", "phone", "06 1234 5678"));
    assert_int_equal(json_array_size(json_object_get(out, "cases")), 2);
    json_decref(out);
    /* e-mail or phone: the union, each case once */
    out = export_of(TENANT_X, json_pack("{s:s, s:s}", "email", EMAIL, "phone", "0612345678"));
    assert_int_equal(json_array_size(json_object_get(out, "cases")), 4);
    json_decref(out);
    /* another tenant's privacy officer finds nothing */
    out = export_of(TENANT_F, json_pack("{s:s}", "email", "nobody@example.nl"));
    assert_int_equal(json_array_size(json_object_get(out, "cases")), 0);
    json_decref(out);

    /* a coordinator may not: the routes admit the privacy officer */
    assert_int_equal(route_admits("POST", "/casedesk/v1/data-subject-requests/erasures", &coord),
                     KC_FORBIDDEN);
    assert_int_equal(route_admits("POST", "/casedesk/v1/data-subject-requests/erasures", &po),
                     KC_OK);
    /* neither e-mail nor phone: 422 naming both */
    kc_problem_init(&pb);
    out = json_object();
    assert_int_equal(privacy_service_erase(pool, &po, out, &erased, &pb), KC_INVALID);
    assert_int_equal(json_array_size(pb.invalid_params), 2);
    kc_problem_clear(&pb);
    json_decref(out);

    /* erasure by e-mail: three cases */
    assert_true(rows_holding("zuidervaart") > 0); /* the idempotent answer, the plain row */
    kc_problem_init(&pb);
    out = json_pack("{s:s}", "email", EMAIL);
    assert_int_equal(privacy_service_erase(pool, &po, out, &erased, &pb), KC_OK);
    assert_int_equal(erased, 3);
    erased = -1;
    assert_int_equal(privacy_service_erase(pool, &po, out, &erased, &pb), KC_OK);
    assert_int_equal(erased, 0);
    json_decref(out);
    kc_problem_clear(&pb);
    /* nothing of hers is left in the schema (the plain row and the stored
     * answer of the idempotent filing included) */
    assert_int_equal(rows_holding("zuidervaart"), 0);
    assert_int_equal(rows_holding("Wilhelmina"), 0);
    params[0] = a;
    assert_int_equal(sql_int("SELECT count(*) FROM casedesk.cases WHERE id = $1 AND citizen IS "
                             "NULL AND citizen_enc IS NULL AND citizen_email_idx IS NULL AND "
                             "anonymised_at IS NOT NULL AND location IS NULL AND district = "
                             "'Centrum' AND description = '[geanonimiseerd]'",
                             1, params),
                     1);
    assert_int_equal(sql_int("SELECT count(*) FROM casedesk.case_timeline WHERE case_id = $1 "
                             "AND action = 'anonymised'",
                             1, params),
                     1);
    assert_int_equal(sql_int("SELECT count(*) FROM casedesk.outbox WHERE subject = $1::text "
                             "AND type = 'case.anonymised'",
                             1, params),
                     1);
    /* the phone-only case b is still there and still opens */
    {
        json_t *c = get_citizen(TENANT_X, b);
        assert_non_null(c);
        json_decref(c);
    }
    /* the audit: kind, actor, count, never the subject */
    assert_int_equal(
        sql_int("SELECT count(*) FROM casedesk.privacy_requests WHERE tenant_id = '" TENANT_X
                "' AND kind = 'erasure' AND actor = 'user:tester' AND cases = 3",
                0, NULL),
        1);
    assert_int_equal(
        sql_int("SELECT count(*) FROM casedesk.privacy_requests WHERE tenant_id = '" TENANT_X
                "' AND kind = 'export'",
                0, NULL),
        3);
    {
        privacy_request *items = NULL;
        size_t n = 0;
        kc_keyset page = {.limit = 2};
        kc_keyset_next next = {0};
        kc_problem_init(&pb);
        assert_int_equal(privacy_service_list(pool, &po, NULL, &page, &items, &n, &next, &pb),
                         KC_OK);
        assert_int_equal(n, 2);
        assert_true(next.has_more);
        assert_string_equal(items[0].kind, "erasure"); /* newest first */
        free(items);
        kc_problem_clear(&pb);
    }
}

static void rekey_seals_plain_rows_and_follows_rotation(void **state)
{
    char plain_id[37], sealed_id[37], lost_id[37], plain[256];
    const char *params[1];
    int n = -1, under_k1;
    kc_problem pb;
    json_t *c;
    char *v;

    (void)state;
    use_keys("k1:" KEY1);
    category(TENANT_K);
    plain_citizen(plain, sizeof(plain), "rekey@example.nl");
    insert_case(TENANT_K, plain, "received", NULL, plain_id);
    file_case(TENANT_K, "sealed@example.nl", NULL, 0, sealed_id);
    /* a row sealed under a key nobody has any more: left alone */
    file_case(TENANT_K, "lost@example.nl", NULL, 0, lost_id);
    params[0] = lost_id;
    free(sql1("UPDATE casedesk.cases SET citizen_key_id = 'gone' WHERE id = $1", 1, params));

    kc_problem_init(&pb);
    /* under k1: the plain row only */
    assert_int_equal(privacy_rekey_pass(pool, 100, &n, &pb), KC_OK);
    assert_int_equal(n, 1);
    params[0] = plain_id;
    v = sql1("SELECT citizen_key_id || '/' || (citizen IS NULL) || '/' || (citizen_email_idx IS "
             "NOT NULL) FROM casedesk.cases WHERE id = $1",
             1, params);
    assert_string_equal(v, "k1/true/true");
    free(v);
    assert_int_equal(rows_holding("rekey@example.nl"), 0);
    c = get_citizen(TENANT_K, plain_id);
    assert_non_null(c);
    assert_string_equal(json_string_value(json_object_get(c, "email")), "rekey@example.nl");
    json_decref(c);
    /* and now found by the index */
    c = export_of(TENANT_K, json_pack("{s:s}", "email", "REKEY@example.nl"));
    assert_int_equal(json_array_size(json_object_get(c, "cases")), 1);
    json_decref(c);

    /* rotation: k2 current, k1 kept to open */
    use_keys("k2:" KEY2 ",k1:" KEY1);
    assert_string_equal(citizen_crypto_current_key_id(), "k2");
    c = get_citizen(TENANT_K, sealed_id); /* old data opens at once */
    assert_non_null(c);
    json_decref(c);
    /* every row under k1 (of all tenants) moves to k2; the limit holds */
    under_k1 = sql_int("SELECT count(*) FROM casedesk.cases WHERE citizen_key_id = 'k1' AND "
                       "anonymised_at IS NULL",
                       0, NULL);
    assert_true(under_k1 >= 3);
    assert_int_equal(privacy_rekey_pass(pool, 1, &n, &pb), KC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(privacy_rekey_pass(pool, 100, &n, &pb), KC_OK);
    assert_int_equal(n, under_k1 - 1);
    assert_int_equal(privacy_rekey_pass(pool, 100, &n, &pb), KC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(sql_int("SELECT count(*) FROM casedesk.cases WHERE tenant_id = '" TENANT_K
                             "' AND citizen_key_id = 'k2'",
                             0, NULL),
                     2);
    /* k1 retired: everything re-sealed still opens */
    use_keys("k2:" KEY2);
    c = get_citizen(TENANT_K, sealed_id);
    assert_non_null(c);
    assert_string_equal(json_string_value(json_object_get(c, "email")), "sealed@example.nl");
    json_decref(c);
    c = get_citizen(TENANT_K, plain_id);
    assert_non_null(c);
    json_decref(c);
    /* the row under the unknown key: shown without citizen, not rekeyed */
    assert_null(get_citizen(TENANT_K, lost_id));
    params[0] = lost_id;
    v = sql1("SELECT citizen_key_id FROM casedesk.cases WHERE id = $1", 1, params);
    assert_string_equal(v, "gone");
    free(v);
    kc_problem_clear(&pb);
    use_keys("k1:" KEY1);
}

/* Files through the service layer under Idempotency-Key `key`, the request
 * told apart by hash_digit (another digit: another request). */
static kc_status file_idem(const char *key, int hash_digit, json_t **out, int *replayed,
                           kc_problem *pb)
{
    kc_principal p = staff(TENANT_I, "coordinator");
    kc_idem idem;
    json_t *body;
    kc_status st;

    memset(&idem, 0, sizeof(idem));
    idem.active = 1;
    snprintf(idem.key, sizeof(idem.key), "%s", key);
    snprintf(idem.tenant_id, sizeof(idem.tenant_id), "%s", TENANT_I);
    snprintf(idem.request_hash, sizeof(idem.request_hash), "%064d", hash_digit);
    body = json_pack("{s:s, s:s, s:{s:s, s:s}, s:s}", "categoryId", CATEGORY, "description",
                     "Bankje kapot in het park", "citizen", "name", NAME, "email",
                     "replay@example.nl", "channel", "web");
    st = case_service_create(pool, &p, &idem, body, out, replayed, pb);
    json_decref(body);
    return st;
}

static void filing_replay_opens_the_sealed_answer_until_its_key_is_retired(void **state)
{
    json_t *first = NULL, *again = NULL;
    char detail[256], *v;
    const char *params[1];
    int replayed = -1;
    kc_problem pb;

    (void)state;
    use_keys("k1:" KEY1);
    category(TENANT_I);
    kc_problem_init(&pb);
    assert_int_equal(file_idem("replay-1", 1, &first, &replayed, &pb), KC_OK);
    assert_int_equal(replayed, 0);
    assert_non_null(json_object_get(first, "trackingToken"));
    /* kept sealed: the case id readable, the citizen not */
    params[0] = json_string_value(json_object_get(first, "id"));
    v = sql1("SELECT (body->>'id') || '/' || (body->>'keyId') || '/' || (body ? 'sealed') || '/' "
             "|| (strpos(body::text, 'replay@example.nl') > 0) FROM casedesk.idempotency_keys "
             "WHERE body->>'id' = $1",
             1, params);
    assert_true(strncmp(v, params[0], 36) == 0);
    assert_string_equal(v + 36, "/k1/true/false");
    free(v);

    /* the replay answers the first answer, opened */
    assert_int_equal(file_idem("replay-1", 1, &again, &replayed, &pb), KC_OK);
    assert_int_equal(replayed, 1);
    assert_true(json_equal(first, again));
    json_decref(again);
    again = NULL;

    /* the same key with another request files nothing */
    assert_int_equal(file_idem("replay-1", 2, &again, &replayed, &pb), KC_INVALID);
    assert_null(again);
    kc_problem_clear(&pb);

    /* once k1 is retired the answer can no longer be shown: 409 naming the case */
    use_keys("k2:" KEY2);
    assert_int_equal(file_idem("replay-1", 1, &again, &replayed, &pb), KC_CONFLICT);
    assert_null(again);
    snprintf(detail, sizeof(detail),
             "the first answer to this Idempotency-Key can no longer be shown; the case it "
             "filed is %s",
             json_string_value(json_object_get(first, "id")));
    assert_string_equal(pb.detail, detail);
    kc_problem_clear(&pb);
    json_decref(first);
    use_keys("k1:" KEY1);
}

static void retention_anonymises_closed_cases_past_retention(void **state)
{
    char old_closed[37], young_closed[37], open_old[37], plain[256];
    const char *params[2];
    int n = -1;
    kc_problem pb;
    char *v;

    (void)state;
    use_keys("k1:" KEY1);
    category(TENANT_R);
    free(sql1("INSERT INTO casedesk.settings (tenant_id, retention_days) VALUES ('" TENANT_R
              "', 30)",
              0, NULL));
    plain_citizen(plain, sizeof(plain), "oud@example.nl");
    insert_case(TENANT_R, plain, "closed", "40 days", old_closed);
    insert_case(TENANT_R, plain, "closed", "20 days", young_closed);
    insert_case(TENANT_R, plain, "in_progress", NULL, open_old);
    params[0] = TENANT_R;
    params[1] = old_closed;
    free(sql1("INSERT INTO casedesk.case_messages (tenant_id, case_id, kind, author, body) VALUES "
              "($1, $2, 'message', 'citizen', 'Mijn buurman Piet gooit alles erbij'), "
              "($1, $2, 'message', 'user:x', 'Wij gaan kijken'), "
              "($1, $2, 'note', 'user:x', 'interne notitie')",
              2, params));
    free(sql1("INSERT INTO casedesk.feedback (tenant_id, case_id, round, satisfaction, "
              "equal_party, comment) VALUES ($1, $2, 0, 4, true, 'Piet is weg, dank')",
              2, params));

    kc_problem_init(&pb);
    assert_int_equal(privacy_retention_pass(pool, time(NULL), &n, &pb), KC_OK);
    /* other tenants' cases (all default 730 days) are untouched */
    assert_int_equal(n, 1);
    params[0] = old_closed;
    v = sql1("SELECT (citizen IS NULL) || '/' || description || '/' || (location IS NULL) || "
             "'/' || district || '/' || (anonymised_at IS NOT NULL) || '/' || status || '/' || "
             "(closed_at IS NOT NULL) || '/' || version FROM casedesk.cases WHERE id = $1",
             1, params);
    assert_string_equal(v, "true/[geanonimiseerd]/true/Noord/true/closed/true/2");
    free(v);
    v = sql1("SELECT string_agg(body, '|' ORDER BY id)"
             "  FROM casedesk.case_messages"
             " WHERE case_id = $1",
             1, params);
    assert_string_equal(v, "[geanonimiseerd]|Wij gaan kijken|interne notitie");
    free(v);
    v = sql1("SELECT coalesce(comment, 'NULL') || '/' || satisfaction || '/' || equal_party FROM "
             "casedesk.feedback WHERE case_id = $1",
             1, params);
    assert_string_equal(v, "NULL/4/true");
    free(v);
    v = sql1("SELECT data::text FROM casedesk.outbox WHERE subject = $1::text AND type = "
             "'case.anonymised'",
             1, params);
    assert_non_null(strstr(v, "retention"));
    assert_null(strstr(v, "oud@example.nl"));
    free(v);
    params[0] = young_closed;
    assert_int_equal(sql_int("SELECT count(*) FROM casedesk.cases WHERE id = $1 AND citizen IS "
                             "NOT NULL AND anonymised_at IS NULL",
                             1, params),
                     1);
    params[0] = open_old;
    assert_int_equal(sql_int("SELECT count(*) FROM casedesk.cases WHERE id = $1 AND "
                             "anonymised_at IS NULL",
                             1, params),
                     1);
    /* again: nothing more; later, the younger one */
    assert_int_equal(privacy_retention_pass(pool, time(NULL), &n, &pb), KC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(privacy_retention_pass(pool, time(NULL) + 11 * 86400, &n, &pb), KC_OK);
    assert_int_equal(n, 1);
    kc_problem_clear(&pb);
}

typedef struct {
    time_t as_of;
    int n;
    kc_status st;
} pass_arg;

static void *run_pass(void *arg)
{
    pass_arg *a = arg;
    kc_problem pb;

    kc_problem_init(&pb);
    a->st = privacy_retention_pass(pool, a->as_of, &a->n, &pb);
    kc_problem_clear(&pb);
    return NULL;
}

static void retention_passes_at_once_do_each_case_once(void **state)
{
    char id[37];
    pthread_t t1, t2;
    pass_arg a1 = {0}, a2 = {0};
    int i;

    (void)state;
    category(TENANT_C);
    free(sql1("INSERT INTO casedesk.settings (tenant_id, retention_days) VALUES ('" TENANT_C
              "', 30)",
              0, NULL));
    for (i = 0; i < 130; i++)
        insert_case(TENANT_C, "{\"name\":\"x\"}", "closed", "100 days", id);
    a1.as_of = a2.as_of = time(NULL);
    assert_int_equal(pthread_create(&t1, NULL, run_pass, &a1), 0);
    assert_int_equal(pthread_create(&t2, NULL, run_pass, &a2), 0);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    assert_int_equal(a1.st, KC_OK);
    assert_int_equal(a2.st, KC_OK);
    assert_int_equal(a1.n + a2.n, 130);
    assert_int_equal(
        sql_int("SELECT count(*) FROM casedesk.case_timeline WHERE tenant_id = '" TENANT_C
                "' AND action = 'anonymised'",
                0, NULL),
        130);
    assert_int_equal(sql_int("SELECT count(*) FROM casedesk.cases WHERE tenant_id = '" TENANT_C
                             "' AND anonymised_at IS NULL",
                             0, NULL),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(filed_case_stores_no_plain_personal_data),
        cmocka_unit_test(export_and_erasure_find_the_citizen),
        cmocka_unit_test(rekey_seals_plain_rows_and_follows_rotation),
        cmocka_unit_test(retention_anonymises_closed_cases_past_retention),
        cmocka_unit_test(retention_passes_at_once_do_each_case_once),
        cmocka_unit_test(filing_replay_opens_the_sealed_answer_until_its_key_is_retired),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
