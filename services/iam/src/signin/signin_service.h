#ifndef KOERS_IAM_SIGNIN_SERVICE_H
#define KOERS_IAM_SIGNIN_SERVICE_H

/* The sign-in answer: which providers sign a tenant's staff in. */

#include <jansson.h>
#include "koers/db.h"

/* What a browser needs to sign the staff of the tenant whose slug is slug
 * in with authorization code + PKCE: *out a new document {"tenant":
 * slug, "items": [the enabled providers: id, name, issuer, discoveryUrl,
 * clientId, scopes, redirectUris, postLogoutRedirectUris]}; never a role
 * map or a claim. KC_NOT_FOUND (the same detail) for a slug no active
 * tenant has, a malformed one included. */
kc_status signin_service_get(kc_db_pool *pool, const char *slug, json_t **out,
                             kc_problem *pb) KC_MUST_CHECK;

#endif
