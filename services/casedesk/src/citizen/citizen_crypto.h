#ifndef KOERS_CASEDESK_CITIZEN_CRYPTO_H
#define KOERS_CASEDESK_CITIZEN_CRYPTO_H

#include <stddef.h>
#include <jansson.h>
#include "koers/problem.h"

/* The citizen's details at rest: AES-256-GCM (koers/crypto.h) under the
 * current key of KOERS_CASEDESK_DATA_KEYS, bound to the tenant (AAD), plus
 * keyed hashes (HMAC-SHA256 under KOERS_CASEDESK_INDEX_KEY) of the
 * normalised e-mail (trimmed, lower case) and phone (digits and a leading
 * +) so data subject requests find a citizen's cases. Never log what goes
 * in or comes out. */

/* Reads the keys from the environment once at start (the service's
 * configure hook). 0, or -1 with a message in err. */
int citizen_crypto_configure(char *err, size_t errlen);
/* Frees the process-wide keys (at exit; safe to call when not configured). */
void citizen_crypto_shutdown(void);

/* A sealed citizen: bytea parameters as PostgreSQL hex text ("\\x…"),
 * heap strings; idx NULL when the citizen has no e-mail/phone. */
typedef struct citizen_sealed {
    char *enc_hex;
    char key_id[32];
    char *email_idx_hex;
    char *phone_idx_hex;
} citizen_sealed;

void citizen_sealed_clear(citizen_sealed *s);

kc_status citizen_seal(const char *tenant_id, const json_t *citizen, citizen_sealed *out,
                       kc_problem *pb) KC_MUST_CHECK;

/* Opens citizen_enc as PostgreSQL returns bytea in text form ("\\x…").
 * New reference, or NULL when it cannot be opened (unknown key id,
 * tampered): the caller shows the citizen as unavailable, never fails the
 * request for it. */
json_t *citizen_open(const char *tenant_id, const char *key_id, const char *enc_hex);

/* The keyed hash of an e-mail / phone as hex text for a bytea parameter
 * ("\\x…", heap). NULL when value is empty. */
char *citizen_email_index(const char *email);
char *citizen_phone_index(const char *phone);

/* The normal form the keyed hashes are taken of (and data subject requests
 * match by): an e-mail trimmed and in lower case, a phone number as a
 * leading + and its digits. Written to out (cap bytes); returns its length,
 * 0 when nothing is left or it does not fit. */
size_t citizen_normalise_email(const char *email, char *out, size_t cap);
size_t citizen_normalise_phone(const char *phone, char *out, size_t cap);

/* The id of the key new data is sealed with. */
const char *citizen_crypto_current_key_id(void);

#endif
