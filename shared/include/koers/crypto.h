#ifndef KOERS_CRYPTO_H
#define KOERS_CRYPTO_H

#include <stddef.h>
#include "koers/status.h"

/* Data at rest: AES-256-GCM through OpenSSL EVP under a keyring of named
 * keys, and the small primitives around it (HMAC-SHA256, HKDF-SHA256,
 * base64 and PostgreSQL bytea hex text). A sealed value is
 * nonce (12 random bytes) | ciphertext | tag (16 bytes); the associated
 * data (AAD) binds it to its context (e.g. the tenant) without being
 * stored. Key material never appears in an error message or the log. */

#define KC_CRYPTO_KEY_LEN   32
#define KC_CRYPTO_NONCE_LEN 12
#define KC_CRYPTO_TAG_LEN   16
#define KC_CRYPTO_OVERHEAD  (KC_CRYPTO_NONCE_LEN + KC_CRYPTO_TAG_LEN)
/* A key id: 1..31 characters of [A-Za-z0-9._-]. */
#define KC_CRYPTO_KEY_ID_MAX 31

/* HMAC-SHA256 of data under key. 0, or -1 when OpenSSL fails. */
int kc_hmac_sha256(const void *key, size_t keylen, const void *data, size_t len,
                   unsigned char out[32]);

/* HKDF-SHA256 (RFC 5869) of ikm with salt (NULL/0 = none) and info, 32
 * bytes of output. 0, or -1 when OpenSSL fails. */
int kc_hkdf_sha256(const void *ikm, size_t ikmlen, const void *salt, size_t saltlen,
                   const void *info, size_t infolen, unsigned char out[32]);

/* A key derived from a secret for a purpose (HKDF-SHA256 with the label as
 * info): the local development default where no key was configured. */
int kc_derive_key(const char *secret, const char *label, unsigned char out[KC_CRYPTO_KEY_LEN]);

/* Decodes base64 (RFC 4648, standard or URL alphabet, padding optional,
 * no whitespace) into out (cap bytes). 0 with *outlen, or -1 when the text
 * is not base64 or does not fit. */
int kc_base64_decode(const char *in, unsigned char *out, size_t cap, size_t *outlen);

/* Encodes len bytes as base64 (RFC 4648, standard alphabet, with
 * padding) into out (cap bytes, NUL-terminated; 4 * ((len + 2) / 3) + 1
 * are enough). 0, or -1 when it does not fit. */
int kc_base64_encode(const void *in, size_t len, char *out, size_t cap);

/* Bytes as PostgreSQL bytea hex text "\x<hex>" (heap, NULL on allocation
 * failure), and back: 0 with *out (heap, the caller frees) and *outlen, or
 * -1 when the text is not "\x" followed by an even number of hex digits. */
char *kc_bytea_hex(const unsigned char *data, size_t len);
int kc_bytea_unhex(const char *text, unsigned char **out, size_t *outlen);
/* The value of the hex digit c (either case), -1 for another character. */
int kc_hex_digit(char c);

/* AES-256-GCM with one key. seal: *out (heap, len + KC_CRYPTO_OVERHEAD
 * bytes) is nonce|ciphertext|tag. open: *out (heap, NUL-terminated for
 * convenience, *outlen without the NUL). KC_INVALID when the sealed value
 * is too short or does not authenticate (tampered, wrong key or AAD);
 * KC_INTERNAL when OpenSSL or the allocator fails. */
kc_status kc_aead_seal(const unsigned char key[KC_CRYPTO_KEY_LEN], const void *aad, size_t aadlen,
                       const void *pt, size_t ptlen, unsigned char **out,
                       size_t *outlen) KC_MUST_CHECK;
kc_status kc_aead_open(const unsigned char key[KC_CRYPTO_KEY_LEN], const void *aad, size_t aadlen,
                       const void *sealed, size_t sealedlen, unsigned char **out,
                       size_t *outlen) KC_MUST_CHECK;

/* Named keys; the first is the current one, which seals; every key opens
 * what was sealed under its id (so keys can be rotated: put the new key
 * first and keep the old ones until the data is re-sealed). Immutable once
 * built, so it may be shared between threads. */
typedef struct kc_keyring kc_keyring;

/* Parses "id:base64(32 bytes)[,id:base64...]" (spaces around entries are
 * ignored). 0 with *out, or -1 with a message naming the entry at fault
 * (empty, no ':', bad id, not base64, not 32 bytes, duplicate id) and never
 * the key material. */
int kc_keyring_parse(const char *spec, kc_keyring **out, char *err, size_t errlen);
/* A keyring of one key. NULL on a bad id or allocation failure. */
kc_keyring *kc_keyring_single(const char *id, const unsigned char key[KC_CRYPTO_KEY_LEN]);
void kc_keyring_free(kc_keyring *k);

const char *kc_keyring_current_id(const kc_keyring *k);
size_t kc_keyring_count(const kc_keyring *k);
/* The key with that id (borrowed), NULL when the keyring has none. */
const unsigned char *kc_keyring_key(const kc_keyring *k, const char *id);

/* Seals under the current key and writes its id to key_id. */
kc_status kc_keyring_seal(const kc_keyring *k, const void *aad, size_t aadlen, const void *pt,
                          size_t ptlen, char key_id[KC_CRYPTO_KEY_ID_MAX + 1], unsigned char **out,
                          size_t *outlen) KC_MUST_CHECK;
/* Opens with the key named key_id: KC_NOT_FOUND when there is no such key,
 * else as kc_aead_open. */
kc_status kc_keyring_open(const kc_keyring *k, const char *key_id, const void *aad, size_t aadlen,
                          const void *sealed, size_t sealedlen, unsigned char **out,
                          size_t *outlen) KC_MUST_CHECK;

/* A local development key for a purpose: kc_derive_key of KOERS_JWT_SECRET
 * or, when that is unset, its development default (shared/src/config.c),
 * with label. 0, or -1 when OpenSSL fails. The caller refuses it in
 * production. */
int kc_derive_dev_key(const char *label, unsigned char out[KC_CRYPTO_KEY_LEN]);

/* A keyring from the environment variable var ("id:base64(32 bytes)[,...]",
 * as kc_keyring_parse). When var is unset or empty it is refused with
 * KOERS_ENV=production; elsewhere the keyring is one key "dev" derived
 * (kc_derive_key with dev_label) from KOERS_JWT_SECRET or, when that is
 * unset too, its local development default, and a warning naming var and
 * what the key is for (e.g. "the citizen data key") is logged. 0 with
 * *out (the caller frees it), or -1 with a message in err that names var
 * and never the key material. */
int kc_keyring_from_env(const char *var, const char *dev_label, const char *what, kc_keyring **out,
                        char *err, size_t errlen);

/* Compares n bytes in constant time; 1 when equal. */
int kc_crypto_equal(const void *a, const void *b, size_t n);

#endif
