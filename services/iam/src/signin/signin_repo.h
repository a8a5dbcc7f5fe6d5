#ifndef KOERS_IAM_SIGNIN_REPO_H
#define KOERS_IAM_SIGNIN_REPO_H

/* SQL of the sign-in answer: a tenant's enabled identity providers. */

#include <jansson.h>
#include "koers/db.h"

/* The enabled providers of the active tenant whose slug is slug, oldest
 * first, as the sign-in answer shows them (id, name, issuer, discoveryUrl
 * (the effective one), clientId, scopes, redirectUris,
 * postLogoutRedirectUris): *items a new array (the caller's). *found 0
 * (and *items NULL) when no active tenant has that slug. */
kc_status signin_repo_providers(kc_db_conn *conn, const char *slug, json_t **items, int *found,
                                kc_problem *pb) KC_MUST_CHECK;

#endif
