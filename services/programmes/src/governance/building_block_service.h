#ifndef KOERS_PROGRAMMES_BUILDING_BLOCK_SERVICE_H
#define KOERS_PROGRAMMES_BUILDING_BLOCK_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The rules of a building block's write, the resource kit's check of
 * building_block_resource (run in the write's transaction on conn; id NULL
 * on create, body NULL on delete). The route admits group members too, so
 * the check decides who: a lead or coordinator creates, changes and
 * deletes (access_require_lead); a member of the building block's working
 * group may change its status, and nothing else (access_require_member;
 * another member of the body is KC_FORBIDDEN). The data: a building block
 * starts open (KC_INVALID naming status) and moves through the status
 * table (building_block_status.h: KC_CONFLICT with allowedTransitions); it
 * stays with its programme (KC_INVALID naming programmeId); its step is a
 * step of that programme that was not removed, its working group a group
 * of that programme of kind working (KC_INVALID naming stepId,
 * workingGroupId). KC_NOT_FOUND when id is not the tenant's. */
kc_status building_block_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                       const json_t *body, kc_problem *pb) KC_MUST_CHECK;

#endif
