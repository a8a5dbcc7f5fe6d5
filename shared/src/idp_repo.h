#ifndef KOERS_IDP_REPO_H
#define KOERS_IDP_REPO_H

/* The identity providers of koers_iam for koers-admin (idp-set, idp-list,
 * idp-delete): the one place where the operator's commands meet their
 * SQL. Private to the shared library and koers-admin; the iam service
 * serves the same table through the resource kit, the authenticators read
 * it through auth_repo. Every change is announced to the authenticators by
 * the table's trigger. */

#include <jansson.h>
#include "koers/problem.h"

struct kc_db_conn;

/* Registers the identity provider body describes (wire names, validated
 * by kc_validate_json with kc_idp_fields and kc_idp_check) for tenant_id,
 * or, when its issuer is registered to tenant_id already, changes that
 * one: the members body holds are set, the others kept. *created 1 for a
 * new one; id gets its id. An issuer registered to another tenant is
 * KC_CONFLICT (the tenant is not named); an unknown tenant KC_INVALID. */
kc_status kc_idp_repo_set(struct kc_db_conn *conn, const char *tenant_id, const json_t *body,
                          char id[37], int *created, kc_problem *pb) KC_MUST_CHECK;

/* The identity providers of tenant_id, oldest first, as a new array of
 * objects in the API's wire form (*items, the caller's). */
kc_status kc_idp_repo_list(struct kc_db_conn *conn, const char *tenant_id, json_t **items,
                           kc_problem *pb) KC_MUST_CHECK;

/* Removes identity provider id (of any tenant: the operator's command);
 * KC_NOT_FOUND naming it when there is none. *issuer (issuer_len bytes)
 * gets its issuer, for the operator's message. */
kc_status kc_idp_repo_delete(struct kc_db_conn *conn, const char *id, char *issuer,
                             size_t issuer_len, kc_problem *pb) KC_MUST_CHECK;

#endif
