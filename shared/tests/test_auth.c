/* Unit tests of shared/src/auth.c and auth_repo.c: JWT verification,
 * API keys, authorisation and the authenticator with its key and tenant
 * caches. The key and tenant lookups (and, for the repo tests, the DB
 * layer) are faked, and so is the listener: a test plays what it would
 * hear (up, down, a heartbeat, an announcement); the clock is shifted to
 * test the cache lifetime. */
/* clang-format off */
/* WRAP: -Wl,--wrap=kc_auth_lookup_key -Wl,--wrap=kc_auth_lookup_tenant -Wl,--wrap=kc_db_acquire -Wl,--wrap=kc_db_exec -Wl,--wrap=kc_db_release -Wl,--wrap=clock_gettime */
/* WRAP: -Wl,--wrap=kc_auth_listener_start -Wl,--wrap=kc_auth_listener_stop -Wl,--wrap=kc_auth_listener_drain */
/* clang-format on */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "koers/auth.h"
#include "koers/pg.h"
#include "support/koers_test.h"
#include "../src/auth_listen_repo.h"
#include "../src/auth_repo.h"

#define SECRET   "0123456789abcdef0123456789abcdef-test-secret"
#define ISSUER   "koers"
#define AUDIENCE "koers"
#define TENANT_A "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define TENANT_B "a7d2e3f4-0b1c-4d2e-8f3a-4b5c6d7e8f90"
#define KEY_A_ID "11111111-2222-4333-8444-555555555555"
#define KEY_B_ID "99999999-8888-4777-8666-555555555555"
#define NOW      1750000000LL

/* ---- fakes ------------------------------------------------------------- */

kc_status __wrap_kc_auth_lookup_key(struct kc_db_pool *pool, const char *key_hash,
                                    kc_api_key_record *rec, int *found, kc_problem *pb);
kc_status __real_kc_auth_lookup_key(struct kc_db_pool *pool, const char *key_hash,
                                    kc_api_key_record *rec, int *found, kc_problem *pb);
kc_status __wrap_kc_db_exec(kc_db_conn *conn, const char *stmt_name, const char *sql, int nparams,
                            const char *const *params, PGresult **out, kc_problem *pb);
int __wrap_clock_gettime(clockid_t clk, struct timespec *ts);
int __real_clock_gettime(clockid_t clk, struct timespec *ts);
kc_status __wrap_kc_auth_lookup_tenant(struct kc_db_pool *pool, const char *tenant_id,
                                       int *deactivated, kc_problem *pb);
kc_status __real_kc_auth_lookup_tenant(struct kc_db_pool *pool, const char *tenant_id,
                                       int *deactivated, kc_problem *pb);
kc_status __wrap_kc_auth_listener_start(const char *database_url, const kc_auth_listen_events *ev,
                                        int heartbeat_ms, int dead_ms, kc_auth_listener **out);
void __wrap_kc_auth_listener_stop(kc_auth_listener *l);
void __wrap_kc_auth_listener_drain(kc_auth_listener *l);

/* The fake key and tenant tables of the authenticator tests. */
static struct {
    int use_real_repo; /* the repo tests run the real lookups */
    int calls;         /* key lookups */
    int tenant_calls;  /* tenant lookups */
    int db_down;
    int deactivated_a, deactivated_b;
    char last_hash[65];
    char key_a[64], hash_a[65];
    char key_b[64], hash_b[65];
    /* played in the middle of the next key lookup, when set */
    const char *announce_during_lookup;
} fake;

/* What the fake listener was given: the test plays its events. */
static struct {
    kc_auth_listen_events ev;
    int started, stopped, drained;
    char url[64];
} listener;

static int listener_token;

static long long clock_shift_s;

int __wrap_clock_gettime(clockid_t clk, struct timespec *ts)
{
    int rc = __real_clock_gettime(clk, ts);
    if (rc == 0 && clk == CLOCK_MONOTONIC)
        ts->tv_sec += (time_t)clock_shift_s;
    return rc;
}

kc_status __wrap_kc_auth_lookup_key(struct kc_db_pool *pool, const char *key_hash,
                                    kc_api_key_record *rec, int *found, kc_problem *pb)
{
    if (fake.use_real_repo)
        return __real_kc_auth_lookup_key(pool, key_hash, rec, found, pb);
    fake.calls++;
    snprintf(fake.last_hash, sizeof(fake.last_hash), "%s", key_hash);
    memset(rec, 0, sizeof(*rec));
    *found = 0;
    if (fake.db_down)
        return kc_problem_set(pb, KC_UNAVAILABLE, "authentication is temporarily unavailable");
    if (strcmp(key_hash, fake.hash_a) == 0) {
        strcpy(rec->key_id, KEY_A_ID);
        strcpy(rec->tenant_id, TENANT_A);
        strcpy(rec->scopes, "cases:read cases:write");
        rec->tenant_deactivated = fake.deactivated_a;
        *found = 1;
    } else if (strcmp(key_hash, fake.hash_b) == 0) {
        strcpy(rec->key_id, KEY_B_ID);
        strcpy(rec->tenant_id, TENANT_B);
        strcpy(rec->scopes, "cases:read");
        rec->tenant_deactivated = fake.deactivated_b;
        *found = 1;
    }
    if (fake.announce_during_lookup) {
        /* the revocation commits after this read, before the answer is cached */
        listener.ev.changed(listener.ev.user, fake.announce_during_lookup);
        fake.announce_during_lookup = NULL;
    }
    return KC_OK;
}

kc_status __wrap_kc_auth_lookup_tenant(struct kc_db_pool *pool, const char *tenant_id,
                                       int *deactivated, kc_problem *pb)
{
    if (fake.use_real_repo)
        return __real_kc_auth_lookup_tenant(pool, tenant_id, deactivated, pb);
    fake.tenant_calls++;
    *deactivated = 0;
    if (fake.db_down)
        return kc_problem_set(pb, KC_UNAVAILABLE, "authentication is temporarily unavailable");
    if (strcmp(tenant_id, TENANT_A) == 0)
        *deactivated = fake.deactivated_a;
    else if (strcmp(tenant_id, TENANT_B) == 0)
        *deactivated = fake.deactivated_b;
    return KC_OK;
}

kc_status __wrap_kc_auth_listener_start(const char *database_url, const kc_auth_listen_events *ev,
                                        int heartbeat_ms, int dead_ms, kc_auth_listener **out)
{
    assert_true(heartbeat_ms > 0 && dead_ms > heartbeat_ms);
    listener.ev = *ev;
    listener.started++;
    snprintf(listener.url, sizeof(listener.url), "%s", database_url);
    *out = (kc_auth_listener *)&listener_token;
    return KC_OK;
}

void __wrap_kc_auth_listener_stop(kc_auth_listener *l)
{
    if (l != NULL) {
        assert_ptr_equal(l, &listener_token);
        listener.stopped++;
    }
}

void __wrap_kc_auth_listener_drain(kc_auth_listener *l)
{
    if (l == NULL)
        return;
    assert_ptr_equal(l, &listener_token);
    listener.drained++;
}

/* What the listener would hear. */
static void heard_up(void)
{
    listener.ev.up(listener.ev.user);
}

