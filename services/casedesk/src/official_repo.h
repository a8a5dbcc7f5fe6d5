#ifndef KOERS_CASEDESK_OFFICIAL_REPO_H
#define KOERS_CASEDESK_OFFICIAL_REPO_H

#include "koers/db.h"
#include "casedesk.h"
#include "official_model.h"

/* SQL for officials, scoped to tenant_id. Out params are the caller's
 * (official_clear / official_array_free). A department that is not the
 * tenant's is KC_INVALID naming departmentId; a userSub another official
 * has is KC_CONFLICT. */

/* Inserts from in (has_* ignored). */
kc_status official_repo_insert(kc_db_conn *conn, const char *tenant_id, const official_input *in,
                               official *out, kc_problem *pb) KC_MUST_CHECK;
kc_status official_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, official *out,
                            kc_problem *pb) KC_MUST_CHECK;
kc_status official_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                             official **items, size_t *n, kc_keyset_next *next,
                             kc_problem *pb) KC_MUST_CHECK;
/* Applies the members with has_* set, at expected_version (-1 = any). */
kc_status official_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                               const official_input *patch, long long expected_version,
                               official *out, kc_problem *pb) KC_MUST_CHECK;

#endif
