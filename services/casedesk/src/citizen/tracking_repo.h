#ifndef KOERS_CASEDESK_TRACKING_REPO_H
#define KOERS_CASEDESK_TRACKING_REPO_H

#include "koers/db.h"
#include "citizen/tracking_model.h"

/* SQL of the citizen's tracking: the case found by the SHA-256 of its
 * tracking token (across tenants: the token is the only credential), its
 * public timeline, its messages, feedback and reopen requests. Out params
 * are the caller's (the tracking_*_clear functions). */

/* The case whose tracking_hash is the SHA-256 given as 64 hex digits;
 * KC_NOT_FOUND when there is none or it is anonymised. With lock = 1 the
 * case row is locked for the caller's transaction (FOR UPDATE). */
kc_status tracking_repo_find(kc_db_conn *conn, const char *hash_hex, int lock, tracking_case *out,
                             kc_problem *pb) KC_MUST_CHECK;

/* The public timeline entries of the case, oldest first (at most 1000). */
kc_status tracking_repo_timeline(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 tracking_entry **items, size_t *n, kc_problem *pb) KC_MUST_CHECK;

/* The messages (not the notes) of the case, oldest first (at most 1000). */
kc_status tracking_repo_messages(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 tracking_message **items, size_t *n, kc_problem *pb) KC_MUST_CHECK;

/* The feedback of round `round` (out->present = 0 when none). */
kc_status tracking_repo_feedback(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 int round, tracking_feedback *out, kc_problem *pb) KC_MUST_CHECK;

/* The reopen request of round `round` (out->present = 0 when none). */
kc_status tracking_repo_reopen_of_round(kc_db_conn *conn, const char *tenant_id,
                                        const char *case_id, int round, tracking_reopen *out,
                                        kc_problem *pb) KC_MUST_CHECK;

/* Stores a message from the citizen (kind 'message', author 'citizen'). */
kc_status tracking_repo_add_message(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                    const char *text, tracking_message *out,
                                    kc_problem *pb) KC_MUST_CHECK;

/* Stores the feedback of in->round unless that round has one: *inserted =
 * 0 then (and out untouched). comment may be NULL. */
kc_status tracking_repo_add_feedback(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                     const tracking_feedback_new *in, int *inserted,
                                     tracking_feedback *out, kc_problem *pb) KC_MUST_CHECK;

#endif
