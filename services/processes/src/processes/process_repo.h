#ifndef KOERS_PROCESSES_PROCESS_REPO_H
#define KOERS_PROCESSES_PROCESS_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* What a process's people rules need of a write: the owner, manager and
 * teams it will have (the body's members over the stored row). */
typedef struct process_people_input {
    const char *id; /* NULL on create */
    int has_owner;
    const char *owner_id;
    int has_manager;
    const char *manager_id; /* NULL: no manager */
    int has_teams;
    const json_t *team_ids; /* array of uuid strings */
} process_people_input;

/* owner_is_team_manager: the owner manages a team; manager_in_teams: there
 * is no manager, or the manager is staff of one of the process's teams. */
typedef struct process_people_check {
    int owner_is_team_manager;
    int manager_in_teams;
} process_people_check;

kc_status process_repo_people(kc_db_conn *conn, const char *tenant_id,
                              const process_people_input *in, process_people_check *out,
                              kc_problem *pb) KC_MUST_CHECK;

/* A process as a status move needs it, locked (FOR UPDATE) in the caller's
 * transaction: its status, version, and the userSub of its owner and
 * manager ("" when none). KC_NOT_FOUND when the tenant has no such process. */
typedef struct process_lock {
    char status[32];
    int version;
    char owner_sub[129];
    char manager_sub[129];
} process_lock;

kc_status process_repo_lock(kc_db_conn *conn, const char *tenant_id, const char *id,
                            process_lock *out, kc_problem *pb) KC_MUST_CHECK;

/* Sets the status (and archived_at when it is "archived", cleared
 * otherwise), bumps the version; *version is the new one. */
kc_status process_repo_set_status(kc_db_conn *conn, const char *tenant_id, const char *id,
                                  const char *status, int *version, kc_problem *pb) KC_MUST_CHECK;

/* How the staff member signed in as subject (the JWT sub = staff.userSub)
 * stands to process id: its owner, its manager, in its core team. All 0
 * when no staff member has that userSub. KC_NOT_FOUND when the tenant has
 * no such process. */
typedef struct process_relation {
    int is_owner;
    int is_manager;
    int in_core_team;
} process_relation;

kc_status process_repo_relation(kc_db_conn *conn, const char *tenant_id, const char *id,
                                const char *subject, process_relation *out,
                                kc_problem *pb) KC_MUST_CHECK;

#endif
