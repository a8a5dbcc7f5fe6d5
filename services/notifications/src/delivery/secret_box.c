/* The subscribers' secrets at rest (see delivery/secret_box.h). */
#include "delivery/secret_box.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "koers/log.h"

#define KEYS_VAR  "KOERS_NOTIFICATIONS_SECRET_KEYS"
#define DEV_LABEL "koers notifications subscriber secrets key v1"
#define AAD_MAX   256

/* Loaded by secret_box_configure at start (or by the first use, for
 * tests and tools that do not configure) and immutable after: a kc_keyring
 * may be shared between threads. Replaced only by another configure
 * (tests), which must not race with users. */
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(kc_keyring *) ring;

int secret_box_configure(char *err, size_t errlen)
{
    kc_keyring *k = NULL, *old;

    if (kc_keyring_from_env(KEYS_VAR, DEV_LABEL, "the subscribers' secrets key", &k, err, errlen) !=
        0)
        return -1;
    pthread_mutex_lock(&ring_lock);
    old = atomic_exchange_explicit(&ring, k, memory_order_acq_rel);
    pthread_mutex_unlock(&ring_lock);
    kc_keyring_free(old);
    return 0;
}

/* The keyring, loading it on first use; NULL (logged) when the
 * environment holds a bad one (configure reports that at start). */
static const kc_keyring *ring_get(void)
{
    kc_keyring *k = atomic_load_explicit(&ring, memory_order_acquire);
    char err[320];

    if (k != NULL)
        return k;
    pthread_mutex_lock(&ring_lock);
    k = atomic_load_explicit(&ring, memory_order_relaxed);
    if (k == NULL) {
        if (kc_keyring_from_env(KEYS_VAR, DEV_LABEL, "the subscribers' secrets key", &k, err,
                                sizeof(err)) == 0)
            atomic_store_explicit(&ring, k, memory_order_release);
        else
            kc_log(KC_LOG_ERROR, NULL, "subscribers' secrets key unusable: %s", err);
    }
    pthread_mutex_unlock(&ring_lock);
    return k;
}

/* "<tenant_id>|<row_id>" into aad; its length, 0 when it does not fit. */
static size_t aad_of(const char *tenant_id, const char *row_id, char aad[AAD_MAX])
{
    int n = snprintf(aad, AAD_MAX, "%s|%s", tenant_id, row_id);
    return (n < 0 || n >= AAD_MAX) ? 0 : (size_t)n;
}

kc_status secret_box_seal(const char *tenant_id, const char *row_id, const char *plaintext,
                          char **hex, char key_id[KC_CRYPTO_KEY_ID_MAX + 1])
{
    const kc_keyring *k;
    char aad[AAD_MAX];
    unsigned char *sealed = NULL;
    size_t aadlen, sealedlen = 0;
    kc_status st;

    if (hex == NULL)
        return KC_INTERNAL;
    *hex = NULL;
    key_id[0] = '\0';
    if (tenant_id == NULL || row_id == NULL || plaintext == NULL ||
        (aadlen = aad_of(tenant_id, row_id, aad)) == 0)
        return KC_INTERNAL;
    if ((k = ring_get()) == NULL)
        return KC_INTERNAL;
    st = kc_keyring_seal(k, aad, aadlen, plaintext, strlen(plaintext), key_id, &sealed, &sealedlen);
    if (st != KC_OK) {
        st = KC_INTERNAL;
        goto out;
    }
    *hex = kc_bytea_hex(sealed, sealedlen);
    st = *hex != NULL ? KC_OK : KC_INTERNAL;
out:
    free(sealed);
    if (st != KC_OK)
        key_id[0] = '\0';
    return st;
}

kc_status secret_box_open(const char *tenant_id, const char *row_id, const char *hex,
                          const char *key_id, char **plaintext)
{
    const kc_keyring *k;
    char aad[AAD_MAX];
    unsigned char *sealed = NULL, *plain = NULL;
    size_t aadlen, sealedlen = 0, plainlen = 0;
    kc_status st = KC_INVALID;

    if (plaintext == NULL)
        return KC_INTERNAL;
    *plaintext = NULL;
    if (tenant_id == NULL || row_id == NULL || hex == NULL || key_id == NULL ||
        (aadlen = aad_of(tenant_id, row_id, aad)) == 0)
        return KC_INVALID;
    if ((k = ring_get()) == NULL)
        return KC_INTERNAL;
    if (kc_bytea_unhex(hex, &sealed, &sealedlen) != 0)
        goto out;
    st = kc_keyring_open(k, key_id, aad, aadlen, sealed, sealedlen, &plain, &plainlen);
    if (st != KC_OK)
        goto out;
    /* a secret is text: one with a NUL inside would be cut short */
    if (memchr(plain, '\0', plainlen) != NULL) {
        st = KC_INVALID;
        goto out;
    }
    *plaintext = (char *)plain;
    plain = NULL;
out:
    if (plain != NULL) {
        OPENSSL_cleanse(plain, plainlen);
        free(plain);
    }
    free(sealed);
    return st;
}
