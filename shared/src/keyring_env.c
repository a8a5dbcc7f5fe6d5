/* A keyring read from the environment, with the local development default
 * every service uses the same way (see koers/crypto.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "koers/crypto.h"
#include "koers/log.h"

/* The local development default of KOERS_JWT_SECRET (shared/src/config.c),
 * so the derived keys stay the same when that variable is unset too. */
#define DEV_JWT_SECRET "koers-local-development-secret-change-me!!"
#define DERIVED_KEY_ID "dev"

static const char *jwt_secret(void)
{
    const char *s = getenv("KOERS_JWT_SECRET");
    return (s != NULL && s[0] != '\0') ? s : DEV_JWT_SECRET;
}

int kc_derive_dev_key(const char *label, unsigned char out[KC_CRYPTO_KEY_LEN])
{
    return kc_derive_key(jwt_secret(), label, out);
}

static int production(void)
{
    const char *env = getenv("KOERS_ENV");
    return env != NULL && strcmp(env, "production") == 0;
}

int kc_keyring_from_env(const char *var, const char *dev_label, const char *what, kc_keyring **out,
                        char *err, size_t errlen)
{
    const char *spec;
    unsigned char derived[KC_CRYPTO_KEY_LEN];
    char msg[256];
    int rc = -1;

    if (out == NULL)
        return -1;
    *out = NULL;
    if (var == NULL || dev_label == NULL || what == NULL) {
        snprintf(err, errlen, "keyring: no variable or label");
        return -1;
    }
    spec = getenv(var);
    if (spec != NULL && spec[0] != '\0') {
        if (kc_keyring_parse(spec, out, msg, sizeof(msg)) != 0) {
            snprintf(err, errlen, "%s: %s", var, msg);
            return -1;
        }
        return 0;
    }
    /* as KOERS_JWT_SECRET's development default, derived keys are refused
     * in production */
    if (production()) {
        snprintf(err, errlen,
                 "%s: must be set when KOERS_ENV=production (keys derived from KOERS_JWT_SECRET "
                 "are for local development only)",
                 var);
        goto out;
    }
    if (kc_derive_dev_key(dev_label, derived) != 0 ||
        (*out = kc_keyring_single(DERIVED_KEY_ID, derived)) == NULL) {
        snprintf(err, errlen, "%s: cannot derive the default key", var);
        goto out;
    }
    kc_log(KC_LOG_WARN, NULL,
           "%s is not set: %s \"" DERIVED_KEY_ID "\" is derived from KOERS_JWT_SECRET (local "
           "development only)",
           var, what);
    rc = 0;
out:
    OPENSSL_cleanse(derived, sizeof(derived));
    return rc;
}
