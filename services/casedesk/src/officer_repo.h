#ifndef KOERS_CASEDESK_OFFICER_REPO_H
#define KOERS_CASEDESK_OFFICER_REPO_H

#include "koers/db.h"
#include "casedesk.h"
#include "officer_model.h"

/* SQL for liaison officers, scoped to tenant_id. open_cases is counted
 * from the cases table (status not resolved/closed), so it is always
 * right. Out params are the caller's (officer_clear / officer_array_free). */

/* Inserts from in (every member must be set; has_* ignored). */
kc_status officer_repo_insert(kc_db_conn *conn, const char *tenant_id, const officer_input *in,
                              officer *out, kc_problem *pb) KC_MUST_CHECK;
kc_status officer_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, officer *out,
                           kc_problem *pb) KC_MUST_CHECK;
kc_status officer_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                            officer **items, size_t *n, kc_keyset_next *next,
                            kc_problem *pb) KC_MUST_CHECK;
/* Applies the members with has_* set, at expected_version (-1 = any). */
kc_status officer_repo_update(kc_db_conn *conn, const char *tenant_id, const char *id,
                              const officer_input *patch, long long expected_version, officer *out,
                              kc_problem *pb) KC_MUST_CHECK;

/* How many distinct ids the JSON array ids holds, and how many of them are
 * officers of the tenant. */
kc_status officer_repo_count_known(kc_db_conn *conn, const char *tenant_id, const json_t *ids,
                                   int *distinct, int *known, kc_problem *pb) KC_MUST_CHECK;

#endif
