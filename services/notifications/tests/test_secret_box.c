/* Unit tests of delivery/secret_box.c: a secret sealed for a row opens for
 * that row only (another row or tenant fails), tampering fails, a key id
 * no longer configured is KC_NOT_FOUND, rotation keeps old values
 * readable, the development default and production's refusal. */
/* LINK: delivery/secret_box.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "delivery/secret_box.h"

#define KEY1     "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define KEY2     "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="
#define TENANT_A "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define TENANT_B "a7d2e3f4-0b1c-4d2e-8f3a-4b5c6d7e8f90"
#define ROW_1    "0b5e7c8d-1111-4a2b-9c3d-4e5f60718293"
#define ROW_2    "0b5e7c8d-2222-4a2b-9c3d-4e5f60718293"
#define SECRET   "Bearer portal-token-1234"

static void keys(const char *spec)
{
    char err[256];

    if (spec != NULL)
        setenv("KOERS_NOTIFICATIONS_SECRET_KEYS", spec, 1);
    else
        unsetenv("KOERS_NOTIFICATIONS_SECRET_KEYS");
    assert_int_equal(secret_box_configure(err, sizeof(err)), 0);
}

static int reset(void **state)
{
    (void)state;
    unsetenv("KOERS_ENV");
    setenv("KOERS_JWT_SECRET", "a-test-jwt-secret-of-at-least-32-bytes!!", 1);
    keys("k1:" KEY1);
    return 0;
}

static void round_trip(void **state)
{
    char key_id[KC_CRYPTO_KEY_ID_MAX + 1], *hex = NULL, *plain = NULL;

    (void)state;
    assert_int_equal(secret_box_seal(TENANT_A, ROW_1, SECRET, &hex, key_id), KC_OK);
    assert_string_equal(key_id, "k1");
    assert_int_equal(strncmp(hex, "\\x", 2), 0);
    assert_null(strstr(hex, "706f7274616c")); /* "portal" is not in the clear */
    assert_int_equal(secret_box_open(TENANT_A, ROW_1, hex, key_id, &plain), KC_OK);
    assert_string_equal(plain, SECRET);
    free(plain);
    free(hex);
    /* an empty value seals too */
    assert_int_equal(secret_box_seal(TENANT_A, ROW_1, "", &hex, key_id), KC_OK);
    assert_int_equal(secret_box_open(TENANT_A, ROW_1, hex, key_id, &plain), KC_OK);
    assert_string_equal(plain, "");
    free(plain);
    free(hex);
}

static void bound_to_row_and_tenant(void **state)
{
    char key_id[KC_CRYPTO_KEY_ID_MAX + 1], *hex = NULL, *plain = NULL;

    (void)state;
    assert_int_equal(secret_box_seal(TENANT_A, ROW_1, SECRET, &hex, key_id), KC_OK);
    assert_int_equal(secret_box_open(TENANT_A, ROW_2, hex, key_id, &plain), KC_INVALID);
    assert_null(plain);
    assert_int_equal(secret_box_open(TENANT_B, ROW_1, hex, key_id, &plain), KC_INVALID);
    assert_null(plain);
    /* the separator is part of the binding: "a|bc" is not "ab|c" */
    free(hex);
    assert_int_equal(secret_box_seal("a", "bc", SECRET, &hex, key_id), KC_OK);
    assert_int_equal(secret_box_open("ab", "c", hex, key_id, &plain), KC_INVALID);
    /* tampered: one hex digit of the sealed value changed */
    hex[20] = hex[20] == '0' ? '1' : '0';
    assert_int_equal(secret_box_open("a", "bc", hex, key_id, &plain), KC_INVALID);
    assert_int_equal(secret_box_open("a", "bc", "not hex", key_id, &plain), KC_INVALID);
    assert_int_equal(secret_box_open("a", "bc", "\\x00", key_id, &plain), KC_INVALID);
    assert_null(plain);
    free(hex);
}

static void unknown_key_id_is_not_found(void **state)
{
    char key_id[KC_CRYPTO_KEY_ID_MAX + 1], *hex = NULL, *plain = NULL;

    (void)state;
    assert_int_equal(secret_box_seal(TENANT_A, ROW_1, SECRET, &hex, key_id), KC_OK);
    assert_int_equal(secret_box_open(TENANT_A, ROW_1, hex, "k9", &plain), KC_NOT_FOUND);
    assert_null(plain);
    /* the key was removed from the keyring */
    keys("k2:" KEY2);
    assert_int_equal(secret_box_open(TENANT_A, ROW_1, hex, key_id, &plain), KC_NOT_FOUND);
    free(hex);
}

static void rotation_keeps_old_values_readable(void **state)
{
    char id1[KC_CRYPTO_KEY_ID_MAX + 1], id2[KC_CRYPTO_KEY_ID_MAX + 1];
    char *old = NULL, *new = NULL, *plain = NULL;

    (void)state;
    assert_int_equal(secret_box_seal(TENANT_A, ROW_1, SECRET, &old, id1), KC_OK);
    keys("k2:" KEY2 ",k1:" KEY1);
    assert_int_equal(secret_box_seal(TENANT_A, ROW_1, SECRET, &new, id2), KC_OK);
    assert_string_equal(id1, "k1");
    assert_string_equal(id2, "k2");
    assert_int_equal(secret_box_open(TENANT_A, ROW_1, old, id1, &plain), KC_OK);
    assert_string_equal(plain, SECRET);
    free(plain);
    assert_int_equal(secret_box_open(TENANT_A, ROW_1, new, id2, &plain), KC_OK);
    assert_string_equal(plain, SECRET);
    free(plain);
    /* sealed under k2 does not open as k1 */
    assert_int_equal(secret_box_open(TENANT_A, ROW_1, new, id1, &plain), KC_INVALID);
    free(old);
    free(new);
}

static void development_default_and_production(void **state)
{
    char key_id[KC_CRYPTO_KEY_ID_MAX + 1], *hex = NULL, *plain = NULL, err[256];

    (void)state;
    keys(NULL);
    assert_int_equal(secret_box_seal(TENANT_A, ROW_1, SECRET, &hex, key_id), KC_OK);
    assert_string_equal(key_id, "dev");
    /* derived from the JWT secret: it opens after a restart */
    keys(NULL);
    assert_int_equal(secret_box_open(TENANT_A, ROW_1, hex, key_id, &plain), KC_OK);
    assert_string_equal(plain, SECRET);
    free(plain);
    free(hex);
    setenv("KOERS_ENV", "production", 1);
    assert_int_equal(secret_box_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_NOTIFICATIONS_SECRET_KEYS: must be set"));
    setenv("KOERS_NOTIFICATIONS_SECRET_KEYS", "k1:short", 1);
    assert_int_equal(secret_box_configure(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "KOERS_NOTIFICATIONS_SECRET_KEYS: "));
    assert_null(strstr(err, "short")); /* never the key material */
    unsetenv("KOERS_ENV");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(round_trip, reset),
        cmocka_unit_test_setup(bound_to_row_and_tenant, reset),
        cmocka_unit_test_setup(unknown_key_id_is_not_found, reset),
        cmocka_unit_test_setup(rotation_keeps_old_values_readable, reset),
        cmocka_unit_test_setup(development_default_and_production, reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
