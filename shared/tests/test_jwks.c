/* Unit tests of the JWK Set parser and the asymmetric token checks
 * (shared/src/jwks.c, jwt_asym.c, jwt_claims.c): RSA and EC P-256 keys and
 * the keys skipped, RS256/PS256/ES256 signatures, and every refusal (alg
 * none, HS256 with the public key as secret, a key of the wrong type, PS256
 * as RS256, tampering, unknown kid, typ, iss, aud, exp, nbf, iat, sub).
 * Tokens are signed by the test support (jwt_sign.h), which shares no code
 * with the verifier. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers/jwks.h"
#include "jwt_sign.h"

#define ISS  "https://idp.example.nl/realms/koers"
#define AUD  "koers-api"
#define SUB  "user-8c2f5e1a"
#define NOW  1767225600LL /* 2026-01-01T00:00:00Z */
#define SKEW 60

static kt_key *rs; /* RSA, alg RS256, kid rs-1 */
static kt_key *ps; /* RSA, alg PS256, kid ps-1 */
static kt_key *ec; /* EC P-256, alg ES256, kid ec-1 */
static kt_key *rx; /* RSA without alg, kid rx-1 */

static int keys_setup(void **state)
{
    (void)state;
    rs = kt_key_rsa("rs-1", "RS256", 2048);
    ps = kt_key_rsa("ps-1", "PS256", 2048);
    ec = kt_key_ec("ec-1", "ES256");
    rx = kt_key_rsa("rx-1", NULL, 2048);
    return rs && ps && ec && rx ? 0 : -1;
}

static int keys_teardown(void **state)
{
    (void)state;
    kt_key_free(rs);
    kt_key_free(ps);
    kt_key_free(ec);
    kt_key_free(rx);
    return 0;
}

/* The set of the given keys, parsed; fails the test unless it parses. */
static kc_jwks *set_of(kt_key *const *keys, size_t n, size_t *skipped)
{
    char *text = kt_jwks_text(keys, n);
    kc_jwks *set = NULL;
    kc_problem pb;

    assert_non_null(text);
    kc_problem_init(&pb);
    assert_int_equal(kc_jwks_parse(text, strlen(text), &set, skipped, &pb), KC_OK);
    assert_non_null(set);
    kc_problem_clear(&pb);
    free(text);
    return set;
}

static kc_jwks *all_keys(void)
{
    kt_key *keys[] = {rs, ps, ec, rx};
    return set_of(keys, 4, NULL);
}

/* Parses one JWK (a JSON object) as a set of its own: the number of keys
 * kept. */
static size_t keeps(json_t *jwk)
{
    json_t *doc = json_pack("{s:[o]}", "keys", jwk);
    char *text = json_dumps(doc, JSON_COMPACT);
    kc_jwks *set = NULL;
    size_t skipped = 99, n;
    kc_problem pb;

    kc_problem_init(&pb);
    assert_int_equal(kc_jwks_parse(text, strlen(text), &set, &skipped, &pb), KC_OK);
    n = kc_jwks_count(set);
    assert_int_equal(n + skipped, 1);
    kc_jwks_free(set);
    kc_problem_clear(&pb);
    free(text);
    json_decref(doc);
    return n;
}

/* The JWK of k with member name set to value (a new reference taken). */
static json_t *jwk_with(const kt_key *k, const char *name, json_t *value)
{
    json_t *jwk = kt_key_jwk(k);
    assert_non_null(jwk);
    if (value)
        json_object_set_new(jwk, name, value);
    else
        json_object_del(jwk, name);
    return jwk;
}

static json_t *b64_of_bytes(unsigned char fill, size_t n)
{
    unsigned char buf[64];
    char *t;
    json_t *j;

    memset(buf, fill, n);
    t = kt_b64url(buf, n);
    j = json_string(t);
    free(t);
    return j;
}

/* Claims valid at NOW for ISS/AUD/SUB, with extra members (JSON object
 * text without braces, or ""). malloc'd. */
static char *claims(const char *extra)
{
    char *c = NULL;
    assert_true(asprintf(&c,
                         "{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"sub\":\"" SUB "\","
                         "\"exp\":%lld,\"iat\":%lld%s%s}",
                         NOW + 300, NOW - 10, *extra ? "," : "", extra) > 0);
    return c;
}

/* decode, verify with set, check the claims: the first failure's status. */
static kc_status run(const char *token, const kc_jwks *set, kc_problem *pb)
{
    kc_jwt jwt;
    kc_status st;

    st = kc_jwt_decode(token, &jwt, pb);
    if (st == KC_OK)
        st = kc_jwt_verify_jwks(&jwt, set, pb);
    if (st == KC_OK)
        st = kc_jwt_check_claims(&jwt, ISS, AUD, NOW, SKEW, pb);
    kc_jwt_clear(&jwt);
    return st;
}

