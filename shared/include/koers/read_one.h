#ifndef KOERS_READ_ONE_H
#define KOERS_READ_ONE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"

/* A repository read of row id of the tenant or of what is under it (a
 * programme's approach, a delivery, a proposal's decisions): *out a new
 * JSON value, the caller's. */
typedef kc_status (*kc_read_fn)(kc_db_conn *conn, const char *tenant_id, const char *id,
                                json_t **out, kc_problem *pb);

/* The whole of a service's GET of such a read: checks id (KC_BAD_REQUEST
 * naming "id"), then runs read for the caller's tenant on a connection of
 * pool, given back after. *out (the caller's) is what it read, NULL on
 * failure; the status is the check's, the pool's or read's. */
kc_status kc_read_one(kc_db_pool *pool, const kc_principal *p, const char *id, kc_read_fn read,
                      json_t **out, kc_problem *pb) KC_MUST_CHECK;

#endif
