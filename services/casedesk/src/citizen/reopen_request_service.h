#ifndef KOERS_CASEDESK_REOPEN_REQUEST_SERVICE_H
#define KOERS_CASEDESK_REOPEN_REQUEST_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/keyset.h"
#include "citizen/reopen_request_model.h"

/* Reopen requests: a coordinator (or admin) lists them and decides each
 * once: acceptance reopens the case (case_op_reopen), decline keeps it as
 * it is and shows the reason to the citizen. Deciding a request that is no
 * longer pending is KC_CONFLICT; a stale If-Match KC_PRECONDITION_FAILED.
 * Arguments are borrowed; out params are the caller's. if_match is -1
 * when the client sent none. */

/* status: NULL (any) or pending|accepted|declined (checked by the caller). */
kc_status reopen_request_service_list(kc_db_pool *pool, const kc_principal *p, const char *status,
                                      const kc_keyset *page, reopen_request **items, size_t *n,
                                      kc_keyset_next *next, kc_problem *pb) KC_MUST_CHECK;

kc_status reopen_request_service_get(kc_db_pool *pool, const kc_principal *p, const char *id,
                                     reopen_request *out, kc_problem *pb) KC_MUST_CHECK;

/* body {reason? 1..1000}: the case reopens (in_progress, a new resolution
 * deadline, reopen count + 1); the request is accepted; event
 * case.reopen.accepted. KC_CONFLICT when the case was reopened or is no
 * longer resolved/closed since the request was made. */
kc_status reopen_request_service_accept(kc_db_pool *pool, const kc_principal *p, const char *id,
                                        const json_t *body, long long if_match, reopen_request *out,
                                        kc_problem *pb) KC_MUST_CHECK;

/* body {reason 1..2000}: the request is declined with the reason (shown to
 * the citizen); timeline 'reopen_declined' (public); event
 * case.reopen.declined (without the reason). */
kc_status reopen_request_service_decline(kc_db_pool *pool, const kc_principal *p, const char *id,
                                         const json_t *body, long long if_match,
                                         reopen_request *out, kc_problem *pb) KC_MUST_CHECK;

#endif
