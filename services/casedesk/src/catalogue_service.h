#ifndef KOERS_CASEDESK_CATALOGUE_SERVICE_H
#define KOERS_CASEDESK_CATALOGUE_SERVICE_H

/* The first steps every catalogue service call (categories, liaison
 * officers, routing rules) takes before it asks its repo. */

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/validate.h"

/* Reads are for coordinators, liaison officers and keys with cases:read;
 * writes for coordinators (and admin, always). */
typedef enum { CATALOGUE_READ, CATALOGUE_MANAGE } catalogue_access;

/* Checks, in this order, that p has access, that id (unless NULL) is a
 * UUID, and that body (unless NULL) matches the nfields fields; then takes
 * a connection from pool into *conn. The caller gives *conn back with
 * kc_db_release whatever this returns (it is NULL on failure). */
kc_status catalogue_service_open(kc_db_pool *pool, const kc_principal *p, catalogue_access access,
                                 const char *id, const json_t *body, const kc_field *fields,
                                 size_t nfields, kc_db_conn **conn, kc_problem *pb) KC_MUST_CHECK;

/* The number of fields of a static kc_field array. */
#define CATALOGUE_NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

#endif
