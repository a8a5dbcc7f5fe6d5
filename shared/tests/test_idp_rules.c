/* The rules of an identity provider registration (koers/idp.h), shared by
 * the iam service's API and koers-admin idp-set: URLs, redirect URIs, the
 * role map, claim paths and scopes, each fault named as the API names it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "koers/idp.h"

static int url_ok(const char *url, int redirect, int is_issuer, int allow_http)
{
    char reason[160] = "";
    int ok = kc_idp_url_ok(url, redirect, is_issuer, allow_http, reason, sizeof(reason));

    assert_true(ok ? reason[0] == '\0' : reason[0] != '\0');
    return ok;
}

static void provider_urls(void **state)
{
    (void)state;
    assert_true(url_ok("https://login.microsoftonline.com/5d2e/v2.0", 0, 1, 0));
    assert_true(url_ok("https://kc.example.nl:8443/realms/staff/", 0, 1, 0));
    assert_true(url_ok("HTTPS://KC.EXAMPLE.NL/realms/x", 0, 1, 0));
    assert_true(url_ok("https://[2001:db8::1]/x", 0, 1, 0));
    assert_true(url_ok("https://idp.example.nl/.well-known/openid-configuration?x=1", 0, 0, 0));
    assert_false(url_ok("https://idp.example.nl/realms/x?tenant=1", 0, 1, 0)); /* issuer: query */
    assert_false(url_ok("https://idp.example.nl/x#f", 0, 0, 0));
    assert_false(url_ok("https://user:pw@idp.example.nl/x", 0, 0, 0));
    assert_false(url_ok("https://user@idp.example.nl", 0, 0, 0));
    assert_false(url_ok("idp.example.nl/x", 0, 0, 0));
    assert_false(url_ok("ftp://idp.example.nl/x", 0, 0, 0));
    assert_false(url_ok("https:///x", 0, 0, 0));
    assert_false(url_ok("https://idp.example.nl:/x", 0, 0, 0));
    assert_false(url_ok("https://idp.example.nl:99999999/x", 0, 0, 0));
    assert_false(url_ok("https://idp.exa mple.nl/x", 0, 0, 0));
    assert_false(url_ok("https://idp.example.nl/\x01", 0, 0, 0));
    assert_false(url_ok("https://idp_example.nl/x", 0, 0, 0));
    /* http: a loopback host, and only when allowed */
    assert_false(url_ok("http://127.0.0.1:8090/oidc", 0, 1, 0));
    assert_true(url_ok("http://127.0.0.1:8090/oidc", 0, 1, 1));
    assert_true(url_ok("http://localhost/oidc", 0, 1, 1));
    assert_true(url_ok("http://[::1]:9000/oidc", 0, 1, 1));
    assert_true(url_ok("http://127.1.2.3/oidc", 0, 1, 1));
    assert_false(url_ok("http://idp.example.nl/oidc", 0, 1, 1));
    assert_false(url_ok("http://127.0.0.1.example.nl/oidc", 0, 1, 1));
    assert_false(url_ok("http://128.0.0.1/oidc", 0, 1, 1));
    assert_false(url_ok("http://127.0.0.256/oidc", 0, 1, 1));
}

static void redirect_uris(void **state)
{
    char longest[KC_IDP_URL_MAX + 2];

    (void)state;
    assert_true(url_ok("https://werkplek.example.nl/signed-in?x=1", 1, 0, 0));
    /* http on a loopback host: always, for a redirect URI (RFC 8252) */
    assert_true(url_ok("http://127.0.0.1:5173/cb", 1, 0, 0));
    assert_true(url_ok("http://localhost:5173/cb", 1, 0, 0));
    assert_false(url_ok("http://werkplek.example.nl/cb", 1, 0, 1));
    assert_false(url_ok("https://werkplek.example.nl/cb#x", 1, 0, 0));
    assert_false(url_ok("/relative", 1, 0, 0));
    memset(longest, 'a', sizeof(longest) - 1);
    memcpy(longest, "https://x.nl/", 13);
    longest[sizeof(longest) - 1] = '\0'; /* 501 characters */
    assert_false(url_ok(longest, 1, 0, 0));
    longest[sizeof(longest) - 2] = '\0'; /* 500 */
    assert_true(url_ok(longest, 1, 0, 0));
}

static void claim_paths(void **state)
{
    (void)state;
    assert_true(kc_idp_claim_path_ok("roles"));
    assert_true(kc_idp_claim_path_ok("realm_access.roles"));
    assert_true(kc_idp_claim_path_ok("resource_access.koers-werkplek.roles"));
    assert_true(kc_idp_claim_path_ok("http://schemas.example/claims:groups"));
    assert_false(kc_idp_claim_path_ok(""));
    assert_false(kc_idp_claim_path_ok(".roles"));
    assert_false(kc_idp_claim_path_ok("roles."));
    assert_false(kc_idp_claim_path_ok("a..b"));
    assert_false(kc_idp_claim_path_ok("roles[0]"));
    assert_false(kc_idp_claim_path_ok("given name"));
    assert_false(kc_idp_claim_path_ok(NULL));
}

