#ifndef KOERS_SURVEYS_BRAINSTORM_REPO_H
#define KOERS_SURVEYS_BRAINSTORM_REPO_H

#include "koers/db.h"
#include "brainstorm/brainstorm_model.h"
#include "surveys.h"

/* SQL for brainstorm sessions and their items, scoped to tenant_id (a row
 * of another tenant is KC_NOT_FOUND). Out params are the caller's
 * (brainstorm_session_clear / brainstorm_item_clear). */
kc_status brainstorm_repo_insert(kc_db_conn *conn, const char *tenant_id, const char *title,
                                 const char *held_on, const char *group_name,
                                 const char *facilitator, brainstorm_session *out,
                                 kc_problem *pb) KC_MUST_CHECK;
/* The session with its items (most votes first). */
kc_status brainstorm_repo_get(kc_db_conn *conn, const char *tenant_id, const char *id,
                              brainstorm_session *out, kc_problem *pb) KC_MUST_CHECK;
/* One page in creation order, without items; *items: clear each, free(). */
kc_status brainstorm_repo_list(kc_db_conn *conn, const char *tenant_id, const kc_keyset *page,
                               brainstorm_session **items, size_t *n, kc_keyset_next *next,
                               kc_problem *pb) KC_MUST_CHECK;
/* tags_json: a JSON array text. KC_NOT_FOUND if the session is absent. */
kc_status brainstorm_repo_add_item(kc_db_conn *conn, const char *tenant_id, const char *session_id,
                                   const char *kind, const char *text, const char *tags_json,
                                   brainstorm_item *out, kc_problem *pb) KC_MUST_CHECK;
kc_status brainstorm_repo_vote(kc_db_conn *conn, const char *tenant_id, const char *session_id,
                               const char *item_id, brainstorm_item *out,
                               kc_problem *pb) KC_MUST_CHECK;
/* Locks the item (caller's transaction) and reads it. */
kc_status brainstorm_repo_lock_item(kc_db_conn *conn, const char *tenant_id, const char *session_id,
                                    const char *item_id, brainstorm_item *out,
                                    kc_problem *pb) KC_MUST_CHECK;
kc_status brainstorm_repo_set_core_value(kc_db_conn *conn, const char *tenant_id,
                                         const char *item_id, const char *core_value_id,
                                         brainstorm_item *out, kc_problem *pb) KC_MUST_CHECK;

#endif
