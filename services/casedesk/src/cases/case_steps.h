#ifndef KOERS_CASEDESK_CASE_STEPS_H
#define KOERS_CASEDESK_CASE_STEPS_H

#include <jansson.h>
#include "koers/db.h"
#include "cases/case_model.h"
#include "cases/case_repo.h"

/* The steps behind case_ops.h that the case service shares (inside the
 * caller's transaction; the caller commits). Each works on the case as
 * read in cur and writes only when it is still at cur->version: *applied
 * = 0 (out untouched) when it is not. */

/* The data of an event about rec: case_event_data, plus fromStatus when
 * not NULL and the members of extra when not NULL. NULL when out of
 * memory; the caller's to json_decref. */
json_t *case_step_event_data(const case_record *rec, const char *from_status, const json_t *extra);

/* Adds event `type` about rec with case_step_event_data's data. */
kc_status case_step_emit(kc_db_conn *conn, const char *tenant_id, const char *type,
                         const case_record *rec, const char *from_status, const json_t *extra,
                         kc_problem *pb) KC_MUST_CHECK;

/* case_repo_change, plus the public `first_contact` timeline entry when
 * chg->first_contact makes the first contact. */
kc_status case_step_change(kc_db_conn *conn, const char *tenant_id, const case_record *cur,
                           const case_change *chg, int *applied, case_record *out,
                           kc_problem *pb) KC_MUST_CHECK;

/* waiting -> in_progress: deadlines moved by the suspended counted time of
 * the category's unit; events case.status.changed and case.resumed. cur
 * must be waiting. */
kc_status case_step_resume(kc_db_conn *conn, const char *tenant_id, const case_record *cur,
                           const char *actor, int *applied, case_record *out,
                           kc_problem *pb) KC_MUST_CHECK;

/* resolved/closed -> in_progress (KC_CONFLICT otherwise): a new resolution
 * deadline from now; events case.status.changed and case.reopened. reason
 * may be NULL. */
kc_status case_step_reopen(kc_db_conn *conn, const char *tenant_id, const case_record *cur,
                           const char *actor, const char *reason, int *applied, case_record *out,
                           kc_problem *pb) KC_MUST_CHECK;

#endif
