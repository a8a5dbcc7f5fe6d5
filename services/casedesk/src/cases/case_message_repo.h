#ifndef KOERS_CASEDESK_CASE_MESSAGE_REPO_H
#define KOERS_CASEDESK_CASE_MESSAGE_REPO_H

#include "koers/db.h"
#include "cases/case_model.h"

/* SQL for a case's notes and messages (case_messages), scoped to
 * tenant_id. */

/* Adds a note or message with its timeline entry (action = kind; public
 * for a message; detail {messageId[, direction]}). With first_contact, a
 * case whose first contact is not yet made gets it now (version bumped,
 * timeline `first_contact`, public): *made_first_contact says whether.
 * out gets the stored row. */
kc_status case_message_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                   const char *kind, const char *author, const char *body,
                                   int first_contact, case_message *out, int *made_first_contact,
                                   kc_problem *pb) KC_MUST_CHECK;

/* The notes or messages (kind) of a case oldest first after id after_id
 * (0 = from the start), at most limit; *has_more when there are more. */
kc_status case_message_repo_list(kc_db_conn *conn, const char *tenant_id, const char *case_id,
                                 const char *kind, long long after_id, int limit,
                                 case_message **items, size_t *n, int *has_more,
                                 kc_problem *pb) KC_MUST_CHECK;

#endif
