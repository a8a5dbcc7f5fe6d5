/* Unit tests of delivery/signature.c: the Standard Webhooks test vector
 * (the one the specification's libraries test with; checked independently
 * with Python's hmac), new secrets, and malformed secrets refused. */
/* LINK: delivery/signature.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "delivery/signature.h"
#include "koers/crypto.h"

#define VECTOR_SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define VECTOR_ID     "msg_p5jXN8AQM9LWM0D4loKWxJek"
#define VECTOR_TS     1614265330LL
#define VECTOR_BODY   "{\"test\": 2432232314}"
#define VECTOR_SIG    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

static void signs_the_standard_vector(void **state)
{
    char sig[SIGNATURE_MAX];

    (void)state;
    assert_int_equal(
        signature_sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY, strlen(VECTOR_BODY), sig),
        KC_OK);
    assert_string_equal(sig, VECTOR_SIG);
}

static void every_input_changes_the_signature(void **state)
{
    char sig[SIGNATURE_MAX];

    (void)state;
    assert_int_equal(signature_sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TS + 1, VECTOR_BODY,
                                    strlen(VECTOR_BODY), sig),
                     KC_OK);
    assert_string_not_equal(sig, VECTOR_SIG);
    assert_int_equal(signature_sign(VECTOR_SECRET, "msg_other", VECTOR_TS, VECTOR_BODY,
                                    strlen(VECTOR_BODY), sig),
                     KC_OK);
    assert_string_not_equal(sig, VECTOR_SIG);
    /* body_len counts, not the NUL: one byte less is another message */
    assert_int_equal(signature_sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY,
                                    strlen(VECTOR_BODY) - 1, sig),
                     KC_OK);
    assert_string_not_equal(sig, VECTOR_SIG);
    assert_int_equal(signature_sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx", VECTOR_ID, VECTOR_TS,
                                    VECTOR_BODY, strlen(VECTOR_BODY), sig),
                     KC_OK); /* another key */
    assert_string_not_equal(sig, VECTOR_SIG);
    /* an empty body signs "<id>.<ts>." */
    assert_int_equal(signature_sign(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, NULL, 0, sig), KC_OK);
    assert_int_equal(strncmp(sig, "v1,", 3), 0);
}

static void malformed_secrets_are_refused(void **state)
{
    char sig[SIGNATURE_MAX], longer[95];
    static const char *const bad[] = {
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",        /* no prefix          */
        "whsec_",                                  /* no key             */
        "whsec_MfKQ9r8G KYqrTwjUPD8ILPZIo2LaLaSw", /* blank              */
        "whsec_!!!!",                              /* not base64         */
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS",   /* not canonical      */
        "whsk_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",   /* another prefix     */
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        strcpy(sig, "untouched");
        assert_int_equal(
            signature_sign(bad[i], VECTOR_ID, VECTOR_TS, VECTOR_BODY, strlen(VECTOR_BODY), sig),
            KC_INVALID);
        assert_string_equal(sig, "");
    }
    /* a key longer than any secret (66 bytes) */
    memcpy(longer, "whsec_", 6);
    memset(longer + 6, 'A', 88);
    longer[94] = '\0';
    assert_int_equal(signature_sign(longer, VECTOR_ID, VECTOR_TS, "", 0, sig), KC_INVALID);
    assert_int_equal(signature_sign(NULL, VECTOR_ID, VECTOR_TS, "", 0, sig), KC_INVALID);
    assert_int_equal(signature_sign(VECTOR_SECRET, NULL, VECTOR_TS, "", 0, sig), KC_INVALID);
}

static void new_secrets_are_32_random_bytes(void **state)
{
    char a[SIGNATURE_SECRET_MAX], b[SIGNATURE_SECRET_MAX], sig[SIGNATURE_MAX];
    unsigned char key[64];
    size_t n = 0;

    (void)state;
    assert_int_equal(signature_secret_new(a), KC_OK);
    assert_int_equal(signature_secret_new(b), KC_OK);
    assert_int_equal(strncmp(a, "whsec_", 6), 0);
    assert_int_equal(strlen(a), 6 + 44);
    assert_int_equal(kc_base64_decode(a + 6, key, sizeof(key), &n), 0);
    assert_int_equal(n, 32);
    assert_string_not_equal(a, b);
    /* and a new secret signs */
    assert_int_equal(signature_sign(a, VECTOR_ID, VECTOR_TS, VECTOR_BODY, strlen(VECTOR_BODY), sig),
                     KC_OK);
    assert_int_equal(strlen(sig), 3 + 44);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signs_the_standard_vector),
        cmocka_unit_test(every_input_changes_the_signature),
        cmocka_unit_test(malformed_secrets_are_refused),
        cmocka_unit_test(new_secrets_are_32_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
