/* Unit tests of shared/src/crypto.c: AES-256-GCM sealing under a keyring,
 * tampering, associated data, key rotation, the keyring spec and its
 * errors, HMAC/HKDF against the RFC test vectors, base64 and bytea hex,
 * and a keyring from the environment (the development default). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "koers/crypto.h"

#define KEY1_B64 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
#define KEY2_B64 "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="
#define TENANT_A "6f1c1c2e-4c1b-4b7e-9a51-0c2f1b1d3a01"
#define TENANT_B "a7d2e3f4-0b1c-4d2e-8f3a-4b5c6d7e8f90"
#define PLAIN    "{\"email\":\"jan@example.nl\",\"name\":\"Jan de Vries\"}"

static void to_hex(const unsigned char *d, size_t n, char *out)
{
    size_t i;
    for (i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
    out[2 * n] = '\0';
}

static kc_keyring *ring(const char *spec)
{
    kc_keyring *k = NULL;
    char err[256];

    assert_int_equal(kc_keyring_parse(spec, &k, err, sizeof(err)), 0);
    assert_non_null(k);
    return k;
}

static void seal_a(const kc_keyring *k, char key_id[32], unsigned char **sealed, size_t *n)
{
    assert_int_equal(
        kc_keyring_seal(k, TENANT_A, strlen(TENANT_A), PLAIN, strlen(PLAIN), key_id, sealed, n),
        KC_OK);
    assert_int_equal(*n, strlen(PLAIN) + KC_CRYPTO_OVERHEAD);
}

static kc_status open_a(const kc_keyring *k, const char *key_id, const unsigned char *sealed,
                        size_t n, unsigned char **plain, size_t *plen)
{
    return kc_keyring_open(k, key_id, TENANT_A, strlen(TENANT_A), sealed, n, plain, plen);
}

static void round_trip(void **state)
{
    kc_keyring *k = ring("k1:" KEY1_B64);
    unsigned char *sealed = NULL, *plain = NULL, *sealed2 = NULL;
    size_t n = 0, plen = 0, n2 = 0;
    char id[32] = "", id2[32] = "";

    (void)state;
    seal_a(k, id, &sealed, &n);
    assert_string_equal(id, "k1");
    /* the plaintext is not in the sealed bytes */
    assert_null(memmem(sealed, n, "jan@example.nl", 14));
    assert_int_equal(open_a(k, id, sealed, n, &plain, &plen), KC_OK);
    assert_int_equal(plen, strlen(PLAIN));
    assert_string_equal((char *)plain, PLAIN);
    /* a fresh random nonce each time: same input, different output */
    seal_a(k, id2, &sealed2, &n2);
    assert_int_equal(n2, n);
    assert_memory_not_equal(sealed, sealed2, KC_CRYPTO_NONCE_LEN);
    assert_memory_not_equal(sealed + KC_CRYPTO_NONCE_LEN, sealed2 + KC_CRYPTO_NONCE_LEN,
                            n - KC_CRYPTO_NONCE_LEN);
    free(plain);
    free(sealed);
    free(sealed2);
    kc_keyring_free(k);
}

static void empty_plaintext(void **state)
{
    kc_keyring *k = ring("k1:" KEY1_B64);
    unsigned char *sealed = NULL, *plain = NULL;
    size_t n = 0, plen = 7;
    char id[32];

    (void)state;
    assert_int_equal(kc_keyring_seal(k, NULL, 0, NULL, 0, id, &sealed, &n), KC_OK);
    assert_int_equal(n, KC_CRYPTO_OVERHEAD);
    assert_int_equal(kc_keyring_open(k, id, NULL, 0, sealed, n, &plain, &plen), KC_OK);
    assert_int_equal(plen, 0);
    assert_string_equal((char *)plain, "");
    free(plain);
    free(sealed);
    kc_keyring_free(k);
}

