#ifndef KOERS_IDP_H
#define KOERS_IDP_H

/* The rules of a tenant's identity provider registration
 * (koers_iam.identity_providers), in one place for the iam service's API
 * and for koers-admin's idp-set: the members in their wire names, their
 * types and limits (KC_IDP_FIELD_*, for kc_validate_json or a resource
 * column), and the rules types cannot say (kc_idp_check): URLs, the role
 * map, claim paths, scopes. */

#include <stddef.h>
#include <jansson.h>
#include "koers/problem.h"
#include "koers/validate.h"

/* At most this many redirect URIs (and post-logout redirect URIs). */
#define KC_IDP_MAX_URIS 20
/* Longest URL (issuer, discovery URL, redirect URI), in characters. */
#define KC_IDP_URL_MAX 500
/* At most this many provider names in a role map. */
#define KC_IDP_MAX_ROLE_MAP 200

/* The members, as kc_field initialisers (wire names; the table's limits). */
/* clang-format off */
#define KC_IDP_FIELD_NAME          {.name = "name", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200}
#define KC_IDP_FIELD_ISSUER        {.name = "issuer", .type = KC_T_STRING, .required = 1, .min_len = 8, .max_len = KC_IDP_URL_MAX}
#define KC_IDP_FIELD_DISCOVERY_URL {.name = "discoveryUrl", .type = KC_T_STRING, .nullable = 1, .min_len = 8, .max_len = KC_IDP_URL_MAX}
#define KC_IDP_FIELD_AUDIENCE      {.name = "audience", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200}
#define KC_IDP_FIELD_CLIENT_ID     {.name = "clientId", .type = KC_T_STRING, .required = 1, .min_len = 1, .max_len = 200}
#define KC_IDP_FIELD_SCOPES        {.name = "scopes", .type = KC_T_STRING, .min_len = 6, .max_len = 500}
#define KC_IDP_FIELD_ROLES_CLAIM   {.name = "rolesClaim", .type = KC_T_STRING, .min_len = 1, .max_len = 200}
#define KC_IDP_FIELD_ROLE_MAP      {.name = "roleMap", .type = KC_T_OBJECT}
#define KC_IDP_FIELD_NAME_CLAIM    {.name = "nameClaim", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 100}
#define KC_IDP_FIELD_EMAIL_CLAIM   {.name = "emailClaim", .type = KC_T_STRING, .nullable = 1, .min_len = 1, .max_len = 100}
#define KC_IDP_FIELD_REDIRECT_URIS {.name = "redirectUris", .type = KC_T_ARRAY, .max_len = KC_IDP_MAX_URIS, .item_type = KC_T_STRING, .item_min_len = 8, .item_max_len = KC_IDP_URL_MAX}
#define KC_IDP_FIELD_POST_LOGOUT_URIS {.name = "postLogoutRedirectUris", .type = KC_T_ARRAY, .max_len = KC_IDP_MAX_URIS, .item_type = KC_T_STRING, .item_min_len = 8, .item_max_len = KC_IDP_URL_MAX}
#define KC_IDP_FIELD_ENABLED       {.name = "enabled", .type = KC_T_BOOL}
/* clang-format on */

/* The defaults of the table for an absent member. */
#define KC_IDP_DEFAULT_SCOPES      "openid profile email"
#define KC_IDP_DEFAULT_ROLES_CLAIM "roles"

/* Every member above, in that order (for a whole registration, as
 * koers-admin builds it). */
extern const kc_field kc_idp_fields[];
extern const size_t kc_idp_nfields;

/* The Koers roles a role map may name, NULL-terminated (the specs' roles:
 * admin, coordinator, liaison_officer, ...). */
extern const char *const kc_koers_roles[];

/* 1 when role is one of kc_koers_roles, else 0. */
int kc_idp_is_koers_role(const char *role);

/* Whether url may be a provider's URL (an issuer, a discovery URL:
 * redirect 0) or a browser's redirect URI (redirect 1): absolute, https,
 * a host, no userinfo, no fragment, no blank or control character, at
 * most KC_IDP_URL_MAX characters; http only on a loopback host
 * (127.0.0.0/8, [::1], localhost), for a provider URL only when
 * allow_http (KOERS_OIDC_ALLOW_HTTP=1), for a redirect URI always (a
 * native or development client on the machine, RFC 8252). An issuer
 * (is_issuer) also has no query. Returns 1, or 0 with the reason in
 * reason (reason_len bytes). */
int kc_idp_url_ok(const char *url, int redirect, int is_issuer, int allow_http, char *reason,
                  size_t reason_len);

/* Checks the rules types cannot say on the members body holds (a PATCH
 * checks what it changes; a whole registration all of them), after
 * kc_validate_json has checked their types: issuer and discoveryUrl
 * (kc_idp_url_ok), redirectUris and postLogoutRedirectUris (each item, no
 * duplicates), roleMap (each value a Koers role or a non-empty array of
 * them; an unknown role is named), rolesClaim, nameClaim and emailClaim
 * (dotted claim paths such as "realm_access.roles"), scopes (space-
 * separated scope tokens, "openid" among them). Each fault is added to pb
 * (kc_problem_add_field, named "roleMap.<name>" for a role map entry,
 * "redirectUris[2]" for an item). Returns KC_OK, or KC_INVALID with the
 * faults and a detail in pb. */
kc_status kc_idp_check(const json_t *body, int allow_http, kc_problem *pb) KC_MUST_CHECK;

/* 1 when path is a dotted claim path: segments of A-Z a-z 0-9 _ : / -
 * joined by single dots, 1..200 characters in all (the table's rule). */
int kc_idp_claim_path_ok(const char *path);

#endif
