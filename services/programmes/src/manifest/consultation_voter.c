#include "manifest/consultation_voter.h"

#include <string.h>
#include <openssl/rand.h>
#include "koers/crypto.h"

int consultation_voter_salt(unsigned char salt[CONSULTATION_SALT_LEN])
{
    return RAND_bytes(salt, CONSULTATION_SALT_LEN) == 1 ? 0 : -1;
}

int consultation_voter_of(const unsigned char *salt, size_t saltlen, const char *subject,
                          unsigned char out[CONSULTATION_VOTER_LEN])
{
    if (salt == NULL || saltlen == 0 || subject == NULL || subject[0] == '\0')
        return -1;
    return kc_hmac_sha256(salt, saltlen, subject, strlen(subject), out);
}
