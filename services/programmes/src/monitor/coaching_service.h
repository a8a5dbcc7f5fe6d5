#ifndef KOERS_PROGRAMMES_COACHING_SERVICE_H
#define KOERS_PROGRAMMES_COACHING_SERVICE_H

#include <jansson.h>
#include "koers/auth.h"
#include "koers/db.h"
#include "koers/idempotency.h"

/* The coaching log of relapse prevention (coaching_entry_resource). */

/* At most this many signals of relapse per entry. */
#define COACHING_SIGNALS_MAX 20

/* The kit's check of coaching_entry_resource, in the write's transaction.
 * The caller must run programmes (KC_FORBIDDEN). The entry is about exactly
 * one team or one person (KC_INVALID naming team and personId, also when a
 * PATCH leaves both or neither); followUpOn is not before heldOn
 * (KC_INVALID naming followUpOn); relapseSignalId is a signal of the
 * entry's programme (KC_INVALID naming it). On PATCH the entry is locked
 * (KC_NOT_FOUND when not the tenant's), programmeId may be echoed but not
 * changed and createdBy is not sent (KC_INVALID naming them). */
kc_status coaching_service_check(kc_db_conn *conn, const kc_principal *p, const char *id,
                                 const json_t *body, kc_problem *pb) KC_MUST_CHECK;

/* POST /coaching-entries (kc_create_fn): body as the resource's members
 * without createdBy (KC_INVALID naming it; KC_BAD_REQUEST when not an
 * object), which is the caller's subject. Created once per
 * Idempotency-Key with coaching_entry.created; *answer (the caller's) is
 * the entry. */
kc_status coaching_service_create(kc_db_pool *pool, const kc_principal *p, const kc_idem *idem,
                                  const json_t *body, json_t **answer, int *replayed,
                                  kc_problem *pb) KC_MUST_CHECK;

#endif