static void heard_down(void)
{
    listener.ev.down(listener.ev.user);
}

static void heard_heartbeat(void)
{
    listener.ev.alive(listener.ev.user);
}

static void heard(const char *payload)
{
    listener.ev.changed(listener.ev.user, payload);
}

/* The fake DB layer of the repo tests: kc_db_exec (the pool is
 * koers_test.h's, counting in kt_db). */
static struct {
    kc_status exec_status;
    int execs;
    int rows; /* 0 or 1 */
    char stmt_name[64];
    char sql[512];
    char param0[128];
    int nparams;
} db;

static int fake_pool_token;

kc_status __wrap_kc_db_exec(kc_db_conn *conn, const char *stmt_name, const char *sql, int nparams,
                            const char *const *params, PGresult **out, kc_problem *pb)
{
    PGresAttDesc cols[4];
    PGresult *res;
    assert_ptr_equal(conn, KT_DB_CONN);
    db.execs++;
    snprintf(db.stmt_name, sizeof(db.stmt_name), "%s", stmt_name ? stmt_name : "");
    snprintf(db.sql, sizeof(db.sql), "%s", sql);
    db.nparams = nparams;
    snprintf(db.param0, sizeof(db.param0), "%s", nparams > 0 ? params[0] : "");
    if (db.exec_status != KC_OK)
        return kc_problem_set(pb, db.exec_status, "server closed the connection");
    memset(cols, 0, sizeof(cols));
    cols[0].name = "id";
    cols[1].name = "tenant_id";
    cols[2].name = "array_to_string";
    cols[3].name = "deactivated";
    for (int i = 0; i < 4; i++) {
        cols[i].typid = 25; /* text */
        cols[i].typlen = -1;
        cols[i].atttypmod = -1;
    }
    res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    assert_non_null(res);
    assert_int_equal(PQsetResultAttrs(res, 4, cols), 1);
    if (db.rows) {
        assert_int_equal(PQsetvalue(res, 0, 0, KEY_A_ID, (int)strlen(KEY_A_ID)), 1);
        assert_int_equal(PQsetvalue(res, 0, 1, TENANT_A, (int)strlen(TENANT_A)), 1);
        assert_int_equal(PQsetvalue(res, 0, 2, "cases:read", 10), 1);
        assert_int_equal(PQsetvalue(res, 0, 3, "t", 1), 1);
    }
    *out = res;
    return KC_OK;
}

/* ---- helpers ----------------------------------------------------------- */

static char *b64url(const void *data, size_t n)
{
    char *out = malloc(4 * ((n + 2) / 3) + 1);
    int len;
    assert_non_null(out);
    len = EVP_EncodeBlock((unsigned char *)out, data, (int)n);
    while (len > 0 && out[len - 1] == '=')
        len--;
    out[len] = '\0';
    for (int i = 0; i < len; i++) {
        if (out[i] == '+')
            out[i] = '-';
        else if (out[i] == '/')
            out[i] = '_';
    }
    return out;
}

/* A token from raw header and payload text, HS256-signed with secret (or
 * with the given signature segment when sig is not NULL). */
static char *raw_token(const char *header, const char *payload, const char *secret, const char *sig)
{
    char *h = b64url(header, strlen(header));
    char *p = b64url(payload, strlen(payload));
    size_t n = strlen(h) + strlen(p) + 128;
    char *tok = malloc(n);
    assert_non_null(tok);
    snprintf(tok, n, "%s.%s", h, p);
    if (sig) {
        strcat(tok, ".");
        strcat(tok, sig);
    } else {
        unsigned char mac[32];
        unsigned int maclen = 0;
        char *s;
        assert_non_null(HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)tok,
                             strlen(tok), mac, &maclen));
        s = b64url(mac, maclen);
        strcat(tok, ".");
        strcat(tok, s);
        free(s);
    }
    free(h);
    free(p);
    return tok;
}

static json_t *good_claims(void)
{
    json_t *c =
        json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:[s,s]}", "iss", ISSUER, "aud", AUDIENCE, "sub",
                  "jansen@gemeente.example", "tenant", TENANT_A, "iat", (json_int_t)NOW, "exp",
                  (json_int_t)(NOW + 3600), "roles", "coordinator", "liaison_officer");
    assert_non_null(c);
    return c;
}

/* Signs claims (consumed) with SECRET and verifies the token at NOW. */
static kc_status verify_claims(json_t *claims, kc_principal *p, kc_problem *pb)
{
    char *tok = kc_jwt_sign(claims, SECRET);
    kc_status st;
    json_decref(claims);
    assert_non_null(tok);
    kc_problem_init(pb);
    st = kc_jwt_verify(tok, SECRET, ISSUER, AUDIENCE, NOW, p, pb);
    free(tok);
    return st;
}

static void expect_rejected(json_t *claims, const char *detail)
{
    kc_principal p;
    kc_problem pb;
    kc_status st = verify_claims(claims, &p, &pb);
    assert_int_equal(st, KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, detail);
    assert_int_equal(p.kind, KC_PRINCIPAL_NONE);
    kc_problem_clear(&pb);
}

static void expect_accepted(json_t *claims)
{
    kc_principal p;
    kc_problem pb;
    kc_status st = verify_claims(claims, &p, &pb);
    if (st != KC_OK)
        fail_msg("rejected: %s", pb.detail);
    assert_int_equal(p.kind, KC_PRINCIPAL_STAFF);
    kc_problem_clear(&pb);
}

static kc_status verify_raw(const char *tok, kc_problem *pb)
{
    kc_principal p;
    kc_status st;
    kc_problem_init(pb);
    st = kc_jwt_verify(tok, SECRET, ISSUER, AUDIENCE, NOW, &p, pb);
    if (st != KC_OK)
        assert_int_equal(p.kind, KC_PRINCIPAL_NONE);
    return st;
}

/* ---- JWT --------------------------------------------------------------- */

static void test_jwt_valid(void **state)
{
    kc_principal p;
    kc_problem pb;
    json_t *c = good_claims();
    (void)state;
    /* the tenant is accepted in any case and normalised to lowercase */
    json_object_set_new(c, "tenant", json_string("6F1C1C2E-4C1B-4B7E-9A51-0C2F1B1D3A01"));
    assert_int_equal(verify_claims(c, &p, &pb), KC_OK);
    assert_int_equal(p.kind, KC_PRINCIPAL_STAFF);
    assert_string_equal(p.tenant_id, TENANT_A);
    assert_string_equal(p.subject, "jansen@gemeente.example");
    assert_string_equal(p.roles, "coordinator liaison_officer");
    assert_string_equal(p.scopes, "");
    kc_problem_clear(&pb);
}

