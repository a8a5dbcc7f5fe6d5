#ifndef KOERS_CASEDESK_REOPEN_REQUEST_REPO_H
#define KOERS_CASEDESK_REOPEN_REQUEST_REPO_H

#include "koers/db.h"
#include "koers/keyset.h"
#include "citizen/reopen_request_model.h"

/* SQL of reopen requests, scoped to tenant_id (another tenant's request is
 * KC_NOT_FOUND). Out params are the caller's (reopen_request_clear,
 * reopen_request_array_free). */

/* A new pending request for the case's round; its id in id_out. A request
 * of that round already there is KC_CONFLICT. */
kc_status reopen_request_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                     int round, char id_out[37], kc_problem *pb) KC_MUST_CHECK;

/* One request with its case's reference and state and the feedback of its
 * round. lock = 1 locks the request and the case for the caller's
 * transaction. */
kc_status reopen_request_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id, int lock,
                                  reopen_request *out, kc_problem *pb) KC_MUST_CHECK;

/* A page of requests, oldest first; status NULL = any. */
kc_status reopen_request_repo_list(kc_db_conn *conn, const char *tenant_id, const char *status,
                                   const kc_keyset *page, reopen_request **items, size_t *n,
                                   kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

/* Decides a pending request at version expected_version: status
 * "accepted" or "declined", decline_reason (NULL for accepted), who.
 * *applied = 0 when it was no longer pending at that version. */
kc_status reopen_request_repo_decide(kc_db_conn *conn, const char *tenant_id, const char *id,
                                     int expected_version, const char *status,
                                     const char *decline_reason, const char *decided_by,
                                     int *applied, kc_problem *pb) KC_MUST_CHECK;

#endif
