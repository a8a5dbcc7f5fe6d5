#ifndef NOTIFICATIONS_SECRET_BOX_H
#define NOTIFICATIONS_SECRET_BOX_H

#include <stddef.h>
#include "koers/crypto.h"
#include "koers/status.h"

/* The subscribers' secrets at rest (the auth value, the signing secrets):
 * AES-256-GCM under the keyring KOERS_NOTIFICATIONS_SECRET_KEYS
 * ("id:base64(32 bytes)[,...]", the first seals; required when
 * KOERS_ENV=production, else a key "dev" derived from the JWT secret),
 * bound (AAD) to the tenant and the row's id, so a sealed value copied to
 * another row does not open. Stored as bytea plus the key id. */

/* Reads the keyring once at start. 0, or -1 with a message in err (never
 * the key material). */
int secret_box_configure(char *err, size_t errlen);

/* Seals plaintext for (tenant_id, row_id): *hex is the bytea hex text
 * ("\x..."; heap, the caller frees) to bind as a parameter, key_id the
 * sealing key's id. KC_INTERNAL when OpenSSL or the allocator fails. */
kc_status secret_box_seal(const char *tenant_id, const char *row_id, const char *plaintext,
                          char **hex, char key_id[KC_CRYPTO_KEY_ID_MAX + 1]) KC_MUST_CHECK;

/* Opens what secret_box_seal made (hex as PostgreSQL returns bytea in
 * text): *plaintext (heap, NUL-terminated; the caller frees). KC_INVALID
 * when it does not open (tampered, another row), KC_NOT_FOUND when the
 * key id is no longer configured. */
kc_status secret_box_open(const char *tenant_id, const char *row_id, const char *hex,
                          const char *key_id, char **plaintext) KC_MUST_CHECK;

#endif
