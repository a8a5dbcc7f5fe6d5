#ifndef KOERS_CASEDESK_TRACKING_SERVICE_H
#define KOERS_CASEDESK_TRACKING_SERVICE_H

#include <jansson.h>
#include "koers/db.h"
#include "citizen/tracking_model.h"

/* The citizen's side of a case, reached with the tracking token alone (no
 * credential; the token is looked up by its SHA-256). An unknown or
 * malformed token, and an anonymised case, are the same KC_NOT_FOUND.
 * Arguments are borrowed; out params are the caller's. */

/* The tracking view (tracking_view_clear). */
kc_status tracking_service_view(kc_db_pool *pool, const char *token, tracking_view *out,
                                kc_problem *pb) KC_MUST_CHECK;

/* A message from the citizen, body {text 1..5000}: stored, timeline
 * 'message' (public), event case.message.received (without the text); a
 * waiting case resumes (*resumed = 1). A closed case is KC_CONFLICT. */
kc_status tracking_service_message(kc_db_pool *pool, const char *token, const json_t *body,
                                   tracking_message *out, int *resumed,
                                   kc_problem *pb) KC_MUST_CHECK;

/* The citizen's feedback, body {satisfaction 1..5, equalParty, comment?
 * ≤2000}: once per round, only when the case is resolved or closed
 * (KC_CONFLICT otherwise). Timeline 'feedback' (public), event
 * case.feedback.received. Unhappy feedback (the tenant's settings) makes a
 * pending reopen request (*reopen_requested = 1): timeline
 * 'reopen_requested', event case.reopen.requested. */
kc_status tracking_service_feedback(kc_db_pool *pool, const char *token, const json_t *body,
                                    tracking_feedback *out, int *reopen_requested,
                                    kc_problem *pb) KC_MUST_CHECK;

/* Whether feedback asks for a reopen: satisfaction ≤ satisfaction_max, or
 * not treated as an equal party when on_not_equal is set (pure). */
int tracking_feedback_is_unhappy(int satisfaction, int equal_party, int satisfaction_max,
                                 int on_not_equal);

/* Whether token has the form of a tracking token (base64url, 16..128
 * characters); on success hash_hex gets its SHA-256 (pure). */
int tracking_token_hash(const char *token, char hash_hex[65]);

#endif