/* Flips one bit in the nonce, the ciphertext or the tag: never opens. */
static void tampering_fails(void **state)
{
    kc_keyring *k = ring("k1:" KEY1_B64);
    unsigned char *sealed = NULL, *plain = NULL;
    size_t n = 0, plen = 0;
    size_t where[3];
    char id[32];
    int i;

    (void)state;
    seal_a(k, id, &sealed, &n);
    where[0] = 3;                       /* nonce */
    where[1] = KC_CRYPTO_NONCE_LEN + 5; /* ciphertext */
    where[2] = n - 1;                   /* tag */
    for (i = 0; i < 3; i++) {
        sealed[where[i]] ^= 0x01;
        assert_int_equal(open_a(k, id, sealed, n, &plain, &plen), KC_INVALID);
        assert_null(plain);
        assert_int_equal(plen, 0);
        sealed[where[i]] ^= 0x01;
    }
    /* cut short: the tag is missing */
    assert_int_equal(open_a(k, id, sealed, n - 1, &plain, &plen), KC_INVALID);
    assert_int_equal(open_a(k, id, sealed, KC_CRYPTO_OVERHEAD - 1, &plain, &plen), KC_INVALID);
    assert_null(plain);
    /* and intact it still opens */
    assert_int_equal(open_a(k, id, sealed, n, &plain, &plen), KC_OK);
    free(plain);
    free(sealed);
    kc_keyring_free(k);
}

static void wrong_aad_fails(void **state)
{
    kc_keyring *k = ring("k1:" KEY1_B64);
    unsigned char *sealed = NULL, *plain = NULL;
    size_t n = 0, plen = 0;
    char id[32];

    (void)state;
    seal_a(k, id, &sealed, &n);
    /* another tenant's id as AAD: the row cannot be moved between tenants */
    assert_int_equal(kc_keyring_open(k, id, TENANT_B, strlen(TENANT_B), sealed, n, &plain, &plen),
                     KC_INVALID);
    assert_int_equal(kc_keyring_open(k, id, NULL, 0, sealed, n, &plain, &plen), KC_INVALID);
    assert_null(plain);
    free(sealed);
    kc_keyring_free(k);
}

static void wrong_key_fails(void **state)
{
    kc_keyring *k1 = ring("k1:" KEY1_B64);
    kc_keyring *other = ring("k1:" KEY2_B64); /* same id, other key */
    unsigned char *sealed = NULL, *plain = NULL;
    size_t n = 0, plen = 0;
    char id[32];

    (void)state;
    seal_a(k1, id, &sealed, &n);
    assert_int_equal(open_a(other, id, sealed, n, &plain, &plen), KC_INVALID);
    assert_null(plain);
    free(sealed);
    kc_keyring_free(k1);
    kc_keyring_free(other);
}

static void rotation(void **state)
{
    kc_keyring *old = ring("k1:" KEY1_B64);
    kc_keyring *rotated = ring("k2:" KEY2_B64 ", k1:" KEY1_B64);
    kc_keyring *retired = ring("k2:" KEY2_B64);
    unsigned char *sealed = NULL, *sealed2 = NULL, *plain = NULL;
    size_t n = 0, n2 = 0, plen = 0;
    char id[32], id2[32];

    (void)state;
    assert_string_equal(kc_keyring_current_id(rotated), "k2");
    assert_int_equal(kc_keyring_count(rotated), 2);
    seal_a(old, id, &sealed, &n);
    assert_string_equal(id, "k1");
    /* sealed under the old key: still opens once k2 is current */
    assert_int_equal(open_a(rotated, id, sealed, n, &plain, &plen), KC_OK);
    assert_string_equal((char *)plain, PLAIN);
    free(plain);
    plain = NULL;
    /* new seals use the new key */
    seal_a(rotated, id2, &sealed2, &n2);
    assert_string_equal(id2, "k2");
    assert_int_equal(open_a(retired, id2, sealed2, n2, &plain, &plen), KC_OK);
    free(plain);
    plain = NULL;
    /* the old key gone from the ring: unknown key id */
    assert_int_equal(open_a(retired, id, sealed, n, &plain, &plen), KC_NOT_FOUND);
    assert_int_equal(open_a(rotated, "k9", sealed, n, &plain, &plen), KC_NOT_FOUND);
    assert_int_equal(open_a(rotated, NULL, sealed, n, &plain, &plen), KC_NOT_FOUND);
    assert_null(plain);
    assert_null(kc_keyring_key(rotated, "k9"));
    assert_non_null(kc_keyring_key(rotated, "k1"));
    free(sealed);
    free(sealed2);
    kc_keyring_free(old);
    kc_keyring_free(rotated);
    kc_keyring_free(retired);
}

