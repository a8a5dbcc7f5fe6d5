#include "citizen/citizen_crypto.h"

#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "koers/crypto.h"
#include "koers/log.h"

#define DATA_KEY_LABEL  "koers casedesk citizen data key v1"
#define INDEX_KEY_LABEL "koers casedesk citizen index key v1"

typedef struct citizen_keys {
    kc_keyring *data;
    unsigned char index_key[KC_CRYPTO_KEY_LEN];
} citizen_keys;

/* Loaded once (by configure, or lazily by the first use) and immutable
 * after; replaced only by shutdown + configure (tests rotating keys), which
 * must not race with users. */
static pthread_mutex_t keys_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(citizen_keys *) keys_current;
static int keys_failed_logged;

static void keys_free(citizen_keys *k)
{
    if (k == NULL)
        return;
    kc_keyring_free(k->data);
    OPENSSL_cleanse(k->index_key, sizeof(k->index_key));
    free(k);
}

static int production(void)
{
    const char *env = getenv("KOERS_ENV");
    return env != NULL && strcmp(env, "production") == 0;
}

static citizen_keys *keys_load(char *err, size_t errlen)
{
    const char *index = getenv("KOERS_CASEDESK_INDEX_KEY");
    citizen_keys *k = calloc(1, sizeof(*k));

    if (k == NULL) {
        snprintf(err, errlen, "citizen keys: out of memory");
        return NULL;
    }
    /* the data keyring: KOERS_CASEDESK_DATA_KEYS, or in development a key
     * derived from KOERS_JWT_SECRET (refused in production, logged) */
    if (kc_keyring_from_env("KOERS_CASEDESK_DATA_KEYS", DATA_KEY_LABEL, "the citizen data key",
                            &k->data, err, errlen) != 0)
        goto fail;
    /* as KOERS_JWT_SECRET's development default, a derived index key is
     * refused in production */
    if (production() && (index == NULL || index[0] == '\0')) {
        snprintf(err, errlen,
                 "KOERS_CASEDESK_INDEX_KEY: must be set when KOERS_ENV=production (keys derived "
                 "from KOERS_JWT_SECRET are for local development only)");
        goto fail;
    }
    if (index != NULL && index[0] != '\0') {
        unsigned char buf[64];
        size_t n = 0;
        if (kc_base64_decode(index, buf, sizeof(buf), &n) != 0) {
            snprintf(err, errlen, "KOERS_CASEDESK_INDEX_KEY: not valid base64");
            goto fail;
        }
        if (n != KC_CRYPTO_KEY_LEN) {
            OPENSSL_cleanse(buf, sizeof(buf));
            snprintf(err, errlen, "KOERS_CASEDESK_INDEX_KEY: key is %zu bytes, must be 32", n);
            goto fail;
        }
        memcpy(k->index_key, buf, KC_CRYPTO_KEY_LEN);
        OPENSSL_cleanse(buf, sizeof(buf));
    } else {
        if (kc_derive_dev_key(INDEX_KEY_LABEL, k->index_key) != 0) {
            snprintf(err, errlen, "KOERS_CASEDESK_INDEX_KEY: cannot derive the default key");
            goto fail;
        }
        kc_log(KC_LOG_WARN, NULL,
               "KOERS_CASEDESK_INDEX_KEY is not set: the citizen index key is derived from "
               "KOERS_JWT_SECRET (local development only)");
    }
    return k;
fail:
    keys_free(k);
    return NULL;
}

/* The keys, loading them on first use. NULL when the environment holds a
 * bad key (logged once; configure reports it at start). */
static citizen_keys *keys_get(void)
{
    citizen_keys *k = atomic_load_explicit(&keys_current, memory_order_acquire);
    char err[320];

    if (k != NULL)
        return k;
    pthread_mutex_lock(&keys_lock);
    k = atomic_load_explicit(&keys_current, memory_order_relaxed);
    if (k == NULL) {
        k = keys_load(err, sizeof(err));
        if (k != NULL)
            atomic_store_explicit(&keys_current, k, memory_order_release);
        else if (!keys_failed_logged) {
            keys_failed_logged = 1;
            kc_log(KC_LOG_ERROR, NULL, "citizen data keys unusable: %s", err);
        }
    }
    pthread_mutex_unlock(&keys_lock);
    return k;
}

