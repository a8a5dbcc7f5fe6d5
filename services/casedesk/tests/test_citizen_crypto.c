/* Unit tests of citizen_crypto.c: the keys from the environment (errors
 * named, the development default derived, refused in production, loaded
 * lazily without configure), sealing bound to the tenant, rotation, and
 * the keyed indexes of e-mail and phone with their normalisation. */
/* LINK: citizen/citizen_crypto.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "citizen/citizen_crypto.h"

#define KEY1     "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define KEY2     "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="
#define IDXK     "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8="
#define TENANT_A "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define TENANT_B "a7d2e3f4-0b1c-4d2e-8f3a-4b5c6d7e8f90"

static void env(const char *data_keys, const char *index_key)
{
    citizen_crypto_shutdown();
    if (data_keys)
        setenv("KOERS_CASEDESK_DATA_KEYS", data_keys, 1);
    else
        unsetenv("KOERS_CASEDESK_DATA_KEYS");
    if (index_key)
        setenv("KOERS_CASEDESK_INDEX_KEY", index_key, 1);
    else
        unsetenv("KOERS_CASEDESK_INDEX_KEY");
}

static int reset(void **state)
{
    (void)state;
    unsetenv("KOERS_ENV");
    setenv("KOERS_JWT_SECRET", "a-test-jwt-secret-of-at-least-32-bytes!!", 1);
    env("k1:" KEY1, IDXK);
    return 0;
}

static int done(void **state)
{
    (void)state;
    citizen_crypto_shutdown();
    return 0;
}

static json_t *citizen(void)
{
    return json_pack("{s:s, s:s, s:s}", "name", "Jan de Vries", "email", "Jan@Example.NL", "phone",
                     "+31 6 1234 5678");
}

static void configure_errors_name_the_variable(void **state)
{
    char err[256];

    (void)state;
    env("k1:" KEY1 ",k1:" KEY2, IDXK);
    assert_int_equal(citizen_crypto_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_CASEDESK_DATA_KEYS"));
    assert_non_null(strstr(err, "duplicate key id"));
    assert_null(strstr(err, "AAECAwQF"));
    env("k1:AAECAwQF", IDXK);
    assert_int_equal(citizen_crypto_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "must be 32"));
    env("k1:" KEY1, "not base64!");
    assert_int_equal(citizen_crypto_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_CASEDESK_INDEX_KEY: not valid base64"));
    env("k1:" KEY1, "AAECAwQFBgcICQoLDA0ODw==");
    assert_int_equal(citizen_crypto_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_CASEDESK_INDEX_KEY: key is 16 bytes"));
    /* unusable keys: nothing seals, nothing opens, no index */
    assert_null(citizen_crypto_current_key_id());
    assert_null(citizen_email_index("a@b.nl"));
    env("k1:" KEY1, IDXK);
    assert_int_equal(citizen_crypto_configure(err, sizeof(err)), 0);
    assert_string_equal(citizen_crypto_current_key_id(), "k1");
}

