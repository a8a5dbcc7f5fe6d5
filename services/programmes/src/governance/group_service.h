#ifndef KOERS_PROGRAMMES_GROUP_SERVICE_H
#define KOERS_PROGRAMMES_GROUP_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* The rules of a group's write, the resource kit's check of
 * group_resource (run in the write's transaction on conn; id NULL on
 * create, body NULL on delete; the route admits only leads and
 * coordinators). A programme has one steering and one project group at
 * most: a second is KC_CONFLICT naming kind. A group stays with its
 * programme and keeps its kind: a PATCH naming another programmeId or kind
 * is KC_INVALID naming it. A group is deleted only while nothing refers to
 * it (members, building blocks, proposals, decisions, checkpoints):
 * KC_CONFLICT saying what does. KC_NOT_FOUND when id is not the tenant's. */
kc_status group_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                              const json_t *body, kc_problem *pb) KC_MUST_CHECK;

#endif
