#ifndef KOERS_PROCESSES_PROCESS_SERVICE_H
#define KOERS_PROCESSES_PROCESS_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The rules of a process's people, the resource kit's check of
 * process_resource (koers/resource.h: run in the write's transaction on
 * conn; id NULL on create, body NULL on delete, which it allows): the owner must manage a team (a
 * team manager), and the manager, when there is one, must be staff of one of the process's teams.
 * KC_OK, or KC_INVALID naming ownerId / managerId. */
kc_status process_service_check_people(kc_db_conn *conn, const kc_principal *p, const char *id,
                                       const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* The data rule of a status move: coordinators and admins move any
 * process of the tenant; a process_owner only the processes they own, a
 * process_manager only those they manage (matched by the staff member's
 * userSub and the caller's JWT sub). 1 if p may move it. */
int process_service_may_move(const kc_principal *p, const char *owner_sub, const char *manager_sub);

/* Moves process id to body.to (optional body.reason) through the
 * transition table, in one transaction with the event
 * process.status.changed {id, from, to, reason}; if_match -1 = any
 * version, else 412 when the process is at another. An illegal move is
 * KC_CONFLICT with "allowedTransitions" in pb's extras; someone else's
 * process KC_FORBIDDEN. *out (the caller's) is the process afterwards, at
 * *version. */
kc_status process_service_move(kc_db_pool *pool, const kc_principal *p, const char *id,
                               const json_t *body, long long if_match, json_t **out,
                               long long *version, kc_problem *pb) KC_MUST_CHECK;

/* What a caller does with one process's analysis (flow, bottlenecks,
 * improvements, KPIs): contribute (raise a bottleneck; core-team members
 * may) or steer (everything else: edit and publish the flow, score and
 * decide, plan improvements, record measurements). */
typedef enum { PROCESS_CONTRIBUTE, PROCESS_STEER } process_right;

/* The data rule of the writes on a process's analysis, run on conn (in
 * the caller's transaction): coordinators and admins act on every process
 * of the tenant; a process_owner on the processes they own, a
 * process_manager on those they manage (both rights), a core_team member
 * on the processes whose core team they are in (PROCESS_CONTRIBUTE only);
 * people are matched by the staff member whose userSub is the caller's JWT
 * sub. KC_OK; KC_NOT_FOUND when the tenant has no process process_id;
 * KC_FORBIDDEN naming who may. */
kc_status process_service_authorise(kc_db_conn *conn, const kc_principal *p, const char *process_id,
                                    process_right right, kc_problem *pb) KC_MUST_CHECK;

#endif
