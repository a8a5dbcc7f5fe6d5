/* Unit tests of shared/src/claims.c: dotted claim paths ("roles",
 * "realm_access.roles", missing steps, a step that is not an object) and
 * the mapping of a provider's role or group names to Koers roles (string
 * and array values, duplicates once, names that are no Koers role skipped,
 * a full buffer, no role at all). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "koers/jwks.h"

static json_t *load(const char *text)
{
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    return j;
}

static void reads_dotted_paths(void **state)
{
    json_t *c = load("{\"roles\":[\"a\"],\"realm_access\":{\"roles\":[\"b\",\"c\"],\"n\":3},"
                     "\"name\":\"Zoë\",\"deep\":{\"x\":{\"y\":{\"z\":\"found\"}}},"
                     "\"https://koers.example/roles\":\"url\",\"list\":[{\"a\":1}],"
                     "\"dot\":{\"a.b\":\"inner\"}}");

    (void)state;
    assert_int_equal(json_array_size(kc_claims_at(c, "roles")), 1);
    assert_int_equal(json_array_size(kc_claims_at(c, "realm_access.roles")), 2);
    assert_string_equal(kc_claims_string(c, "deep.x.y.z"), "found");
    assert_string_equal(kc_claims_string(c, "name"), "Zoë");
    assert_string_equal(kc_claims_string(c, "https://koers.example/roles"), "url");
    assert_string_equal(kc_claims_string(c, "dot.a.b"), "inner");
    /* missing steps */
    assert_null(kc_claims_at(c, "groups"));
    assert_null(kc_claims_at(c, "realm_access.groups"));
    assert_null(kc_claims_at(c, "nope.roles"));
    assert_null(kc_claims_at(c, "deep.x.q.z"));
    /* a step that is not an object */
    assert_null(kc_claims_at(c, "roles.x"));
    assert_null(kc_claims_at(c, "realm_access.n.x"));
    assert_null(kc_claims_at(c, "list.a"));
    assert_null(kc_claims_at(c, "name.x"));
    /* empty steps and paths */
    assert_null(kc_claims_at(c, ""));
    assert_null(kc_claims_at(c, "."));
    assert_null(kc_claims_at(c, "realm_access."));
    assert_null(kc_claims_at(c, ".roles"));
    assert_null(kc_claims_at(c, "realm_access..roles"));
    assert_null(kc_claims_at(c, NULL));
    assert_null(kc_claims_at(NULL, "roles"));
    /* not a string */
    assert_null(kc_claims_string(c, "roles"));
    assert_null(kc_claims_string(c, "realm_access"));
    json_decref(c);
}

static void refuses_a_path_too_long(void **state)
{
    char path[300];
    json_t *c = json_object();

    (void)state;
    memset(path, 'a', sizeof(path) - 1);
    path[sizeof(path) - 1] = '\0';
    json_object_set_new(c, path, json_string("v"));
    assert_null(kc_claims_at(c, path));
    path[256] = '\0';
    json_object_set_new(c, path, json_string("w"));
    assert_string_equal(kc_claims_string(c, path), "w");
    json_decref(c);
}

/* kc_claims_map_roles on claims text and role_map text into out. */
static int map(const char *claims, const char *path, const char *role_map, char *out, size_t outlen)
{
    json_t *c = load(claims);
    json_t *m = load(role_map);
    int n;

    memset(out, 'x', outlen);
    n = kc_claims_map_roles(c, path, m, out, outlen);
    json_decref(c);
    json_decref(m);
    return n;
}

#define MAP                                                                                        \
    "{\"koers-coordinators\":\"coordinator\",\"g-1234\":[\"official\",\"employee\"],"              \
    "\"koers-admins\":[\"admin\",\"coordinator\"],\"bad\":\"Admin\",\"evil\":\"root\","            \
    "\"space\":\"admin official\",\"num\":7,\"mixed\":[\"privacy_officer\",3,\"x y\",\"\"],"       \
    "\"long\":\"liaison_officer\"}"

static void maps_provider_names_to_koers_roles(void **state)
{
    char out[256];

    (void)state;
    /* an array of names, one mapped to two roles */
    assert_int_equal(map("{\"roles\":[\"g-1234\"]}", "roles", MAP, out, sizeof(out)), 2);
    assert_string_equal(out, "official employee");
    /* one string */
    assert_int_equal(map("{\"groups\":\"koers-coordinators\"}", "groups", MAP, out, sizeof(out)),
                     1);
    assert_string_equal(out, "coordinator");
    /* nested path; duplicates once, in the order first met */
    assert_int_equal(map("{\"realm_access\":{\"roles\":[\"koers-coordinators\",\"koers-admins\","
                         "\"koers-coordinators\",\"g-1234\"]}}",
                         "realm_access.roles", MAP, out, sizeof(out)),
                     4);
    assert_string_equal(out, "coordinator admin official employee");
    /* names compared exactly */
    assert_int_equal(map("{\"roles\":[\"KOERS-COORDINATORS\",\"koers-coordinators \"]}", "roles",
                         MAP, out, sizeof(out)),
                     0);
    assert_string_equal(out, "");
    /* what is no Koers role is skipped: another case, unknown, two words,
     * a number, an empty name */
    assert_int_equal(map("{\"roles\":[\"bad\",\"evil\",\"space\",\"num\",\"mixed\"]}", "roles", MAP,
                         out, sizeof(out)),
                     1);
    assert_string_equal(out, "privacy_officer");
    /* names that are not strings, in the claim */
    assert_int_equal(
        map("{\"roles\":[1,null,{\"a\":1},\"g-1234\"]}", "roles", MAP, out, sizeof(out)), 2);
    assert_string_equal(out, "official employee");
}

static void maps_no_role_to_an_empty_set(void **state)
{
    char out[64];

    (void)state;
    assert_int_equal(map("{\"roles\":[\"nobody\"]}", "roles", MAP, out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(map("{\"sub\":\"x\"}", "roles", MAP, out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(map("{\"roles\":{\"g-1234\":true}}", "roles", MAP, out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(map("{\"roles\":[]}", "roles", MAP, out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(map("{\"roles\":[\"g-1234\"]}", "roles", "{}", out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(map("{\"roles\":[\"g-1234\"]}", "roles", "[\"g-1234\"]", out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(kc_claims_map_roles(NULL, "roles", NULL, out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(kc_claims_map_roles(NULL, "roles", NULL, NULL, 0), 0);
}

static void stops_when_out_is_full(void **state)
{
    char out[32];
    const char *claims = "{\"roles\":[\"koers-admins\",\"g-1234\",\"long\"]}";

    (void)state;
    /* "admin coordinator official" is 26 bytes; " employee" would not fit
     * in 32 with its NUL, "liaison_officer" neither */
    assert_int_equal(map(claims, "roles", MAP, out, sizeof(out)), 3);
    assert_string_equal(out, "admin coordinator official");
    /* exactly room for "admin" */
    assert_int_equal(map(claims, "roles", MAP, out, 6), 1);
    assert_string_equal(out, "admin");
    assert_int_equal(map(claims, "roles", MAP, out, 5), 0);
    assert_string_equal(out, "");
    assert_int_equal(map(claims, "roles", MAP, out, 1), 0);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_dotted_paths),
        cmocka_unit_test(refuses_a_path_too_long),
        cmocka_unit_test(maps_provider_names_to_koers_roles),
        cmocka_unit_test(maps_no_role_to_an_empty_set),
        cmocka_unit_test(stops_when_out_is_full),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
