#ifndef KOERS_CASEDESK_CATEGORY_REPO_H
#define KOERS_CASEDESK_CATEGORY_REPO_H

#include "koers/db.h"
#include "casedesk.h"
#include "category_model.h"

/* SQL for categories. Every function is scoped to tenant_id; a row of
 * another tenant is KC_NOT_FOUND. Results go to caller-owned out params. */

/* Inserts a new category (name, sla_days; the other terms their
 * defaults) and fills out. */
kc_status category_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *name,
                               int sla_days, category *out, kc_problem *pb) KC_MUST_CHECK;

/* Inserts a new category with all its members (validated) and fills out.
 * An unknown process_owner_id fails the foreign key: KC_INVALID. */
kc_status category_repo_create(kc_db_conn *conn, const char *tenant_id, const category_new *in,
                               category *out, kc_problem *pb) KC_MUST_CHECK;

/* Whether the tenant has an official official_id (a UUID), and whether
 * it is active. */
kc_status category_repo_official_state(kc_db_conn *conn, const char *tenant_id,
                                       const char *official_id, int *exists, int *active,
                                       kc_problem *pb) KC_MUST_CHECK;

kc_status category_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, category *out,
                            kc_problem *pb) KC_MUST_CHECK;

/* One page in creation order; *items (caller frees with free()) holds *n. */
kc_status category_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                             category **items, size_t *n, kc_keyset_next *next,
                             kc_problem *pb) KC_MUST_CHECK;

/* Applies patch when the version is expected_version (-1 = any).
 * KC_PRECONDITION_FAILED on a version mismatch, KC_NOT_FOUND if absent. */
kc_status category_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                               const category_patch *patch, long long expected_version,
                               category *out, kc_problem *pb) KC_MUST_CHECK;

/* KC_CONFLICT while cases or routing rules refer to it. */
kc_status category_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                               kc_problem *pb) KC_MUST_CHECK;

#endif