int citizen_crypto_configure(char *err, size_t errlen)
{
    citizen_keys *k;
    char msg[320];
    int rc = 0;

    pthread_mutex_lock(&keys_lock);
    if (atomic_load_explicit(&keys_current, memory_order_relaxed) == NULL) {
        k = keys_load(msg, sizeof(msg));
        if (k != NULL) {
            atomic_store_explicit(&keys_current, k, memory_order_release);
        } else {
            if (err != NULL && errlen > 0)
                snprintf(err, errlen, "%s", msg);
            rc = -1;
        }
    }
    pthread_mutex_unlock(&keys_lock);
    return rc;
}

void citizen_crypto_shutdown(void)
{
    citizen_keys *k;

    pthread_mutex_lock(&keys_lock);
    k = atomic_exchange_explicit(&keys_current, NULL, memory_order_acq_rel);
    keys_failed_logged = 0;
    pthread_mutex_unlock(&keys_lock);
    keys_free(k);
}

const char *citizen_crypto_current_key_id(void)
{
    citizen_keys *k = keys_get();
    return k != NULL ? kc_keyring_current_id(k->data) : NULL;
}

void citizen_sealed_clear(citizen_sealed *s)
{
    if (s == NULL)
        return;
    free(s->enc_hex);
    free(s->email_idx_hex);
    free(s->phone_idx_hex);
    memset(s, 0, sizeof(*s));
}

/* ---- keyed indexes ----------------------------------------------------------- */

/* The normal form of an e-mail (trimmed, lower case) or a phone number (a
 * leading + and the digits) into out; its length, 0 when nothing is left or
 * it does not fit. */
static size_t normal_form(int email, const char *value, char *out, size_t cap)
{
    const char *p = value, *e;
    size_t n = 0;

    if (value == NULL || cap == 0)
        return 0;
    e = value + strlen(value);
    while (p < e && isspace((unsigned char)*p))
        p++;
    while (e > p && isspace((unsigned char)e[-1]))
        e--;
    if (email) {
        for (; p < e && n + 1 < cap; p++)
            out[n++] = (char)tolower((unsigned char)*p);
    } else {
        if (p < e && *p == '+' && n + 1 < cap)
            out[n++] = *p++;
        for (; p < e && n + 1 < cap; p++)
            if (*p >= '0' && *p <= '9')
                out[n++] = *p;
        if (n == 1 && out[0] == '+')
            n = 0; /* no digits */
    }
    if (p < e)
        n = 0; /* longer than any the API accepts */
    out[n] = '\0';
    return n;
}

size_t citizen_normalise_email(const char *email, char *out, size_t cap)
{
    return normal_form(1, email, out, cap);
}

size_t citizen_normalise_phone(const char *phone, char *out, size_t cap)
{
    return normal_form(0, phone, out, cap);
}

/* "email:<normal form>" or "phone:<normal form>" into buf; 0 when the value
 * normalises to nothing. */
static size_t normalise(const char *kind, const char *value, char *buf, size_t cap)
{
    size_t klen = strlen(kind), n;

    if (klen + 2 > cap)
        return 0;
    memcpy(buf, kind, klen);
    buf[klen] = ':';
    n = normal_form(strcmp(kind, "email") == 0, value, buf + klen + 1, cap - klen - 1);
    return n == 0 ? 0 : klen + 1 + n;
}

/* 0 with *out the keyed hash as bytea hex (NULL when the value normalises
 * to nothing), or -1 when the keys or OpenSSL fail. */
static int index_of(const char *kind, const char *value, char **out)
{
    citizen_keys *k;
    char buf[1024];
    unsigned char mac[32];
    size_t n = normalise(kind, value, buf, sizeof(buf));
    int rc = -1;

    *out = NULL;
    if (n == 0)
        return 0;
    k = keys_get();
    if (k != NULL && kc_hmac_sha256(k->index_key, sizeof(k->index_key), buf, n, mac) == 0) {
        *out = kc_bytea_hex(mac, sizeof(mac));
        rc = *out != NULL ? 0 : -1;
    }
    OPENSSL_cleanse(buf, sizeof(buf));
    return rc;
}

char *citizen_email_index(const char *email)
{
    char *hex = NULL;
    return index_of("email", email, &hex) == 0 ? hex : NULL;
}