static void expect_spec_error(const char *spec, const char *want)
{
    kc_keyring *k = (kc_keyring *)0x1;
    char err[256] = "";

    assert_int_equal(kc_keyring_parse(spec, &k, err, sizeof(err)), -1);
    assert_null(k);
    if (strstr(err, want) == NULL)
        fail_msg("spec error \"%s\" does not contain \"%s\"", err, want);
    /* never the key material */
    assert_null(strstr(err, "AAECAwQF"));
    assert_null(strstr(err, "ICEiIyQl"));
}

static void spec_errors(void **state)
{
    (void)state;
    expect_spec_error(NULL, "no keys");
    expect_spec_error("", "no keys");
    expect_spec_error("   ", "no keys");
    expect_spec_error("k1:" KEY1_B64 ",", "entry 2: is empty");
    expect_spec_error("k1:" KEY1_B64 ",,k2:" KEY2_B64, "entry 2: is empty");
    expect_spec_error(KEY1_B64, "entry 1: has no ':'");
    expect_spec_error(":" KEY1_B64, "entry 1: bad key id");
    expect_spec_error("k 1:" KEY1_B64, "entry 1: bad key id");
    expect_spec_error("abcdefghijklmnopqrstuvwxyz0123456:" KEY1_B64, "entry 1: bad key id");
    expect_spec_error("k1:", "entry 1 (key id \"k1\"): key is empty");
    expect_spec_error("k1:AAECAwQF*gcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                      "entry 1 (key id \"k1\"): key is not valid base64");
    expect_spec_error("k1:" KEY1_B64 ",k2:AAECAwQFBgcICQoLDA0ODw==",
                      "entry 2 (key id \"k2\"): key is 16 bytes, must be 32");
    expect_spec_error("k1:" KEY1_B64 KEY1_B64, "entry 1 (key id \"k1\"): key is not");
    expect_spec_error("k1:" KEY1_B64 ",k1:" KEY2_B64, "entry 2 (key id \"k1\"): duplicate key id");
}

static void spec_forms(void **state)
{
    kc_keyring *k;

    (void)state;
    /* URL alphabet and no padding are accepted too; blanks around entries */
    k = ring(" a.b_c-1:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8 ,\tk1:" KEY1_B64 " ");
    assert_string_equal(kc_keyring_current_id(k), "a.b_c-1");
    assert_int_equal(kc_keyring_count(k), 2);
    assert_memory_equal(kc_keyring_key(k, "a.b_c-1"), "\x20\x21\x22\x23", 4);
    assert_memory_equal(kc_keyring_key(k, "k1"), "\x00\x01\x02\x03", 4);
    kc_keyring_free(k);
    kc_keyring_free(NULL);
    assert_null(kc_keyring_current_id(NULL));
    assert_null(kc_keyring_single("bad id", (const unsigned char *)KEY1_B64));
    k = kc_keyring_single("dev", (const unsigned char *)"0123456789abcdef0123456789abcdef");
    assert_non_null(k);
    assert_string_equal(kc_keyring_current_id(k), "dev");
    kc_keyring_free(k);
}

/* RFC 4231 test case 2 and RFC 5869 test case 3 (empty salt and info). */
static void hmac_and_hkdf_vectors(void **state)
{
    unsigned char mac[32], ikm[22];
    char hex[65];

    (void)state;
    assert_int_equal(kc_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac), 0);
    to_hex(mac, 32, hex);
    assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    memset(ikm, 0x0b, sizeof(ikm));
    assert_int_equal(kc_hkdf_sha256(ikm, sizeof(ikm), NULL, 0, "", 0, mac), 0);
    to_hex(mac, 32, hex);
    assert_string_equal(hex, "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
}

static void derived_keys(void **state)
{
    unsigned char a[32], b[32], c[32], d[32];

    (void)state;
    assert_int_equal(kc_derive_key("secret-one", "label a", a), 0);
    assert_int_equal(kc_derive_key("secret-one", "label a", b), 0);
    assert_int_equal(kc_derive_key("secret-one", "label b", c), 0);
    assert_int_equal(kc_derive_key("secret-two", "label a", d), 0);
    assert_memory_equal(a, b, 32);     /* stable */
    assert_memory_not_equal(a, c, 32); /* per purpose */
    assert_memory_not_equal(a, d, 32); /* per secret */
    assert_int_equal(kc_derive_key(NULL, "x", a), -1);
}

static void base64_and_hex(void **state)
{
    unsigned char buf[8], *bin = NULL;
    size_t n = 0;
    char *hex;

    (void)state;
    assert_int_equal(kc_base64_decode("aGk=", buf, sizeof(buf), &n), 0);
    assert_int_equal(n, 2);
    assert_memory_equal(buf, "hi", 2);
    assert_int_equal(kc_base64_decode("aGk", buf, sizeof(buf), &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(kc_base64_decode("", buf, sizeof(buf), &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(kc_base64_decode("aGl=", buf, sizeof(buf), &n), -1);   /* not canonical */
    assert_int_equal(kc_base64_decode("a", buf, sizeof(buf), &n), -1);      /* one char */
    assert_int_equal(kc_base64_decode("aG k=", buf, sizeof(buf), &n), -1);  /* blank */
    assert_int_equal(kc_base64_decode("aGk===", buf, sizeof(buf), &n), -1); /* padding */
    assert_int_equal(kc_base64_decode("aGk=aGk=", buf, sizeof(buf), &n), -1);
    assert_int_equal(kc_base64_decode("aGVsbG8gd29ybGQ=", buf, sizeof(buf), &n), -1); /* fits not */

    hex = kc_bytea_hex((const unsigned char *)"\x00\xff\x10", 3);
    assert_string_equal(hex, "\\x00ff10");
    assert_int_equal(kc_bytea_unhex(hex, &bin, &n), 0);
    assert_int_equal(n, 3);
    assert_memory_equal(bin, "\x00\xff\x10", 3);
    free(bin);
    free(hex);
    assert_int_equal(kc_bytea_unhex("\\x0", &bin, &n), -1);
    assert_int_equal(kc_bytea_unhex("\\xzz", &bin, &n), -1);
    assert_int_equal(kc_bytea_unhex("00ff", &bin, &n), -1);
    assert_int_equal(kc_bytea_unhex(NULL, &bin, &n), -1);
    assert_null(bin);
    assert_int_equal(kc_bytea_unhex("\\x", &bin, &n), 0);
    assert_int_equal(n, 0);
    free(bin);
    assert_true(kc_crypto_equal("abc", "abc", 3));
    assert_false(kc_crypto_equal("abc", "abd", 3));
}

/* RFC 4648 section 10's vectors, and what the decoder reads back */
static void base64_encode_vectors(void **state)
{
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const coded[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                        "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    unsigned char bin[8], all[256];
    char out[512];
    size_t i, n = 0;

    (void)state;
    for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
        assert_int_equal(kc_base64_encode(plain[i], strlen(plain[i]), out, sizeof(out)), 0);
        assert_string_equal(out, coded[i]);
        assert_int_equal(kc_base64_decode(out, bin, sizeof(bin), &n), 0);
        assert_int_equal(n, strlen(plain[i]));
        assert_memory_equal(bin, plain[i], n);
    }
    for (i = 0; i < sizeof(all); i++)
        all[i] = (unsigned char)(255 - i);
    assert_int_equal(kc_base64_encode(all, sizeof(all), out, sizeof(out)), 0);
    assert_non_null(strchr(out, '+')); /* the standard alphabet */
    assert_non_null(strchr(out, '/'));
    /* exactly 4 * ceil(n / 3) + 1 bytes are needed */
    assert_int_equal(kc_base64_encode("foo", 3, out, 5), 0);
    assert_int_equal(kc_base64_encode("foo", 3, out, 4), -1);
    assert_int_equal(kc_base64_encode("f", 1, out, 4), -1);
}

static void keyring_from_the_environment(void **state)
{
    kc_keyring *k = NULL, *again = NULL;
    char err[256];

    (void)state;
    unsetenv("KOERS_ENV");
    setenv("KOERS_JWT_SECRET", "a-test-jwt-secret-of-at-least-32-bytes!!", 1);
    setenv("KT_KEYS", "k2:" KEY2_B64 ",k1:" KEY1_B64, 1);
    assert_int_equal(
        kc_keyring_from_env("KT_KEYS", "kt label", "the test key", &k, err, sizeof(err)), 0);
    assert_string_equal(kc_keyring_current_id(k), "k2");
    assert_int_equal(kc_keyring_count(k), 2);
    kc_keyring_free(k);
    k = NULL;
    setenv("KT_KEYS", "k1:nope", 1);
    assert_int_equal(
        kc_keyring_from_env("KT_KEYS", "kt label", "the test key", &k, err, sizeof(err)), -1);
    assert_null(k);
    assert_int_equal(strncmp(err, "KT_KEYS: ", 9), 0);
    /* unset: a key "dev" derived from the JWT secret, the same each time */
    unsetenv("KT_KEYS");
    assert_int_equal(
        kc_keyring_from_env("KT_KEYS", "kt label", "the test key", &k, err, sizeof(err)), 0);
    assert_int_equal(
        kc_keyring_from_env("KT_KEYS", "kt label", "the test key", &again, err, sizeof(err)), 0);
    assert_string_equal(kc_keyring_current_id(k), "dev");
    assert_memory_equal(kc_keyring_key(k, "dev"), kc_keyring_key(again, "dev"), KC_CRYPTO_KEY_LEN);
    kc_keyring_free(again);
    again = NULL;
    assert_int_equal(
        kc_keyring_from_env("KT_KEYS", "other label", "the test key", &again, err, sizeof(err)), 0);
    assert_memory_not_equal(kc_keyring_key(k, "dev"), kc_keyring_key(again, "dev"),
                            KC_CRYPTO_KEY_LEN);
    kc_keyring_free(again);
    again = NULL;
    /* production refuses the derived key */
    setenv("KOERS_ENV", "production", 1);
    assert_int_equal(
        kc_keyring_from_env("KT_KEYS", "kt label", "the test key", &again, err, sizeof(err)), -1);
    assert_null(again);
    assert_non_null(strstr(err, "KT_KEYS: must be set when KOERS_ENV=production"));
    unsetenv("KOERS_ENV");
    kc_keyring_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(empty_plaintext),
        cmocka_unit_test(tampering_fails),
        cmocka_unit_test(wrong_aad_fails),
        cmocka_unit_test(wrong_key_fails),
        cmocka_unit_test(rotation),
        cmocka_unit_test(spec_errors),
        cmocka_unit_test(spec_forms),
        cmocka_unit_test(hmac_and_hkdf_vectors),
        cmocka_unit_test(derived_keys),
        cmocka_unit_test(base64_and_hex),
        cmocka_unit_test(base64_encode_vectors),
        cmocka_unit_test(keyring_from_the_environment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