static void test_jwt_round_trip(void **state)
{
    json_t *c = good_claims();
    char *tok = kc_jwt_sign(c, SECRET);
    const char *d1, *d2;
    char *hdr;
    kc_principal p;
    kc_problem pb;
    (void)state;
    assert_non_null(tok);
    d1 = strchr(tok, '.');
    assert_non_null(d1);
    d2 = strchr(d1 + 1, '.');
    assert_non_null(d2);
    assert_null(strchr(d2 + 1, '.'));
    assert_null(strchr(tok, '='));
    hdr = b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", 27);
    assert_int_equal((size_t)(d1 - tok), strlen(hdr));
    assert_memory_equal(tok, hdr, strlen(hdr));
    free(hdr);
    kc_problem_init(&pb);
    assert_int_equal(kc_jwt_verify(tok, SECRET, ISSUER, AUDIENCE, NOW, &p, &pb), KC_OK);
    assert_string_equal(p.subject, "jansen@gemeente.example");
    /* the same token under another secret is refused */
    assert_int_equal(kc_jwt_verify(tok, SECRET "x", ISSUER, AUDIENCE, NOW, &p, &pb),
                     KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "bad signature");
    /* an empty secret never verifies anything */
    assert_int_equal(kc_jwt_verify(tok, "", ISSUER, AUDIENCE, NOW, &p, &pb), KC_UNAUTHENTICATED);
    kc_problem_clear(&pb);
    free(tok);
    json_decref(c);
    assert_null(kc_jwt_sign(NULL, SECRET));
}

static void test_jwt_expired(void **state)
{
    json_t *c = good_claims();
    (void)state;
    json_object_set_new(c, "exp", json_integer(NOW - 61));
    expect_rejected(c, "token expired");
    c = good_claims();
    json_object_set_new(c, "exp", json_integer(NOW - 59)); /* within the leeway */
    expect_accepted(c);
    c = good_claims();
    json_object_set_new(c, "exp", json_real((double)NOW + 10.5)); /* NumericDate may be real */
    expect_accepted(c);
    c = good_claims();
    json_object_del(c, "exp");
    expect_rejected(c, "token has no expiry (exp)");
    c = good_claims();
    json_object_set_new(c, "exp", json_string("tomorrow"));
    expect_rejected(c, "token has no expiry (exp)");
}

static void test_jwt_not_yet_valid(void **state)
{
    json_t *c = good_claims();
    (void)state;
    json_object_set_new(c, "nbf", json_integer(NOW + 120));
    expect_rejected(c, "token not yet valid");
    c = good_claims();
    json_object_set_new(c, "nbf", json_integer(NOW + 30));
    expect_accepted(c);
    c = good_claims();
    json_object_set_new(c, "nbf", json_string("now"));
    expect_rejected(c, "malformed nbf claim");
}

static void test_jwt_wrong_signature(void **state)
{
    const char *payload =
        "{\"iss\":\"koers\",\"aud\":\"koers\",\"sub\":\"x\",\"tenant\":\"" TENANT_A
        "\",\"exp\":1750003600}";
    const char *hdr = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    char *tok = raw_token(hdr, payload, "another secret of sufficient length!!", NULL);
    char *good = raw_token(hdr, payload, SECRET, NULL);
    char *forged, *dot;
    kc_problem pb;
    (void)state;
    assert_int_equal(verify_raw(good, &pb), KC_OK);
    assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "bad signature");

    /* a payload swapped under a valid signature */
    forged =
        raw_token(hdr,
                  "{\"iss\":\"koers\",\"aud\":\"koers\",\"sub\":\"root\",\"tenant\":\"" TENANT_B
                  "\",\"exp\":1750003600,\"roles\":[\"admin\"]}",
                  SECRET, strrchr(good, '.') + 1);
    assert_int_equal(verify_raw(forged, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "bad signature");
    free(forged);

    /* a truncated signature */
    dot = strrchr(good, '.');
    dot[10] = '\0';
    assert_int_equal(verify_raw(good, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "bad signature");
    free(good);
    free(tok);
}

/* Every one-character change anywhere in a valid token is refused (the
 * strict base64url decoder leaves no second spelling of the same bytes). */
static void test_jwt_every_single_change_is_refused(void **state)
{
    json_t *c = good_claims();
    char *tok = kc_jwt_sign(c, SECRET);
    size_t n;
    kc_problem pb;
    (void)state;
    json_decref(c);
    assert_non_null(tok);
    n = strlen(tok);
    for (size_t i = 0; i < n; i++) {
        char orig = tok[i];
        static const char repl[] =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
        for (size_t r = 0; r < sizeof(repl) - 1; r++) {
            if (repl[r] == orig)
                continue;
            tok[i] = repl[r];
            if (verify_raw(tok, &pb) == KC_OK)
                fail_msg("accepted with position %zu changed to %c", i, repl[r]);
        }
        tok[i] = orig;
    }
    assert_int_equal(verify_raw(tok, &pb), KC_OK);
    free(tok);
}

static void test_jwt_wrong_audience(void **state)
{
    json_t *c = good_claims();
    (void)state;
    json_object_set_new(c, "aud", json_string("other-service"));
    expect_rejected(c, "wrong audience");
    c = good_claims();
    json_object_del(c, "aud");
    expect_rejected(c, "wrong audience");
    c = good_claims();
    json_object_set_new(c, "aud", json_pack("[s,s]", "other", AUDIENCE));
    expect_accepted(c);
    c = good_claims();
    json_object_set_new(c, "aud", json_pack("[s,i]", "other", 7));
    expect_rejected(c, "wrong audience");
}

static void test_jwt_wrong_issuer(void **state)
{
    json_t *c = good_claims();
    (void)state;
    json_object_set_new(c, "iss", json_string("evil"));
    expect_rejected(c, "wrong issuer");
    c = good_claims();
    json_object_del(c, "iss");
    expect_rejected(c, "wrong issuer");
}

static void test_jwt_alg_none_and_others(void **state)
{
    const char *payload =
        "{\"iss\":\"koers\",\"aud\":\"koers\",\"sub\":\"x\",\"tenant\":\"" TENANT_A
        "\",\"exp\":1750003600,\"roles\":[\"admin\"]}";
    char *tok;
    kc_problem pb;
    (void)state;

    /* alg none with an empty signature: not even three non-empty parts */
    tok = raw_token("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload, NULL, "");
    assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
    free(tok);
    /* alg none with some signature */
    tok = raw_token("{\"alg\":\"none\"}", payload, NULL, "c2ln");
    assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "unsupported token algorithm (HS256 required)");
    free(tok);
    /* alg none even when correctly HMAC-ed */
    tok = raw_token("{\"alg\":\"none\"}", payload, SECRET, NULL);
    assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "unsupported token algorithm (HS256 required)");
    free(tok);
    const char *others[] = {"{\"alg\":\"HS512\"}", "{\"alg\":\"RS256\"}", "{\"alg\":\"hs256\"}",
                            "{\"typ\":\"JWT\"}", "{\"alg\":null}"};
    for (size_t i = 0; i < KC_NELEMS(others); i++) {
        tok = raw_token(others[i], payload, SECRET, NULL);
        assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
        assert_string_equal(pb.detail, "unsupported token algorithm (HS256 required)");
        free(tok);
    }
    /* typ is optional, but when present it must say JWT */
    tok = raw_token("{\"alg\":\"HS256\"}", payload, SECRET, NULL);
    assert_int_equal(verify_raw(tok, &pb), KC_OK);
    free(tok);
    tok = raw_token("{\"alg\":\"HS256\",\"typ\":\"JWE\"}", payload, SECRET, NULL);
    assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "unsupported token type");
    free(tok);
    /* duplicate header members are not "whichever wins" */
    tok = raw_token("{\"alg\":\"none\",\"alg\":\"HS256\"}", payload, SECRET, NULL);
    assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "malformed token header");
    free(tok);
    tok = raw_token("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", payload, SECRET, NULL);
    assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
    free(tok);
}