char *citizen_phone_index(const char *phone)
{
    char *hex = NULL;
    return index_of("phone", phone, &hex) == 0 ? hex : NULL;
}

/* ---- seal / open --------------------------------------------------------------- */

kc_status citizen_seal(const char *tenant_id, const json_t *citizen, citizen_sealed *out,
                       kc_problem *pb)
{
    citizen_keys *k;
    char *plain = NULL;
    unsigned char *sealed = NULL;
    size_t sealedlen = 0, plainlen;
    const json_t *v;
    kc_status st;

    if (out == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "citizen_seal: no output");
    memset(out, 0, sizeof(*out));
    if (tenant_id == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "citizen_seal: no tenant");
    if (citizen == NULL || json_is_null(citizen))
        return KC_OK;
    k = keys_get();
    if (k == NULL)
        return kc_problem_set(pb, KC_INTERNAL, "the citizen data keys are not usable");
    plain = json_dumps(citizen, JSON_COMPACT | JSON_SORT_KEYS);
    if (plain == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "citizen_seal: cannot serialise");
        goto out;
    }
    plainlen = strlen(plain);
    st = kc_keyring_seal(k->data, tenant_id, strlen(tenant_id), plain, plainlen, out->key_id,
                         &sealed, &sealedlen);
    if (st != KC_OK) {
        st = kc_problem_set(pb, KC_INTERNAL, "citizen_seal: encryption failed");
        goto out;
    }
    out->enc_hex = kc_bytea_hex(sealed, sealedlen);
    if (out->enc_hex == NULL) {
        st = kc_problem_set(pb, KC_INTERNAL, "citizen_seal: out of memory");
        goto out;
    }
    v = json_object_get(citizen, "email");
    if (json_is_string(v) && index_of("email", json_string_value(v), &out->email_idx_hex) != 0) {
        st = kc_problem_set(pb, KC_INTERNAL, "citizen_seal: keyed index failed");
        goto out;
    }
    v = json_object_get(citizen, "phone");
    if (json_is_string(v) && index_of("phone", json_string_value(v), &out->phone_idx_hex) != 0) {
        st = kc_problem_set(pb, KC_INTERNAL, "citizen_seal: keyed index failed");
        goto out;
    }
    st = KC_OK;
out:
    if (plain != NULL) {
        OPENSSL_cleanse(plain, strlen(plain));
        free(plain);
    }
    free(sealed);
    if (st != KC_OK)
        citizen_sealed_clear(out);
    return st;
}

json_t *citizen_open(const char *tenant_id, const char *key_id, const char *enc_hex)
{
    citizen_keys *k;
    unsigned char *sealed = NULL, *plain = NULL;
    size_t sealedlen = 0, plainlen = 0;
    json_t *citizen = NULL;
    kc_status st;

    if (tenant_id == NULL || key_id == NULL || enc_hex == NULL)
        return NULL;
    k = keys_get();
    if (k == NULL)
        return NULL;
    if (kc_bytea_unhex(enc_hex, &sealed, &sealedlen) != 0) {
        kc_log(KC_LOG_WARN, NULL, "citizen data of tenant %s is not bytea hex text", tenant_id);
        goto out;
    }
    st = kc_keyring_open(k->data, key_id, tenant_id, strlen(tenant_id), sealed, sealedlen, &plain,
                         &plainlen);
    if (st == KC_NOT_FOUND) {
        kc_log(KC_LOG_WARN, NULL,
               "citizen data of tenant %s is sealed under key id \"%.31s\", which is not in "
               "KOERS_CASEDESK_DATA_KEYS",
               tenant_id, key_id);
        goto out;
    }
    if (st != KC_OK) {
        kc_log(KC_LOG_WARN, NULL, "citizen data of tenant %s (key id \"%.31s\") does not open",
               tenant_id, key_id);
        goto out;
    }
    citizen = json_loadb((const char *)plain, plainlen, JSON_REJECT_DUPLICATES, NULL);
    if (citizen != NULL && !json_is_object(citizen)) {
        json_decref(citizen);
        citizen = NULL;
    }
out:
    if (plain != NULL) {
        OPENSSL_cleanse(plain, plainlen);
        free(plain);
    }
    free(sealed);
    return citizen;
}