/* A token of k signed with alg under header, and the claims of claims(""),
 * run against set: its status; the detail, when refused, is in *detail. */
static kc_status try_token(const kt_key *k, const char *alg, const char *header,
                           const char *claims_json, const kc_jwks *set, char detail[512])
{
    char *c = claims_json ? NULL : claims("");
    char *token = kt_jwt_sign(k, alg, header, claims_json ? claims_json : c);
    kc_problem pb;
    kc_status st;

    assert_non_null(token);
    kc_problem_init(&pb);
    st = run(token, set, &pb);
    if (detail)
        snprintf(detail, 512, "%s", pb.detail);
    if (st == KC_OK)
        assert_string_equal(pb.detail, "");
    kc_problem_clear(&pb);
    free(token);
    free(c);
    return st;
}

/* ---- parsing ------------------------------------------------------------ */

static void parses_rsa_and_ec(void **state)
{
    size_t skipped = 99;
    kt_key *keys[] = {rs, ps, ec, rx};
    kc_jwks *set = set_of(keys, 4, &skipped);

    (void)state;
    assert_int_equal(kc_jwks_count(set), 4);
    assert_int_equal(skipped, 0);
    assert_true(kc_jwks_has_kid(set, "rs-1"));
    assert_true(kc_jwks_has_kid(set, "ec-1"));
    assert_false(kc_jwks_has_kid(set, "nope"));
    assert_false(kc_jwks_has_kid(set, NULL));
    kc_jwks_free(set);
    kc_jwks_free(NULL);
}

static void skips_keys_it_cannot_use(void **state)
{
    kt_key *small = kt_key_rsa("small", "RS256", 1024);
    unsigned char not_on_curve[32];

    (void)state;
    memset(not_on_curve, 1, sizeof(not_on_curve));
    assert_non_null(small);
    /* the keys as they come are kept */
    assert_int_equal(keeps(kt_key_jwk(rs)), 1);
    assert_int_equal(keeps(kt_key_jwk(ec)), 1);
    assert_int_equal(keeps(jwk_with(rs, "use", NULL)), 1);
    assert_int_equal(keeps(jwk_with(rs, "kid", NULL)), 1);
    assert_int_equal(keeps(jwk_with(rs, "d", json_string("AQAB"))), 1); /* private part ignored */
    /* unknown key types, encryption keys, other algorithms */
    assert_int_equal(keeps(json_pack("{s:s,s:s,s:s}", "kty", "OKP", "crv", "Ed25519", "x",
                                     "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")),
                     0);
    assert_int_equal(keeps(json_pack("{s:s,s:s}", "kty", "oct", "k", "c2VjcmV0")), 0);
    assert_int_equal(keeps(jwk_with(rs, "kty", NULL)), 0);
    assert_int_equal(keeps(jwk_with(rs, "use", json_string("enc"))), 0);
    assert_int_equal(keeps(jwk_with(rs, "use", json_integer(1))), 0);
    assert_int_equal(keeps(jwk_with(rs, "alg", json_string("RSA-OAEP"))), 0);
    assert_int_equal(keeps(jwk_with(rs, "alg", json_string("RS384"))), 0);
    assert_int_equal(keeps(jwk_with(rs, "alg", json_string("ES256"))), 0);
    assert_int_equal(keeps(jwk_with(ec, "alg", json_string("RS256"))), 0);
    assert_int_equal(keeps(jwk_with(rs, "kid", json_integer(7))), 0);
    assert_int_equal(keeps(jwk_with(rs, "kid", json_string(""))), 0);
    assert_int_equal(keeps(json_string("not a key")), 0);
    /* bad n, e, x, y */
    assert_int_equal(keeps(jwk_with(rs, "n", json_string("not*base64url"))), 0);
    assert_int_equal(keeps(jwk_with(rs, "n", json_string("AQAB=="))), 0);
    assert_int_equal(keeps(jwk_with(rs, "n", json_string(""))), 0);
    assert_int_equal(keeps(jwk_with(rs, "n", json_integer(3))), 0);
    assert_int_equal(keeps(jwk_with(rs, "n", NULL)), 0);
    assert_int_equal(keeps(jwk_with(rs, "e", json_string("AQAC"))), 0); /* even */
    assert_int_equal(keeps(jwk_with(rs, "e", json_string("AQ"))), 0);   /* 1 */
    assert_int_equal(keeps(jwk_with(rs, "e", b64_of_bytes(0xff, 9))), 0);
    assert_int_equal(keeps(jwk_with(ec, "x", b64_of_bytes(0x01, 31))), 0);
    assert_int_equal(keeps(jwk_with(ec, "y", NULL)), 0);
    assert_int_equal(keeps(jwk_with(ec, "crv", json_string("P-384"))), 0);
    /* a point that is not on the curve */
    assert_int_equal(keeps(jwk_with(ec, "x", b64_of_bytes(0x01, 32))), 0);
    {
        json_t *j = jwk_with(ec, "x", b64_of_bytes(0x01, 32));
        json_object_set_new(j, "y", b64_of_bytes(0x01, 32));
        assert_int_equal(keeps(j), 0);
    }
    /* a modulus of 1024 bits */
    assert_int_equal(keeps(kt_key_jwk(small)), 0);
    kt_key_free(small);
}

