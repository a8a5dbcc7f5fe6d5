/* Reading a provider's claims: dotted claim paths and the mapping of the
 * provider's role or group names to Koers roles. See koers/jwks.h. */
#include "koers/jwks.h"

#include <string.h>

#define PATH_MAX_LEN 256
#define ROLE_MAX_LEN 40

/* The Koers roles (the specs' staff roles): a mapped name outside this list
 * grants nothing, so it is left out of the principal. */
static const char *const KOERS_ROLES[] = {
    "admin",           "coordinator",     "liaison_officer",   "official",
    "process_owner",   "process_manager", "programme_lead",    "programme_member",
    "core_team",       "survey_manager",  "integration_admin", "employee",
    "privacy_officer",
};

const json_t *kc_claims_at(const json_t *claims, const char *path)
{
    char buf[PATH_MAX_LEN + 1];
    const json_t *cur = claims;
    char *step, *dot;
    size_t n;

    if (!json_is_object(claims) || !path)
        return NULL;
    n = strnlen(path, PATH_MAX_LEN + 1);
    if (n == 0 || n > PATH_MAX_LEN)
        return NULL;
    memcpy(buf, path, n + 1);
    step = buf;
    for (;;) {
        if (!json_is_object(cur))
            return NULL;
        /* a member named by the whole rest ("https://x.example/roles") wins
         * over a split at its dots */
        if (json_object_get(cur, step))
            return json_object_get(cur, step);
        dot = strchr(step, '.');
        if (!dot || dot == step)
            return NULL;
        *dot = '\0';
        cur = json_object_get(cur, step);
        if (!cur)
            return NULL;
        step = dot + 1;
        if (*step == '\0')
            return NULL;
    }
}

const char *kc_claims_string(const json_t *claims, const char *path)
{
    return json_string_value(kc_claims_at(claims, path));
}

static int koers_role(const char *name)
{
    size_t n = strlen(name);

    if (n < 1 || n > ROLE_MAX_LEN || strspn(name, "abcdefghijklmnopqrstuvwxyz_") != n)
        return 0;
    for (size_t i = 0; i < KC_NELEMS(KOERS_ROLES); i++) {
        if (strcmp(name, KOERS_ROLES[i]) == 0)
            return 1;
    }
    return 0;
}

/* 1 when the space-separated list out[0..len) holds role. */
static int listed(const char *out, size_t len, const char *role)
{
    size_t n = strlen(role);
    const char *p = out;

    while (p < out + len) {
        const char *end = memchr(p, ' ', (size_t)(out + len - p));
        size_t m = end ? (size_t)(end - p) : (size_t)(out + len - p);
        if (m == n && memcmp(p, role, n) == 0)
            return 1;
        p += m + 1;
    }
    return 0;
}

/* Appends role to out (len bytes used) when it is a Koers role, not yet
 * there, and fits with its separator and the NUL. */
static void add_role(char *out, size_t outlen, size_t *len, int *count, const json_t *role)
{
    const char *r = json_string_value(role);
    size_t n;

    if (!r || !koers_role(r) || listed(out, *len, r))
        return;
    n = strlen(r);
    if (*len + (*len ? 1 : 0) + n + 1 > outlen)
        return;
    if (*len)
        out[(*len)++] = ' ';
    memcpy(out + *len, r, n + 1);
    *len += n;
    (*count)++;
}

/* Maps one provider name through role_map into out. */
static void map_name(const json_t *name, const json_t *role_map, char *out, size_t outlen,
                     size_t *len, int *count)
{
    const json_t *to;
    const json_t *r;
    size_t i;

    if (!json_is_string(name))
        return;
    to = json_object_get(role_map, json_string_value(name));
    if (json_is_string(to)) {
        add_role(out, outlen, len, count, to);
    } else if (json_is_array(to)) {
        json_array_foreach(to, i, r)
        {
            add_role(out, outlen, len, count, r);
        }
    }
}

int kc_claims_map_roles(const json_t *claims, const char *roles_claim, const json_t *role_map,
                        char *out, size_t outlen)
{
    const json_t *names;
    const json_t *name;
    size_t i, len = 0;
    int count = 0;

    if (!out || outlen == 0)
        return 0;
    out[0] = '\0';
    if (!json_is_object(role_map))
        return 0;
    names = kc_claims_at(claims, roles_claim);
    if (json_is_string(names)) {
        map_name(names, role_map, out, outlen, &len, &count);
    } else if (json_is_array(names)) {
        json_array_foreach(names, i, name)
        {
            map_name(name, role_map, out, outlen, &len, &count);
        }
    }
    return count;
}