static void roles(void **state)
{
    const char *const *r;
    size_t n = 0;

    (void)state;
    for (r = kc_koers_roles; *r != NULL; r++, n++)
        assert_true(kc_idp_is_koers_role(*r));
    assert_int_equal(n, 13);
    assert_false(kc_idp_is_koers_role("superuser"));
    assert_false(kc_idp_is_koers_role("Admin"));
    assert_false(kc_idp_is_koers_role(""));
    assert_false(kc_idp_is_koers_role(NULL));
}

/* The names of pb's invalidParams, ", "-joined, into out. */
static void names_of(const kc_problem *pb, char *out, size_t n)
{
    const json_t *item;
    size_t i, used = 0;

    out[0] = '\0';
    json_array_foreach(pb->invalid_params, i, item)
    {
        used += (size_t)snprintf(out + used, n - used, "%s%s", i ? ", " : "",
                                 json_string_value(json_object_get(item, "name")));
        assert_true(used < n);
    }
}

/* kc_idp_check of the JSON text body: its status and the fields named. */
static kc_status check(const char *text, int allow_http, char *names, size_t n)
{
    json_error_t err;
    json_t *body = json_loads(text, 0, &err);
    kc_problem pb;
    kc_status st;

    assert_non_null(body);
    kc_problem_init(&pb);
    st = kc_idp_check(body, allow_http, &pb);
    names_of(&pb, names, n);
    if (st != KC_OK)
        assert_int_equal(pb.status, KC_INVALID);
    kc_problem_clear(&pb);
    json_decref(body);
    return st;
}

static void whole_registrations(void **state)
{
    char names[512];

    (void)state;
    assert_int_equal(
        check("{\"issuer\": \"https://kc.example.nl/realms/staff\","
              " \"discoveryUrl\": null, \"scopes\": \"openid profile\","
              " \"rolesClaim\": \"realm_access.roles\", \"nameClaim\": null,"
              " \"roleMap\": {\"g-1\": \"coordinator\", \"g-2\": [\"official\", \"employee\"]},"
              " \"redirectUris\": [\"https://w.example.nl/cb\", \"http://127.0.0.1:1/cb\"]}",
              0, names, sizeof(names)),
        KC_OK);
    assert_string_equal(names, "");
    /* every fault at once, each named as the API names it */
    assert_int_equal(
        check("{\"issuer\": \"http://kc.example.nl\","
              " \"discoveryUrl\": \"https://kc.example.nl/#x\","
              " \"scopes\": \"profile email\", \"rolesClaim\": \"a..b\","
              " \"emailClaim\": \"e mail\","
              " \"roleMap\": {\"g-1\": \"coordinator\", \"g-9\": \"superuser\","
              "               \"g-3\": [], \"g-4\": [\"official\", \"root\"], \"g-5\": 7},"
              " \"redirectUris\": [\"https://w.example.nl/cb\", \"https://w.example.nl/cb\"],"
              " \"postLogoutRedirectUris\": [\"/\"]}",
              0, names, sizeof(names)),
        KC_INVALID);
    assert_string_equal(
        names,
        "issuer, discoveryUrl, redirectUris[1], postLogoutRedirectUris[0], roleMap.g-9, roleMap.g-3, roleMap.g-4, roleMap.g-5, rolesClaim, emailClaim, scopes");
    /* a PATCH: only what it holds */
    assert_int_equal(check("{\"enabled\": false}", 0, names, sizeof(names)), KC_OK);
    assert_int_equal(check("{\"issuer\": \"http://127.0.0.1:9/x\"}", 0, names, sizeof(names)),
                     KC_INVALID);
    assert_string_equal(names, "issuer");
    assert_int_equal(check("{\"issuer\": \"http://127.0.0.1:9/x\"}", 1, names, sizeof(names)),
                     KC_OK);
}

static void unknown_role_is_named(void **state)
{
    json_t *body = json_pack("{s:{s:s}}", "roleMap", "koers-admins", "superuser");
    kc_problem pb;
    const char *reason;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_idp_check(body, 0, &pb), KC_INVALID);
    reason = json_string_value(json_object_get(json_array_get(pb.invalid_params, 0), "reason"));
    assert_non_null(strstr(reason, "\"superuser\""));
    kc_problem_clear(&pb);
    json_decref(body);
}

static void field_limits(void **state)
{
    json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "name", "Keycloak", "issuer",
                             "https://kc.example.nl", "audience", "a", "clientId", "c");
    json_t *uris = json_array();
    kc_problem pb;
    int i;

    (void)state;
    kc_problem_init(&pb);
    assert_int_equal(kc_validate_json(body, kc_idp_fields, kc_idp_nfields, &pb), KC_OK);
    for (i = 0; i <= KC_IDP_MAX_URIS; i++)
        json_array_append_new(uris, json_string("https://w.example.nl/cb"));
    json_object_set_new(body, "redirectUris", uris);
    json_object_del(body, "audience");
    assert_int_equal(kc_validate_json(body, kc_idp_fields, kc_idp_nfields, &pb), KC_INVALID);
    assert_int_equal(json_array_size(pb.invalid_params), 2); /* audience, redirectUris */
    kc_problem_clear(&pb);
    json_decref(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(provider_urls),       cmocka_unit_test(redirect_uris),
        cmocka_unit_test(claim_paths),         cmocka_unit_test(roles),
        cmocka_unit_test(whole_registrations), cmocka_unit_test(unknown_role_is_named),
        cmocka_unit_test(field_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
