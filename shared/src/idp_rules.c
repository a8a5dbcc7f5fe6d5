/* The rules of an identity provider registration (koers/idp.h), shared by
 * the iam service and koers-admin. Pure: no database, no HTTP. */
#include "koers/idp.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const kc_field kc_idp_fields[] = {
    KC_IDP_FIELD_NAME,        KC_IDP_FIELD_ISSUER,        KC_IDP_FIELD_DISCOVERY_URL,
    KC_IDP_FIELD_AUDIENCE,    KC_IDP_FIELD_CLIENT_ID,     KC_IDP_FIELD_SCOPES,
    KC_IDP_FIELD_ROLES_CLAIM, KC_IDP_FIELD_ROLE_MAP,      KC_IDP_FIELD_NAME_CLAIM,
    KC_IDP_FIELD_EMAIL_CLAIM, KC_IDP_FIELD_REDIRECT_URIS, KC_IDP_FIELD_POST_LOGOUT_URIS,
    KC_IDP_FIELD_ENABLED,
};
const size_t kc_idp_nfields = KC_NELEMS(kc_idp_fields);

const char *const kc_koers_roles[] = {
    "admin",
    "coordinator",
    "liaison_officer",
    "official",
    "process_owner",
    "process_manager",
    "programme_lead",
    "programme_member",
    "core_team",
    "survey_manager",
    "integration_admin",
    "employee",
    "privacy_officer",
    NULL,
};

int kc_idp_is_koers_role(const char *role)
{
    const char *const *r;

    for (r = kc_koers_roles; role != NULL && *r != NULL; r++)
        if (strcmp(*r, role) == 0)
            return 1;
    return 0;
}

/* Writes a reason; returns 0 (the URL is refused). */
static int refuse(char *reason, size_t reason_len, const char *why)
{
    snprintf(reason, reason_len, "%s", why);
    return 0;
}

/* A loopback host: 127.0.0.0/8 written as four numbers, [::1], localhost. */
static int is_loopback(const char *host, size_t n)
{
    unsigned a, b, c, d;
    char buf[64], tail;

    if (n == 0 || n >= sizeof(buf))
        return 0;
    memcpy(buf, host, n);
    buf[n] = '\0';
    if (strcasecmp(buf, "localhost") == 0 || strcmp(buf, "[::1]") == 0)
        return 1;
    if (sscanf(buf, "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &tail) != 4)
        return 0;
    return a == 127 && b <= 255 && c <= 255 && d <= 255;
}

/* Letters, digits and - . of a host name, or an IP literal in brackets. */
static int host_ok(const char *host, size_t n)
{
    size_t i;

    if (n == 0)
        return 0;
    if (host[0] == '[')
        return n > 2 && host[n - 1] == ']' && strspn(host + 1, "0123456789abcdefABCDEF:.") == n - 2;
    for (i = 0; i < n; i++)
        if (!((host[i] >= 'a' && host[i] <= 'z') || (host[i] >= 'A' && host[i] <= 'Z') ||
              (host[i] >= '0' && host[i] <= '9') || host[i] == '-' || host[i] == '.'))
            return 0;
    return 1;
}

int kc_idp_url_ok(const char *url, int redirect, int is_issuer, int allow_http, char *reason,
                  size_t reason_len)
{
    const char *authority, *end, *host_end, *p;
    size_t len, host_len;
    int http;

    len = url != NULL ? kc_utf8_len(url) : (size_t)-1;
    if (len == (size_t)-1 || len > KC_IDP_URL_MAX)
        return refuse(reason, reason_len, "must be a URL of at most 500 characters");
    for (p = url; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7f)
            return refuse(reason, reason_len, "must not contain blanks or control characters");
    if (strncasecmp(url, "https://", 8) == 0) {
        http = 0;
        authority = url + 8;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        http = 1;
        authority = url + 7;
    } else
        return refuse(reason, reason_len, "must be an absolute https URL");
    if (strchr(url, '#') != NULL)
        return refuse(reason, reason_len, "must not have a fragment (#...)");
    end = authority + strcspn(authority, "/?");
    if (memchr(authority, '@', (size_t)(end - authority)) != NULL)
        return refuse(reason, reason_len, "must not carry a user name or password (user@host)");
    /* the host ends at the port's colon (an IPv6 literal has its own) */
    if (authority[0] == '[') {
        host_end = memchr(authority, ']', (size_t)(end - authority));
        host_end = host_end != NULL ? host_end + 1 : end;
    } else {
        host_end = memchr(authority, ':', (size_t)(end - authority));
        if (host_end == NULL)
            host_end = end;
    }
    host_len = (size_t)(host_end - authority);
    if (!host_ok(authority, host_len))
        return refuse(reason, reason_len, "must name a host");
    if (host_end < end &&
        (host_end[0] != ':' || end - host_end < 2 ||
         strspn(host_end + 1, "0123456789") != (size_t)(end - host_end - 1) || end - host_end > 6))
        return refuse(reason, reason_len, "has a malformed port");
    if (http && !is_loopback(authority, host_len))
        return refuse(reason, reason_len,
                      "must be an https URL (http only on a loopback host such as 127.0.0.1)");
    if (http && !redirect && !allow_http)
        return refuse(
            reason, reason_len,
            "must be an https URL (http on a loopback host needs KOERS_OIDC_ALLOW_HTTP=1)");
    if (is_issuer && strchr(url, '?') != NULL)
        return refuse(reason, reason_len, "must not have a query (?...)");
    return 1;
}

int kc_idp_claim_path_ok(const char *path)
{
    size_t n, i;
    int segment = 0;

    if (path == NULL || (n = strlen(path)) == 0 || n > 200)
        return 0;
    for (i = 0; i < n; i++) {
        char c = path[i];
        if (c == '.') {
            if (segment == 0)
                return 0;
            segment = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == ':' || c == '/' || c == '-') {
            segment++;
        } else
            return 0;
    }
    return segment > 0;
}

/* Space-separated scope tokens (RFC 6749 3.3: printable ASCII but " and
 * \), "openid" among them. */
static int scopes_ok(const char *s, const char **why)
{
    const char *p = s;
    int openid = 0;
    size_t n;

    while (*p) {
        n = strcspn(p, " ");
        if (n == 0) {
            *why = "scope tokens are separated by single spaces";
            return 0;
        }
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)p[i] < 0x21 || (unsigned char)p[i] > 0x7e || p[i] == '"' ||
                p[i] == '\\') {
                *why = "a scope is printable ASCII without \" or \\";
                return 0;
            }
        openid |= n == 6 && memcmp(p, "openid", 6) == 0;
        p += n;
        if (*p == ' ' && (p[1] == '\0' || p[1] == ' ')) {
            *why = "scope tokens are separated by single spaces";
            return 0;
        }
        if (*p == ' ')
            p++;
    }
    if (!openid) {
        *why = "must include openid";
        return 0;
    }
    return 1;
}

