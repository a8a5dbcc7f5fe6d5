#ifndef KOERS_CASEDESK_WORKLIST_REPO_H
#define KOERS_CASEDESK_WORKLIST_REPO_H

#include <jansson.h>
#include "koers/db.h"
#include "koers/keyset.h"
#include "casedesk.h"
#include "reports/worklist_model.h"

/* SQL of the work lists, the triage queue and the coordinator's overview,
 * scoped to tenant_id. Lists are keyset pages (*items the caller's,
 * worklist_item_array_free). */

/* The liaison officer whose userSub is sub, into id; KC_NOT_FOUND if none. */
kc_status worklist_repo_officer_by_sub(kc_db_conn *conn, const char *tenant_id, const char *sub,
                                       char id[37], kc_problem *pb) KC_MUST_CHECK;
/* KC_OK when the tenant has the liaison officer id, else KC_NOT_FOUND. */
kc_status worklist_repo_officer_exists(kc_db_conn *conn, const char *tenant_id, const char *id,
                                       kc_problem *pb) KC_MUST_CHECK;

/* The officer's open cases (not resolved or closed) by resolutionDue
 * (nulls last), then id. */
kc_status worklist_repo_officer_cases(kc_db_conn *conn, const char *tenant_id,
                                      const char *officer_id, const kc_keyset *page,
                                      worklist_item **items, size_t *n, kc_keyset_next *next,
                                      kc_problem *pb) KC_MUST_CHECK;

/* Unassigned cases in status received, oldest first. */
kc_status worklist_repo_triage(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                               worklist_item **items, size_t *n, kc_keyset_next *next,
                               kc_problem *pb) KC_MUST_CHECK;

/* The overview document (new reference in *out). */
kc_status worklist_repo_overview(kc_db_conn *conn, const char *tenant_id, json_t **out,
                                 kc_problem *pb) KC_MUST_CHECK;

#endif
