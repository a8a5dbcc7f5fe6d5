/* LINK: referrals/referral_link.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "referrals/referral_link.h"

#define REFERRAL "0b6f4a52-3c1d-4e8f-9a7b-2c5d6e7f8a9b"
#define EXPIRES  2000000000LL

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char other_key[32] = "fedcba9876543210fedcba9876543210";
static const unsigned char nonce[REFERRAL_LINK_NONCE_LEN] = {1, 2,  3,  4,  5,  6,  7,  8,
                                                             9, 10, 11, 12, 13, 14, 15, 16};

static void sign(char *token, size_t n)
{
    assert_int_equal(referral_link_sign(key, sizeof(key), REFERRAL, EXPIRES, nonce, token, n), 0);
}

static void test_valid_token(void **state)
{
    char token[REFERRAL_LINK_MAX], again[REFERRAL_LINK_MAX];
    referral_link_claims c;
    const char *p;

    (void)state;
    sign(token, sizeof(token));
    /* two parts of base64url, no padding: safe in a URL path */
    assert_non_null(strchr(token, '.'));
    assert_null(strchr(strchr(token, '.') + 1, '.'));
    for (p = token; *p; p++)
        assert_true((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.');
    assert_int_equal(referral_link_verify(key, sizeof(key), token, EXPIRES - 1, &c),
                     REFERRAL_LINK_VALID);
    assert_string_equal(c.referral_id, REFERRAL);
    assert_true(c.expires == EXPIRES);
    assert_int_equal(strlen(c.nonce_hash_hex), 64);
    /* the same nonce gives the same hash; another nonce another one */
    sign(again, sizeof(again));
    assert_string_equal(token, again);
}

static void test_nonce_hash_differs_per_nonce(void **state)
{
    unsigned char nonce2[REFERRAL_LINK_NONCE_LEN];
    char t1[REFERRAL_LINK_MAX], t2[REFERRAL_LINK_MAX];
    referral_link_claims c1, c2;

    (void)state;
    memcpy(nonce2, nonce, sizeof(nonce2));
    nonce2[0] ^= 0xff;
    sign(t1, sizeof(t1));
    assert_int_equal(
        referral_link_sign(key, sizeof(key), REFERRAL, EXPIRES, nonce2, t2, sizeof(t2)), 0);
    assert_string_not_equal(t1, t2);
    assert_int_equal(referral_link_verify(key, sizeof(key), t1, 0, &c1), REFERRAL_LINK_VALID);
    assert_int_equal(referral_link_verify(key, sizeof(key), t2, 0, &c2), REFERRAL_LINK_VALID);
    assert_string_not_equal(c1.nonce_hash_hex, c2.nonce_hash_hex);
}

static void test_tampered_token(void **state)
{
    char token[REFERRAL_LINK_MAX], bad[REFERRAL_LINK_MAX * 2];
    referral_link_claims c;
    size_t i, n;

    (void)state;
    sign(token, sizeof(token));
    n = strlen(token);
    /* every single character changed anywhere is refused */
    for (i = 0; i < n; i++) {
        if (token[i] == '.')
            continue;
        memcpy(bad, token, n + 1);
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        assert_int_equal(referral_link_verify(key, sizeof(key), bad, 0, &c), REFERRAL_LINK_BAD);
    }
    /* another referral id or expiry with the old signature */
    {
        char other[REFERRAL_LINK_MAX * 2];
        const char *sig = strchr(token, '.');
        assert_int_equal(referral_link_sign(key, sizeof(key), REFERRAL, EXPIRES + 86400, nonce,
                                            other, sizeof(other)),
                         0);
        snprintf(bad, sizeof(bad), "%.*s%s", (int)(strchr(other, '.') - other), other, sig);
        assert_int_equal(referral_link_verify(key, sizeof(key), bad, 0, &c), REFERRAL_LINK_BAD);
    }
    /* truncated, extended */
    memcpy(bad, token, n + 1);
    bad[n - 1] = '\0';
    assert_int_equal(referral_link_verify(key, sizeof(key), bad, 0, &c), REFERRAL_LINK_BAD);
    snprintf(bad, sizeof(bad), "%sA", token);
    assert_int_equal(referral_link_verify(key, sizeof(key), bad, 0, &c), REFERRAL_LINK_BAD);
}

static void test_expired_token(void **state)
{
    char token[REFERRAL_LINK_MAX];
    referral_link_claims c;

    (void)state;
    sign(token, sizeof(token));
    assert_int_equal(referral_link_verify(key, sizeof(key), token, EXPIRES, &c),
                     REFERRAL_LINK_EXPIRED);
    assert_string_equal(c.referral_id, REFERRAL);
    assert_int_equal(referral_link_verify(key, sizeof(key), token, EXPIRES + 3600, &c),
                     REFERRAL_LINK_EXPIRED);
}

static void test_wrong_secret(void **state)
{
    char token[REFERRAL_LINK_MAX];
    referral_link_claims c;

    (void)state;
    sign(token, sizeof(token));
    assert_int_equal(referral_link_verify(other_key, sizeof(other_key), token, 0, &c),
                     REFERRAL_LINK_BAD);
    assert_string_equal(c.referral_id, "");
    /* an expired token under the wrong key is just bad: nothing is told */
    assert_int_equal(referral_link_verify(other_key, sizeof(other_key), token, EXPIRES + 1, &c),
                     REFERRAL_LINK_BAD);
}

static void test_malformed_tokens(void **state)
{
    static const char *const bad[] = {
        "", ".", "abc", "abc.", ".abc", "a.b.c", "!!!.???", "YWJj.YWJj", "a+b/c=.YWJj",
    };
    char long_token[REFERRAL_LINK_MAX * 2];
    referral_link_claims c;
    size_t i;

    (void)state;
    for (i = 0; i < KC_NELEMS(bad); i++)
        assert_int_equal(referral_link_verify(key, sizeof(key), bad[i], 0, &c), REFERRAL_LINK_BAD);
    assert_int_equal(referral_link_verify(key, sizeof(key), NULL, 0, &c), REFERRAL_LINK_BAD);
    memset(long_token, 'A', sizeof(long_token) - 1);
    long_token[sizeof(long_token) - 1] = '\0';
    long_token[40] = '.';
    assert_int_equal(referral_link_verify(key, sizeof(key), long_token, 0, &c), REFERRAL_LINK_BAD);
    /* not a UUID: nothing is signed */
    assert_int_equal(referral_link_sign(key, sizeof(key), "not-a-uuid", EXPIRES, nonce, long_token,
                                        sizeof(long_token)),
                     -1);
    /* too small a buffer */
    assert_int_equal(referral_link_sign(key, sizeof(key), REFERRAL, EXPIRES, nonce, long_token, 40),
                     -1);
}

static void test_process_key_is_required(void **state)
{
    char token[REFERRAL_LINK_MAX], hash[65];
    referral_link_claims c;

    (void)state;
    /* not configured: no links issued, none accepted */
    assert_int_equal(referral_link_issue(REFERRAL, EXPIRES, token, hash), KC_INTERNAL);
    sign(token, sizeof(token));
    assert_int_equal(referral_link_check(token, 0, &c), REFERRAL_LINK_BAD);
}

static void test_configured_issue_and_check(void **state)
{
    char token[REFERRAL_LINK_MAX], hash[65], err[256];
    referral_link_claims c;

    (void)state;
    setenv("KOERS_CASEDESK_LINK_SECRET", "short", 1);
    assert_int_equal(referral_link_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_CASEDESK_LINK_SECRET"));
    setenv("KOERS_CASEDESK_LINK_SECRET", "a-link-secret-of-at-least-32-bytes-long", 1);
    assert_int_equal(referral_link_configure(err, sizeof(err)), 0);
    assert_int_equal(referral_link_issue(REFERRAL, EXPIRES, token, hash), KC_OK);
    assert_int_equal(referral_link_check(token, EXPIRES - 10, &c), REFERRAL_LINK_VALID);
    assert_string_equal(c.nonce_hash_hex, hash);
    assert_string_equal(c.referral_id, REFERRAL);
    /* the raw secret is not the key: a token signed with it is refused */
    assert_int_equal(
        referral_link_sign((const unsigned char *)"a-link-secret-of-at-least-32-bytes-long", 39,
                           REFERRAL, EXPIRES, nonce, token, sizeof(token)),
        0);
    assert_int_equal(referral_link_check(token, 0, &c), REFERRAL_LINK_BAD);
    unsetenv("KOERS_CASEDESK_LINK_SECRET");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_token),
        cmocka_unit_test(test_nonce_hash_differs_per_nonce),
        cmocka_unit_test(test_tampered_token),
        cmocka_unit_test(test_expired_token),
        cmocka_unit_test(test_wrong_secret),
        cmocka_unit_test(test_malformed_tokens),
        cmocka_unit_test(test_process_key_is_required),
        cmocka_unit_test(test_configured_issue_and_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
