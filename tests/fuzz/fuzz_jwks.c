/* libFuzzer target: what an OpenID Connect provider (or someone posing as
 * one) sends: a JWK Set document, and tokens checked against a fixed small
 * key set (RSA RS256, RSA PS256, EC P-256) with kc_jwt_decode,
 * kc_jwt_verify_jwks, kc_jwt_check_claims and the role mapping.
 *
 * Input: the first byte picks the mode, the rest is the text.
 *   0: a JWK Set document for kc_jwks_parse; a parsed set then verifies a
 *      token of the fixed keys (no kid), which must not crash.
 *   1: a token as the Authorization header carries it, checked against
 *      the fixed set.
 *   2: a token's claims (any bytes); the target signs them ES256 with the
 *      fixed EC key, so the claim checks and the role mapping run on hostile
 *      claims; such a token must verify whenever it decodes.
 * What must hold: only the documented statuses; a refusal has a detail;
 * the mapped roles are a NUL-terminated list of Koers roles. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "koers/jwks.h"
#include "jwt_sign.h"

#define ISS  "https://idp.example.nl/realms/koers"
#define AUD  "koers-api"
#define NOW  1767225600LL /* 2026-01-01T00:00:00Z */
#define SKEW 60

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kt_key *keys[3];
static kc_jwks *fixed;
static json_t *role_map;
static char *fixed_token;

static void setup(void)
{
    char *text;
    kc_problem pb;

    if (fixed)
        return;
    keys[0] = kt_key_rsa("rs-1", "RS256", 2048);
    keys[1] = kt_key_rsa("ps-1", "PS256", 2048);
    keys[2] = kt_key_ec("ec-1", "ES256");
    text = kt_jwks_text(keys, 3);
    kc_problem_init(&pb);
    if (!text || kc_jwks_parse(text, strlen(text), &fixed, NULL, &pb) != KC_OK ||
        kc_jwks_count(fixed) != 3)
        abort();
    kc_problem_clear(&pb);
    free(text);
    role_map = json_loads("{\"g1\":\"coordinator\",\"g2\":[\"official\",\"admin\",\"root\"],"
                          "\"g3\":\"Admin\"}",
                          0, NULL);
    fixed_token = kt_jwt_sign(keys[2], "ES256", "{\"alg\":\"ES256\"}",
                              "{\"iss\":\"" ISS "\",\"aud\":\"" AUD "\",\"sub\":\"s\"}");
    if (!role_map || !fixed_token)
        abort();
}

static void expect_refusal(kc_status st, const kc_problem *pb, int not_found_ok)
{
    if (st == KC_OK)
        return;
    if (!(st == KC_UNAUTHENTICATED || (not_found_ok && st == KC_NOT_FOUND)) || pb->status != st ||
        pb->detail[0] == '\0')
        abort();
}

static void check_roles(const json_t *claims)
{
    char out[64];
    int n = kc_claims_map_roles(claims, "realm_access.roles", role_map, out, sizeof(out));

    if (n < 0 || n > 3 || memchr(out, '\0', sizeof(out)) == NULL || (n == 0 && out[0] != '\0') ||
        strstr(out, "root") || strstr(out, "Admin"))
        abort();
    (void)kc_claims_string(claims, "name");
}

static void token_against(const char *token, const kc_jwks *set, int must_verify)
{
    kc_jwt jwt;
    kc_problem pb;
    kc_status st;

    kc_problem_init(&pb);
    st = kc_jwt_decode(token, &jwt, &pb);
    expect_refusal(st, &pb, 0);
    if (st != KC_OK)
        goto out;
    if (!jwt.header || !jwt.claims || !jwt.alg || !jwt.signing_input)
        abort();
    st = kc_jwt_verify_jwks(&jwt, set, &pb);
    if (must_verify && st != KC_OK)
        abort();
    expect_refusal(st, &pb, 1);
    if (st != KC_OK)
        goto out;
    st = kc_jwt_check_claims(&jwt, ISS, AUD, NOW, SKEW, &pb);
    expect_refusal(st, &pb, 0);
    check_roles(jwt.claims);
out:
    kc_jwt_clear(&jwt);
    kc_problem_clear(&pb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = NULL;
    char *token = NULL;
    kc_jwks *set = NULL;
    size_t skipped = 0;
    kc_problem pb;
    kc_status st;

    if (size == 0)
        return 0;
    setup();
    text = strndup((const char *)data + 1, size - 1);
    if (!text)
        return 0;
    switch (data[0] % 3) {
    case 0:
        kc_problem_init(&pb);
        st = kc_jwks_parse((const char *)data + 1, size - 1, &set, &skipped, &pb);
        if (st == KC_OK) {
            if (!set || kc_jwks_count(set) + skipped > size)
                abort();
            token_against(fixed_token, set, 0);
        } else if (st != KC_BAD_REQUEST || set || pb.detail[0] == '\0') {
            abort();
        }
        kc_jwks_free(set);
        kc_problem_clear(&pb);
        break;
    case 1:
        token_against(text, fixed, 0);
        break;
    default:
        token = kt_jwt_sign(keys[2], "ES256", "{\"alg\":\"ES256\",\"kid\":\"ec-1\"}", text);
        if (token)
            token_against(token, fixed, 1);
        break;
    }
    free(token);
    free(text);
    return 0;
}