static void test_jwt_tenant_and_subject(void **state)
{
    json_t *c = good_claims();
    char longsub[129];
    (void)state;
    json_object_del(c, "tenant");
    expect_rejected(c, "token has no tenant claim");
    const char *bad[] = {"abc",
                         "",
                         "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a0",
                         "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01x",
                         "6f1c1c2e04c1b-4b7e-9a51-0c2f1b1d3a01",
                         "zf1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"};
    for (size_t i = 0; i < KC_NELEMS(bad); i++) {
        c = good_claims();
        json_object_set_new(c, "tenant", json_string(bad[i]));
        expect_rejected(c, "tenant claim is not a UUID");
    }
    c = good_claims();
    json_object_set_new(c, "tenant", json_integer(42));
    expect_rejected(c, "tenant claim is not a UUID");

    c = good_claims();
    json_object_del(c, "sub");
    expect_rejected(c, "token has no subject (sub)");
    memset(longsub, 'a', 128);
    longsub[128] = '\0';
    c = good_claims();
    json_object_set_new(c, "sub", json_string(longsub));
    expect_rejected(c, "subject (sub) must be 1..127 printable characters");
    longsub[127] = '\0';
    c = good_claims();
    json_object_set_new(c, "sub", json_string(longsub));
    expect_accepted(c);
    c = good_claims();
    json_object_set_new(c, "sub", json_string("line\nbreak"));
    expect_rejected(c, "subject (sub) must be 1..127 printable characters");
}

static void test_jwt_roles(void **state)
{
    kc_principal p;
    kc_problem pb;
    json_t *c = good_claims();
    json_t *many;
    (void)state;
    json_object_del(c, "roles");
    assert_int_equal(verify_claims(c, &p, &pb), KC_OK);
    assert_string_equal(p.roles, "");
    assert_int_equal(kc_principal_has_role(&p, "coordinator"), 0);

    c = good_claims();
    json_object_set_new(c, "roles", json_pack("[s,s,s]", "admin", "liaison_officer", "admin"));
    assert_int_equal(verify_claims(c, &p, &pb), KC_OK);
    assert_string_equal(p.roles, "admin liaison_officer");

    c = good_claims();
    json_object_set_new(c, "roles", json_string("admin"));
    expect_rejected(c, "roles claim must be an array of strings");
    const char *bad[] = {"Admin", "", "admin coordinator", "rol3",
                         "a_very_long_role_name_over_32_chars"};
    for (size_t i = 0; i < KC_NELEMS(bad); i++) {
        c = good_claims();
        json_object_set_new(c, "roles", json_pack("[s,s]", "coordinator", bad[i]));
        expect_rejected(c, "roles claim holds an invalid role");
    }
    c = good_claims();
    json_object_set_new(c, "roles", json_pack("[s,i]", "coordinator", 1));
    expect_rejected(c, "roles claim holds an invalid role");

    /* more distinct roles than fit: refused rather than silently cut */
    many = json_array();
    for (int i = 0; i < 20; i++) {
        char r[40];
        snprintf(r, sizeof(r), "role_number_%c%c_with_padding", 'a' + i, 'a' + i);
        json_array_append_new(many, json_string(r));
    }
    c = good_claims();
    json_object_set_new(c, "roles", many);
    expect_rejected(c, "roles claim holds too many roles");
    kc_problem_clear(&pb);
}

static void test_jwt_garbage(void **state)
{
    kc_problem pb;
    kc_principal p;
    char *huge;
    char *tok;
    (void)state;
    const char *inputs[] = {"",
                            ".",
                            "..",
                            "...",
                            "....",
                            "a.b.c",
                            "a..c",
                            ".b.c",
                            "a.b.",
                            "!!!.###.$$$",
                            "eyJhbGciOiJIUzI1NiJ9.eyJ.sig",
                            "eyJhbGciOiJIUzI1NiJ9.e30=.c2ln",
                            "e.e.e",
                            "eyJhbGciOiJIUzI1NiJ9.e30.c2ln.extra",
                            "\xff\xfe.\x01\x02.\x80"};
    for (size_t i = 0; i < KC_NELEMS(inputs); i++) {
        assert_int_equal(verify_raw(inputs[i], &pb), KC_UNAUTHENTICATED);
        assert_true(pb.detail[0] != '\0');
    }
    assert_int_equal(kc_jwt_verify(NULL, SECRET, ISSUER, AUDIENCE, NOW, &p, &pb),
                     KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "token missing");

    /* huge */
    huge = malloc(200001);
    assert_non_null(huge);
    memset(huge, 'a', 200000);
    huge[200000] = '\0';
    huge[1000] = '.';
    huge[150000] = '.';
    assert_int_equal(verify_raw(huge, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "token too long");
    free(huge);

    /* properly signed, but the payload is not JSON, or not an object */
    tok = raw_token("{\"alg\":\"HS256\"}", "hello, world", SECRET, NULL);
    assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "malformed token payload");
    free(tok);
    tok = raw_token("{\"alg\":\"HS256\"}", "[1,2,3]", SECRET, NULL);
    assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "malformed token payload");
    free(tok);
    tok = raw_token("not json", "{}", SECRET, NULL);
    assert_int_equal(verify_raw(tok, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "malformed token header");
    free(tok);

    /* random strings over an alphabet rich in dots and base64 */
    srand(20250601);
    for (int round = 0; round < 3000; round++) {
        static const char alpha[] = "eyJhbGciOiJIUzI1NiJ9-_.=+/ \x01\xc3";
        char buf[160];
        int n = rand() % (int)sizeof(buf);
        for (int i = 0; i < n; i++)
            buf[i] = alpha[rand() % (int)(sizeof(alpha) - 1)];
        buf[n] = '\0';
        assert_int_equal(verify_raw(buf, &pb), KC_UNAUTHENTICATED);
    }
    kc_problem_clear(&pb);
}

/* ---- keys, ids, roles, scopes ------------------------------------------ */

static void test_sha256_and_uuid(void **state)
{
    char hex[65];
    char id[37];
    (void)state;
    kc_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    kc_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    for (int i = 0; i < 50; i++) {
        char other[37];
        assert_int_equal(kc_uuid_v4(id), KC_OK);
        assert_int_equal(strlen(id), 36);
        for (int j = 0; j < 36; j++) {
            if (j == 8 || j == 13 || j == 18 || j == 23)
                assert_int_equal(id[j], '-');
            else
                assert_non_null(strchr("0123456789abcdef", id[j]));
        }
        assert_int_equal(id[14], '4');
        assert_non_null(strchr("89ab", id[19]));
        assert_int_equal(kc_uuid_v4(other), KC_OK);
        assert_string_not_equal(id, other);
    }
}