static void check_url(const json_t *body, const char *member, int is_issuer, int allow_http,
                      kc_problem *pb)
{
    const json_t *v = json_object_get(body, member);
    char reason[160];

    if (json_is_string(v) &&
        !kc_idp_url_ok(json_string_value(v), 0, is_issuer, allow_http, reason, sizeof(reason)))
        kc_problem_add_field(pb, member, reason);
}

static void check_uris(const json_t *body, const char *member, kc_problem *pb)
{
    const json_t *list = json_object_get(body, member), *item;
    char reason[160], name[64];
    size_t i, j;

    json_array_foreach(list, i, item)
    {
        snprintf(name, sizeof(name), "%s[%zu]", member, i);
        if (!json_is_string(item))
            kc_problem_add_field(pb, name, "must be a string");
        else if (!kc_idp_url_ok(json_string_value(item), 1, 0, 0, reason, sizeof(reason)))
            kc_problem_add_field(pb, name, reason);
        else
            for (j = 0; j < i; j++)
                if (json_equal(json_array_get(list, j), item)) {
                    kc_problem_add_field(pb, name, "listed twice");
                    break;
                }
    }
}

static void check_claim(const json_t *body, const char *member, kc_problem *pb)
{
    const json_t *v = json_object_get(body, member);

    if (json_is_string(v) && !kc_idp_claim_path_ok(json_string_value(v)))
        kc_problem_add_field(
            pb, member,
            "must be a claim name or a dotted path such as realm_access.roles (letters, digits, _ : / -)");
}

/* One value of the role map: a Koers role, or a non-empty array of them. */
static void check_role_value(const char *key, const json_t *v, kc_problem *pb)
{
    char name[256], reason[128];
    const json_t *item;
    size_t i;

    snprintf(name, sizeof(name), "roleMap.%s", key);
    if (json_is_string(v)) {
        if (!kc_idp_is_koers_role(json_string_value(v))) {
            snprintf(reason, sizeof(reason), "unknown Koers role \"%.60s\"", json_string_value(v));
            kc_problem_add_field(pb, name, reason);
        }
        return;
    }
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 13) {
        kc_problem_add_field(pb, name, "must be a Koers role or an array of 1..13 of them");
        return;
    }
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item)) {
            kc_problem_add_field(pb, name, "must be a Koers role or an array of 1..13 of them");
            return;
        }
        if (!kc_idp_is_koers_role(json_string_value(item))) {
            snprintf(reason, sizeof(reason), "unknown Koers role \"%.60s\"",
                     json_string_value(item));
            kc_problem_add_field(pb, name, reason);
        }
    }
}

static void check_role_map(const json_t *body, kc_problem *pb)
{
    const json_t *map = json_object_get(body, "roleMap"), *v;
    const char *key;
    size_t n;

    if (!json_is_object(map))
        return;
    if (json_object_size(map) > KC_IDP_MAX_ROLE_MAP) {
        kc_problem_add_field(pb, "roleMap", "at most 200 provider roles or groups");
        return;
    }
    json_object_foreach((json_t *)map, key, v)
    {
        n = kc_utf8_len(key);
        if (n == 0 || n == (size_t)-1 || n > 200) {
            kc_problem_add_field(pb, "roleMap",
                                 "a provider role or group name is 1..200 characters");
            continue;
        }
        check_role_value(key, v, pb);
    }
}

kc_status kc_idp_check(const json_t *body, int allow_http, kc_problem *pb)
{
    const json_t *scopes = json_object_get(body, "scopes");
    const char *why = NULL;

    check_url(body, "issuer", 1, allow_http, pb);
    check_url(body, "discoveryUrl", 0, allow_http, pb);
    check_uris(body, "redirectUris", pb);
    check_uris(body, "postLogoutRedirectUris", pb);
    check_role_map(body, pb);
    check_claim(body, "rolesClaim", pb);
    check_claim(body, "nameClaim", pb);
    check_claim(body, "emailClaim", pb);
    if (json_is_string(scopes) && !scopes_ok(json_string_value(scopes), &why))
        kc_problem_add_field(pb, "scopes", why);
    if (pb->invalid_params == NULL || json_array_size(pb->invalid_params) == 0)
        return KC_OK;
    return kc_problem_set(pb, KC_INVALID, "the identity provider is not valid: see invalidParams");
}
