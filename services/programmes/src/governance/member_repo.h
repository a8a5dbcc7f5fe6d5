#ifndef KOERS_PROGRAMMES_MEMBER_REPO_H
#define KOERS_PROGRAMMES_MEMBER_REPO_H

#include <jansson.h>
#include "koers/db.h"

/* The members of group group_id of the tenant in the order they joined
 * (then by person id): *items (the caller's) a JSON array of {personId,
 * name, roleType, role, joinedAt}. */
kc_status member_repo_list(kc_db_conn *conn, const char *tenant_id, const char *group_id,
                           json_t **items, kc_problem *pb) KC_MUST_CHECK;

/* KC_OK when person_id is a person of the tenant; KC_NOT_FOUND ("person
 * <id> not found") otherwise. */
kc_status member_repo_person_exists(kc_db_conn *conn, const char *tenant_id, const char *person_id,
                                    kc_problem *pb) KC_MUST_CHECK;

/* Makes person_id a member of group_id with role, or changes their role:
 * *added 1 when they were not a member, *changed 1 when anything changed
 * (added, or another role); *member (the caller's) the member as
 * member_repo_list shows it. The group and the person must be the
 * tenant's (the caller checked). */
kc_status member_repo_put(kc_db_conn *conn, const char *tenant_id, const char *group_id,
                          const char *person_id, const char *role, int *added, int *changed,
                          json_t **member, kc_problem *pb) KC_MUST_CHECK;

/* Removes person_id from group_id; KC_NOT_FOUND ("person <id> is not a
 * member of group <id>") when they are not one. */
kc_status member_repo_remove(kc_db_conn *conn, const char *tenant_id, const char *group_id,
                             const char *person_id, kc_problem *pb) KC_MUST_CHECK;

/* The groups person_id of the tenant is a member of, by programme, kind
 * and name: *items (the caller's) a JSON array of {groupId, programmeId,
 * kind, name, role}. */
kc_status member_repo_person_groups(kc_db_conn *conn, const char *tenant_id, const char *person_id,
                                    json_t **items, kc_problem *pb) KC_MUST_CHECK;

#endif
