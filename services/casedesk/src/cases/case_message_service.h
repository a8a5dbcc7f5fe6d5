#ifndef KOERS_CASEDESK_CASE_MESSAGE_SERVICE_H
#define KOERS_CASEDESK_CASE_MESSAGE_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "cases/case_model.h"

/* A case's internal notes and its messages to and from the citizen
 * (staff: coordinator, liaison_officer; admin). Arguments are borrowed; out
 * params are the caller's (case_message_clear / case_message_array_free). */

/* kind "note": internal, timeline `note` (not public). kind "message": to
 * the citizen, timeline `message` (public), the first contact when none was
 * made, event case.message.sent (without the text); a closed or anonymised
 * case is KC_CONFLICT. body {text 1..5000, not blank}. */
kc_status case_message_service_add(kc_db_pool *pool, const kc_principal *p, const char *case_id,
                                   const char *kind, const json_t *body, case_message *out,
                                   kc_problem *pb) KC_MUST_CHECK;

/* The notes or messages (kind) of a case, oldest first, after id after_id
 * (0 = start). An unknown case is KC_NOT_FOUND. */
kc_status case_message_service_list(kc_db_pool *pool, const kc_principal *p, const char *case_id,
                                    const char *kind, long long after_id, int limit,
                                    case_message **items, size_t *n, int *has_more,
                                    kc_problem *pb) KC_MUST_CHECK;

#endif
