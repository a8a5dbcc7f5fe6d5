#ifndef KOERS_CASEDESK_DEPARTMENT_REPO_H
#define KOERS_CASEDESK_DEPARTMENT_REPO_H

#include "koers/db.h"
#include "casedesk.h"
#include "department_model.h"

/* SQL for departments, scoped to tenant_id. Out params are the caller's
 * (department_clear / department_array_free). A team manager that is no
 * official of the tenant is KC_INVALID naming teamManagerId. */

/* Inserts from in (has_* ignored). */
kc_status department_repo_insert(kc_db_conn *conn, const char *tenant_id,
                                 const department_input *in, department *out,
                                 kc_problem *pb) KC_MUST_CHECK;
kc_status department_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                              department *out, kc_problem *pb) KC_MUST_CHECK;
kc_status department_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                               department **items, size_t *n, kc_keyset_next *next,
                               kc_problem *pb) KC_MUST_CHECK;
/* Applies the members with has_* set, at expected_version (-1 = any). */
kc_status department_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 const department_input *patch, long long expected_version,
                                 department *out, kc_problem *pb) KC_MUST_CHECK;
/* KC_CONFLICT while officials or referrals refer to it. */
kc_status department_repo_delete(kc_db_conn *conn, const char *tenant_id, const char *id,
                                 kc_problem *pb) KC_MUST_CHECK;

#endif
