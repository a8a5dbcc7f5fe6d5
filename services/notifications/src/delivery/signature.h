#ifndef NOTIFICATIONS_SIGNATURE_H
#define NOTIFICATIONS_SIGNATURE_H

#include <stddef.h>
#include "koers/status.h"

/* Standard Webhooks signatures (standardwebhooks.com): a secret is
 * "whsec_" + base64 of 32 random bytes; the signature of a message is
 * "v1," + base64(HMAC-SHA256(key = the secret's decoded bytes,
 * "<webhook-id>.<webhook-timestamp>.<body>")). */

#define SIGNATURE_SECRET_MAX 64 /* "whsec_" + base64 of 32 bytes, NUL    */
#define SIGNATURE_MAX        64 /* "v1," + base64 of 32 bytes, NUL       */

/* A new random secret into out. KC_INTERNAL when randomness fails. */
kc_status signature_secret_new(char out[SIGNATURE_SECRET_MAX]) KC_MUST_CHECK;

/* The signature of (id, timestamp, body) under secret into out. KC_INVALID
 * when secret is not "whsec_" + base64; KC_INTERNAL when OpenSSL fails. */
kc_status signature_sign(const char *secret, const char *id, long long timestamp, const char *body,
                         size_t body_len, char out[SIGNATURE_MAX]) KC_MUST_CHECK;

#endif
