#ifndef KOERS_PROGRAMMES_DECISION_REPO_H
#define KOERS_PROGRAMMES_DECISION_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The SQL of decisions on proposals and of the actions approvals make.
 * Every function runs on the caller's connection, in its transaction, and
 * filters on the tenant. */

/* The id of the programme's project group into out ("" when it has none). */
kc_status decision_repo_project_group(kc_db_conn *conn, const char *tenant_id,
                                      const char *programme_id, char out[37],
                                      kc_problem *pb) KC_MUST_CHECK;

/* The ids of present_ids (a JSON array of uuids) that are not members of
 * group_id, in the order given, as a new JSON array in *outside (the
 * caller's). */
kc_status decision_repo_outsiders(kc_db_conn *conn, const char *tenant_id, const char *group_id,
                                  const json_t *present_ids, json_t **outside,
                                  kc_problem *pb) KC_MUST_CHECK;

/* *exists = 1 when person_id is a person of the tenant. */
kc_status decision_repo_person_exists(kc_db_conn *conn, const char *tenant_id,
                                      const char *person_id, int *exists,
                                      kc_problem *pb) KC_MUST_CHECK;

/* A decision to record: outcome, reason ("" none), the deciding group
 * (NULL: none), who was there and the proposals a split or merge made
 * (JSON arrays of uuids; NULL: none), who decided (the caller's subject). */
typedef struct decision_new {
    const char *proposal_id;
    const char *outcome;
    const char *reason;
    const char *group_id;
    const json_t *present_ids;
    const json_t *result_ids;
    const char *decided_by;
} decision_new;

/* Records d; its id into id. */
kc_status decision_repo_insert(kc_db_conn *conn, const char *tenant_id, const decision_new *d,
                               char id[37], kc_problem *pb) KC_MUST_CHECK;

/* The action an approval makes (planned): of programme_id, proposal_id
 * and decision_id, with title, owner_id and due_on (NULL: none); its id
 * into id. */
typedef struct action_new {
    const char *programme_id;
    const char *proposal_id;
    const char *decision_id;
    const char *title;
    const char *owner_id;
    const char *due_on;
} action_new;

kc_status decision_repo_insert_action(kc_db_conn *conn, const char *tenant_id, const action_new *a,
                                      char id[37], kc_problem *pb) KC_MUST_CHECK;

/* Decision id as the API shows it (decision_wire of sql/005), a new
 * object in *out. KC_NOT_FOUND when the tenant has no such decision. */
kc_status decision_repo_wire(kc_db_conn *conn, const char *tenant_id, const char *id, json_t **out,
                             kc_problem *pb) KC_MUST_CHECK;

/* The decisions of proposal id in the order they were taken, a new JSON
 * array in *items. KC_NOT_FOUND when the tenant has no such proposal. */
kc_status decision_repo_list(kc_db_conn *conn, const char *tenant_id, const char *proposal_id,
                             json_t **items, kc_problem *pb) KC_MUST_CHECK;

#endif
