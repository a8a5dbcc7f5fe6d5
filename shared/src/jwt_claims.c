/* The claims of a provider's token that Koers checks before it trusts it:
 * type, issuer, audience, lifetime and subject. See koers/jwks.h. */
#include "koers/jwks.h"

#include <string.h>
#include <strings.h>

#define SUB_MAX_LEN 127

/* The token types of an access or ID token (RFC 9068 section 2.1). */
static const char *const TYPES[] = {"JWT", "at+jwt", "application/at+jwt"};

static int typ_accepted(const char *typ)
{
    if (!typ)
        return 1;
    for (size_t i = 0; i < KC_NELEMS(TYPES); i++) {
        if (strcasecmp(typ, TYPES[i]) == 0)
            return 1;
    }
    return 0;
}

/* 1 when aud is audience, or an array of strings holding it. */
static int aud_holds(const json_t *aud, const char *audience)
{
    const json_t *v;
    size_t i;
    int found = 0;

    if (json_is_string(aud))
        return strcmp(json_string_value(aud), audience) == 0;
    if (!json_is_array(aud))
        return 0;
    json_array_foreach(aud, i, v)
    {
        if (!json_is_string(v))
            return 0;
        found |= strcmp(json_string_value(v), audience) == 0;
    }
    return found;
}

/* A NumericDate claim: 1 and *t when present and a number, 0 when absent,
 * -1 when present but not a number. */
static int numeric_date(const json_t *claims, const char *name, double *t)
{
    const json_t *v = json_object_get(claims, name);

    if (!v)
        return 0;
    if (!json_is_number(v))
        return -1;
    *t = json_number_value(v);
    return 1;
}

static int sub_valid(const json_t *sub)
{
    const char *s = json_string_value(sub);
    size_t n;

    if (!s)
        return 0;
    n = json_string_length(sub);
    if (n < 1 || n > SUB_MAX_LEN || strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    }
    return 1;
}

kc_status kc_jwt_check_claims(const kc_jwt *jwt, const char *issuer, const char *audience,
                              long long now, int skew_s, kc_problem *pb)
{
    const json_t *iss;
    double t = 0;
    int rc;

    if (!jwt || !jwt->claims || !issuer || !audience)
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "malformed token");
    if (skew_s < 0)
        skew_s = 0;
    if (!typ_accepted(jwt->typ))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "token type not accepted");
    iss = json_object_get(jwt->claims, "iss");
    if (!json_is_string(iss) || strcmp(json_string_value(iss), issuer) != 0)
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "wrong issuer");
    if (!aud_holds(json_object_get(jwt->claims, "aud"), audience))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "wrong audience");
    rc = numeric_date(jwt->claims, "exp", &t);
    if (rc != 1)
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "token has no expiry (exp)");
    if (!((double)now < t + skew_s))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "token expired");
    rc = numeric_date(jwt->claims, "nbf", &t);
    if (rc < 0 || (rc == 1 && !(t <= (double)now + skew_s)))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "token not yet valid (nbf)");
    rc = numeric_date(jwt->claims, "iat", &t);
    if (rc < 0 || (rc == 1 && !(t <= (double)now + skew_s)))
        return kc_problem_set(pb, KC_UNAUTHENTICATED, "token issued in the future (iat)");
    if (!sub_valid(json_object_get(jwt->claims, "sub")))
        return kc_problem_set(pb, KC_UNAUTHENTICATED,
                              "token subject (sub) missing or not 1 to 127 printable characters");
    return KC_OK;
}