static void refuses_what_is_not_a_set(void **state)
{
    const char *docs[] = {
        "",
        "not json",
        "[]",
        "{}",
        "{\"keys\":{}}",
        "{\"keys\":\"x\"}",
        "{\"keys\":[],\"keys\":[]}",
        "{\"keys\":[]",
        "42",
    };
    kc_jwks *set = (kc_jwks *)1;
    kc_problem pb;
    size_t i;

    (void)state;
    for (i = 0; i < KC_NELEMS(docs); i++) {
        kc_problem_init(&pb);
        assert_int_equal(kc_jwks_parse(docs[i], strlen(docs[i]), &set, NULL, &pb), KC_BAD_REQUEST);
        assert_null(set);
        assert_string_not_equal(pb.detail, "");
        kc_problem_clear(&pb);
    }
    /* an empty set is a set */
    kc_problem_init(&pb);
    assert_int_equal(kc_jwks_parse("{\"keys\":[]}", 11, &set, NULL, &pb), KC_OK);
    assert_int_equal(kc_jwks_count(set), 0);
    kc_jwks_free(set);
    kc_problem_clear(&pb);
}

static void limits_a_set_to_64_kib(void **state)
{
    char *text = kt_jwks_text(&rs, 1);
    size_t n = strlen(text);
    char *big = malloc(65537);
    kc_jwks *set = NULL;
    kc_problem pb;

    (void)state;
    assert_non_null(big);
    /* the set, then blanks up to exactly 65,536 bytes: accepted */
    memcpy(big, text, n);
    memset(big + n, ' ', 65536 - n);
    big[65536] = ' ';
    kc_problem_init(&pb);
    assert_int_equal(kc_jwks_parse(big, 65536, &set, NULL, &pb), KC_OK);
    assert_int_equal(kc_jwks_count(set), 1);
    kc_jwks_free(set);
    set = NULL;
    /* one byte more: refused */
    assert_int_equal(kc_jwks_parse(big, 65537, &set, NULL, &pb), KC_BAD_REQUEST);
    assert_null(set);
    kc_problem_clear(&pb);
    free(big);
    free(text);
}

static void keeps_the_first_of_two_keys_of_one_kid(void **state)
{
    kt_key *twin = kt_key_rsa("rs-1", "RS256", 2048);
    kt_key *keys[] = {rs, twin};
    size_t skipped = 0;
    kc_jwks *set;
    char detail[512];

    (void)state;
    assert_non_null(twin);
    set = set_of(keys, 2, &skipped);
    assert_int_equal(kc_jwks_count(set), 1);
    assert_int_equal(skipped, 1);
    assert_int_equal(
        try_token(rs, "RS256", "{\"alg\":\"RS256\",\"kid\":\"rs-1\"}", NULL, set, NULL), KC_OK);
    assert_int_equal(
        try_token(twin, "RS256", "{\"alg\":\"RS256\",\"kid\":\"rs-1\"}", NULL, set, detail),
        KC_UNAUTHENTICATED);
    assert_string_equal(detail, "token signature invalid");
    kc_jwks_free(set);
    kt_key_free(twin);
}

/* ---- signatures --------------------------------------------------------- */

static void verifies_each_algorithm(void **state)
{
    kc_jwks *set = all_keys();

    (void)state;
    assert_int_equal(try_token(rs, "RS256", "{\"alg\":\"RS256\",\"kid\":\"rs-1\",\"typ\":\"JWT\"}",
                               NULL, set, NULL),
                     KC_OK);
    assert_int_equal(
        try_token(ps, "PS256", "{\"alg\":\"PS256\",\"kid\":\"ps-1\"}", NULL, set, NULL), KC_OK);
    assert_int_equal(
        try_token(ec, "ES256", "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", NULL, set, NULL), KC_OK);
    /* a key without alg takes either RSA algorithm */
    assert_int_equal(
        try_token(rx, "RS256", "{\"alg\":\"RS256\",\"kid\":\"rx-1\"}", NULL, set, NULL), KC_OK);
    assert_int_equal(
        try_token(rx, "PS256", "{\"alg\":\"PS256\",\"kid\":\"rx-1\"}", NULL, set, NULL), KC_OK);
    kc_jwks_free(set);
}

