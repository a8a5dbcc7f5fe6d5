#ifndef KOERS_PROGRAMMES_CONSULTATION_VOTER_H
#define KOERS_PROGRAMMES_CONSULTATION_VOTER_H

#include <stddef.h>

/* One view per person per statement and round without knowing who: a
 * round has a random salt while it is open; a view carries its voter,
 * HMAC-SHA256(salt, the caller's sign-in subject), so that the same
 * person meets their own view again (and may change it) while nobody can
 * tell from the voter whose view it is. Closing the round erases the salt
 * and the voters (consultation_service). OpenSSL underneath. */

#define CONSULTATION_SALT_LEN  32
#define CONSULTATION_VOTER_LEN 32

/* Fills salt with CONSULTATION_SALT_LEN random bytes. 0, or -1 when the
 * random generator fails. */
int consultation_voter_salt(unsigned char salt[CONSULTATION_SALT_LEN]);

/* The voter of subject under salt (saltlen bytes) into out. 0, or -1
 * when subject is empty or OpenSSL fails. */
int consultation_voter_of(const unsigned char *salt, size_t saltlen, const char *subject,
                          unsigned char out[CONSULTATION_VOTER_LEN]);

#endif