static void test_api_key_generate(void **state)
{
    char key[64], hash[65], key2[64], hash2[65], expect[65];
    (void)state;
    assert_int_equal(kc_api_key_generate(key, hash), KC_OK);
    assert_int_equal(strlen(key), 46);
    assert_memory_equal(key, "kk_", 3);
    for (size_t i = 3; i < 46; i++)
        assert_non_null(
            strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", key[i]));
    kc_sha256_hex(key, strlen(key), expect);
    assert_string_equal(hash, expect);
    assert_int_equal(strlen(hash), 64);
    assert_int_equal(kc_api_key_generate(key2, hash2), KC_OK);
    assert_string_not_equal(key, key2);
    assert_string_not_equal(hash, hash2);
}

static kc_principal staff(const char *roles)
{
    return kt_staff(TENANT_A, "someone", roles);
}

static kc_principal apikey(const char *scopes)
{
    kc_principal p;
    memset(&p, 0, sizeof(p));
    p.kind = KC_PRINCIPAL_API_KEY;
    strcpy(p.tenant_id, TENANT_A);
    strcpy(p.subject, "apikey:" KEY_A_ID);
    snprintf(p.scopes, sizeof(p.scopes), "%s", scopes);
    return p;
}

static void test_has_role_and_scope(void **state)
{
    kc_principal s = staff("coordinator liaison_officer");
    kc_principal k = apikey("cases:read cases:write");
    (void)state;
    assert_true(kc_principal_has_role(&s, "coordinator"));
    assert_true(kc_principal_has_role(&s, "liaison_officer"));
    assert_false(kc_principal_has_role(&s, "liaison"));
    assert_false(kc_principal_has_role(&s, "officer"));
    assert_false(kc_principal_has_role(&s, "coordinator liaison_officer"));
    assert_false(kc_principal_has_role(&s, ""));
    assert_false(kc_principal_has_role(&s, NULL));
    assert_false(kc_principal_has_role(NULL, "coordinator"));
    assert_true(kc_principal_has_scope(&k, "cases:write"));
    assert_false(kc_principal_has_scope(&k, "cases"));
    assert_false(kc_principal_has_scope(&k, "cases:rea"));
    /* roles belong to staff and scopes to keys, never the other way round */
    strcpy(k.roles, "admin");
    assert_false(kc_principal_has_role(&k, "admin"));
    strcpy(s.scopes, "cases:read");
    assert_false(kc_principal_has_scope(&s, "cases:read"));
}

struct authz_case {
    kc_principal p;
    const char *roles;
    const char *scope;
    kc_status want;
    const char *detail;
};

static void test_authorize_matrix(void **state)
{
    kc_principal none;
    kc_problem pb;
    memset(&none, 0, sizeof(none));
    (void)state;
    struct authz_case cases[] = {
        {staff("coordinator"), "coordinator", NULL, KC_OK, NULL},
        {staff("liaison_officer"), "coordinator liaison_officer", "cases:read", KC_OK, NULL},
        {staff("liaison_officer"), "coordinator", "cases:write", KC_FORBIDDEN,
         "requires one of the roles: coordinator"},
        {staff("admin"), "coordinator", NULL, KC_OK, NULL},
        {staff("admin"), "admin", NULL, KC_OK, NULL},
        /* admin may what any staff role may, not what only a key may (a
         * respondent's answers) */
        {staff("admin"), NULL, "surveys:respond", KC_FORBIDDEN,
         "staff tokens may not do this; an API key is needed"},
        {staff(""), "coordinator liaison_officer", NULL, KC_FORBIDDEN,
         "requires one of the roles: coordinator liaison_officer"},
        {staff("coordinator"), NULL, "cases:write", KC_FORBIDDEN,
         "staff tokens may not do this; an API key is needed"},
        {staff("coordinatorx"), "coordinator", NULL, KC_FORBIDDEN,
         "requires one of the roles: coordinator"},
        {apikey("cases:read cases:write"), "coordinator", "cases:write", KC_OK, NULL},
        {apikey("cases:read"), "coordinator", "cases:write", KC_FORBIDDEN,
         "requires the API key scope cases:write"},
        {apikey("cases:read"), "coordinator", NULL, KC_FORBIDDEN,
         "API keys may not do this; a staff token is needed"},
        {apikey("admin"), "admin", "cases:write", KC_FORBIDDEN,
         "requires the API key scope cases:write"},
        {apikey("surveys:respond"), NULL, "surveys:read surveys:respond", KC_OK, NULL},
        {apikey("surveys:write"), NULL, "surveys:read surveys:respond", KC_FORBIDDEN,
         "requires one of the API key scopes: surveys:read surveys:respond"},
        {none, "coordinator", "cases:read", KC_UNAUTHENTICATED, "credentials required"},
    };
    for (size_t i = 0; i < KC_NELEMS(cases); i++) {
        kc_status st;
        kc_problem_init(&pb);
        st = kc_authorize(&cases[i].p, cases[i].roles, cases[i].scope, &pb);
        if (st != cases[i].want)
            fail_msg("case %zu: got %d want %d (%s)", i, st, cases[i].want, pb.detail);
        if (cases[i].detail)
            assert_string_equal(pb.detail, cases[i].detail);
        kc_problem_clear(&pb);
    }
    assert_int_equal(kc_authorize(NULL, "admin", "x", NULL), KC_UNAUTHENTICATED);
}

/* ---- the authenticator -------------------------------------------------- */

/* An authenticator whose (fake) listener is not connected yet. */
static kc_auth *new_auth_unheard(void)
{
    kc_auth *a = NULL;
    kc_auth_options o;
    memset(&fake, 0, sizeof(fake));
    memset(&listener, 0, sizeof(listener));
    clock_shift_s = 0;
    assert_int_equal(kc_api_key_generate(fake.key_a, fake.hash_a), KC_OK);
    assert_int_equal(kc_api_key_generate(fake.key_b, fake.hash_b), KC_OK);
    kc_auth_options_init(&o, SECRET, ISSUER, AUDIENCE);
    assert_int_equal(kc_auth_create((kc_db_pool *)&fake_pool_token, &o, &a), KC_OK);
    assert_non_null(a);
    assert_int_equal(kc_auth_listen(a, "postgresql://db/koers"), KC_OK);
    assert_int_equal(listener.started, 1);
    assert_string_equal(listener.url, "postgresql://db/koers");
    /* one listener per authenticator */
    assert_int_equal(kc_auth_listen(a, "postgresql://db/koers"), KC_INTERNAL);
    return a;
}

/* An authenticator whose listener is connected: its cache is trusted. */
static kc_auth *new_auth(void)
{
    kc_auth *a = new_auth_unheard();
    heard_up();
    return a;
}

static kc_status authn(kc_auth *a, const char *authorization, const char *x_api_key,
                       kc_principal *p, kc_problem *pb)
{
    kc_problem_clear(pb);
    return kc_auth_authenticate(a, authorization, x_api_key, p, pb);
}

/* Authenticates with the API key `key` (X-API-Key): the outcome must be
 * want, and the database must have been asked for keys `calls` times so
 * far. */
static void expect_key(kc_auth *a, const char *key, kc_status want, int calls)
{
    kc_principal p;
    kc_problem pb;

    kc_problem_init(&pb);
    assert_int_equal(authn(a, NULL, key, &p, &pb), want);
    assert_int_equal(fake.calls, calls);
    kc_problem_clear(&pb);
}

static void test_auth_api_keys_by_tenant(void **state)
{
    kc_auth *a = new_auth();
    kc_principal p;
    kc_problem pb;
    char hdr[128];
    (void)state;
    kc_problem_init(&pb);
    snprintf(hdr, sizeof(hdr), "Bearer %s", fake.key_a);
    assert_int_equal(authn(a, hdr, NULL, &p, &pb), KC_OK);
    assert_int_equal(p.kind, KC_PRINCIPAL_API_KEY);
    assert_string_equal(p.tenant_id, TENANT_A);
    assert_string_equal(p.subject, "apikey:" KEY_A_ID);
    assert_string_equal(p.scopes, "cases:read cases:write");
    assert_string_equal(p.roles, "");
    assert_string_equal(fake.last_hash, fake.hash_a); /* only the hash is looked up */

    assert_int_equal(authn(a, NULL, fake.key_b, &p, &pb), KC_OK);
    assert_string_equal(p.tenant_id, TENANT_B);
    assert_string_equal(p.subject, "apikey:" KEY_B_ID);
    assert_string_equal(p.scopes, "cases:read");
    assert_int_equal(kc_authorize(&p, NULL, "cases:write", &pb), KC_FORBIDDEN);

    /* scheme is case-insensitive; surrounding blanks are tolerated */
    snprintf(hdr, sizeof(hdr), "bearer   %s  ", fake.key_b);
    assert_int_equal(authn(a, hdr, NULL, &p, &pb), KC_OK);
    assert_string_equal(p.tenant_id, TENANT_B);
    kc_problem_clear(&pb);
    kc_auth_free(a);
}

static void test_auth_unknown_and_malformed_keys(void **state)
{
    kc_auth *a = new_auth();
    kc_principal p;
    kc_problem pb;
    char unknown[64], unknown_hash[65], hdr[128];
    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_api_key_generate(unknown, unknown_hash), KC_OK);
    snprintf(hdr, sizeof(hdr), "Bearer %s", unknown);
    assert_int_equal(authn(a, hdr, NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "invalid API key");
    assert_int_equal(p.kind, KC_PRINCIPAL_NONE);
    assert_int_equal(fake.calls, 1);
    /* negative results are cached too: no second query for the same guess */
    assert_int_equal(authn(a, hdr, NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_int_equal(fake.calls, 1);
    /* ... but only for a few seconds */
    clock_shift_s = 6;
    heard_heartbeat();
    assert_int_equal(authn(a, hdr, NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_int_equal(fake.calls, 2);

    /* keys that cannot exist are refused without asking the database */
    const char *bad[] = {"kk_short", "xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                         "kk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", "a.b", "kk_"};
    for (size_t i = 0; i < KC_NELEMS(bad); i++) {
        assert_int_equal(authn(a, NULL, bad[i], &p, &pb), KC_UNAUTHENTICATED);
        assert_string_equal(pb.detail, "invalid API key");
    }
    assert_int_equal(fake.calls, 2);
    kc_problem_clear(&pb);
    kc_auth_free(a);
}

static void test_auth_cache_hit_does_not_query(void **state)
{
    kc_auth *a = new_auth();
    kc_principal p;
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(authn(a, NULL, fake.key_a, &p, &pb), KC_OK);
        assert_string_equal(p.tenant_id, TENANT_A);
    }
    assert_int_equal(fake.calls, 1);
    assert_int_equal(fake.tenant_calls, 0); /* the key's lookup told its tenant's state */
    clock_shift_s = 29;
    heard_heartbeat();
    expect_key(a, fake.key_a, KC_OK, 1);
    /* after 30 s the key is looked up again, announced or not (a safety net) */
    clock_shift_s = 31;
    heard_heartbeat();
    expect_key(a, fake.key_a, KC_OK, 2);
    kc_problem_clear(&pb);
    kc_auth_free(a);
}

static void test_auth_db_down(void **state)
{
    kc_auth *a = new_auth();
    kc_principal p;
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    fake.db_down = 1;
    assert_int_equal(authn(a, NULL, fake.key_a, &p, &pb), KC_UNAVAILABLE);
    assert_int_equal(p.kind, KC_PRINCIPAL_NONE);
    /* an outage is not remembered as "unknown key" */
    fake.db_down = 0;
    expect_key(a, fake.key_a, KC_OK, 2);
    /* a key already cached keeps working while the listener hears the
     * database (a pool connection failing alone) ... */
    fake.db_down = 1;
    expect_key(a, fake.key_a, KC_OK, 2);
    /* ... but not once the listener lost it: it could miss a revocation */
    heard_down();
    assert_int_equal(authn(a, NULL, fake.key_a, &p, &pb), KC_UNAVAILABLE);
    assert_string_equal(pb.detail, "authentication is temporarily unavailable");
    assert_int_equal(fake.calls, 3);
    kc_problem_clear(&pb);
    kc_auth_free(a);
    assert_int_equal(listener.stopped, 1);
}

/* An announced revocation drops the key at once; other keys stay cached. */
static void test_auth_revocation_announced(void **state)
{
    kc_auth *a = new_auth();
    kc_principal p;
    kc_problem pb;
    (void)state;
    kc_problem_init(&pb);
    expect_key(a, fake.key_a, KC_OK, 1);
    expect_key(a, fake.key_b, KC_OK, 2);
    /* the database no longer has key A: the announcement comes with the commit */
    memset(fake.hash_a, 'x', 64);
    expect_key(a, fake.key_a, KC_OK, 2); /* cached, not yet heard */
    heard("api_key:" KEY_A_ID);
    assert_int_equal(authn(a, NULL, fake.key_a, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "invalid API key");
    assert_int_equal(p.kind, KC_PRINCIPAL_NONE);
    assert_int_equal(fake.calls, 3);
    /* every authentication read what had arrived for the listener first */
    assert_int_equal(listener.drained, 4);
    expect_key(a, fake.key_b, KC_OK, 3); /* B still cached */
    /* B's own announcement drops B; a foreign payload flushes everything */
    heard("api_key:" KEY_B_ID);
    expect_key(a, fake.key_b, KC_OK, 4);
    heard("something else");
    expect_key(a, fake.key_b, KC_OK, 5);
    kc_problem_clear(&pb);
    kc_auth_free(a);
}

/* A key restored after a revocation (or created after a guess) is not kept
 * unknown by a negative entry: any key announcement drops those. */
static void test_auth_announcement_drops_negative_entries(void **state)
{
    kc_auth *a = new_auth();
    char saved[65];
    (void)state;
    memcpy(saved, fake.hash_a, sizeof(saved));
    memset(fake.hash_a, 'x', 64); /* revoked */
    expect_key(a, fake.key_a, KC_UNAUTHENTICATED, 1);
    expect_key(a, fake.key_a, KC_UNAUTHENTICATED, 1);
    memcpy(fake.hash_a, saved, sizeof(saved)); /* restored */
    heard("api_key:" KEY_A_ID);
    expect_key(a, fake.key_a, KC_OK, 2);
    kc_auth_free(a);
}

/* A revocation that commits between the database read and the caching of
 * its answer: the answer is used once (it was true when read) but not
 * cached. */
static void test_auth_announcement_during_lookup(void **state)
{
    kc_auth *a = new_auth();
    (void)state;
    fake.announce_during_lookup = "api_key:" KEY_A_ID;
    expect_key(a, fake.key_a, KC_OK, 1);
    expect_key(a, fake.key_a, KC_OK, 2);
    expect_key(a, fake.key_a, KC_OK, 2);
    kc_auth_free(a);
}

/* Nothing cached is used before the listener connects, while it is down or
 * after its heartbeat went unanswered for the lease; it starts afresh when
 * it connects again. */
static void test_auth_cache_only_while_heard(void **state)
{
    kc_auth *a = new_auth_unheard();
    (void)state;
    for (int i = 0; i < 3; i++)
        expect_key(a, fake.key_a, KC_OK, i + 1); /* not connected yet: every time */
    heard_up();
    expect_key(a, fake.key_a, KC_OK, 4);
    expect_key(a, fake.key_a, KC_OK, 4);
    /* lost: every lookup goes to the database */
    heard_down();
    expect_key(a, fake.key_a, KC_OK, 5);
    expect_key(a, fake.key_a, KC_OK, 6);
    /* back: afresh (what was cached while it was away is gone too) */
    heard_up();
    expect_key(a, fake.key_a, KC_OK, 7);
    expect_key(a, fake.key_a, KC_OK, 7);
    /* the heartbeat unanswered for more than 3 s: not trusted */
    clock_shift_s = 2;
    expect_key(a, fake.key_a, KC_OK, 7);
    clock_shift_s = 4;
    expect_key(a, fake.key_a, KC_OK, 8);
    heard_heartbeat();
    expect_key(a, fake.key_a, KC_OK, 8);
    kc_auth_free(a);
}

static char *live_token(const char *tenant, const char *role)
{
    json_t *c =
        json_pack("{s:s, s:s, s:s, s:s, s:I, s:[s]}", "iss", ISSUER, "aud", AUDIENCE, "sub",
                  "someone", "tenant", tenant, "exp", (json_int_t)time(NULL) + 600, "roles", role);
    char *tok = kc_jwt_sign(c, SECRET);
    json_decref(c);
    assert_non_null(tok);
    return tok;
}

/* A deactivated tenant's keys and staff tokens are refused, once heard of
 * at once; activated again, they work again. */
static void test_auth_tenant_deactivation(void **state)
{
    kc_auth *a = new_auth();
    kc_principal p;
    kc_problem pb;
    char *tok_a = live_token(TENANT_A, "coordinator");
    char *tok_b = live_token(TENANT_B, "coordinator");
    char hdr_a[2048], hdr_b[2048];
    (void)state;
    kc_problem_init(&pb);
    snprintf(hdr_a, sizeof(hdr_a), "Bearer %s", tok_a);
    snprintf(hdr_b, sizeof(hdr_b), "Bearer %s", tok_b);
    assert_int_equal(authn(a, NULL, fake.key_a, &p, &pb), KC_OK);
    assert_int_equal(authn(a, hdr_a, NULL, &p, &pb), KC_OK);
    assert_int_equal(authn(a, hdr_b, NULL, &p, &pb), KC_OK);
    assert_int_equal(fake.tenant_calls, 1); /* A came with its key; B asked once */
    assert_int_equal(authn(a, hdr_b, NULL, &p, &pb), KC_OK);
    assert_int_equal(fake.tenant_calls, 1);

    fake.deactivated_a = 1;
    heard("tenant:" TENANT_A);
    assert_int_equal(authn(a, NULL, fake.key_a, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "invalid API key"); /* as a revoked key: nothing told */
    assert_int_equal(p.kind, KC_PRINCIPAL_NONE);
    assert_int_equal(authn(a, hdr_a, NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "the token's tenant is deactivated");
    assert_int_equal(p.kind, KC_PRINCIPAL_NONE);
    assert_string_equal(p.tenant_id, "");
    assert_int_equal(fake.calls, 1); /* the key stayed cached: only its tenant was asked */
    assert_int_equal(fake.tenant_calls, 2);
    assert_int_equal(authn(a, hdr_b, NULL, &p, &pb), KC_OK); /* B untouched */
    assert_int_equal(fake.tenant_calls, 2);

    fake.deactivated_a = 0;
    heard("tenant:" TENANT_A);
    assert_int_equal(authn(a, NULL, fake.key_a, &p, &pb), KC_OK);
    assert_int_equal(authn(a, hdr_a, NULL, &p, &pb), KC_OK);
    assert_int_equal(fake.tenant_calls, 3);

    /* a key looked up afresh of a deactivated tenant: refused too */
    fake.deactivated_b = 1;
    assert_int_equal(authn(a, NULL, fake.key_b, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "invalid API key");

    /* a tenant's state the database cannot tell: 503, never a guess */
    heard_down();
    fake.db_down = 1;
    assert_int_equal(authn(a, hdr_a, NULL, &p, &pb), KC_UNAVAILABLE);
    assert_int_equal(p.kind, KC_PRINCIPAL_NONE);
    free(tok_a);
    free(tok_b);
    kc_problem_clear(&pb);
    kc_auth_free(a);
}

/* Without a database (the HTTP layer's tests): JWTs only, unchecked. */
static void test_auth_without_database(void **state)
{
    kc_auth *a = NULL;
    kc_auth_options o;
    kc_principal p;
    kc_problem pb;
    char *tok = live_token(TENANT_A, "coordinator");
    char hdr[2048];
    (void)state;
    memset(&fake, 0, sizeof(fake));
    kc_problem_init(&pb);
    kc_auth_options_init(&o, SECRET, ISSUER, AUDIENCE);
    assert_int_equal(kc_auth_create(NULL, &o, &a), KC_OK);
    snprintf(hdr, sizeof(hdr), "Bearer %s", tok);
    assert_int_equal(authn(a, hdr, NULL, &p, &pb), KC_OK);
    assert_int_equal(fake.tenant_calls, 0);
    assert_int_equal(authn(a, NULL, "kk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &p, &pb),
                     KC_UNAVAILABLE);
    assert_int_equal(fake.calls, 0);
    free(tok);
    kc_problem_clear(&pb);
    kc_auth_free(a);
}

static void test_auth_headers_and_jwt(void **state)
{
    kc_auth *a = new_auth();
    kc_principal p;
    kc_problem pb;
    json_t *c = good_claims();
    char *tok = kc_jwt_sign(c, SECRET);
    char hdr[2048];
    (void)state;
    json_decref(c);
    kc_problem_init(&pb);

    json_t *live = json_pack("{s:s, s:s, s:s, s:s, s:I, s:[s]}", "iss", ISSUER, "aud", AUDIENCE,
                             "sub", "officer-7", "tenant", TENANT_B, "exp",
                             (json_int_t)time(NULL) + 600, "roles", "liaison_officer");
    char *live_tok = kc_jwt_sign(live, SECRET);
    json_decref(live);
    snprintf(hdr, sizeof(hdr), "Bearer %s", live_tok);
    assert_int_equal(authn(a, hdr, NULL, &p, &pb), KC_OK);
    assert_int_equal(p.kind, KC_PRINCIPAL_STAFF);
    assert_string_equal(p.subject, "officer-7");
    assert_string_equal(p.tenant_id, TENANT_B);
    assert_string_equal(p.roles, "liaison_officer");
    assert_int_equal(fake.calls, 0);
    free(live_tok);

    /* the fixed-time token of the other tests is long expired by the wall clock */
    snprintf(hdr, sizeof(hdr), "Bearer %s", tok);
    assert_int_equal(authn(a, hdr, NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "token expired");
    free(tok);

    assert_int_equal(authn(a, NULL, NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "credentials required");
    assert_int_equal(authn(a, "", "", &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "credentials required");
    assert_int_equal(authn(a, "Bearer", NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "credentials required");
    assert_int_equal(authn(a, "Bearer    ", NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "credentials required");
    assert_int_equal(authn(a, "Basic dXNlcjpwYXNz", NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "unsupported authorization scheme");
    assert_int_equal(authn(a, "Bearerkk_x", NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "unsupported authorization scheme");
    assert_int_equal(authn(a, "Bearer a.b.c", NULL, &p, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "malformed token header");
    /* Authorization wins over X-API-Key */
    assert_int_equal(authn(a, "Basic x", fake.key_a, &p, &pb), KC_UNAUTHENTICATED);
    assert_int_equal(p.kind, KC_PRINCIPAL_NONE);
    kc_problem_clear(&pb);
    kc_auth_free(a);
    kc_auth_free(NULL);
}

/* Many distinct unknown keys (a brute force) must not push a real key out
 * of the cache, and the cache stays bounded. */
static void test_auth_cache_flood(void **state)
{
    kc_auth *a = new_auth();
    (void)state;
    expect_key(a, fake.key_a, KC_OK, 1);
    for (int i = 0; i < 20000; i++) {
        char k[64], h[65];
        assert_int_equal(kc_api_key_generate(k, h), KC_OK);
        expect_key(a, k, KC_UNAUTHENTICATED, i + 2);
    }
    expect_key(a, fake.key_a, KC_OK, 20001);
    kc_auth_free(a);
}

/* ---- the repository, over a faked DB layer ------------------------------ */

static void repo_setup(void)
{
    memset(&db, 0, sizeof(db));
    kt_db_reset();
    fake.use_real_repo = 1;
}

static void test_repo_found(void **state)
{
    kc_api_key_record rec;
    kc_problem pb;
    int found = -1;
    (void)state;
    repo_setup();
    db.rows = 1;
    kc_problem_init(&pb);
    assert_int_equal(
        kc_auth_lookup_key((kc_db_pool *)&fake_pool_token, "abc123", &rec, &found, &pb), KC_OK);
    assert_int_equal(found, 1);
    assert_string_equal(rec.key_id, KEY_A_ID);
    assert_string_equal(rec.tenant_id, TENANT_A);
    assert_string_equal(rec.scopes, "cases:read");
    assert_int_equal(rec.tenant_deactivated, 1);
    assert_string_equal(db.stmt_name, "kc_auth_api_key");
    assert_non_null(strstr(db.sql, "WHERE k.key_hash = $1\nAND k.revoked_at IS NULL"));
    assert_non_null(strstr(db.sql, "t.deactivated_at IS NOT NULL"));
    assert_int_equal(db.nparams, 1);
    assert_string_equal(db.param0, "abc123");
    assert_int_equal(kt_db.acquired, 1);
    assert_int_equal(kt_db.released, 1);
    fake.use_real_repo = 0;
}

static void test_repo_not_found(void **state)
{
    kc_api_key_record rec;
    kc_problem pb;
    int found = -1;
    (void)state;
    repo_setup();
    kc_problem_init(&pb);
    assert_int_equal(kc_auth_lookup_key((kc_db_pool *)&fake_pool_token, "abc", &rec, &found, &pb),
                     KC_OK);
    assert_int_equal(found, 0);
    assert_int_equal(kt_db.released, 1);
    fake.use_real_repo = 0;
}

static void test_repo_db_failures_are_unavailable(void **state)
{
    kc_api_key_record rec;
    kc_problem pb;
    int found = -1;
    (void)state;
    repo_setup();
    kt_db.acquire_status = KC_UNAVAILABLE;
    kc_problem_init(&pb);
    assert_int_equal(kc_auth_lookup_key((kc_db_pool *)&fake_pool_token, "abc", &rec, &found, &pb),
                     KC_UNAVAILABLE);
    assert_int_equal(found, 0);
    assert_int_equal(kt_db.released, 0);

    repo_setup();
    db.exec_status = KC_INTERNAL; /* e.g. the table is missing */
    assert_int_equal(kc_auth_lookup_key((kc_db_pool *)&fake_pool_token, "abc", &rec, &found, &pb),
                     KC_UNAVAILABLE);
    assert_string_equal(pb.detail, "authentication is temporarily unavailable");
    assert_int_equal(kt_db.released, 1);

    /* through the authenticator: the database is down -> 503 */
    kc_auth *a = new_auth();
    kc_principal p;
    repo_setup();
    db.exec_status = KC_UNAVAILABLE;
    assert_int_equal(kc_auth_authenticate(a, NULL, fake.key_a, &p, &pb), KC_UNAVAILABLE);
    assert_int_equal(kt_db.released, 1);
    kc_problem_clear(&pb);
    kc_auth_free(a);
    fake.use_real_repo = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jwt_valid),
        cmocka_unit_test(test_jwt_round_trip),
        cmocka_unit_test(test_jwt_expired),
        cmocka_unit_test(test_jwt_not_yet_valid),
        cmocka_unit_test(test_jwt_wrong_signature),
        cmocka_unit_test(test_jwt_every_single_change_is_refused),
        cmocka_unit_test(test_jwt_wrong_audience),
        cmocka_unit_test(test_jwt_wrong_issuer),
        cmocka_unit_test(test_jwt_alg_none_and_others),
        cmocka_unit_test(test_jwt_tenant_and_subject),
        cmocka_unit_test(test_jwt_roles),
        cmocka_unit_test(test_jwt_garbage),
        cmocka_unit_test(test_sha256_and_uuid),
        cmocka_unit_test(test_api_key_generate),
        cmocka_unit_test(test_has_role_and_scope),
        cmocka_unit_test(test_authorize_matrix),
        cmocka_unit_test(test_auth_api_keys_by_tenant),
        cmocka_unit_test(test_auth_unknown_and_malformed_keys),
        cmocka_unit_test(test_auth_cache_hit_does_not_query),
        cmocka_unit_test(test_auth_db_down),
        cmocka_unit_test(test_auth_revocation_announced),
        cmocka_unit_test(test_auth_announcement_drops_negative_entries),
        cmocka_unit_test(test_auth_announcement_during_lookup),
        cmocka_unit_test(test_auth_cache_only_while_heard),
        cmocka_unit_test(test_auth_tenant_deactivation),
        cmocka_unit_test(test_auth_without_database),
        cmocka_unit_test(test_auth_headers_and_jwt),
        cmocka_unit_test(test_auth_cache_flood),
        cmocka_unit_test(test_repo_found),
        cmocka_unit_test(test_repo_not_found),
        cmocka_unit_test(test_repo_db_failures_are_unavailable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