static void refuses_alg_none_and_hs256(void **state)
{
    kc_jwks *set = all_keys();
    char *pem = kt_key_public_pem(rs);
    char *jwk = kt_jwks_text(&rs, 1);
    json_t *one = kt_key_jwk(rs);
    char *one_text = json_dumps(one, JSON_COMPACT);
    char *c = claims("");
    char *h = kt_b64url("{\"alg\":\"none\"}", 14);
    char *p = kt_b64url(c, strlen(c));
    char *token = NULL;
    const char *secrets[3];
    kc_problem pb;
    size_t i;

    (void)state;
    assert_non_null(pem);
    /* alg none, with an empty signature and with one */
    assert_true(asprintf(&token, "%s.%s.", h, p) > 0);
    kc_problem_init(&pb);
    assert_int_equal(run(token, set, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "token algorithm not accepted");
    kc_problem_clear(&pb);
    free(token);
    assert_true(asprintf(&token, "%s.%s.AAAA", h, p) > 0);
    kc_problem_init(&pb);
    assert_int_equal(run(token, set, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "token algorithm not accepted");
    kc_problem_clear(&pb);
    free(token);
    /* HS256 with the RSA public key as the HMAC secret: its PEM, its JWK,
     * the set's text (the classic key confusion) */
    secrets[0] = pem;
    secrets[1] = one_text;
    secrets[2] = jwk;
    for (i = 0; i < 3; i++) {
        token = kt_jwt_sign_hs256(secrets[i], strlen(secrets[i]),
                                  "{\"alg\":\"HS256\",\"kid\":\"rs-1\"}", c);
        kc_problem_init(&pb);
        assert_int_equal(run(token, set, &pb), KC_UNAUTHENTICATED);
        assert_string_equal(pb.detail, "token algorithm not accepted");
        assert_null(strstr(pb.detail, "BEGIN"));
        kc_problem_clear(&pb);
        free(token);
    }
    /* other names of algorithms */
    {
        const char *headers[] = {"{\"alg\":\"HS512\"}", "{\"alg\":\"rs256\"}",
                                 "{\"alg\":\"RS512\",\"kid\":\"rs-1\"}", "{\"alg\":\"\"}",
                                 "{\"alg\":\"NONE\"}"};
        for (i = 0; i < KC_NELEMS(headers); i++) {
            assert_int_equal(try_token(rs, "RS256", headers[i], NULL, set, NULL),
                             KC_UNAUTHENTICATED);
        }
    }
    kc_jwks_free(set);
    free(pem);
    free(jwk);
    free(one_text);
    json_decref(one);
    free(c);
    free(h);
    free(p);
}

static void refuses_a_key_of_another_type_or_algorithm(void **state)
{
    kc_jwks *set = all_keys();
    char detail[512];

    (void)state;
    /* RS256 pointing at the EC key, ES256 at an RSA key */
    assert_int_equal(
        try_token(rs, "RS256", "{\"alg\":\"RS256\",\"kid\":\"ec-1\"}", NULL, set, detail),
        KC_UNAUTHENTICATED);
    assert_string_equal(detail, "token algorithm not accepted");
    assert_int_equal(
        try_token(ec, "ES256", "{\"alg\":\"ES256\",\"kid\":\"rs-1\"}", NULL, set, detail),
        KC_UNAUTHENTICATED);
    assert_string_equal(detail, "token algorithm not accepted");
    /* the key says RS256: a PS256 token is refused, even signed right */
    assert_int_equal(
        try_token(rs, "PS256", "{\"alg\":\"PS256\",\"kid\":\"rs-1\"}", NULL, set, detail),
        KC_UNAUTHENTICATED);
    assert_string_equal(detail, "token algorithm not accepted");
    assert_int_equal(
        try_token(ps, "RS256", "{\"alg\":\"RS256\",\"kid\":\"ps-1\"}", NULL, set, detail),
        KC_UNAUTHENTICATED);
    assert_string_equal(detail, "token algorithm not accepted");
    /* a key without alg: PS256 signature claimed as RS256 and vice versa */
    assert_int_equal(
        try_token(rx, "PS256", "{\"alg\":\"RS256\",\"kid\":\"rx-1\"}", NULL, set, detail),
        KC_UNAUTHENTICATED);
    assert_string_equal(detail, "token signature invalid");
    assert_int_equal(
        try_token(rx, "RS256", "{\"alg\":\"PS256\",\"kid\":\"rx-1\"}", NULL, set, detail),
        KC_UNAUTHENTICATED);
    assert_string_equal(detail, "token signature invalid");
    /* signed by another key of the set under this kid */
    assert_int_equal(
        try_token(ps, "RS256", "{\"alg\":\"RS256\",\"kid\":\"rs-1\"}", NULL, set, detail),
        KC_UNAUTHENTICATED);
    assert_string_equal(detail, "token signature invalid");
    /* crit extensions are not understood */
    assert_int_equal(
        try_token(rs, "RS256",
                  "{\"alg\":\"RS256\",\"kid\":\"rs-1\",\"crit\":[\"b64\"],\"b64\":false}", NULL,
                  set, detail),
        KC_UNAUTHENTICATED);
    kc_jwks_free(set);
}

/* token with its character at index i replaced by c */
static char *with_char(const char *token, size_t i, char c)
{
    char *t = strdup(token);
    t[i] = c;
    return t;
}

static void refuses_tampering(void **state)
{
    kc_jwks *set = all_keys();
    const char *header = "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}";
    char *c = claims("");
    char *c2 = claims("\"roles\":[\"admin\"]");
    kt_key *const signers[] = {rs, ps, ec};
    const char *algs[] = {"RS256", "PS256", "ES256"};
    const char *headers[] = {"{\"alg\":\"RS256\",\"kid\":\"rs-1\"}",
                             "{\"alg\":\"PS256\",\"kid\":\"ps-1\"}", header};
    char *token, *other, *forged = NULL, *t;
    const char *d1, *d2;
    kc_problem pb;
    size_t i;

    (void)state;
    for (i = 0; i < 3; i++) {
        token = kt_jwt_sign(signers[i], algs[i], headers[i], c);
        other = kt_jwt_sign(signers[i], algs[i], headers[i], c2);
        d1 = strchr(token, '.');
        d2 = strrchr(token, '.');
        /* claims of another token under this signature */
        assert_true(asprintf(&forged, "%.*s%.*s%s", (int)(d1 - token), token,
                             (int)(strrchr(other, '.') - strchr(other, '.')), strchr(other, '.'),
                             d2) > 0);
        kc_problem_init(&pb);
        assert_int_equal(run(forged, set, &pb), KC_UNAUTHENTICATED);
        assert_string_equal(pb.detail, "token signature invalid");
        kc_problem_clear(&pb);
        free(forged);
        /* a header with one more member */
        {
            char *h2 = NULL, *hb;
            assert_true(asprintf(&h2, "%.*s,\"x\":1}", (int)strlen(headers[i]) - 1, headers[i]) >
                        0);
            hb = kt_b64url(h2, strlen(h2));
            assert_true(asprintf(&forged, "%s%s", hb, d1) > 0);
            kc_problem_init(&pb);
            assert_int_equal(run(forged, set, &pb), KC_UNAUTHENTICATED);
            assert_string_equal(pb.detail, "token signature invalid");
            kc_problem_clear(&pb);
            free(forged);
            free(hb);
            free(h2);
        }
        /* a signature with its first character changed */
        t = with_char(token, (size_t)(d2 - token) + 1, d2[1] == 'A' ? 'B' : 'A');
        kc_problem_init(&pb);
        assert_int_equal(run(t, set, &pb), KC_UNAUTHENTICATED);
        assert_string_equal(pb.detail, "token signature invalid");
        kc_problem_clear(&pb);
        free(t);
        /* a signature one byte short */
        t = strdup(token);
        t[strlen(t) - 4] = '\0';
        kc_problem_init(&pb);
        assert_int_equal(run(t, set, &pb), KC_UNAUTHENTICATED);
        kc_problem_clear(&pb);
        free(t);
        free(token);
        free(other);
    }
    /* an ES256 signature of 67 bytes whose first 64 are right */
    token = kt_jwt_sign(ec, "ES256", header, c);
    assert_true(asprintf(&t, "%sAAAA", token) > 0);
    kc_problem_init(&pb);
    assert_int_equal(run(t, set, &pb), KC_UNAUTHENTICATED);
    assert_string_equal(pb.detail, "token signature invalid");
    kc_problem_clear(&pb);
    free(t);
    free(token);
    free(c);
    free(c2);
    kc_jwks_free(set);
}

static void finds_the_key_by_kid(void **state)
{
    kc_jwks *set = all_keys();
    kt_key *two[] = {rs, ec};
    kt_key *rsas[] = {rs, rx};
    kc_jwks *one_each = set_of(two, 2, NULL);
    kc_jwks *two_rsa = set_of(rsas, 2, NULL);
    char detail[512];

    (void)state;
    /* unknown kid: the caller may fetch the set again */
    assert_int_equal(try_token(rs, "RS256", "{\"alg\":\"RS256\",\"kid\":\"secret-looking-kid-77\"}",
                               NULL, set, detail),
                     KC_NOT_FOUND);
    assert_null(strstr(detail, "secret-looking-kid-77"));
    /* no kid: the one key that fits the algorithm */
    assert_int_equal(try_token(rs, "RS256", "{\"alg\":\"RS256\"}", NULL, one_each, NULL), KC_OK);
    assert_int_equal(try_token(ec, "ES256", "{\"alg\":\"ES256\"}", NULL, one_each, NULL), KC_OK);
    assert_int_equal(try_token(ps, "PS256", "{\"alg\":\"PS256\"}", NULL, one_each, NULL),
                     KC_NOT_FOUND);
    /* no kid and two keys fit: refused, not guessed */
    assert_int_equal(try_token(rs, "RS256", "{\"alg\":\"RS256\"}", NULL, two_rsa, detail),
                     KC_UNAUTHENTICATED);
    assert_string_equal(detail, "token names no key (kid) and several keys fit");
    /* a set without keys */
    {
        kc_jwks *none = NULL;
        kc_problem pb;
        kc_problem_init(&pb);
        assert_int_equal(kc_jwks_parse("{\"keys\":[]}", 11, &none, NULL, &pb), KC_OK);
        assert_int_equal(
            try_token(rs, "RS256", "{\"alg\":\"RS256\",\"kid\":\"rs-1\"}", NULL, none, NULL),
            KC_NOT_FOUND);
        kc_jwks_free(none);
        kc_problem_clear(&pb);
    }
    kc_jwks_free(set);
    kc_jwks_free(one_each);
    kc_jwks_free(two_rsa);
}

static void refuses_malformed_tokens(void **state)
{
    char *c = claims("");
    char *p = kt_b64url(c, strlen(c));
    char *long_token = malloc(8194);
    const char *headers[] = {"[]",
                             "{\"kid\":\"rs-1\"}",
                             "{\"alg\":256}",
                             "{\"alg\":\"RS256\",\"kid\":1}",
                             "{\"alg\":\"RS256\",\"typ\":[]}",
                             "{\"alg\":\"RS256\",\"alg\":\"RS256\"}",
                             "not json"};
    const char *tokens[] = {"", "abc", "a.b", "a.b.c.d", ".b.c", "a..c", "a.b.c=", "YQ.YQ.!!"};
    char *t;
    kc_jwt jwt;
    kc_problem pb;
    size_t i;

    (void)state;
    for (i = 0; i < KC_NELEMS(tokens); i++) {
        kc_problem_init(&pb);
        memset(&jwt, 0x5a, sizeof(jwt));
        assert_int_equal(kc_jwt_decode(tokens[i], &jwt, &pb), KC_UNAUTHENTICATED);
        assert_null(jwt.header);
        assert_null(jwt.claims);
        assert_non_null(strstr(pb.detail, "malformed token"));
        kc_jwt_clear(&jwt);
        kc_problem_clear(&pb);
    }
    for (i = 0; i < KC_NELEMS(headers); i++) {
        char *h = kt_b64url(headers[i], strlen(headers[i]));
        assert_true(asprintf(&t, "%s.%s.AAAA", h, p) > 0);
        kc_problem_init(&pb);
        assert_int_equal(kc_jwt_decode(t, &jwt, &pb), KC_UNAUTHENTICATED);
        assert_non_null(strstr(pb.detail, "malformed token"));
        kc_problem_clear(&pb);
        free(t);
        free(h);
    }
    /* claims that are not an object */
    t = kt_jwt_sign(rs, "RS256", "{\"alg\":\"RS256\"}", "[1]");
    kc_problem_init(&pb);
    assert_int_equal(kc_jwt_decode(t, &jwt, &pb), KC_UNAUTHENTICATED);
    kc_problem_clear(&pb);
    free(t);
    /* more than 8192 bytes */
    memset(long_token, 'A', 8193);
    long_token[10] = '.';
    long_token[20] = '.';
    long_token[8193] = '\0';
    kc_problem_init(&pb);
    assert_int_equal(kc_jwt_decode(long_token, &jwt, &pb), KC_UNAUTHENTICATED);
    kc_problem_clear(&pb);
    /* a good one decodes */
    t = kt_jwt_sign(rs, "RS256", "{\"alg\":\"RS256\",\"kid\":\"rs-1\",\"typ\":\"at+jwt\"}", c);
    kc_problem_init(&pb);
    assert_int_equal(kc_jwt_decode(t, &jwt, &pb), KC_OK);
    assert_string_equal(jwt.alg, "RS256");
    assert_string_equal(jwt.kid, "rs-1");
    assert_string_equal(jwt.typ, "at+jwt");
    assert_string_equal(jwt.iss, ISS);
    assert_int_equal(jwt.signature_len, 256);
    assert_int_equal(jwt.signing_input_len, (size_t)(strrchr(t, '.') - t));
    kc_jwt_clear(&jwt);
    kc_jwt_clear(&jwt);
    kc_jwt_clear(NULL);
    kc_problem_clear(&pb);
    free(t);
    free(long_token);
    free(p);
    free(c);
}

/* ---- claims --------------------------------------------------------------- */

/* The status of an ES256 token of ec with this header and these claims. */
static kc_status with(const char *header, const char *claims_json, char detail[512])
{
    kt_key *keys[] = {ec};
    kc_jwks *set = set_of(keys, 1, NULL);
    kc_status st = try_token(ec, "ES256", header, claims_json, set, detail);

    kc_jwks_free(set);
    return st;
}

static kc_status with_claims(const char *claims_json, char detail[512])
{
    return with("{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", claims_json, detail);
}

/* claims built around a printf format of the time members */
static char *claims_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *claims_fmt(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;

    va_start(ap, fmt);
    assert_true(vasprintf(&s, fmt, ap) > 0);
    va_end(ap);
    return s;
}

#define BASE "\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"sub\":\"" SUB "\""

static void checks_the_type(void **state)
{
    const char *ok[] = {"JWT", "jwt", "at+jwt", "application/at+jwt", "AT+JWT"};
    const char *bad[] = {"dpop+jwt", "logout+jwt", "JWS", "", "secevent+jwt"};
    char h[128], detail[512];
    size_t i;

    (void)state;
    for (i = 0; i < KC_NELEMS(ok); i++) {
        snprintf(h, sizeof(h), "{\"alg\":\"ES256\",\"kid\":\"ec-1\",\"typ\":\"%s\"}", ok[i]);
        assert_int_equal(with(h, NULL, NULL), KC_OK);
    }
    for (i = 0; i < KC_NELEMS(bad); i++) {
        snprintf(h, sizeof(h), "{\"alg\":\"ES256\",\"kid\":\"ec-1\",\"typ\":\"%s\"}", bad[i]);
        assert_int_equal(with(h, NULL, detail), KC_UNAUTHENTICATED);
        assert_string_equal(detail, "token type not accepted");
    }
}

static void checks_issuer_and_audience(void **state)
{
    /* the members before "exp", and the detail expected ("": accepted) */
    const char *cases[][2] = {
        {"\"iss\":\"https://evil.example/realms/koers\",\"aud\":\"" AUD "\"", "wrong issuer"},
        {"\"iss\":\"" ISS "/\",\"aud\":\"" AUD "\"", "wrong issuer"},
        {"\"aud\":\"" AUD "\"", "wrong issuer"},
        {"\"iss\":7,\"aud\":\"" AUD "\"", "wrong issuer"},
        {"\"iss\":\"" ISS "\",\"aud\":\"other-api\"", "wrong audience"},
        {"\"iss\":\"" ISS "\",\"aud\":[\"a\",\"b\"]", "wrong audience"},
        {"\"iss\":\"" ISS "\",\"aud\":[]", "wrong audience"},
        {"\"iss\":\"" ISS "\",\"aud\":[\"" AUD "\",3]", "wrong audience"},
        {"\"iss\":\"" ISS "\"", "wrong audience"},
        {"\"iss\":\"" ISS "\",\"aud\":\"" AUD "\"", ""},
        {"\"iss\":\"" ISS "\",\"aud\":[\"x\",\"" AUD "\"]", ""},
    };
    char detail[512];
    char *c;
    size_t i;

    (void)state;
    for (i = 0; i < KC_NELEMS(cases); i++) {
        c = claims_fmt("{%s,\"sub\":\"s\",\"exp\":%lld}", cases[i][0], NOW + 60);
        assert_int_equal(with_claims(c, detail), cases[i][1][0] ? KC_UNAUTHENTICATED : KC_OK);
        if (cases[i][1][0])
            assert_string_equal(detail, cases[i][1]);
        /* never the claim's value */
        assert_null(strstr(detail, "evil"));
        assert_null(strstr(detail, "other-api"));
        free(c);
    }
}

static void checks_the_lifetime(void **state)
{
    /* two time members (NULL: left out) and the detail expected */
    struct {
        const char *n1;
        long long v1;
        const char *n2;
        long long v2;
        const char *detail;
    } cases[] = {
        {"exp", NOW + 1, "iat", NOW, ""},
        {"exp", NOW - SKEW + 1, "iat", NOW - 600, ""},
        {"exp", NOW - SKEW, "iat", NOW - 600, "token expired"},
        {"exp", NOW - 3600, "iat", NOW - 7200, "token expired"},
        {"iat", NOW, "nbf", NOW, "token has no expiry (exp)"},
        {"exp", NOW + 600, "nbf", NOW + SKEW, ""},
        {"exp", NOW + 600, "nbf", NOW + SKEW + 1, "token not yet valid (nbf)"},
        {"exp", NOW + 600, "iat", NOW + SKEW, ""},
        {"exp", NOW + 600, "iat", NOW + SKEW + 1, "token issued in the future (iat)"},
        {"exp", NOW + 600, NULL, 0, ""},
    };
    /* members of another type than a number */
    const char *typed[][2] = {
        {"\"exp\":\"1767229200\"", "token has no expiry (exp)"},
        {"\"exp\":1767229200,\"nbf\":\"0\"", "token not yet valid (nbf)"},
        {"\"exp\":1767229200,\"iat\":null", "token issued in the future (iat)"},
        {"\"exp\":1767225600.5", ""},
        {"\"exp\":1767229200,\"nbf\":1767225600.25", ""},
    };
    char detail[512];
    char *c;
    size_t i;

    (void)state;
    for (i = 0; i < KC_NELEMS(cases); i++) {
        if (cases[i].n2)
            c = claims_fmt("{" BASE ",\"%s\":%lld,\"%s\":%lld}", cases[i].n1, cases[i].v1,
                           cases[i].n2, cases[i].v2);
        else
            c = claims_fmt("{" BASE ",\"%s\":%lld}", cases[i].n1, cases[i].v1);
        assert_int_equal(with_claims(c, detail), cases[i].detail[0] ? KC_UNAUTHENTICATED : KC_OK);
        if (cases[i].detail[0])
            assert_string_equal(detail, cases[i].detail);
        free(c);
    }
    for (i = 0; i < KC_NELEMS(typed); i++) {
        c = claims_fmt("{" BASE ",%s}", typed[i][0]);
        assert_int_equal(with_claims(c, detail), typed[i][1][0] ? KC_UNAUTHENTICATED : KC_OK);
        if (typed[i][1][0])
            assert_string_equal(detail, typed[i][1]);
        free(c);
    }
    /* a negative skew counts as none */
    {
        kt_key *keys[] = {ec};
        kc_jwks *set = set_of(keys, 1, NULL);
        char *t;
        kc_jwt jwt;
        kc_problem pb;

        c = claims_fmt("{" BASE ",\"exp\":%lld}", NOW);
        t = kt_jwt_sign(ec, "ES256", "{\"alg\":\"ES256\"}", c);
        kc_problem_init(&pb);
        assert_int_equal(kc_jwt_decode(t, &jwt, &pb), KC_OK);
        assert_int_equal(kc_jwt_check_claims(&jwt, ISS, AUD, NOW - 1, -5, &pb), KC_OK);
        assert_int_equal(kc_jwt_check_claims(&jwt, ISS, AUD, NOW, -5, &pb), KC_UNAUTHENTICATED);
        assert_int_equal(kc_jwt_check_claims(&jwt, ISS, AUD, NOW, 1, NULL), KC_OK);
        kc_jwt_clear(&jwt);
        kc_problem_clear(&pb);
        kc_jwks_free(set);
        free(t);
        free(c);
    }
}

static void checks_the_subject(void **state)
{
    char sub127[128], sub128[129];
    const char *bad[] = {"", "a\\u0001b", "tab\\there", "del\\u007f", sub128};
    char detail[512];
    char *c;
    size_t i;

    (void)state;
    memset(sub127, 's', 127);
    sub127[127] = '\0';
    memset(sub128, 's', 128);
    sub128[128] = '\0';
    c = claims_fmt("{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":%lld,\"sub\":\"%s\"}",
                   NOW + 60, sub127);
    assert_int_equal(with_claims(c, NULL), KC_OK);
    free(c);
    c = claims_fmt("{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":%lld,\"sub\":\"Zoë Ünal\"}",
                   NOW + 60);
    assert_int_equal(with_claims(c, NULL), KC_OK);
    free(c);
    for (i = 0; i < KC_NELEMS(bad); i++) {
        c = claims_fmt("{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":%lld,\"sub\":\"%s\"}",
                       NOW + 60, bad[i]);
        assert_int_equal(with_claims(c, detail), KC_UNAUTHENTICATED);
        assert_string_equal(detail,
                            "token subject (sub) missing or not 1 to 127 printable characters");
        free(c);
    }
    c = claims_fmt("{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":%lld}", NOW + 60);
    assert_int_equal(with_claims(c, detail), KC_UNAUTHENTICATED);
    free(c);
    c = claims_fmt("{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"exp\":%lld,\"sub\":42}", NOW + 60);
    assert_int_equal(with_claims(c, detail), KC_UNAUTHENTICATED);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_rsa_and_ec),
        cmocka_unit_test(skips_keys_it_cannot_use),
        cmocka_unit_test(refuses_what_is_not_a_set),
        cmocka_unit_test(limits_a_set_to_64_kib),
        cmocka_unit_test(keeps_the_first_of_two_keys_of_one_kid),
        cmocka_unit_test(verifies_each_algorithm),
        cmocka_unit_test(refuses_alg_none_and_hs256),
        cmocka_unit_test(refuses_a_key_of_another_type_or_algorithm),
        cmocka_unit_test(refuses_tampering),
        cmocka_unit_test(finds_the_key_by_kid),
        cmocka_unit_test(refuses_malformed_tokens),
        cmocka_unit_test(checks_the_type),
        cmocka_unit_test(checks_issuer_and_audience),
        cmocka_unit_test(checks_the_lifetime),
        cmocka_unit_test(checks_the_subject),
    };
    return cmocka_run_group_tests(tests, keys_setup, keys_teardown);
}
