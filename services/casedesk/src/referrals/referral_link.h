#ifndef KOERS_CASEDESK_REFERRAL_LINK_H
#define KOERS_CASEDESK_REFERRAL_LINK_H

#include <stddef.h>
#include <time.h>
#include "koers/status.h"

/* The signed one-time link of a referral: an official without an account
 * answers through it. The token is
 *   base64url("<referralId>.<expiresUnix>.<nonce>") "." base64url(HMAC-SHA256(key, first part))
 * (base64url without padding; the nonce is 16 random bytes, itself
 * base64url). The server keeps only the SHA-256 of the nonce
 * (referrals.link_nonce_hash) and marks the link used when it answers; so
 * a token is good for one referral, until it expires, once. The key comes
 * from KOERS_CASEDESK_LINK_SECRET (>= 32 bytes), or, unset, is derived from
 * KOERS_JWT_SECRET (with a warning in the log). */

#define REFERRAL_LINK_MAX       256 /* a token is shorter than this */
#define REFERRAL_LINK_NONCE_LEN 16

typedef enum {
    REFERRAL_LINK_VALID = 0,
    REFERRAL_LINK_BAD,     /* malformed, or the signature does not match */
    REFERRAL_LINK_EXPIRED, /* well signed, but past its expiry           */
} referral_link_verdict;

/* What a valid token says. */
typedef struct referral_link_claims {
    char referral_id[37];
    long long expires; /* Unix seconds */
    /* SHA-256 of the nonce, as the hex PostgreSQL's decode(.., 'hex') reads */
    char nonce_hash_hex[65];
} referral_link_claims;

/* Pure, with an explicit key (for tests and the functions below). */

/* Writes the token of (referral_id, expires, nonce) to token (n bytes).
 * 0, or -1 when it does not fit or referral_id is not a UUID. */
int referral_link_sign(const unsigned char *key, size_t keylen, const char *referral_id,
                       long long expires, const unsigned char nonce[REFERRAL_LINK_NONCE_LEN],
                       char *token, size_t n);

/* Checks token under key at `now`. The signature is compared in constant
 * time; only a well-signed token is decoded further. *out is filled for
 * REFERRAL_LINK_VALID and REFERRAL_LINK_EXPIRED. */
referral_link_verdict referral_link_verify(const unsigned char *key, size_t keylen,
                                           const char *token, time_t now,
                                           referral_link_claims *out);

/* The process-wide key. */

/* Reads KOERS_CASEDESK_LINK_SECRET (or derives the key from
 * KOERS_JWT_SECRET) once at start. 0, or -1 with a message in err. */
int referral_link_configure(char *err, size_t errlen);

/* A new link for a referral: a random nonce, the token and the nonce's
 * hash to store. KC_INTERNAL when randomness fails or no key is set. */
kc_status referral_link_issue(const char *referral_id, long long expires,
                              char token[REFERRAL_LINK_MAX], char nonce_hash_hex[65]) KC_MUST_CHECK;

/* referral_link_verify under the process-wide key. */
referral_link_verdict referral_link_check(const char *token, time_t now, referral_link_claims *out);

#endif
