#ifndef KOERS_PROGRAMMES_MEMBER_SERVICE_H
#define KOERS_PROGRAMMES_MEMBER_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The members of a group and a person's groups. Ids are checked (400
 * naming "id" or "personId"); another tenant's group or person is
 * KC_NOT_FOUND. */

/* *out (the caller's): {"items": [{personId, name, roleType, role,
 * joinedAt}]} of group group_id, in the order they joined. */
kc_status member_service_list(kc_db_pool *pool, const kc_principal *p, const char *group_id,
                              json_t **out, kc_problem *pb) KC_MUST_CHECK;

/* Makes person_id a member of group_id with body.role (chair, secretary,
 * member, advisor, facilitator; KC_INVALID naming role), or changes their
 * role. Who: a lead or coordinator; for a working group also a member of
 * that working group ("the working group composes itself"); KC_FORBIDDEN
 * otherwise. A change adds group.members.changed {groupId, programmeId}
 * to the outbox in its transaction. *out (the caller's) is the member;
 * *added 1 when they were not a member before. */
kc_status member_service_put(kc_db_pool *pool, const kc_principal *p, const char *group_id,
                             const char *person_id, const json_t *body, json_t **out, int *added,
                             kc_problem *pb) KC_MUST_CHECK;

/* Removes person_id from group_id (the same callers as member_service_put;
 * KC_NOT_FOUND when they are not a member), with group.members.changed. */
kc_status member_service_remove(kc_db_pool *pool, const kc_principal *p, const char *group_id,
                                const char *person_id, kc_problem *pb) KC_MUST_CHECK;

/* *out (the caller's): {"items": [{groupId, programmeId, kind, name,
 * role}]}, the groups person_id is a member of. */
kc_status member_service_person_groups(kc_db_pool *pool, const kc_principal *p,
                                       const char *person_id, json_t **out,
                                       kc_problem *pb) KC_MUST_CHECK;

#endif