static void development_default_and_production(void **state)
{
    char err[256];
    char *a, *b;

    (void)state;
    env(NULL, NULL);
    assert_int_equal(citizen_crypto_configure(err, sizeof(err)), 0);
    assert_string_equal(citizen_crypto_current_key_id(), "dev");
    a = citizen_email_index("x@example.nl");
    /* derived from the JWT secret: the same after a restart */
    env(NULL, NULL);
    b = citizen_email_index("x@example.nl"); /* lazily, without configure */
    assert_string_equal(a, b);
    free(b);
    /* another secret, other keys */
    setenv("KOERS_JWT_SECRET", "another-test-jwt-secret-of-32-bytes-or-more", 1);
    env(NULL, NULL);
    b = citizen_email_index("x@example.nl");
    assert_string_not_equal(a, b);
    free(a);
    free(b);
    /* production refuses the derived keys */
    setenv("KOERS_ENV", "production", 1);
    env(NULL, IDXK);
    assert_int_equal(citizen_crypto_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_CASEDESK_DATA_KEYS: must be set when KOERS_ENV=production"));
    env("k1:" KEY1, NULL);
    assert_int_equal(citizen_crypto_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_CASEDESK_INDEX_KEY: must be set"));
    env("k1:" KEY1, IDXK);
    assert_int_equal(citizen_crypto_configure(err, sizeof(err)), 0);
    unsetenv("KOERS_ENV");
}

static void seal_open_bound_to_tenant(void **state)
{
    citizen_sealed s;
    kc_problem pb;
    json_t *c = citizen(), *back;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(citizen_seal(TENANT_A, c, &s, &pb), KC_OK);
    assert_string_equal(s.key_id, "k1");
    assert_true(strncmp(s.enc_hex, "\\x", 2) == 0);
    assert_null(strstr(s.enc_hex, "4a616e")); /* "Jan" in hex */
    assert_non_null(s.email_idx_hex);
    assert_non_null(s.phone_idx_hex);
    assert_int_equal(strlen(s.email_idx_hex), 2 + 64);
    /* the index is the one a data subject request computes */
    {
        char *e = citizen_email_index(" jan@example.nl ");
        char *p = citizen_phone_index("+3161234-5678");
        assert_string_equal(e, s.email_idx_hex);
        assert_string_equal(p, s.phone_idx_hex);
        free(e);
        free(p);
    }
    back = citizen_open(TENANT_A, s.key_id, s.enc_hex);
    assert_non_null(back);
    assert_true(json_equal(back, c));
    json_decref(back);
    assert_null(citizen_open(TENANT_B, s.key_id, s.enc_hex));
    assert_null(citizen_open(TENANT_A, "k9", s.enc_hex));
    assert_null(citizen_open(TENANT_A, s.key_id, "\\xdeadbeef"));
    assert_null(citizen_open(TENANT_A, s.key_id, "not hex"));
    assert_null(citizen_open(TENANT_A, s.key_id, NULL));
    /* one flipped hex digit in the middle */
    s.enc_hex[40] = s.enc_hex[40] == '0' ? '1' : '0';
    assert_null(citizen_open(TENANT_A, s.key_id, s.enc_hex));
    citizen_sealed_clear(&s);
    citizen_sealed_clear(&s); /* twice is fine */
    json_decref(c);

    /* no e-mail, no phone: no indexes; no citizen: nothing sealed */
    c = json_pack("{s:s}", "name", "Anoniem");
    assert_int_equal(citizen_seal(TENANT_A, c, &s, &pb), KC_OK);
    assert_non_null(s.enc_hex);
    assert_null(s.email_idx_hex);
    assert_null(s.phone_idx_hex);
    citizen_sealed_clear(&s);
    json_decref(c);
    assert_int_equal(citizen_seal(TENANT_A, NULL, &s, &pb), KC_OK);
    assert_null(s.enc_hex);
    kc_problem_clear(&pb);
}

static void rotation(void **state)
{
    citizen_sealed s, s2;
    kc_problem pb;
    json_t *c = citizen(), *back;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(citizen_seal(TENANT_A, c, &s, &pb), KC_OK);
    env("k2:" KEY2 ",k1:" KEY1, IDXK);
    assert_string_equal(citizen_crypto_current_key_id(), "k2");
    back = citizen_open(TENANT_A, "k1", s.enc_hex);
    assert_non_null(back);
    json_decref(back);
    assert_int_equal(citizen_seal(TENANT_A, c, &s2, &pb), KC_OK);
    assert_string_equal(s2.key_id, "k2");
    /* the index key did not change: the same indexes */
    assert_string_equal(s.email_idx_hex, s2.email_idx_hex);
    env("k2:" KEY2, IDXK);
    assert_null(citizen_open(TENANT_A, "k1", s.enc_hex));
    back = citizen_open(TENANT_A, "k2", s2.enc_hex);
    assert_non_null(back);
    json_decref(back);
    citizen_sealed_clear(&s);
    citizen_sealed_clear(&s2);
    json_decref(c);
    kc_problem_clear(&pb);
}

static void index_normalisation(void **state)
{
    char *a, *b;

    (void)state;
    a = citizen_email_index("Jan@Example.NL");
    b = citizen_email_index("\t jan@example.nl\n");
    assert_string_equal(a, b);
    free(b);
    b = citizen_email_index("jan@example.com");
    assert_string_not_equal(a, b);
    free(b);
    /* an e-mail and a phone never share an index value */
    b = citizen_phone_index("Jan@Example.NL");
    assert_true(b == NULL || strcmp(a, b) != 0);
    free(b);
    free(a);
    a = citizen_phone_index("06-1234 5678");
    b = citizen_phone_index("0612345678");
    assert_string_equal(a, b);
    free(b);
    b = citizen_phone_index("+31612345678");
    assert_string_not_equal(a, b); /* the leading + counts */
    free(b);
    free(a);
    assert_null(citizen_email_index(""));
    assert_null(citizen_email_index("   "));
    assert_null(citizen_email_index(NULL));
    assert_null(citizen_phone_index("geen nummer"));
    assert_null(citizen_phone_index("+"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(configure_errors_name_the_variable, reset, done),
        cmocka_unit_test_setup_teardown(development_default_and_production, reset, done),
        cmocka_unit_test_setup_teardown(seal_open_bound_to_tenant, reset, done),
        cmocka_unit_test_setup_teardown(rotation, reset, done),
        cmocka_unit_test_setup_teardown(index_normalisation, reset, done),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
